/**
 * The kernels gold-nas can install for tfjs's `wasm` backend (tfjs-backend-wasm 4.22), as a
 * table. Installing is an explicit call (`installKernels(tf, WASM_KERNEL_TABLE)`, or
 * `readyBackend(tf, 'wasm')` and `loadTfjs('wasm')`, which make it): nothing registers on import.
 * Without it, tfjs-wasm cannot differentiate a convolution.
 *
 * @module
 */
import type { KernelRow, KernelTable } from './kernelTable.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, BATCH_NORM_RUNNING_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL, RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, RELU_SEPARABLE_BATCH_NORM_KERNEL, FACTORIZED_REDUCE_GRAD_KERNEL, FACTORIZED_REDUCE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, SCALE_GRAD_KERNEL, SGD_KERNEL, WEIGHTED_ADD_N_KERNEL } from './names/kernelNames.js';
import { conv2dBackpropFilterWasm } from './wasm/conv2dBackpropFilter.js';
import { conv2dBackpropInputWasm } from './wasm/conv2dBackpropInput.js';
import { conv2dPointwiseWasm } from './wasm/conv2dPointwise.js';
import { depthwiseBackpropFilterWasm } from './wasm/depthwiseBackpropFilter.js';
import { depthwiseBackpropInputWasm } from './wasm/depthwiseBackpropInput.js';
import { zeroCopyCastWasm, zeroCopyIdentityWasm } from './wasm/zeroCopyIdentity.js';
import { maxPoolGradWasm } from './wasm/maxPoolGrad.js';
import { addNWasm, concatWasm, padV2Wasm, sliceWasm, splitVWasm } from './wasm/heapCopies.js';
import { addWasm, multiplyWasm } from './wasm/elementwise.js';
import { spatialMeanWasm } from './wasm/spatialMean.js';
import { batchNormGradKernel, batchNormKernel } from './fused/batchNorm.js';
import { reluDepthwiseGradKernel, reluDepthwiseKernel } from './fused/reluDepthwise.js';
import { scaleGradKernel } from './fused/scaleGrad.js';
import { factorizedReduceGradKernel, factorizedReduceKernel } from './fused/factorizedReduce.js';
import { reluPointwiseGradKernel, reluPointwiseKernel } from './fused/reluPointwise.js';
import { sgdKernel } from './fused/sgd.js';
import { weightedAddNKernel } from './fused/weightedAddN.js';
import { batchNormRunningKernel } from './fused/batchNormRunning.js';
import { pointwiseBatchNormGradKernel, pointwiseBatchNormKernel } from './fused/pointwiseBatchNorm.js';
import { reluSeparableBatchNormGradKernel, reluSeparableBatchNormKernel } from './fused/reluSeparableBatchNorm.js';

/**
 * The switches of `WASM_KERNEL_TABLE` (`gold-nas/kernels`), each on by default; `readyBackend`'s `wasmKernels` option.
 *
 * @since 0.1.0
 */
export interface WasmTrainingKernelOptions {
  /**
   * Replace tfjs-wasm's `Identity`, which copies, by a zero-copy one. tfjs clones every tensor it
   * saves for the backward pass through `Identity`, so this halves the activation memory of
   * training. It also makes a `Cast` to the same dtype share its input (tfjs's ReLU gradient does
   * one per call). Default `true`.
   */
  readonly zeroCopyIdentity?: boolean;
  /**
   * Replace tfjs-wasm's scalar-loop `Conv2DBackpropInput` by one XNNPACK convolution.
   * Default `true`.
   */
  readonly fastConv2DBackpropInput?: boolean;
  /**
   * Replace tfjs-wasm's `Conv2D`, for 1×1 convolutions without padding (any stride; output channels
   * a multiple of 4), by gold-nas's register-blocked matrix-product loop, which the threads of a
   * kernel pool share (`readyThreadedWasm`); every other convolution stays XNNPACK's. Default `true`.
   */
  readonly pointwiseConvolutions?: boolean;
  /**
   * Replace tfjs-wasm's `MaxPoolGrad`, which routes the gradient of any pooling window whose
   * values are all ≤ 0 to the wrong pixel (its running maximum starts at `FLT_MIN`), by a correct
   * one with cpu's tie-breaking. Default `true`.
   */
  readonly fixMaxPoolGrad?: boolean;
  /**
   * Replace tfjs-wasm's `Slice` and `SplitV`, which copy the whole input out of the wasm heap
   * for every slice, and its `PadV2` (an index per element), by heap-to-heap block copies, and its
   * `Concat` (a JS copy per run) and `AddN` by SIMD loops. Default `true`.
   */
  readonly fastSlice?: boolean;
  /**
   * Replace tfjs-wasm's `Add` and `Multiply`, for two float32 tensors of one shape (and, for
   * `Multiply`, a tensor and a scalar), by SIMD loops that a kernel pool's threads share; the stock
   * kernels are scalar loops. Broadcasting and other dtypes stay stock. Default `true`.
   */
  readonly simdElementwise?: boolean;
  /**
   * Replace tfjs-wasm's `Mean`, for the spatial mean of a float32 NHWC tensor (`mean(x, [1, 2])`,
   * the super-network's global average pool) with channels a multiple of 4, by a SIMD sum per image
   * that a kernel pool's threads share, with the same values up to 64 pixels an image; the stock
   * kernel transposes its input first. Other reductions stay stock. Default `true`.
   * @since 0.2.0
   */
  readonly simdSpatialMean?: boolean;
  /**
   * Add gold-nas's fused batch-norm kernels (`GoldNasBatchNorm`, `GoldNasBatchNormGrad`, `GoldNasBatchNormRunning`), which
   * `batchNormOps` then uses: one SIMD kernel per direction instead of about fifteen stock ones, and
   * one for the running averages instead of about eleven.
   * Default `true`.
   */
  readonly fusedBatchNorm?: boolean;
  /**
   * Add gold-nas's fused ReLU-then-depthwise-convolution kernels (`GoldNasReluDepthwise`,
   * `GoldNasReluDepthwiseGrad`), which the block interpreter then uses for the first half of every
   * separable and dilated convolution whose channel count is a multiple of 4. Default `true`.
   */
  readonly fusedReluDepthwise?: boolean;
  /** Add gold-nas's fused SGD update (`GoldNasSgd`), which `createSgd` then uses. Default `true`. */
  readonly fusedSgd?: boolean;
  /**
   * Add gold-nas's one-pass gradient of a tensor times one value (`GoldNasScaleGrad`), which the
   * super-network's gates then use on operators that do not end in a batch norm. Default `true`.
   * @since 0.2.0
   */
  readonly fusedScaleGrad?: boolean;
  /**
   * Add gold-nas's one-pass sum of gated terms (`GoldNasWeightedAddN`: Σ x_k·s_k), which the
   * super-network's nodes then use instead of a `Multiply` per gated operator and an `AddN`, with
   * the same values. Default `true`.
   * @since 0.2.0
   */
  readonly fusedWeightedAddN?: boolean;
  /**
   * Add gold-nas's FactorizedReduce kernels (`GoldNasFactorizedReduce`, `GoldNasFactorizedReduceGrad`):
   * its two strided 1×1 convolutions and their concatenation in one kernel each way, with no copy
   * of the shifted input and no padded gradient. The super-network's reduction cells then use them
   * for every stride-2 skip_connect and for the preprocessing after a reduction. Default `true`.
   * @since 0.2.0
   */
  readonly fusedFactorizedReduce?: boolean;
  /**
   * Add gold-nas's ReLU-then-1×1-convolution kernels (`GoldNasReluPointwise`, `GoldNasReluPointwiseGrad`),
   * which the block interpreter then uses for every ReLU followed by a 1×1 stride-1 convolution (a
   * cell's preprocessing): no ReLU output is stored or differentiated. Default `true`.
   * @since 0.2.0
   */
  readonly fusedReluPointwise?: boolean;
  /**
   * Add gold-nas's 1×1-convolution-then-batch-norm kernels (`GoldNasPointwiseBatchNorm`,
   * `GoldNasPointwiseBatchNormGrad`), which the block interpreter then uses for the second half of
   * every separable and dilated convolution in the search network: one kernel call each way instead
   * of two and three, with the same values (they run the registered `Conv2D`, batch-norm and
   * convolution-gradient kernels). Default `true`.
   * @since 0.2.0
   */
  readonly fusedPointwiseBatchNorm?: boolean;
  /**
   * Add gold-nas's kernels for one half of a separable convolution (`GoldNasReluSeparableBatchNorm`,
   * `GoldNasReluSeparableBatchNormGrad`: ReLU, depthwise, 1×1, plain batch norm), composed of the
   * ReLU-depthwise and 1×1-batch-norm kernels, which the block interpreter then uses for every half of
   * a separable or dilated convolution in the search network: one kernel call each way instead of
   * two, with the same values. Default `true`.
   * @since 0.2.0
   */
  readonly fusedReluSeparableBatchNorm?: boolean;
}

/**
 * The kernels of {@link WASM_KERNEL_TABLE}.
 *
 * @since 0.1.0
 */
export type WasmTrainingKernelName =
  | 'Conv2DBackpropFilter' | 'DepthwiseConv2dNativeBackpropFilter' | 'DepthwiseConv2dNativeBackpropInput' | 'Conv2DBackpropInput' | 'Conv2D'
  | 'Identity' | 'Cast' | 'MaxPoolGrad' | 'Slice' | 'SplitV' | 'Concat' | 'AddN' | 'PadV2' | 'Add' | 'Multiply' | 'Mean'
  | typeof BATCH_NORM_KERNEL | typeof BATCH_NORM_GRAD_KERNEL | typeof BATCH_NORM_RUNNING_KERNEL | typeof RELU_DEPTHWISE_KERNEL | typeof RELU_DEPTHWISE_GRAD_KERNEL | typeof SGD_KERNEL
  | typeof SCALE_GRAD_KERNEL | typeof WEIGHTED_ADD_N_KERNEL | typeof FACTORIZED_REDUCE_KERNEL | typeof FACTORIZED_REDUCE_GRAD_KERNEL | typeof RELU_POINTWISE_KERNEL | typeof RELU_POINTWISE_GRAD_KERNEL | typeof POINTWISE_BATCH_NORM_KERNEL | typeof POINTWISE_BATCH_NORM_GRAD_KERNEL
  | typeof RELU_SEPARABLE_BATCH_NORM_KERNEL | typeof RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL;

/**
 * gold-nas's kernels for the `wasm` backend. Gap-fillers: the gradients tfjs-wasm 4.22 lacks
 * (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`), built from XNNPACK convolutions and matMul and from
 * hand-written SIMD loops on tfjs-wasm's heap (NHWC, any stride, dilation and padding), and the
 * fused `GoldNasBatchNorm`, `GoldNasBatchNormGrad`, `GoldNasBatchNormRunning`, `GoldNasReluDepthwise`,
 * `GoldNasReluDepthwiseGrad`, `GoldNasSgd`, `GoldNasScaleGrad`, `GoldNasWeightedAddN`, `GoldNasFactorizedReduce`,
 * `GoldNasFactorizedReduceGrad`, `GoldNasReluPointwise`, `GoldNasReluPointwiseGrad`, `GoldNasPointwiseBatchNorm`,
 * `GoldNasPointwiseBatchNormGrad`, `GoldNasReluSeparableBatchNorm` and `GoldNasReluSeparableBatchNormGrad`. Replacements (`replacesStock: true`):
 * `Conv2DBackpropInput`, `Identity`, `Cast`, `MaxPoolGrad`, `Slice`, `SplitV`, `Concat`, `AddN`,
 * `PadV2`, `Add`, `Multiply` and `Mean` (see {@link WasmTrainingKernelOptions} for why each one).
 *
 * @example
 * ```ts
 * import { WASM_KERNEL_TABLE } from 'gold-nas/kernels';
 * console.log(WASM_KERNEL_TABLE.rows.filter((r) => !r.replacesStock).map((r) => r.kernelName)); // ['Conv2DBackpropFilter', …]
 * ```
 * @since 0.2.0
 */
export const WASM_KERNEL_TABLE: KernelTable<keyof WasmTrainingKernelOptions, WasmTrainingKernelName> = {
  backendName: 'wasm',
  missingStock: 'tfjs-wasm has no stock kernel to fall back to; import @tensorflow/tfjs-backend-wasm first',
  rows: [
    { kernelName: 'Conv2DBackpropFilter', replacesStock: false, make: conv2dBackpropFilterWasm },
    { kernelName: 'DepthwiseConv2dNativeBackpropFilter', replacesStock: false, make: depthwiseBackpropFilterWasm },
    { kernelName: 'DepthwiseConv2dNativeBackpropInput', replacesStock: false, make: depthwiseBackpropInputWasm },
    { kernelName: 'Conv2DBackpropInput', replacesStock: true, option: 'fastConv2DBackpropInput', make: conv2dBackpropInputWasm },
    { kernelName: 'Conv2D', replacesStock: true, option: 'pointwiseConvolutions', make: conv2dPointwiseWasm },
    { kernelName: 'Identity', replacesStock: true, option: 'zeroCopyIdentity', make: () => zeroCopyIdentityWasm() },
    { kernelName: 'Cast', replacesStock: true, option: 'zeroCopyIdentity', make: (_tf, stock) => zeroCopyCastWasm(stock) },
    { kernelName: 'MaxPoolGrad', replacesStock: true, option: 'fixMaxPoolGrad', make: maxPoolGradWasm },
    { kernelName: 'Slice', replacesStock: true, option: 'fastSlice', make: sliceWasm },
    { kernelName: 'SplitV', replacesStock: true, option: 'fastSlice', make: splitVWasm },
    { kernelName: 'Concat', replacesStock: true, option: 'fastSlice', make: concatWasm },
    { kernelName: 'AddN', replacesStock: true, option: 'fastSlice', make: (_tf, stock, context) => addNWasm(stock, context) },
    { kernelName: 'PadV2', replacesStock: true, option: 'fastSlice', make: (_tf, stock) => padV2Wasm(stock) },
    { kernelName: 'Add', replacesStock: true, option: 'simdElementwise', make: (_tf, stock, context) => addWasm(stock, context) },
    { kernelName: 'Multiply', replacesStock: true, option: 'simdElementwise', make: (_tf, stock, context) => multiplyWasm(stock, context) },
    { kernelName: 'Mean', replacesStock: true, option: 'simdSpatialMean', make: (_tf, stock, context) => spatialMeanWasm(stock, context) },
    { kernelName: BATCH_NORM_KERNEL, replacesStock: false, option: 'fusedBatchNorm', make: (_tf, _stock, context) => batchNormKernel('wasm', context) },
    { kernelName: BATCH_NORM_GRAD_KERNEL, replacesStock: false, option: 'fusedBatchNorm', make: (_tf, _stock, context) => batchNormGradKernel('wasm', context) },
    { kernelName: BATCH_NORM_RUNNING_KERNEL, replacesStock: false, option: 'fusedBatchNorm', make: () => batchNormRunningKernel('wasm') },
    { kernelName: RELU_DEPTHWISE_KERNEL, replacesStock: false, option: 'fusedReluDepthwise', make: reluDepthwiseKernel },
    { kernelName: RELU_DEPTHWISE_GRAD_KERNEL, replacesStock: false, option: 'fusedReluDepthwise', make: reluDepthwiseGradKernel },
    { kernelName: SGD_KERNEL, replacesStock: false, option: 'fusedSgd', make: () => sgdKernel('wasm') },
    { kernelName: SCALE_GRAD_KERNEL, replacesStock: false, option: 'fusedScaleGrad', make: (_tf, _stock, context) => scaleGradKernel('wasm', context) },
    { kernelName: WEIGHTED_ADD_N_KERNEL, replacesStock: false, option: 'fusedWeightedAddN', make: (tf, _stock, context) => weightedAddNKernel(tf, context) },
    { kernelName: FACTORIZED_REDUCE_KERNEL, replacesStock: false, option: 'fusedFactorizedReduce', make: (_tf, _stock, context) => factorizedReduceKernel('wasm', context) },
    { kernelName: FACTORIZED_REDUCE_GRAD_KERNEL, replacesStock: false, option: 'fusedFactorizedReduce', make: (tf, _stock, context) => factorizedReduceGradKernel(tf, 'wasm', context) },
    { kernelName: RELU_POINTWISE_KERNEL, replacesStock: false, option: 'fusedReluPointwise', make: (tf, _stock, context) => reluPointwiseKernel(tf, 'wasm', context) },
    { kernelName: RELU_POINTWISE_GRAD_KERNEL, replacesStock: false, option: 'fusedReluPointwise', make: (tf, _stock, context) => reluPointwiseGradKernel(tf, 'wasm', context) },
    { kernelName: POINTWISE_BATCH_NORM_KERNEL, replacesStock: false, option: 'fusedPointwiseBatchNorm', make: (tf) => pointwiseBatchNormKernel(tf, 'wasm') },
    { kernelName: POINTWISE_BATCH_NORM_GRAD_KERNEL, replacesStock: false, option: 'fusedPointwiseBatchNorm', make: (tf) => pointwiseBatchNormGradKernel(tf, 'wasm') },
    { kernelName: RELU_SEPARABLE_BATCH_NORM_KERNEL, replacesStock: false, option: 'fusedReluSeparableBatchNorm', make: (tf) => reluSeparableBatchNormKernel(tf) },
    { kernelName: RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, replacesStock: false, option: 'fusedReluSeparableBatchNorm', make: (tf) => reluSeparableBatchNormGradKernel(tf) },
  ] satisfies readonly KernelRow<keyof WasmTrainingKernelOptions, WasmTrainingKernelName>[],
};

