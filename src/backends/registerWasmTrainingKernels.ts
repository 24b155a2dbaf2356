/**
 * Registers the kernels tfjs-wasm needs to train convolutional networks. An explicit call: nothing
 * registers on import.
 *
 * @module
 */
import type { TF } from './tf.js';
import { type KernelCandidate, type KernelRegistration, installKernels, removeKernels } from './kernelInstall.js';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilterWasm.js';
import { conv2dBackpropInputWasm } from './conv2dBackpropInputWasm.js';
import { depthwiseBackpropFilterWasm } from './depthwiseBackpropFilterWasm.js';
import { depthwiseBackpropInputWasm } from './depthwiseBackpropInputWasm.js';
import { zeroCopyCastWasm, zeroCopyIdentityWasm } from './zeroCopyIdentityWasm.js';
import { maxPoolGradWasm } from './maxPoolGradWasm.js';
import { addNWasm, concatWasm, padV2Wasm, sliceWasm, splitVWasm } from './sliceWasm.js';
import { batchNormGradKernel, batchNormKernel } from './batchNormKernels.js';
import { reluDepthwiseGradKernel, reluDepthwiseKernel } from './reluDepthwiseKernels.js';
import { sgdKernel } from './sgdKernel.js';

/** The kernels gold-nas can register for the `wasm` backend, in registration order. */
export const WASM_TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'Conv2DBackpropInput',
  'Identity',
  'Cast',
  'MaxPoolGrad',
  'Slice',
  'SplitV',
  'Concat',
  'AddN',
  'PadV2',
  'GoldNasBatchNorm',
  'GoldNasBatchNormGrad',
  'GoldNasReluDepthwise',
  'GoldNasReluDepthwiseGrad',
  'GoldNasSgd',
] as const;

/** The kernels gold-nas can register for the `wasm` backend. */
export type WasmTrainingKernelName = (typeof WASM_TRAINING_KERNELS)[number];

/** Which optional replacements {@link registerWasmTrainingKernels} installs. */
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
   * Register gold-nas's fused batch-norm kernels (`GoldNasBatchNorm`, `GoldNasBatchNormGrad`), which
   * `batchNormOps` then uses: one SIMD kernel per direction instead of about fifteen stock ones.
   * Default `true`.
   */
  readonly fusedBatchNorm?: boolean;
  /**
   * Register gold-nas's fused ReLU-then-depthwise-convolution kernels (`GoldNasReluDepthwise`,
   * `GoldNasReluDepthwiseGrad`), which the block interpreter then uses for the first half of every
   * separable and dilated convolution whose channel count is a multiple of 4. Default `true`.
   */
  readonly fusedReluDepthwise?: boolean;
  /** Register gold-nas's fused SGD update (`GoldNasSgd`), which `createSgd` then uses. Default `true`. */
  readonly fusedSgd?: boolean;
}

/** What {@link registerWasmTrainingKernels} did. */
export type WasmKernelRegistration = KernelRegistration<WasmTrainingKernelName>;

/**
 * Registers, for the tfjs `wasm` backend, the gradient kernels it lacks
 * (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`), built from its fast XNNPACK convolutions and matMul, and,
 * unless turned off, a zero-copy `Identity`, an XNNPACK `Conv2DBackpropInput`, a corrected
 * `MaxPoolGrad`, heap-to-heap `Slice` and `SplitV`, SIMD `Concat` and `AddN`, and gold-nas's fused
 * batch-norm, ReLU-depthwise and SGD kernels.
 *
 * Idempotent: kernels an earlier call registered are left alone. A gap kernel that tfjs-wasm itself
 * provides (a newer tfjs) is not replaced. Registration is global to the `tf` namespace's kernel
 * registry; it works before or after `tf.setBackend('wasm')`. Undo it with
 * {@link unregisterWasmTrainingKernels}. The kernels support NHWC only, any stride, dilation,
 * `'same'`/`'valid'`/explicit padding, and any depthwise channel multiplier.
 *
 * @param tf - the tfjs namespace (with `@tensorflow/tfjs-backend-wasm` imported).
 * @param options - which optional replacements to install.
 * @returns what was registered, what was already there, and what was skipped.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from 'gold-nas';
 * const done = registerWasmTrainingKernels(tf);
 * await tf.setBackend('wasm');
 * console.log(done.registered); // ['Conv2DBackpropFilter', ...]
 * ```
 */
export function registerWasmTrainingKernels(tf: TF, options: WasmTrainingKernelOptions = {}): WasmKernelRegistration {
  const specs: Record<WasmTrainingKernelName, Omit<KernelCandidate<WasmTrainingKernelName>, 'name'>> = {
    Conv2DBackpropFilter: { replaces: false, enabled: true, make: () => conv2dBackpropFilterWasm(tf) },
    DepthwiseConv2dNativeBackpropFilter: { replaces: false, enabled: true, make: () => depthwiseBackpropFilterWasm(tf) },
    DepthwiseConv2dNativeBackpropInput: { replaces: false, enabled: true, make: () => depthwiseBackpropInputWasm(tf) },
    Conv2DBackpropInput: { replaces: true, enabled: options.fastConv2DBackpropInput ?? true, make: () => conv2dBackpropInputWasm(tf) },
    Identity: { replaces: true, enabled: options.zeroCopyIdentity ?? true, make: () => zeroCopyIdentityWasm() },
    Cast: { replaces: true, enabled: options.zeroCopyIdentity ?? true, make: (stock) => zeroCopyCastWasm(stock) },
    MaxPoolGrad: { replaces: true, enabled: options.fixMaxPoolGrad ?? true, make: () => maxPoolGradWasm(tf) },
    Slice: { replaces: true, enabled: options.fastSlice ?? true, make: (stock) => sliceWasm(tf, stock) },
    SplitV: { replaces: true, enabled: options.fastSlice ?? true, make: (stock) => splitVWasm(tf, stock) },
    Concat: { replaces: true, enabled: options.fastSlice ?? true, make: (stock) => concatWasm(tf, stock) },
    AddN: { replaces: true, enabled: options.fastSlice ?? true, make: (stock) => addNWasm(stock) },
    PadV2: { replaces: true, enabled: options.fastSlice ?? true, make: (stock) => padV2Wasm(stock) },
    GoldNasBatchNorm: { replaces: false, enabled: options.fusedBatchNorm ?? true, make: () => batchNormKernel('wasm') },
    GoldNasBatchNormGrad: { replaces: false, enabled: options.fusedBatchNorm ?? true, make: () => batchNormGradKernel('wasm') },
    GoldNasReluDepthwise: { replaces: false, enabled: options.fusedReluDepthwise ?? true, make: () => reluDepthwiseKernel(tf) },
    GoldNasReluDepthwiseGrad: { replaces: false, enabled: options.fusedReluDepthwise ?? true, make: () => reluDepthwiseGradKernel(tf) },
    GoldNasSgd: { replaces: false, enabled: options.fusedSgd ?? true, make: () => sgdKernel('wasm') },
  };
  const candidates = WASM_TRAINING_KERNELS.map((name) => ({ name, ...specs[name] }));
  return installKernels(tf, 'wasm', candidates,
    'tfjs-wasm has no stock kernel to fall back to; import @tensorflow/tfjs-backend-wasm first');
}

/**
 * Removes the kernels {@link registerWasmTrainingKernels} registered, and puts back the stock
 * kernels they replaced.
 *
 * @param tf - the tfjs namespace.
 * @returns the kernels removed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from 'gold-nas';
 * registerWasmTrainingKernels(tf);
 * unregisterWasmTrainingKernels(tf); // ['Conv2DBackpropFilter', ...]
 * ```
 */
export function unregisterWasmTrainingKernels(tf: TF): WasmTrainingKernelName[] {
  return removeKernels(tf, 'wasm', WASM_TRAINING_KERNELS);
}
