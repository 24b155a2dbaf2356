/**
 * The names and attributes of gold-nas's own kernels: what a caller needs to run one
 * (`tf.engine().runKernel(name, inputs, attrs)`) and to check that it is registered
 * (`hasKernels`), and no implementation. The blocks and the optimisers import this module
 * only, as tfjs's ops know kernels by name (tfjs-core's `kernel_names.ts`); the implementations
 * live in `kernels/fused/` and are installed by the kernel tables.
 *
 * Each kernel's contract is written here, so that another backend (webgl, say) can provide one by
 * registering a kernel under the same name.
 *
 * @module
 */

/**
 * The fused batch-norm forward kernel (channels last, any rank ≥ 1, float32; M = size / C values
 * per channel). Inputs `x` and optionally `gamma` (`[C]`, or one value for every channel) and
 * `beta` (`[C]`); attrs {@link BatchNormAttrs}. Outputs `[y, stats]`: `stats` is `[3, C]`, its rows
 * the mean, the biased variance and rstd = 1/√(variance + ε); y = (x − mean)·rstd·γ + β (γ = 1,
 * β = 0 when absent). One statistics tensor rather than three: fewer tensors to track and save.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { BATCH_NORM_KERNEL, hasKernels } from 'gold-nas/kernels';
 * console.log(hasKernels(tf, [BATCH_NORM_KERNEL])); // true once the cpu or wasm kernels are installed
 * ```
 * @since 0.2.0
 */
export const BATCH_NORM_KERNEL = 'GoldNasBatchNorm';

/**
 * Attributes of {@link BATCH_NORM_KERNEL}.
 *
 * @since 0.2.0
 */
export interface BatchNormAttrs {
  /** ε added to the variance. */
  readonly epsilon: number;
}

/**
 * The fused batch-norm backward kernel. Inputs `dy`, `x`, `stats` (from {@link BATCH_NORM_KERNEL})
 * and optionally `gamma`; attrs {@link BatchNormGradAttrs}. Outputs the first `outputs` of
 * `[dx, Σ dy·x̂, Σ dy]` with x̂ = (x − mean)·rstd and dx = γ·rstd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M); with a
 * one-value γ, `Σ dy·x̂` is summed over the channels too and has γ's shape (γ's gradient).
 *
 * @example
 * ```ts
 * import { BATCH_NORM_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(BATCH_NORM_GRAD_KERNEL); // 'GoldNasBatchNormGrad'
 * ```
 * @since 0.2.0
 */
export const BATCH_NORM_GRAD_KERNEL = 'GoldNasBatchNormGrad';

/**
 * Attributes of {@link BATCH_NORM_GRAD_KERNEL}.
 *
 * @since 0.2.0
 */
export interface BatchNormGradAttrs {
  /** How many of `[dx, dγ, dβ]` to return, 1-3 (default 3). */
  readonly outputs: number;
}

/**
 * The running-average update of a batch norm in training, from one batch's statistics, in one
 * kernel (written with stock ops it is about eleven small kernels per batch norm and step). Inputs
 * `stats` (`[3, C]`, from {@link BATCH_NORM_KERNEL}), `mean` and `variance` (`[C]`, the running
 * averages); attrs {@link BatchNormRunningAttrs}. Outputs `[mean', variance']`:
 * mean' = (1 − m)·mean + m·μ and variance' = (1 − m)·variance + m·σ²·M/(M − 1) (σ² itself when
 * M = 1), PyTorch's update with the unbiased batch variance, each product and sum rounded to float32
 * as stock tfjs ops round them (so the values are the same as the stock ops').
 *
 * @example
 * ```ts
 * import { BATCH_NORM_RUNNING_KERNEL } from 'gold-nas/kernels';
 * console.log(BATCH_NORM_RUNNING_KERNEL); // 'GoldNasBatchNormRunning'
 * ```
 * @since 0.2.0
 */
export const BATCH_NORM_RUNNING_KERNEL = 'GoldNasBatchNormRunning';

/**
 * Attributes of {@link BATCH_NORM_RUNNING_KERNEL}.
 *
 * @since 0.2.0
 */
export interface BatchNormRunningAttrs {
  /** m, the weight of the batch's statistics (PyTorch's `momentum`, 0.1 by default). */
  readonly momentum: number;
  /** M, the number of values per channel the statistics were computed over. */
  readonly count: number;
}

/**
 * A 1×1 convolution (stride 1, no padding, NHWC) then a batch norm with batch statistics, as one
 * kernel: the second half of every separable and dilated convolution. Inputs `x` (`[N, H, W, Cin]`),
 * `filter` (`[1, 1, Cin, Cout]`) and optionally `gamma` (one value for every channel: the
 * super-network's gate); attrs {@link BatchNormAttrs}. Outputs `[y, stats, z]`: z the
 * convolution's output, `[y, stats]` {@link BATCH_NORM_KERNEL}'s outputs for z. It runs the
 * backend's registered `Conv2D` and `BATCH_NORM_KERNEL` (so its values are theirs) without the
 * engine's bookkeeping of a kernel call between them.
 *
 * @example
 * ```ts
 * import { POINTWISE_BATCH_NORM_KERNEL } from 'gold-nas/kernels';
 * console.log(POINTWISE_BATCH_NORM_KERNEL); // 'GoldNasPointwiseBatchNorm'
 * ```
 * @since 0.2.0
 */
export const POINTWISE_BATCH_NORM_KERNEL = 'GoldNasPointwiseBatchNorm';

/**
 * The backward kernel of {@link POINTWISE_BATCH_NORM_KERNEL}. Inputs `dy`, `x`, `filter`, `z`,
 * `stats` and `gamma` when the forward kernel had one; no attrs. Outputs `[dx, dfilter]`, then γ's
 * gradient when there is a γ: the backend's registered {@link BATCH_NORM_GRAD_KERNEL},
 * `Conv2DBackpropInput` and `Conv2DBackpropFilter`, run as tfjs's own gradients run them.
 *
 * @example
 * ```ts
 * import { POINTWISE_BATCH_NORM_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(POINTWISE_BATCH_NORM_GRAD_KERNEL); // 'GoldNasPointwiseBatchNormGrad'
 * ```
 * @since 0.2.0
 */
export const POINTWISE_BATCH_NORM_GRAD_KERNEL = 'GoldNasPointwiseBatchNormGrad';

/**
 * One half of a separable convolution, ReLU, depthwise convolution, 1×1 convolution and batch norm
 * with batch statistics, as one kernel: {@link RELU_DEPTHWISE_KERNEL} then
 * {@link POINTWISE_BATCH_NORM_KERNEL}, as registered (so its values are theirs). Inputs `x`,
 * `dwFilter` (`[fh, fw, C, 1]`), `pwFilter` (`[1, 1, C, Cout]`) and optionally `gamma` (one value:
 * the super-network's gate); attrs {@link ReluDepthwiseAttrs} and {@link BatchNormAttrs}. Outputs
 * `[y, stats, z, h]`: h the depthwise output, z the 1×1 output, `[y, stats]` the batch norm's.
 *
 * @example
 * ```ts
 * import { RELU_SEPARABLE_BATCH_NORM_KERNEL } from 'gold-nas/kernels';
 * console.log(RELU_SEPARABLE_BATCH_NORM_KERNEL); // 'GoldNasReluSeparableBatchNorm'
 * ```
 * @since 0.2.0
 */
export const RELU_SEPARABLE_BATCH_NORM_KERNEL = 'GoldNasReluSeparableBatchNorm';

/**
 * The backward kernel of {@link RELU_SEPARABLE_BATCH_NORM_KERNEL}: inputs `dy`, `x`, `dwFilter`, `h`,
 * `pwFilter`, `z`, `stats` and `gamma` when the forward kernel had one; attrs
 * {@link ReluDepthwiseAttrs}. Outputs `[dx, ddwFilter, dpwFilter]`, then γ's gradient when there is
 * a γ: {@link POINTWISE_BATCH_NORM_GRAD_KERNEL} then {@link RELU_DEPTHWISE_GRAD_KERNEL}, as registered.
 *
 * @example
 * ```ts
 * import { RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL); // 'GoldNasReluSeparableBatchNormGrad'
 * ```
 * @since 0.2.0
 */
export const RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL = 'GoldNasReluSeparableBatchNormGrad';

/**
 * The fused ReLU-then-depthwise-convolution forward kernel (NHWC float32, filter `[fh, fw, C, 1]`,
 * channels a multiple of 4): inputs `x`, `filter`; attrs {@link ReluDepthwiseAttrs}; output
 * `depthwiseConv2d(relu(x), filter)`. The ReLU's output is never written, saved or differentiated.
 *
 * @example
 * ```ts
 * import { RELU_DEPTHWISE_KERNEL } from 'gold-nas/kernels';
 * console.log(RELU_DEPTHWISE_KERNEL); // 'GoldNasReluDepthwise'
 * ```
 * @since 0.2.0
 */
export const RELU_DEPTHWISE_KERNEL = 'GoldNasReluDepthwise';

/**
 * The fused ReLU-depthwise backward kernel: inputs `dy`, `x`, `filter`; attrs
 * {@link ReluDepthwiseAttrs}; outputs `[dx, dfilter]` (dx masked by the ReLU).
 *
 * @example
 * ```ts
 * import { RELU_DEPTHWISE_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(RELU_DEPTHWISE_GRAD_KERNEL); // 'GoldNasReluDepthwiseGrad'
 * ```
 * @since 0.2.0
 */
export const RELU_DEPTHWISE_GRAD_KERNEL = 'GoldNasReluDepthwiseGrad';

/**
 * Attributes of the ReLU-depthwise kernels: the convolution's geometry, with symmetric padding.
 *
 * @since 0.2.0
 */
export interface ReluDepthwiseAttrs {
  /** `[sh, sw]`. */
  readonly strides: readonly [number, number];
  /** Rows and columns of zeros on each side, `[ph, pw]`. */
  readonly pad: readonly [number, number];
  /** The dilation, the same along both axes. */
  readonly dilation: number;
}

/**
 * The forward kernel of a sum of tensors each times one value, `Σ_k x_k·s_k` (float32): inputs
 * `x0` … `x{k−1}` (one shape, size a multiple of 4, k ≥ 1) and, for each `x_i` that has a
 * scale, `s_i` (one value); an input without one counts once. Output the sum. Each product is
 * rounded, then added in input order from 0: the bits of `mul(x_i, s_i)` for each scaled input and
 * then `addN` of all of them, in one pass instead of one pass per product and one for the sum. A
 * super-network node sums its gated terms with it; its gradient is {@link SCALE_GRAD_KERNEL} on
 * each scaled term and `dy` itself for the others (a skip_connect's scale is an input here, but its
 * gradient belongs to the tape node of the skip's own zero-copy `Identity`).
 *
 * @example
 * ```ts
 * import { WEIGHTED_ADD_N_KERNEL } from 'gold-nas/kernels';
 * console.log(WEIGHTED_ADD_N_KERNEL); // 'GoldNasWeightedAddN'
 * ```
 * @since 0.2.0
 */
export const WEIGHTED_ADD_N_KERNEL = 'GoldNasWeightedAddN';

/**
 * The backward kernel of a tensor times one value, `y = x·s` (float32): inputs `dy`, `x` (one shape)
 * and `scale` (one value, any shape of size 1); outputs `[dx, dscale]`, with dx = dy·s and
 * dscale = Σ dy·x shaped like `scale`. One pass over dy and x, where tfjs's gradient of `mul` takes
 * three kernels (two products and a sum). The super-network's gate on an operator that does not
 * end in a batch norm (skip_connect, above all) runs it.
 *
 * @example
 * ```ts
 * import { SCALE_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(SCALE_GRAD_KERNEL); // 'GoldNasScaleGrad'
 * ```
 * @since 0.2.0
 */
export const SCALE_GRAD_KERNEL = 'GoldNasScaleGrad';

/**
 * A ReLU followed by a 1×1 convolution (stride 1, no padding) as one forward kernel (NHWC float32):
 * inputs `x` `[n, h, w, c]` and `filter` `[1, 1, c, cout]`; output `conv2d(relu(x), filter)`
 * `[n, h, w, cout]`. A DARTS cell's preprocessing (ReLU-Conv-BN) runs it; the ReLU's output is
 * never stored. Optional inputs `x1`, `x2`, … of `x`'s shape make x in parts: the kernel reads
 * `concat([x, x1, …], 3)` (then `filter` is `[1, 1, c·parts, cout]`) without making it, with the
 * same values; a cell's output (its nodes) reaches the next cells' preprocessing so.
 *
 * @example
 * ```ts
 * import { RELU_POINTWISE_KERNEL } from 'gold-nas/kernels';
 * console.log(RELU_POINTWISE_KERNEL); // 'GoldNasReluPointwise'
 * ```
 * @since 0.2.0
 */
export const RELU_POINTWISE_KERNEL = 'GoldNasReluPointwise';

/**
 * The backward kernel of {@link RELU_POINTWISE_KERNEL}: inputs `dy`, `x`, `filter` (and `x1`, `x2`,
 * … for x in parts); outputs `[dx, dfilter]` (dx is zero where x ≤ 0), then `dx1`, `dx2`, ….
 *
 * @example
 * ```ts
 * import { RELU_POINTWISE_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(RELU_POINTWISE_GRAD_KERNEL); // 'GoldNasReluPointwiseGrad'
 * ```
 * @since 0.2.0
 */
export const RELU_POINTWISE_GRAD_KERNEL = 'GoldNasReluPointwiseGrad';

/**
 * FactorizedReduce's ReLU, two strided 1×1 convolutions and their concatenation, as one forward
 * kernel (NHWC float32): inputs `x` `[n, h, w, c]` and the filters `w1`, `w2` `[1, 1, c, half]`;
 * output `[n, ⌈h/2⌉, ⌈w/2⌉, 2·half]` whose first `half` channels are `conv2d(relu(x), w1, stride 2)`
 * at the pixels `(2i, 2j)` and whose last `half` are `conv2d(relu(x), w2, stride 2)` at
 * `(2i + 1, 2j + 1)`, zero past the edge of an odd-sized input: DARTS's
 * `concat([conv_1(r), conv_2(r[:, 1:, 1:])])` with `r = relu(x)`. No ReLU output, slice, pad or
 * concat is stored.
 *
 * @example
 * ```ts
 * import { FACTORIZED_REDUCE_KERNEL } from 'gold-nas/kernels';
 * console.log(FACTORIZED_REDUCE_KERNEL); // 'GoldNasFactorizedReduce'
 * ```
 * @since 0.2.0
 */
export const FACTORIZED_REDUCE_KERNEL = 'GoldNasFactorizedReduce';

/**
 * The backward kernel of {@link FACTORIZED_REDUCE_KERNEL}: inputs `dy`, `x`, `w1`, `w2`; outputs
 * `[dx, dw1, dw2]` (dx is zero at the pixels neither half reads and where x ≤ 0).
 *
 * @example
 * ```ts
 * import { FACTORIZED_REDUCE_GRAD_KERNEL } from 'gold-nas/kernels';
 * console.log(FACTORIZED_REDUCE_GRAD_KERNEL); // 'GoldNasFactorizedReduceGrad'
 * ```
 * @since 0.2.0
 */
export const FACTORIZED_REDUCE_GRAD_KERNEL = 'GoldNasFactorizedReduceGrad';

/**
 * The fused SGD update of many variables (float32). Inputs `w0…w{k-1}` (weights), `g0…g{k-1}`
 * (their gradients), and `b{i}` (momentum buffers) for the variables that have one; attrs
 * {@link SgdKernelAttrs}. Outputs: the k new weights, then (momentum ≠ 0) the k new buffers, then
 * (`clipNorm > 0`) the pre-clipping global norm as a scalar. Per element, PyTorch's order:
 * g ← g·min(1, clip/(‖g‖ + 1e-6)); g ← g + wd·w; b ← m·b + g (b ← g for a variable without a
 * buffer); w ← w − lr·b (or w − lr·g without momentum).
 *
 * @example
 * ```ts
 * import { SGD_KERNEL } from 'gold-nas/kernels';
 * console.log(SGD_KERNEL); // 'GoldNasSgd'
 * ```
 * @since 0.2.0
 */
export const SGD_KERNEL = 'GoldNasSgd';

/**
 * Attributes of {@link SGD_KERNEL}.
 *
 * @since 0.2.0
 */
export interface SgdKernelAttrs {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Clip the global gradient norm to this value; 0 for no clipping. */
  readonly clipNorm: number;
  /** k, the number of variables. */
  readonly count: number;
}
