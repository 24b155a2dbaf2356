/**
 * Chains of layers that end in a batch norm with batch statistics, as differentiable ops over
 * gold-nas's composed kernels (known by name from `kernels/names`): a 1×1 convolution then the batch
 * norm (`POINTWISE_BATCH_NORM_KERNEL`), and a whole half of a separable convolution, ReLU,
 * depthwise, 1×1, batch norm (`RELU_SEPARABLE_BATCH_NORM_KERNEL`). One kernel call each way instead
 * of one per layer, with the same values.
 *
 * @module
 * @internal
 */
import type { GradSaveFunc, NamedAttrMap, NamedTensorMap, Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { BATCH_NORM_EPSILON } from './batchNorm.js';
import {
  BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL,
  RELU_DEPTHWISE_KERNEL, RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, RELU_SEPARABLE_BATCH_NORM_KERNEL, type ReluDepthwiseAttrs,
} from '../kernels/names/kernelNames.js';

/** The kernels the 1×1-batch-norm ops run (the composed pair runs the batch-norm kernels): check them with `hasKernels` first. */
export const POINTWISE_BATCH_NORM_KERNELS = [POINTWISE_BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL];

/** The kernels the separable-half ops run, directly or through the kernels they are composed of. */
export const RELU_SEPARABLE_BATCH_NORM_KERNELS = [
  RELU_SEPARABLE_BATCH_NORM_KERNEL, RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL, ...POINTWISE_BATCH_NORM_KERNELS,
];

/**
 * The op over a forward kernel whose outputs are `[y, …extra]` and a backward kernel that takes `dy`,
 * the inputs and the extra outputs (by the names given) and returns one gradient per input, in order.
 *
 * @param tf - the injected tfjs namespace.
 * @param kernels - the forward and backward kernels' names.
 * @param inputNames - the inputs' names, in the op's argument order.
 * @param extraNames - the names of the forward kernel's outputs after y.
 * @param attrs - the forward kernel's attributes.
 * @param backwardAttrs - the backward kernel's.
 * @returns the op.
 */
function chainOp(tf: TF, kernels: readonly [string, string], inputNames: readonly string[], extraNames: readonly string[],
  attrs: NamedAttrMap, backwardAttrs: NamedAttrMap): (...inputs: Tensor[]) => Tensor {
  const n = inputNames.length;
  const named = (ts: readonly Tensor[], names: readonly string[], into: NamedTensorMap): NamedTensorMap => {
    names.forEach((name, i) => { into[name] = ts[i]!; });
    return into;
  };
  return tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const inputs = args.slice(0, n) as Tensor[];
    const [y, ...extra] = tf.engine().runKernel(kernels[0], named(inputs, inputNames, {}), attrs) as Tensor[];
    (args[n] as GradSaveFunc)([...inputs, ...extra]);
    return {
      value: y!,
      // Tidied: a custom gradient's gradFunc runs outside any scope.
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.tidy(() => {
        const g = named(saved.slice(n), extraNames, named(saved.slice(0, n), inputNames, { dy }));
        return tf.engine().runKernel(kernels[1], g, backwardAttrs) as Tensor[];
      }),
    };
  }) as (...inputs: Tensor[]) => Tensor;
}

/** The 1×1-convolution-then-batch-norm op, without and with a gate. */
export interface PointwiseBatchNormOps {
  /** `batchNorm(conv2d(x, filter))`, differentiable in `x` and `filter`. */
  readonly plain: (x: Tensor4D, filter: Tensor4D) => Tensor4D;
  /** `batchNorm(conv2d(x, filter))·s` (the gate as the batch norm's one-value γ), differentiable in all three. */
  readonly scaled: (x: Tensor4D, filter: Tensor4D, s: Scalar) => Tensor4D;
}

/**
 * The 1×1-convolution-then-batch-norm ops (the caller checks `hasKernels(tf, POINTWISE_BATCH_NORM_KERNELS)` first).
 *
 * @param tf - the injected tfjs namespace.
 * @returns the plain and the gated op.
 * @internal
 */
export function pointwiseBatchNormOps(tf: TF): PointwiseBatchNormOps {
  const kernels = [POINTWISE_BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL] as const;
  const attrs = { epsilon: BATCH_NORM_EPSILON };
  const plain = chainOp(tf, kernels, ['x', 'filter'], ['stats', 'z'], attrs, {});
  const scaled = chainOp(tf, kernels, ['x', 'filter', 'gamma'], ['stats', 'z'], attrs, {});
  return {
    plain: (x, filter) => plain(x, filter) as Tensor4D,
    scaled: (x, filter, s) => scaled(x, filter, s) as Tensor4D,
  };
}

/** One half of a separable convolution (ReLU, depthwise, 1×1, batch norm), without and with a gate. */
export interface ReluSeparableBatchNormOps {
  /** `batchNorm(conv2d(depthwiseConv2d(relu(x), dwFilter), pwFilter))`, differentiable in all three. */
  readonly plain: (x: Tensor4D, dwFilter: Tensor4D, pwFilter: Tensor4D) => Tensor4D;
  /** The same times `s`, the gate, as the batch norm's one-value γ. */
  readonly scaled: (x: Tensor4D, dwFilter: Tensor4D, pwFilter: Tensor4D, s: Scalar) => Tensor4D;
}

/**
 * The separable-half ops (the caller checks `hasKernels(tf, RELU_SEPARABLE_BATCH_NORM_KERNELS)` first).
 *
 * @param tf - the injected tfjs namespace.
 * @param depthwise - the depthwise convolution's strides, symmetric padding and dilation.
 * @returns the plain and the gated op.
 * @internal
 */
export function reluSeparableBatchNormOps(tf: TF, depthwise: ReluDepthwiseAttrs): ReluSeparableBatchNormOps {
  const kernels = [RELU_SEPARABLE_BATCH_NORM_KERNEL, RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL] as const;
  const dw = { strides: [...depthwise.strides], pad: [...depthwise.pad], dilation: depthwise.dilation };
  const attrs = { ...dw, epsilon: BATCH_NORM_EPSILON };
  const plain = chainOp(tf, kernels, ['x', 'dwFilter', 'pwFilter'], ['stats', 'z', 'h'], attrs, dw);
  const scaled = chainOp(tf, kernels, ['x', 'dwFilter', 'pwFilter', 'gamma'], ['stats', 'z', 'h'], attrs, dw);
  return {
    plain: (x, dwFilter, pwFilter) => plain(x, dwFilter, pwFilter) as Tensor4D,
    scaled: (x, dwFilter, pwFilter, s) => scaled(x, dwFilter, pwFilter, s) as Tensor4D,
  };
}
