/**
 * One half of a separable convolution (ReLU, depthwise convolution, 1×1 convolution, batch norm) as
 * one kernel each way, composed of the registered ReLU-depthwise and 1×1-convolution-batch-norm
 * kernels: the same values, without the engine's bookkeeping of the call between them. The contracts
 * are documented with the kernels' names, `RELU_SEPARABLE_BATCH_NORM_KERNEL` and
 * `RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL`. wasm only: cpu has no ReLU-depthwise kernel.
 *
 * @module
 * @internal
 */
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { freeIntermediate, registeredKernels } from '../support/registeredKernels.js';
import {
  POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL,
  RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, RELU_SEPARABLE_BATCH_NORM_KERNEL,
} from '../names/kernelNames.js';

/**
 * The forward kernel: the registered `RELU_DEPTHWISE_KERNEL`, then `POINTWISE_BATCH_NORM_KERNEL` on its output.
 *
 * @param tf - the tfjs namespace (its kernel registry).
 * @returns the kernel function.
 */
export function reluSeparableBatchNormKernel(tf: TF): KernelFunc {
  const run = registeredKernels(tf, 'wasm', RELU_SEPARABLE_BATCH_NORM_KERNEL);
  return ({ inputs, backend, attrs }) => {
    const { x, dwFilter, pwFilter, gamma } = inputs as { x: TensorInfo; dwFilter: TensorInfo; pwFilter: TensorInfo; gamma?: TensorInfo };
    // Each kernel reads its own attributes from the shared ones (the depthwise geometry, ε).
    const [h] = run(RELU_DEPTHWISE_KERNEL, { x, filter: dwFilter }, backend, attrs ?? {});
    const pw: NamedTensorInfoMap = gamma === undefined ? { x: h!, filter: pwFilter } : { x: h!, filter: pwFilter, gamma };
    try {
      const [y, stats, z] = run(POINTWISE_BATCH_NORM_KERNEL, pw, backend, attrs ?? {});
      return [y!, stats!, z!, h!];
    } catch (e) {
      freeIntermediate(backend, h!);
      throw e;
    }
  };
}

/**
 * The backward kernel: the registered `POINTWISE_BATCH_NORM_GRAD_KERNEL` gives dh, the 1×1 filter's
 * (and γ's) gradient, then `RELU_DEPTHWISE_GRAD_KERNEL` takes dh; dh is freed.
 *
 * @param tf - the tfjs namespace (its kernel registry).
 * @returns the kernel function.
 */
export function reluSeparableBatchNormGradKernel(tf: TF): KernelFunc {
  const run = registeredKernels(tf, 'wasm', RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL);
  return ({ inputs, backend, attrs }) => {
    const { dy, x, dwFilter, h, pwFilter, z, stats, gamma } = inputs as Record<string, TensorInfo>;
    const pw: NamedTensorInfoMap = { dy: dy!, x: h!, filter: pwFilter!, z: z!, stats: stats! };
    if (gamma !== undefined) pw['gamma'] = gamma;
    const [dh, dpw, ...rest] = run(POINTWISE_BATCH_NORM_GRAD_KERNEL, pw, backend, {});
    try {
      const [dx, ddw] = run(RELU_DEPTHWISE_GRAD_KERNEL, { dy: dh!, x: x!, filter: dwFilter! }, backend, attrs ?? {});
      return [dx!, ddw!, dpw!, ...rest];
    } finally {
      freeIntermediate(backend, dh!);
    }
  };
}
