/**
 * Per-kernel process CPU time: every kernel of a backend wrapped so that top-level calls (not the
 * stock kernels gold-nas's kernels call inside) add their CPU time to their name. On a busy machine
 * CPU time tells what a kernel costs when wall time does not.
 *
 * @module
 */
import type { TF } from '../../backends/tf.js';

/** A kernel (or kernel and shapes) with its summed time and call count. */
export interface KernelTime {
  readonly name: string;
  readonly ms: number;
  readonly calls: number;
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
  readonly stop: () => Map<string, { ms: number; calls: number }>;
  readonly byShape: Map<string, { ms: number; calls: number }>;
} {
  const originals = tf.getKernelsForBackend(backendName);
  const totals = new Map<string, { ms: number; calls: number }>();
  const byShape = new Map<string, { ms: number; calls: number }>();
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
          for (const [map, key] of [[totals, k.kernelName], [byShape, `${k.kernelName} ${JSON.stringify(shapes)}`]] as const) {
            const e = map.get(key) ?? { ms: 0, calls: 0 };
            e.ms += ms;
            e.calls += 1;
            map.set(key, e);
          }
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
