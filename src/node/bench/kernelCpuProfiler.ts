/**
 * Per-kernel process CPU time: every kernel of a backend wrapped so that top-level calls (not the
 * stock kernels gold-nas's kernels call inside) add their CPU time to their name. On a busy machine
 * CPU time tells what a kernel costs when wall time does not.
 *
 * @module
 */
import type { TF } from '../../tf.js';

/** A kernel (or kernel and shapes) with its summed time and call count. */
export interface KernelTime {
  readonly name: string;
  readonly ms: number;
  readonly calls: number;
}

/** Summed time and call count by kernel (or by kernel and shapes). */
export type KernelTotals = Map<string, { ms: number; calls: number }>;

/**
 * Adds one call taking `ms` to `key`'s total.
 *
 * @param totals - the totals, updated in place.
 * @param key - the kernel (or kernel and shapes).
 * @param ms - the call's time.
 */
export function addKernelTime(totals: KernelTotals, key: string, ms: number): void {
  const e = totals.get(key) ?? { ms: 0, calls: 0 };
  e.ms += ms;
  e.calls += 1;
  totals.set(key, e);
}

/**
 * Wraps every kernel of `backendName` to record its process CPU time until `stop()`, which puts the
 * original kernels back.
 *
 * @param tf - the injected tfjs namespace.
 * @param backendName - the backend whose kernels to wrap.
 * @returns `stop` (restores the kernels, returns the totals by kernel) and the totals by kernel and input shapes.
 */
export function kernelCpuProfiler(tf: TF, backendName: string): {
  readonly stop: () => KernelTotals;
  readonly byShape: KernelTotals;
} {
  const originals = tf.getKernelsForBackend(backendName);
  const totals: KernelTotals = new Map();
  const byShape: KernelTotals = new Map();
  let depth = 0;
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        if (depth++ > 0) {
          try {
            return k.kernelFunc(args);
          } finally {
            depth--;
          }
        }
        const c0 = process.cpuUsage();
        try {
          return k.kernelFunc(args);
        } finally {
          depth--;
          const c = process.cpuUsage(c0);
          const ms = (c.user + c.system) / 1000;
          const shapes = Object.values(args.inputs as Record<string, { shape?: number[] }>).map((t) => t?.shape);
          addKernelTime(totals, k.kernelName, ms);
          addKernelTime(byShape, `${k.kernelName} ${JSON.stringify(shapes)}`, ms);
        }
      },
    });
  }
  return {
    byShape,
    stop: () => {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, backendName);
        tf.registerKernel(k);
      }
      return totals;
    },
  };
}
