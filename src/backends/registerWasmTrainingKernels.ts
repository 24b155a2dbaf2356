/**
 * Registers the kernels tfjs-wasm needs to train convolutional networks. An explicit call: nothing
 * registers on import.
 *
 * @module
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilterWasm.js';
import { conv2dBackpropInputWasm } from './conv2dBackpropInputWasm.js';
import { depthwiseBackpropFilterWasm } from './depthwiseBackpropFilterWasm.js';
import { depthwiseBackpropInputWasm } from './depthwiseBackpropInputWasm.js';
import { zeroCopyIdentityWasm } from './zeroCopyIdentityWasm.js';
import { maxPoolGradWasm } from './maxPoolGradWasm.js';
import { sliceWasm, splitVWasm } from './sliceWasm.js';

/** The kernels gold-nas can register for the `wasm` backend. */
export type WasmTrainingKernelName =
  | 'Conv2DBackpropFilter'
  | 'DepthwiseConv2dNativeBackpropFilter'
  | 'DepthwiseConv2dNativeBackpropInput'
  | 'Conv2DBackpropInput'
  | 'Identity'
  | 'MaxPoolGrad'
  | 'Slice'
  | 'SplitV';

/** Which optional replacements {@link registerWasmTrainingKernels} installs. */
export interface WasmTrainingKernelOptions {
  /**
   * Replace tfjs-wasm's `Identity`, which copies, by a zero-copy one. tfjs clones every tensor it
   * saves for the backward pass through `Identity`, so this halves the activation memory of
   * training. Default `true`.
   */
  readonly zeroCopyIdentity?: boolean;
  /**
   * Replace tfjs-wasm's scalar-loop `Conv2DBackpropInput` by one XNNPACK convolution.
   * Default `true`.
   */
  readonly fastConv2DBackpropInput?: boolean;
  /**
   * Replace tfjs-wasm's `MaxPoolGrad`, which routes the gradient of any pooling window whose
   * values are all ≤ 0 to the wrong pixel (its running maximum starts at `FLT_MIN`), by a correct
   * one with cpu's tie-breaking. Default `true`.
   */
  readonly fixMaxPoolGrad?: boolean;
  /**
   * Replace tfjs-wasm's `Slice` and `SplitV`, which copy the whole input out of the wasm heap
   * for every slice, by heap-to-heap block copies. Default `true`.
   */
  readonly fastSlice?: boolean;
}

/** What {@link registerWasmTrainingKernels} did. */
export interface WasmKernelRegistration {
  /** Kernels this call registered. */
  readonly registered: readonly WasmTrainingKernelName[];
  /** gold-nas kernels that were already registered (by an earlier call) and were left alone. */
  readonly alreadyRegistered: readonly WasmTrainingKernelName[];
  /** Kernels left as they were, and why. */
  readonly skipped: readonly { readonly kernelName: WasmTrainingKernelName; readonly reason: string }[];
}

const MARK = Symbol.for('gold-nas.wasmTrainingKernel');
const REPLACED = Symbol.for('gold-nas.replacedKernel');

interface MarkedConfig extends KernelConfig {
  readonly [MARK]: true;
  readonly [REPLACED]?: KernelConfig;
}

function isOurs(k: KernelConfig | undefined): k is MarkedConfig {
  return k !== undefined && (k as Partial<MarkedConfig>)[MARK] === true;
}

interface Candidate {
  readonly name: WasmTrainingKernelName;
  /** Replaces a stock kernel (true) or fills a gap (false). */
  readonly replaces: boolean;
  readonly enabled: boolean;
  /** Builds the kernel; a replacement receives the stock kernel it may fall back to. */
  readonly make: (stock: KernelFunc | undefined) => KernelFunc | undefined;
}

/**
 * Registers, for the tfjs `wasm` backend, the gradient kernels it lacks
 * (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`), built from its fast XNNPACK convolutions and matMul, and,
 * unless turned off, a zero-copy `Identity`, an XNNPACK `Conv2DBackpropInput`, a corrected
 * `MaxPoolGrad`, and heap-to-heap `Slice` and `SplitV`.
 *
 * Idempotent: kernels an earlier call registered are left alone. A gap kernel that tfjs-wasm itself
 * provides (a newer tfjs) is not replaced. Registration is global to the `tf` namespace's kernel
 * registry; it works before or after `tf.setBackend('wasm')`. Undo it with
 * {@link unregisterWasmTrainingKernels}. The kernels support NHWC only, any stride, dilation,
 * `'same'`/`'valid'`/explicit padding, and any depthwise channel multiplier.
 *
 * @param tf - the tfjs namespace (with `@tensorflow/tfjs-backend-wasm` imported).
 * @param options - which optional replacements to install.
 * @returns what was registered, what was already there, and what was skipped.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from 'gold-nas';
 * const done = registerWasmTrainingKernels(tf);
 * await tf.setBackend('wasm');
 * console.log(done.registered); // ['Conv2DBackpropFilter', ...]
 * ```
 */
export function registerWasmTrainingKernels(tf: TF, options: WasmTrainingKernelOptions = {}): WasmKernelRegistration {
  const candidates: readonly Candidate[] = [
    { name: 'Conv2DBackpropFilter', replaces: false, enabled: true, make: () => conv2dBackpropFilterWasm(tf) },
    { name: 'DepthwiseConv2dNativeBackpropFilter', replaces: false, enabled: true, make: () => depthwiseBackpropFilterWasm(tf) },
    { name: 'DepthwiseConv2dNativeBackpropInput', replaces: false, enabled: true, make: () => depthwiseBackpropInputWasm(tf) },
    { name: 'Conv2DBackpropInput', replaces: true, enabled: options.fastConv2DBackpropInput ?? true, make: () => conv2dBackpropInputWasm(tf) },
    { name: 'Identity', replaces: true, enabled: options.zeroCopyIdentity ?? true, make: () => zeroCopyIdentityWasm() },
    { name: 'MaxPoolGrad', replaces: true, enabled: options.fixMaxPoolGrad ?? true, make: () => maxPoolGradWasm(tf) },
    { name: 'Slice', replaces: true, enabled: options.fastSlice ?? true, make: (stock) => sliceWasm(tf, stock) },
    { name: 'SplitV', replaces: true, enabled: options.fastSlice ?? true, make: (stock) => splitVWasm(tf, stock) },
  ];
  const registered: WasmTrainingKernelName[] = [];
  const alreadyRegistered: WasmTrainingKernelName[] = [];
  const skipped: { kernelName: WasmTrainingKernelName; reason: string }[] = [];
  for (const c of candidates) {
    const existing = tf.getKernel(c.name, 'wasm') as KernelConfig | undefined;
    if (isOurs(existing)) { alreadyRegistered.push(c.name); continue; }
    if (!c.enabled) { skipped.push({ kernelName: c.name, reason: 'turned off by an option' }); continue; }
    if (existing !== undefined && !c.replaces) {
      skipped.push({ kernelName: c.name, reason: 'tfjs-wasm already provides it' });
      continue;
    }
    const kernelFunc = c.make(existing?.kernelFunc);
    if (kernelFunc === undefined) {
      skipped.push({ kernelName: c.name, reason: 'tfjs-wasm has no stock kernel to fall back to; import @tensorflow/tfjs-backend-wasm first' });
      continue;
    }
    if (existing !== undefined) tf.unregisterKernel(c.name, 'wasm');
    // A replacement keeps the stock kernel's setup: it may fall back to that kernel, whose setup
    // (its wasm function lookup) runs when the backend initialises.
    const config: MarkedConfig = {
      kernelName: c.name, backendName: 'wasm', kernelFunc, [MARK]: true,
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
 * Removes the kernels {@link registerWasmTrainingKernels} registered, and puts back the stock
 * kernels they replaced.
 *
 * @param tf - the tfjs namespace.
 * @returns the kernels removed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from 'gold-nas';
 * registerWasmTrainingKernels(tf);
 * unregisterWasmTrainingKernels(tf); // ['Conv2DBackpropFilter', ...]
 * ```
 */
export function unregisterWasmTrainingKernels(tf: TF): WasmTrainingKernelName[] {
  const names: readonly WasmTrainingKernelName[] = [
    'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Conv2DBackpropInput', 'Identity',
    'MaxPoolGrad', 'Slice', 'SplitV',
  ];
  const removed: WasmTrainingKernelName[] = [];
  for (const name of names) {
    const k = tf.getKernel(name, 'wasm') as KernelConfig | undefined;
    if (!isOurs(k)) continue;
    tf.unregisterKernel(name, 'wasm');
    const stock = k[REPLACED];
    if (stock !== undefined) {
      tf.registerKernel(stock);
      // A stock kernel's setup (its wasm function lookup) runs when the backend initialises; it
      // may not have run if gold-nas's kernel was registered first.
      const backend = tf.findBackend('wasm');
      if (backend !== null && backend !== undefined) stock.setupFunc?.(backend);
    }
    removed.push(name);
  }
  return removed;
}
