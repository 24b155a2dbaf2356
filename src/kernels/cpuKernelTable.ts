/**
 * The kernels gold-nas can install for tfjs's pure-JS `cpu` backend, as a table. Installing is an
 * explicit call (`installKernels(tf, CPU_KERNEL_TABLE)`, or `readyBackend(tf, 'cpu')`, which makes it):
 * nothing registers on import.
 *
 * @module
 */
import type { KernelRow, KernelTable } from './kernelTable.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, BATCH_NORM_RUNNING_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL, FACTORIZED_REDUCE_GRAD_KERNEL, FACTORIZED_REDUCE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL, SCALE_GRAD_KERNEL, SGD_KERNEL } from './names/kernelNames.js';
import { conv2dBackpropFilterCpu, depthwiseBackpropFilterCpu } from './cpu/filterGrads.js';
import { binaryCpu, padV2Cpu, sliceCpu, splitVCpu, unaryCpu } from './cpu/fastPaths.js';
import { batchNormGradKernel, batchNormKernel } from './fused/batchNorm.js';
import { scaleGradKernel } from './fused/scaleGrad.js';
import { factorizedReduceGradKernel, factorizedReduceKernel } from './fused/factorizedReduce.js';
import { reluPointwiseGradKernel, reluPointwiseKernel } from './fused/reluPointwise.js';
import { sgdKernel } from './fused/sgd.js';
import { batchNormRunningKernel } from './fused/batchNormRunning.js';
import { pointwiseBatchNormGradKernel, pointwiseBatchNormKernel } from './fused/pointwiseBatchNorm.js';

/**
 * The switches of `CPU_KERNEL_TABLE` (`gold-nas/kernels`), each on by default; `readyBackend`'s `cpuKernels` option.
 *
 * @since 0.1.0
 */
export interface CpuTrainingKernelOptions {
  /**
   * Replace the stock `Conv2DBackpropFilter` and `DepthwiseConv2dNativeBackpropFilter` by direct
   * sums over output rows and filter taps (the stock ones dominate a cpu training step). Default `true`.
   */
  readonly fastFilterGradients?: boolean;
  /** Add gold-nas's fused batch-norm kernels (forward, backward, running-average update), which `batchNormOps` then uses. Default `true`. */
  readonly fusedBatchNorm?: boolean;
  /** Add gold-nas's fused SGD update, which `createSgd` then uses. Default `true`. */
  readonly fusedSgd?: boolean;
  /**
   * Add gold-nas's one-pass gradient of a tensor times one value (`GoldNasScaleGrad`), which the
   * super-network's gates then use on operators that do not end in a batch norm. Default `true`.
   * @since 0.2.0
   */
  readonly fusedScaleGrad?: boolean;
  /**
   * Add gold-nas's FactorizedReduce kernels (`GoldNasFactorizedReduce`, `GoldNasFactorizedReduceGrad`),
   * which the super-network's reduction cells then use. Default `true`.
   * @since 0.2.0
   */
  readonly fusedFactorizedReduce?: boolean;
  /**
   * Add gold-nas's ReLU-then-1×1-convolution kernels (`GoldNasReluPointwise`, `GoldNasReluPointwiseGrad`),
   * which the block interpreter then uses for a cell's preprocessing. Default `true`.
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
   * Replace `Slice`, `SplitV` and `PadV2` by block copies, and `Multiply`, `Add`, `Relu` and `Step` by plain
   * loops for float32 tensors of one shape (or with a scalar); other cases go to the stock kernels.
   * Default `true`.
   */
  readonly fastElementwise?: boolean;
}

/**
 * The kernels of {@link CPU_KERNEL_TABLE}.
 *
 * @since 0.1.0
 */
export type CpuTrainingKernelName =
  | 'Conv2DBackpropFilter' | 'DepthwiseConv2dNativeBackpropFilter' | typeof BATCH_NORM_KERNEL | typeof BATCH_NORM_GRAD_KERNEL | typeof BATCH_NORM_RUNNING_KERNEL
  | typeof SGD_KERNEL | typeof SCALE_GRAD_KERNEL | typeof FACTORIZED_REDUCE_KERNEL | typeof FACTORIZED_REDUCE_GRAD_KERNEL | typeof RELU_POINTWISE_KERNEL | typeof RELU_POINTWISE_GRAD_KERNEL | typeof POINTWISE_BATCH_NORM_KERNEL | typeof POINTWISE_BATCH_NORM_GRAD_KERNEL | 'Slice' | 'SplitV' | 'Multiply' | 'Add' | 'Relu' | 'Step' | 'PadV2';

/**
 * gold-nas's kernels for the `cpu` backend. Replacements (`replacesStock: true`): the filter
 * gradients `Conv2DBackpropFilter` and `DepthwiseConv2dNativeBackpropFilter`, and fast paths for
 * `Slice`, `SplitV`, `Multiply`, `Add`, `Relu`, `Step` and `PadV2` (float32 cases they do not cover
 * go to the stock kernel). Gap-fillers: the fused `GoldNasBatchNorm`, `GoldNasBatchNormGrad`, `GoldNasBatchNormRunning`,
 * `GoldNasSgd`, `GoldNasScaleGrad`, `GoldNasFactorizedReduce`, `GoldNasFactorizedReduceGrad`, `GoldNasReluPointwise`,
 * `GoldNasReluPointwiseGrad`, `GoldNasPointwiseBatchNorm` and `GoldNasPointwiseBatchNormGrad`. Results agree with the stock kernels to float32 rounding.
 *
 * @example
 * ```ts
 * import { CPU_KERNEL_TABLE } from 'gold-nas/kernels';
 * console.log(CPU_KERNEL_TABLE.rows.filter((r) => r.replacesStock).map((r) => r.kernelName)); // ['Conv2DBackpropFilter', …, 'PadV2']
 * ```
 * @since 0.2.0
 */
export const CPU_KERNEL_TABLE: KernelTable<keyof CpuTrainingKernelOptions, CpuTrainingKernelName> = {
  backendName: 'cpu',
  missingStock: 'the cpu backend has no stock kernel to fall back to',
  rows: [
    { kernelName: 'Conv2DBackpropFilter', replacesStock: true, option: 'fastFilterGradients', make: conv2dBackpropFilterCpu },
    { kernelName: 'DepthwiseConv2dNativeBackpropFilter', replacesStock: true, option: 'fastFilterGradients', make: depthwiseBackpropFilterCpu },
    { kernelName: BATCH_NORM_KERNEL, replacesStock: false, option: 'fusedBatchNorm', make: () => batchNormKernel('cpu') },
    { kernelName: BATCH_NORM_GRAD_KERNEL, replacesStock: false, option: 'fusedBatchNorm', make: () => batchNormGradKernel('cpu') },
    { kernelName: BATCH_NORM_RUNNING_KERNEL, replacesStock: false, option: 'fusedBatchNorm', make: () => batchNormRunningKernel('cpu') },
    { kernelName: SGD_KERNEL, replacesStock: false, option: 'fusedSgd', make: () => sgdKernel('cpu') },
    { kernelName: SCALE_GRAD_KERNEL, replacesStock: false, option: 'fusedScaleGrad', make: () => scaleGradKernel('cpu') },
    { kernelName: FACTORIZED_REDUCE_KERNEL, replacesStock: false, option: 'fusedFactorizedReduce', make: () => factorizedReduceKernel('cpu') },
    { kernelName: FACTORIZED_REDUCE_GRAD_KERNEL, replacesStock: false, option: 'fusedFactorizedReduce', make: (tf) => factorizedReduceGradKernel(tf, 'cpu') },
    { kernelName: RELU_POINTWISE_KERNEL, replacesStock: false, option: 'fusedReluPointwise', make: (tf) => reluPointwiseKernel(tf, 'cpu') },
    { kernelName: RELU_POINTWISE_GRAD_KERNEL, replacesStock: false, option: 'fusedReluPointwise', make: (tf) => reluPointwiseGradKernel(tf, 'cpu') },
    { kernelName: POINTWISE_BATCH_NORM_KERNEL, replacesStock: false, option: 'fusedPointwiseBatchNorm', make: (tf) => pointwiseBatchNormKernel(tf, 'cpu') },
    { kernelName: POINTWISE_BATCH_NORM_GRAD_KERNEL, replacesStock: false, option: 'fusedPointwiseBatchNorm', make: (tf) => pointwiseBatchNormGradKernel(tf, 'cpu') },
    { kernelName: 'Slice', replacesStock: true, option: 'fastElementwise', make: sliceCpu },
    { kernelName: 'SplitV', replacesStock: true, option: 'fastElementwise', make: splitVCpu },
    { kernelName: 'Multiply', replacesStock: true, option: 'fastElementwise', make: (_tf, stock) => binaryCpu('mul', stock) },
    { kernelName: 'Add', replacesStock: true, option: 'fastElementwise', make: (_tf, stock) => binaryCpu('add', stock) },
    { kernelName: 'Relu', replacesStock: true, option: 'fastElementwise', make: (_tf, stock) => unaryCpu('relu', stock) },
    { kernelName: 'Step', replacesStock: true, option: 'fastElementwise', make: (_tf, stock) => unaryCpu('step', stock) },
    { kernelName: 'PadV2', replacesStock: true, option: 'fastElementwise', make: (_tf, stock) => padV2Cpu(stock) },
  ] satisfies readonly KernelRow<keyof CpuTrainingKernelOptions, CpuTrainingKernelName>[],
};

