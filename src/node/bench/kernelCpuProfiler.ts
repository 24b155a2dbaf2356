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

/** Options of {@link kernelCpuProfiler}. */
export interface KernelProfilerOptions {
  /** Also total the times by kernel and input shapes (costs a string per call; default true). */
  readonly byShape?: boolean;
  /**
   * Also take each call's process CPU time (default true). Two `getrusage` calls a kernel call,
   * each summing every thread of the process, cost microseconds outside the timed call: without
   * them the wall totals leave the time outside kernels as the step's own.
   */
  readonly cpu?: boolean;
  /** Called after each top-level call with its kernel and its start and end (`performance.now()`). */
  readonly onCall?: (kernelName: string, start: number, end: number) => void;
}

/**
 * Wraps every kernel of `backendName` to record its process CPU time and its wall time until
 * `stop()`, which puts the original kernels back. Each top-level call costs two `getrusage` calls
 * outside the timed call (without `cpu`, two clock reads only), plus a string of its shapes with `byShape`.
 *
 * @param tf - the injected tfjs namespace.
 * @param backendName - the backend whose kernels to wrap.
 * @param options - whether to total by shapes too, whether to take CPU time, and a callback per call.
 * @returns `stop` (restores the kernels, returns the CPU totals by kernel), the wall totals by kernel, and the CPU and wall totals by kernel and input shapes.
 */
export function kernelCpuProfiler(tf: TF, backendName: string, options: KernelProfilerOptions = {}): {
  readonly stop: () => KernelTotals;
  readonly wall: KernelTotals;
  readonly byShape: KernelTotals;
  readonly wallByShape: KernelTotals;
} {
  const originals = tf.getKernelsForBackend(backendName);
  const totals: KernelTotals = new Map();
  const wall: KernelTotals = new Map();
  const byShape: KernelTotals = new Map();
  const wallByShape: KernelTotals = new Map();
  const withShapes = options.byShape ?? true;
  const withCpu = options.cpu ?? true;
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
        const c0 = withCpu ? process.cpuUsage() : undefined;
        const t0 = performance.now();
        try {
          return k.kernelFunc(args);
        } finally {
          depth--;
          const t1 = performance.now();
          const t = t1 - t0;
          const c = c0 !== undefined ? process.cpuUsage(c0) : undefined;
          options.onCall?.(k.kernelName, t0, t1);
          addKernelTime(wall, k.kernelName, t);
          const key = withShapes ? `${k.kernelName} ${JSON.stringify(Object.values(args.inputs as Record<string, { shape?: number[] }>).map((v) => v?.shape))}` : undefined;
          if (key !== undefined) addKernelTime(wallByShape, key, t);
          if (c !== undefined) {
            const ms = (c.user + c.system) / 1000;
            addKernelTime(totals, k.kernelName, ms);
            if (key !== undefined) addKernelTime(byShape, key, ms);
          }
        }
      },
    });
  }
  return {
    byShape,
    wallByShape,
    wall,
    stop: () => {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, backendName);
        tf.registerKernel(k);
      }
      return totals;
    },
  };
}
