/**
 * A 1×1 convolution then a batch norm with batch statistics, as one differentiable op over
 * gold-nas's `POINTWISE_BATCH_NORM_KERNEL` and `POINTWISE_BATCH_NORM_GRAD_KERNEL` (known by name from
 * `kernels/names`): one kernel call each way instead of two forward and three backward, with the
 * same values.
 *
 * @module
 * @internal
 */
import type { GradSaveFunc, NamedTensorMap, Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { BATCH_NORM_EPSILON } from './batchNorm.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL, type BatchNormAttrs } from '../kernels/names/kernelNames.js';

/** The kernels the ops run (the fused pair runs the batch-norm kernels): check them with `hasKernels` first. */
export const POINTWISE_BATCH_NORM_KERNELS = [POINTWISE_BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL];

/** The op without and with a gate. */
export interface PointwiseBatchNormOps {
  /** `batchNorm(conv2d(x, filter))`, differentiable in `x` and `filter`. */
  readonly plain: (x: Tensor4D, filter: Tensor4D) => Tensor4D;
  /** `batchNorm(conv2d(x, filter))·s` (the gate as the batch norm's one-value γ), differentiable in all three. */
  readonly scaled: (x: Tensor4D, filter: Tensor4D, s: Scalar) => Tensor4D;
}

/**
 * The 1×1-convolution-then-batch-norm ops (the caller checks
 * `hasKernels(tf, POINTWISE_BATCH_NORM_KERNELS)` first).
 *
 * @param tf - the injected tfjs namespace.
 * @returns the plain and the gated op.
 * @internal
 */
export function pointwiseBatchNormOps(tf: TF): PointwiseBatchNormOps {
  const attrs: BatchNormAttrs = { epsilon: BATCH_NORM_EPSILON };
  const op = (inputCount: number): ((...inputs: Tensor[]) => Tensor) => tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const [x, filter, gamma] = args.slice(0, inputCount) as Tensor[];
    const save = args[inputCount] as GradSaveFunc;
    const inputs: NamedTensorMap = gamma === undefined ? { x: x!, filter: filter! } : { x: x!, filter: filter!, gamma };
    const [y, stats, z] = tf.engine().runKernel(POINTWISE_BATCH_NORM_KERNEL, inputs, { ...attrs }) as Tensor[];
    save(gamma === undefined ? [x!, filter!, z!, stats!] : [x!, filter!, z!, stats!, gamma]);
    return {
      value: y!,
      // Tidied: a custom gradient's gradFunc runs outside any scope.
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.tidy(() => {
        const [sx, sf, sz, ss, sg] = saved;
        const g: NamedTensorMap = { dy, x: sx!, filter: sf!, z: sz!, stats: ss! };
        if (sg !== undefined) g['gamma'] = sg;
        return tf.engine().runKernel(POINTWISE_BATCH_NORM_GRAD_KERNEL, g, {}) as Tensor[];
      }),
    };
  }) as (...inputs: Tensor[]) => Tensor;
  const plain = op(2);
  const scaled = op(3);
  return {
    plain: (x, filter) => plain(x, filter) as Tensor4D,
    scaled: (x, filter, s) => scaled(x, filter, s) as Tensor4D,
  };
}
