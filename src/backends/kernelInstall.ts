/**
 * Installing and removing gold-nas's kernels in tfjs's global kernel registry, for one backend:
 * each config is marked as gold-nas's and remembers the stock kernel it replaced, so that a second
 * install is a no-op and removal puts the stock kernel back.
 *
 * @module
 * @internal
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';

const MARK = Symbol.for('gold-nas.wasmTrainingKernel');
const REPLACED = Symbol.for('gold-nas.replacedKernel');

interface MarkedConfig extends KernelConfig {
  readonly [MARK]: true;
  readonly [REPLACED]?: KernelConfig;
}

function isOurs(k: KernelConfig | undefined): k is MarkedConfig {
  return k !== undefined && (k as Partial<MarkedConfig>)[MARK] === true;
}

/** A kernel gold-nas may install. */
export interface KernelCandidate<N extends string> {
  readonly name: N;
  /** Replaces a stock kernel (true) or fills a gap (false: a stock kernel, if there is one, wins). */
  readonly replaces: boolean;
  readonly enabled: boolean;
  /** Builds the kernel; a replacement receives the stock kernel it may fall back to. */
  readonly make: (stock: KernelFunc | undefined) => KernelFunc | undefined;
}

/** What registering a set of gold-nas kernels did (`registerWasmTrainingKernels`, `registerCpuTrainingKernels`). */
export interface KernelRegistration<N extends string> {
  /** Kernels this call registered. */
  readonly registered: readonly N[];
  /** gold-nas kernels that were already registered (by an earlier call) and were left alone. */
  readonly alreadyRegistered: readonly N[];
  /** Kernels left as they were, and why. */
  readonly skipped: readonly { readonly kernelName: N; readonly reason: string }[];
}

/**
 * Registers the enabled candidates for `backendName`.
 *
 * @param tf - the tfjs namespace.
 * @param backendName - the backend.
 * @param candidates - the kernels.
 * @param noStock - the reason given when a replacement has no stock kernel to fall back to.
 * @returns what was registered, already there, or skipped.
 */
export function installKernels<N extends string>(tf: TF, backendName: string, candidates: readonly KernelCandidate<N>[], noStock: string): KernelRegistration<N> {
  const registered: N[] = [];
  const alreadyRegistered: N[] = [];
  const skipped: { kernelName: N; reason: string }[] = [];
  for (const c of candidates) {
    const existing = tf.getKernel(c.name, backendName) as KernelConfig | undefined;
    if (isOurs(existing)) { alreadyRegistered.push(c.name); continue; }
    if (!c.enabled) { skipped.push({ kernelName: c.name, reason: 'turned off by an option' }); continue; }
    if (existing !== undefined && !c.replaces) {
      skipped.push({ kernelName: c.name, reason: `tfjs-${backendName} already provides it` });
      continue;
    }
    const kernelFunc = c.make(existing?.kernelFunc);
    if (kernelFunc === undefined) {
      skipped.push({ kernelName: c.name, reason: noStock });
      continue;
    }
    if (existing !== undefined) tf.unregisterKernel(c.name, backendName);
    // A replacement keeps the stock kernel's setup: it may fall back to that kernel, whose setup
    // (e.g. its wasm function lookup) runs when the backend initialises.
    const config: MarkedConfig = {
      kernelName: c.name, backendName, kernelFunc, [MARK]: true,
      ...(existing?.setupFunc !== undefined ? { setupFunc: existing.setupFunc } : {}),
      ...(existing?.disposeFunc !== undefined ? { disposeFunc: existing.disposeFunc } : {}),
      ...(existing !== undefined ? { [REPLACED]: existing } : {}),
    };
    tf.registerKernel(config);
    registered.push(c.name);
  }
  return { registered, alreadyRegistered, skipped };
}

/**
 * Removes the gold-nas kernels among `names` from `backendName` and puts back the stock kernels they replaced.
 *
 * @param tf - the tfjs namespace.
 * @param backendName - the backend.
 * @param names - the kernels to look at.
 * @returns the kernels removed.
 */
export function removeKernels<N extends string>(tf: TF, backendName: string, names: readonly N[]): N[] {
  const removed: N[] = [];
  for (const name of names) {
    const k = tf.getKernel(name, backendName) as KernelConfig | undefined;
    if (!isOurs(k)) continue;
    tf.unregisterKernel(name, backendName);
    const stock = k[REPLACED];
    if (stock !== undefined) {
      tf.registerKernel(stock);
      // A stock kernel's setup runs when the backend initialises; it may not have run if
      // gold-nas's kernel was registered first.
      const backend = tf.findBackend(backendName);
      if (backend !== null && backend !== undefined) stock.setupFunc?.(backend);
    }
    removed.push(name);
  }
  return removed;
}
