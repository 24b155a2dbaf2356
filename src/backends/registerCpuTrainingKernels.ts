/**
 * Registers faster training kernels for tfjs's pure-JS `cpu` backend. An explicit call: nothing
 * registers on import.
 *
 * @module
 */
import type { TF } from './tf.js';
import { type KernelCandidate, type KernelRegistration, installKernels, removeKernels } from './kernelInstall.js';
import { conv2dBackpropFilterCpu, depthwiseBackpropFilterCpu } from './cpuFilterGrads.js';
import { batchNormGradKernel, batchNormKernel } from './batchNormKernels.js';
import { sgdKernel } from './sgdKernel.js';
import { binaryCpu, padV2Cpu, sliceCpu, splitVCpu, unaryCpu } from './cpuFastKernels.js';

/** The kernels gold-nas can register for the `cpu` backend, in registration order. */
export const CPU_TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'GoldNasBatchNorm',
  'GoldNasBatchNormGrad',
  'GoldNasSgd',
  'Slice',
  'SplitV',
  'Multiply',
  'Add',
  'Relu',
  'Step',
  'PadV2',
] as const;

/** The kernels gold-nas can register for the `cpu` backend. */
export type CpuTrainingKernelName = (typeof CPU_TRAINING_KERNELS)[number];

/** Which kernels {@link registerCpuTrainingKernels} installs (all by default). */
export interface CpuTrainingKernelOptions {
  /** Replace the stock convolution and depthwise filter gradients by direct sums over output rows. Default `true`. */
  readonly fastFilterGradients?: boolean;
  /** Register gold-nas's fused batch-norm kernels, which `batchNormOps` then uses. Default `true`. */
  readonly fusedBatchNorm?: boolean;
  /** Register gold-nas's fused SGD update, which `createSgd` then uses. Default `true`. */
  readonly fusedSgd?: boolean;
  /**
   * Replace `Slice`, `SplitV` and `PadV2` by block copies, and `Multiply`, `Add`, `Relu` and `Step` by plain
   * loops for float32 tensors of one shape (or with a scalar); other cases use the stock kernels.
   * Default `true`.
   */
  readonly fastElementwise?: boolean;
}

/** What {@link registerCpuTrainingKernels} did. */
export type CpuKernelRegistration = KernelRegistration<CpuTrainingKernelName>;

/**
 * Registers, for the tfjs `cpu` backend, a `Conv2DBackpropFilter` and a
 * `DepthwiseConv2dNativeBackpropFilter` that sum directly over output rows and filter taps (the
 * stock ones dominate a cpu training step), gold-nas's fused batch-norm and SGD kernels, and fast
 * paths for `Slice`, `SplitV`, `PadV2`, `Multiply`, `Add`, `Relu` and `Step`. Results agree with the stock
 * kernels to float32 rounding.
 *
 * Idempotent; global to the `tf` namespace's kernel registry; works before or after
 * `tf.setBackend('cpu')`. Undo it with {@link unregisterCpuTrainingKernels}. `readyBackend(tf, 'cpu')`
 * calls it unless told not to.
 *
 * @param tf - the tfjs namespace.
 * @param options - which kernels to install.
 * @returns what was registered, what was already there, and what was skipped.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerCpuTrainingKernels } from 'gold-nas';
 * registerCpuTrainingKernels(tf);
 * await tf.setBackend('cpu');
 * ```
 */
export function registerCpuTrainingKernels(tf: TF, options: CpuTrainingKernelOptions = {}): CpuKernelRegistration {
  const filters = options.fastFilterGradients ?? true;
  const bn = options.fusedBatchNorm ?? true;
  const fast = options.fastElementwise ?? true;
  const specs: Record<CpuTrainingKernelName, Omit<KernelCandidate<CpuTrainingKernelName>, 'name'>> = {
    Conv2DBackpropFilter: { replaces: true, enabled: filters, make: (stock) => conv2dBackpropFilterCpu(tf, stock) },
    DepthwiseConv2dNativeBackpropFilter: { replaces: true, enabled: filters, make: (stock) => depthwiseBackpropFilterCpu(tf, stock) },
    GoldNasBatchNorm: { replaces: false, enabled: bn, make: () => batchNormKernel('cpu') },
    GoldNasBatchNormGrad: { replaces: false, enabled: bn, make: () => batchNormGradKernel('cpu') },
    GoldNasSgd: { replaces: false, enabled: options.fusedSgd ?? true, make: () => sgdKernel('cpu') },
    Slice: { replaces: true, enabled: fast, make: (stock) => sliceCpu(tf, stock) },
    SplitV: { replaces: true, enabled: fast, make: (stock) => splitVCpu(tf, stock) },
    Multiply: { replaces: true, enabled: fast, make: (stock) => binaryCpu('mul', stock) },
    Add: { replaces: true, enabled: fast, make: (stock) => binaryCpu('add', stock) },
    Relu: { replaces: true, enabled: fast, make: (stock) => unaryCpu('relu', stock) },
    Step: { replaces: true, enabled: fast, make: (stock) => unaryCpu('step', stock) },
    PadV2: { replaces: true, enabled: fast, make: (stock) => padV2Cpu(stock) },
  };
  const candidates = CPU_TRAINING_KERNELS.map((name) => ({ name, ...specs[name] }));
  return installKernels(tf, 'cpu', candidates, 'the cpu backend has no stock kernel to fall back to');
}

/**
 * Removes the kernels {@link registerCpuTrainingKernels} registered and puts back the stock ones.
 *
 * @param tf - the tfjs namespace.
 * @returns the kernels removed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerCpuTrainingKernels, unregisterCpuTrainingKernels } from 'gold-nas';
 * registerCpuTrainingKernels(tf);
 * unregisterCpuTrainingKernels(tf); // ['Conv2DBackpropFilter', ...]
 * ```
 */
export function unregisterCpuTrainingKernels(tf: TF): CpuTrainingKernelName[] {
  return removeKernels(tf, 'cpu', CPU_TRAINING_KERNELS);
}
