/**
 * FactorizedReduce's ReLU and two halves, `concat([conv_1(r), conv_2(r[:, 1:, 1:])])` with
 * `r = relu(x)` and 1×1 stride-2 convolutions: gold-nas's `FACTORIZED_REDUCE_KERNEL` (forward and
 * backward, nothing copied or stored but x) when the active backend has it, tfjs's relu, slice,
 * convolutions and concat otherwise.
 *
 * @module
 * @internal
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { FACTORIZED_REDUCE_GRAD_KERNEL, FACTORIZED_REDUCE_KERNEL } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';
import { kernelPairOp } from './kernelPairOp.js';

const FUSED = [FACTORIZED_REDUCE_KERNEL, FACTORIZED_REDUCE_GRAD_KERNEL];

/**
 * The op: `(x, w1, w2)`, x `[n, h, w, c]` (before its ReLU), filters `[1, 1, c, half]`, to
 * `[n, ⌈h/2⌉, ⌈w/2⌉, 2·half]`. On odd sizes the second half is zero-padded at the bottom and right.
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op, differentiable in all three inputs.
 * @internal
 */
export function factorizedReduceOp(tf: TF): (x: Tensor4D, w1: Tensor4D, w2: Tensor4D) => Tensor4D {
  const fused = kernelPairOp(tf, FACTORIZED_REDUCE_KERNEL, FACTORIZED_REDUCE_GRAD_KERNEL, ['x', 'w1', 'w2']) as (x: Tensor4D, w1: Tensor4D, w2: Tensor4D) => Tensor4D;
  const composed = (x: Tensor4D, w1: Tensor4D, w2: Tensor4D): Tensor4D => {
    const [n, h, w, c] = x.shape;
    const r = tf.relu(x);
    const a = tf.conv2d(r, w1, 2, 'valid');
    const shifted = tf.slice(r, [0, 1, 1, 0], [n, h - 1, w - 1, c]);
    const b = h % 2 === 0 && w % 2 === 0 ? tf.conv2d(shifted, w2, 2, 'valid') : tf.conv2d(shifted, w2, 2, [[0, 0], [0, h % 2], [0, w % 2], [0, 0]]);
    return tf.concat([a, b], 3);
  };
  return (x, w1, w2) => (x.dtype === 'float32' && hasKernels(tf, FUSED) ? fused(x, w1, w2) : composed(x, w1, w2));
}
