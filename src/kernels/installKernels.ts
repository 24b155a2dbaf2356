/**
 * The one installer of gold-nas's kernel tables: it registers a table's rows in tfjs's global
 * kernel registry and can put the stock kernels back exactly. Each kernel it registers is marked
 * as gold-nas's and keeps the stock kernel config it replaced, so that a second install is a no-op,
 * and removal re-registers the very config object tfjs had (same `kernelFunc`, same setup).
 *
 * @module
 */
import type { KernelConfig } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { KernelSelection, KernelTable } from './kernelTable.js';
import type { KernelPool } from './support/kernelPool.js';

const MARK = Symbol.for('gold-nas.kernel');
const REPLACED = Symbol.for('gold-nas.replacedKernel');

interface MarkedConfig extends KernelConfig {
  readonly [MARK]: true;
  readonly [REPLACED]?: KernelConfig;
}

function isOurs(k: KernelConfig | undefined): k is MarkedConfig {
  return k !== undefined && (k as Partial<MarkedConfig>)[MARK] === true;
}

/**
 * Options of {@link installKernels}: the table's switches `K` (each on by default) and which rows to install.
 *
 * @since 0.2.0
 */
export type InstallKernelsOptions<K extends string = string> = { readonly [P in K]?: boolean } & {
  /** Which rows to install: `'all'` (default), `'gaps'` (nothing that replaces a stock kernel) or `'none'`. */
  readonly select?: KernelSelection;
  /**
   * Threads for the kernels' SIMD loops to share (in Node, `startKernelPool` on tfjs-wasm's threaded
   * build; `readyThreadedWasm` passes one). Without it they run on the calling thread.
   */
  readonly pool?: KernelPool;
};

/**
 * What a table's kernels are in the registry after `installKernels` (`gold-nas/kernels`), and what that call
 * changed. `replaced` and `filled` describe the registry (whoever installed the kernels);
 * `registered` is what this call added, and `restore()` undoes exactly that.
 *
 * @since 0.2.0
 */
export interface KernelInstallation<N extends string = string> {
  /** The backend the kernels are registered for. */
  readonly backendName: string;
  /** Stock kernels that gold-nas's kernels now replace, for every user of this `tf` namespace. */
  readonly replaced: readonly N[];
  /** Kernels gold-nas's now provide where the backend has none (tfjs's missing gradients, gold-nas's fused kernels). */
  readonly filled: readonly N[];
  /** The kernels this call registered (the others in `replaced` and `filled` were there already). */
  readonly registered: readonly N[];
  /** gold-nas kernels that an earlier call had registered; this call left them alone. */
  readonly alreadyRegistered: readonly N[];
  /** Rows this call did not install, and why. */
  readonly skipped: readonly { readonly kernelName: N; readonly reason: string }[];
  /**
   * Undoes this call: unregisters the kernels it registered and re-registers the stock kernel
   * configs they replaced. Kernels that something else has since replaced are left alone.
   * Idempotent.
   *
   * @returns the kernels restored.
   */
  restore(): N[];
}

/** Why a row was not installed, or undefined to install it. */
function skipReason<K extends string>(existing: KernelConfig | undefined, replacesStock: boolean, option: K | undefined,
  options: InstallKernelsOptions<K>, backendName: string): string | undefined {
  const select = options.select ?? 'all';
  if (select === 'none') return "nothing selected (select: 'none')";
  if (replacesStock && select === 'gaps') return "it replaces a stock kernel and only gaps were selected (select: 'gaps')";
  if (option !== undefined && options[option] === false) return `turned off by the option '${option}'`;
  if (existing !== undefined && !replacesStock) return `tfjs-${backendName} already provides it`;
  return undefined;
}

/** Removes `ours` and re-registers the stock config it replaced, if any. */
function uninstall(tf: TF, ours: MarkedConfig): void {
  tf.unregisterKernel(ours.kernelName, ours.backendName);
  const stock = ours[REPLACED];
  if (stock === undefined) return;
  tf.registerKernel(stock);
  // A stock kernel's setup runs when the backend initialises; it may not have run if gold-nas's
  // kernel was registered first.
  const backend = tf.findBackend(ours.backendName);
  if (backend !== null && backend !== undefined) stock.setupFunc?.(backend);
}

/**
 * Installs a kernel table's rows in tfjs's global kernel registry, for the table's backend. A row
 * that replaces a stock kernel swaps it for every user of the `tf` namespace until
 * `restore()` (or {@link uninstallKernels}); a gap-filling row is installed only where the backend
 * has no kernel of that name. Idempotent: rows an earlier call installed are reported, not
 * installed twice. Works before or after the backend is initialised.
 *
 * @param tf - the tfjs namespace whose registry to change.
 * @param table - the kernels, for example `CPU_KERNEL_TABLE` or `WASM_KERNEL_TABLE`.
 * @param options - the table's switches (each on by default) and `select`.
 * @returns what the table's kernels are now, what this call registered and skipped, and `restore()`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { CPU_KERNEL_TABLE, installKernels } from 'gold-nas/kernels';
 * const installed = installKernels(tf, CPU_KERNEL_TABLE, { select: 'gaps' });
 * console.log(installed.replaced, installed.filled); // [] ['GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasSgd']
 * installed.restore();
 * ```
 * @since 0.2.0
 */
export function installKernels<K extends string, N extends string>(tf: TF, table: KernelTable<K, N>,
  options: InstallKernelsOptions<NoInfer<K>> = {}): KernelInstallation<N> {
  const { backendName } = table;
  const replaced: N[] = [];
  const filled: N[] = [];
  const registered: N[] = [];
  const alreadyRegistered: N[] = [];
  const skipped: { kernelName: N; reason: string }[] = [];
  const mine: MarkedConfig[] = [];
  for (const row of table.rows) {
    const name = row.kernelName;
    const existing = tf.getKernel(name, backendName) as KernelConfig | undefined;
    if (isOurs(existing)) {
      alreadyRegistered.push(name);
      (existing[REPLACED] !== undefined ? replaced : filled).push(name);
      continue;
    }
    const reason = skipReason(existing, row.replacesStock, row.option, options, backendName);
    if (reason !== undefined) { skipped.push({ kernelName: name, reason }); continue; }
    const kernelFunc = row.make(tf, existing?.kernelFunc, options.pool !== undefined ? { pool: options.pool } : {});
    if (kernelFunc === undefined) { skipped.push({ kernelName: name, reason: table.missingStock }); continue; }
    if (existing !== undefined) tf.unregisterKernel(name, backendName);
    // A replacement keeps the stock kernel's setup: it may fall back to that kernel, whose setup
    // (e.g. its wasm function lookup) runs when the backend initialises.
    const config: MarkedConfig = {
      kernelName: name, backendName, kernelFunc, [MARK]: true,
      ...(existing?.setupFunc !== undefined ? { setupFunc: existing.setupFunc } : {}),
      ...(existing?.disposeFunc !== undefined ? { disposeFunc: existing.disposeFunc } : {}),
      ...(existing !== undefined ? { [REPLACED]: existing } : {}),
    };
    tf.registerKernel(config);
    mine.push(config);
    registered.push(name);
    (existing !== undefined ? replaced : filled).push(name);
  }
  const restore = (): N[] => {
    const restored: N[] = [];
    for (const config of mine.splice(0)) {
      if (tf.getKernel(config.kernelName, backendName) !== config) continue;
      uninstall(tf, config);
      restored.push(config.kernelName as N);
    }
    return restored;
  };
  return { backendName, replaced, filled, registered, alreadyRegistered, skipped, restore };
}

/**
 * Removes every gold-nas kernel of a table from tfjs's registry, whoever installed it, and
 * re-registers the stock kernel configs they replaced (the same objects, so
 * `tf.getKernel(name, backend).kernelFunc` is tfjs's own again).
 *
 * @param tf - the tfjs namespace.
 * @param table - the kernels to look for.
 * @returns the kernels removed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { CPU_KERNEL_TABLE, installKernels, uninstallKernels } from 'gold-nas/kernels';
 * installKernels(tf, CPU_KERNEL_TABLE);
 * uninstallKernels(tf, CPU_KERNEL_TABLE); // ['Conv2DBackpropFilter', ...]
 * ```
 * @since 0.2.0
 */
export function uninstallKernels<N extends string>(tf: TF, table: KernelTable<string, N>): N[] {
  const removed: N[] = [];
  for (const row of table.rows) {
    const k = tf.getKernel(row.kernelName, table.backendName) as KernelConfig | undefined;
    if (!isOurs(k)) continue;
    uninstall(tf, k);
    removed.push(row.kernelName);
  }
  return removed;
}
