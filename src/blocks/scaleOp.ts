/**
 * A tensor times one value, `x·s`, differentiable in both, whose backward pass is gold-nas's
 * one-pass `SCALE_GRAD_KERNEL` when the active backend has it and tfjs's `mul` gradient otherwise.
 *
 * @module
 * @internal
 */
import type { GradSaveFunc, Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { SCALE_GRAD_KERNEL } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';

const FUSED = [SCALE_GRAD_KERNEL];

/**
 * `x·s` for a float32 `x` and a one-value `s`.
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op.
 * @internal
 */
export function scaleOp(tf: TF): (x: Tensor, s: Scalar) => Tensor {
  const fused = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor;
    const s = args[1] as Scalar;
    const save = args[2] as GradSaveFunc;
    save([x, s]);
    return {
      value: tf.mul(x, s),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.engine().runKernel(SCALE_GRAD_KERNEL, { dy, x: saved[0]!, scale: saved[1]! }, {}) as Tensor[],
    };
  }) as (x: Tensor, s: Scalar) => Tensor;
  return (x, s) => (x.dtype === 'float32' && hasKernels(tf, FUSED) ? fused(x, s) : tf.mul(x, s));
}
