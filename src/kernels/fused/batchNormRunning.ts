/**
 * The running-average update of a batch norm in training, one kernel for what stock ops do in about
 * eleven (two slices, two reshapes, five products, two sums): in a re-training step with running
 * statistics those small kernels were nearly half of all kernel calls. The contract is documented
 * with the kernel's name, `BATCH_NORM_RUNNING_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { expectFloat32, fusedBackend, sizeOf } from '../support/backendStorage.js';
import { BATCH_NORM_RUNNING_KERNEL, type BatchNormRunningAttrs } from '../names/kernelNames.js';

/**
 * The kernel function for a backend: a JS loop over the C channels (a few hundred values at most),
 * each product and sum rounded to float32 (`Math.fround`, and the store into a `Float32Array`)
 * exactly as stock float32 `Multiply` and `Add` round them: a product or sum of two float32 values
 * computed in float64 then rounded once is the float32 result.
 *
 * @param backendName - `cpu` or `wasm`.
 * @returns the kernel function.
 */
export function batchNormRunningKernel(backendName: 'cpu' | 'wasm'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const stats = inputs['stats'] as TensorInfo;
    const mean = inputs['mean'] as TensorInfo;
    const variance = inputs['variance'] as TensorInfo;
    expectFloat32(BATCH_NORM_RUNNING_KERNEL, [stats, mean, variance]);
    const c = sizeOf(mean);
    if (sizeOf(variance) !== c || stats.shape.length !== 2 || stats.shape[0] !== 3 || stats.shape[1] !== c) {
      throw new Error(`gold-nas ${BATCH_NORM_RUNNING_KERNEL}: expected stats [3, C] and mean and variance of C values, got [${stats.shape.join(', ')}], [${mean.shape.join(', ')}] and [${variance.shape.join(', ')}].`);
    }
    const { momentum, count } = attrs as unknown as BatchNormRunningAttrs;
    const { storage: s } = fusedBackend(backendName, backend, BATCH_NORM_RUNNING_KERNEL);
    // Allocate both outputs before taking any view (an allocation may move the wasm heap).
    const outMean = s.output(mean.shape);
    const outVariance = s.output(variance.shape);
    const st = s.values(stats);
    const m = s.values(mean);
    const v = s.values(variance);
    const om = s.values(outMean);
    const ov = s.values(outVariance);
    // The constants as the stock ops' float32 scalars hold them.
    const keep = Math.fround(1 - momentum);
    const take = Math.fround(momentum);
    const unbias = Math.fround(count / (count - 1));
    for (let k = 0; k < c; k++) {
      om[k] = Math.fround(m[k]! * keep) + Math.fround(st[k]! * take);
      const u = count > 1 ? Math.fround(st[c + k]! * unbias) : st[c + k]!;
      ov[k] = Math.fround(v[k]! * keep) + Math.fround(u * take);
    }
    return [outMean, outVariance];
  };
}
