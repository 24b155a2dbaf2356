/**
 * ReLU followed by a depthwise convolution, or by a 1×1 convolution, as one differentiable op over
 * gold-nas's fused kernels (`RELU_DEPTHWISE_KERNEL` and `RELU_DEPTHWISE_GRAD_KERNEL`,
 * `RELU_POINTWISE_KERNEL` and `RELU_POINTWISE_GRAD_KERNEL`, known by name from `kernels/names`):
 * the ReLU's output is never materialised, saved or differentiated as a tensor of its own.
 *
 * @module
 * @internal
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { kernelPairOp } from './kernelPairOp.js';
import { RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL, type ReluDepthwiseAttrs } from '../kernels/names/kernelNames.js';

/**
 * `depthwiseConv2d(relu(x), filter)` with symmetric padding, on the fused kernels (the caller checks
 * `hasKernels(tf, [RELU_DEPTHWISE_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL])` first). Differentiable in `x` and `filter`.
 *
 * @param tf - the injected tfjs namespace.
 * @param attrs - strides, symmetric padding and dilation.
 * @returns the op.
 * @internal
 */
export function reluDepthwiseOp(tf: TF, attrs: ReluDepthwiseAttrs): (x: Tensor4D, filter: Tensor4D) => Tensor4D {
  const kernelAttrs = { strides: [...attrs.strides], pad: [...attrs.pad], dilation: attrs.dilation };
  return kernelPairOp(tf, RELU_DEPTHWISE_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL, ['x', 'filter'], kernelAttrs) as (x: Tensor4D, filter: Tensor4D) => Tensor4D;
}

/**
 * `conv2d(relu(x), filter)` for a 1×1 filter (stride 1, no padding), on the fused kernels (the
 * caller checks `hasKernels(tf, [RELU_POINTWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL])` first).
 * Differentiable in `x` and `filter`.
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op.
 * @internal
 */
export function reluPointwiseOp(tf: TF): (x: Tensor4D, filter: Tensor4D) => Tensor4D {
  return kernelPairOp(tf, RELU_POINTWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, ['x', 'filter']) as (x: Tensor4D, filter: Tensor4D) => Tensor4D;
}

/**
 * `conv2d(relu(concat(xs, 3)), filter)` for a 1×1 filter, on the fused kernels with x in parts
 * (`x`, `x1`, `x2`, …: the concatenation is never made). Differentiable in every part and `filter`;
 * the same values as {@link reluPointwiseOp} on the concatenation.
 *
 * @param tf - the injected tfjs namespace.
 * @param parts - the number of parts (≥ 2), each of one shape.
 * @returns the op, called as `op(x0, filter, x1, x2, …)`.
 * @internal
 */
export function reluPointwisePartsOp(tf: TF, parts: number): (x: Tensor4D, filter: Tensor4D, ...rest: Tensor4D[]) => Tensor4D {
  const names = ['x', 'filter', ...Array.from({ length: parts - 1 }, (_, i) => `x${i + 1}`)];
  return kernelPairOp(tf, RELU_POINTWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, names) as (x: Tensor4D, filter: Tensor4D, ...rest: Tensor4D[]) => Tensor4D;
}
