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
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { fusedBackend } from '../support/backendStorage.js';
import { registeredKernels } from '../support/registeredKernels.js';
import {
  POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL,
  RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL, RELU_SEPARABLE_BATCH_NORM_KERNEL, type ReluDepthwiseAttrs,
} from '../names/kernelNames.js';

/** The depthwise convolution's attributes, as the ReLU-depthwise op passes them. */
const depthwiseAttrs = (attrs: NamedAttrMap | undefined): NamedAttrMap => {
  const a = (attrs ?? {}) as unknown as ReluDepthwiseAttrs;
  return { strides: [...a.strides], pad: [...a.pad], dilation: a.dilation };
};

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
    const [h] = run(RELU_DEPTHWISE_KERNEL, { x, filter: dwFilter }, backend, depthwiseAttrs(attrs));
    const pw: NamedTensorInfoMap = gamma === undefined ? { x: h!, filter: pwFilter } : { x: h!, filter: pwFilter, gamma };
    try {
      const [y, stats, z] = run(POINTWISE_BATCH_NORM_KERNEL, pw, backend, { epsilon: Number(attrs?.['epsilon'] ?? 1e-5) });
      return [y!, stats!, z!, h!];
    } catch (e) {
      fusedBackend('wasm', backend, RELU_SEPARABLE_BATCH_NORM_KERNEL).storage.dispose(h!);
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
      const [dx, ddw] = run(RELU_DEPTHWISE_GRAD_KERNEL, { dy: dh!, x: x!, filter: dwFilter! }, backend, depthwiseAttrs(attrs));
      return [dx!, ddw!, dpw!, ...rest];
    } finally {
      fusedBackend('wasm', backend, RELU_SEPARABLE_BATCH_NORM_GRAD_KERNEL).storage.dispose(dh!);
    }
  };
}
