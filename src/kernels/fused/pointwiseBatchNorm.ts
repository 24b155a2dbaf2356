/**
 * A 1×1 convolution then a batch norm (the second half of every separable and dilated convolution)
 * as one kernel each way, composed of the backend's registered kernels: the same values as running
 * them one by one, without the engine's bookkeeping of each call (a tensor, a scope, a tape node),
 * which in a super-network step costs about as much as a small kernel. The contracts are documented
 * with the kernels' names, `POINTWISE_BATCH_NORM_KERNEL` and `POINTWISE_BATCH_NORM_GRAD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { freeIntermediate, registeredKernels } from '../support/registeredKernels.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, POINTWISE_BATCH_NORM_GRAD_KERNEL, POINTWISE_BATCH_NORM_KERNEL } from '../names/kernelNames.js';

/** The attributes `tf.conv2d(x, filter, 1, 'valid')` passes, and those tfjs's `Conv2D` gradient passes its two kernels (`dimRoundingMode` undefined). */
const CONV = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] };
const BACKPROP = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' };

/** Checks the shapes of a 1×1 stride-1 convolution: `x` `[N, H, W, Cin]`, `filter` `[1, 1, Cin, Cout]`. */
function checkPointwise(kernelName: string, x: TensorInfo, filter: TensorInfo): void {
  const [kh, kw, cin] = filter.shape;
  if (x.shape.length !== 4 || filter.shape.length !== 4 || kh !== 1 || kw !== 1 || cin !== x.shape[3]) {
    throw new Error(`gold-nas ${kernelName}: expected x [N, H, W, Cin] and filter [1, 1, Cin, Cout], got [${x.shape.join(', ')}] and [${filter.shape.join(', ')}].`);
  }
}

/**
 * The forward kernel: the registered `Conv2D`, then the registered `BATCH_NORM_KERNEL` on its output.
 *
 * @param tf - the tfjs namespace (its kernel registry).
 * @param backendName - `cpu` or `wasm`.
 * @returns the kernel function.
 */
export function pointwiseBatchNormKernel(tf: TF, backendName: 'cpu' | 'wasm'): KernelFunc {
  const run = registeredKernels(tf, backendName, POINTWISE_BATCH_NORM_KERNEL);
  return ({ inputs, backend, attrs }) => {
    const { x, filter, gamma } = inputs as { x: TensorInfo; filter: TensorInfo; gamma?: TensorInfo };
    checkPointwise(POINTWISE_BATCH_NORM_KERNEL, x, filter);
    const [z] = run('Conv2D', { x, filter }, backend, CONV);
    try {
      const [y, stats] = run(BATCH_NORM_KERNEL, gamma === undefined ? { x: z! } : { x: z!, gamma }, backend, attrs ?? {});
      return [y!, stats!, z!];
    } catch (e) {
      freeIntermediate(backend, z!);
      throw e;
    }
  };
}

/**
 * The backward kernel: the registered `BATCH_NORM_GRAD_KERNEL` gives dz (and γ's gradient), then the
 * registered `Conv2DBackpropInput` and `Conv2DBackpropFilter` take dz, with the attributes tfjs's
 * `Conv2D` gradient gives them; dz is freed.
 *
 * @param tf - the tfjs namespace (its kernel registry).
 * @param backendName - `cpu` or `wasm`.
 * @returns the kernel function.
 */
export function pointwiseBatchNormGradKernel(tf: TF, backendName: 'cpu' | 'wasm'): KernelFunc {
  const run = registeredKernels(tf, backendName, POINTWISE_BATCH_NORM_GRAD_KERNEL);
  return ({ inputs, backend }) => {
    const { dy, x, filter, z, stats, gamma } = inputs as { dy: TensorInfo; x: TensorInfo; filter: TensorInfo; z: TensorInfo; stats: TensorInfo; gamma?: TensorInfo };
    checkPointwise(POINTWISE_BATCH_NORM_GRAD_KERNEL, x, filter);
    const bnInputs: NamedTensorInfoMap = gamma === undefined ? { dy, x: z, stats } : { dy, x: z, stats, gamma };
    const [dz, ...rest] = run(BATCH_NORM_GRAD_KERNEL, bnInputs, backend, { outputs: gamma === undefined ? 1 : 2 });
    try {
      const [dx] = run('Conv2DBackpropInput', { dy: dz!, filter }, backend, { ...BACKPROP, inputShape: x.shape });
      const [dfilter] = run('Conv2DBackpropFilter', { x, dy: dz! }, backend, { ...BACKPROP, filterShape: filter.shape });
      return [dx!, dfilter!, ...rest];
    } finally {
      freeIntermediate(backend, dz!);
    }
  };
}
