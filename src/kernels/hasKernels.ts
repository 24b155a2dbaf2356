/**
 * Whether kernels are registered for the active backend, by name, through tfjs's kernel registry:
 * how the blocks and the optimisers decide between a fused kernel and stock ops.
 *
 * @module
 */
import type { TF } from '../tf.js';

/**
 * Whether tfjs's kernel registry holds every one of `kernelNames` for the active backend.
 *
 * @param tf - the tfjs namespace.
 * @param kernelNames - the kernels, for example `[BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL]`.
 * @returns true when all are registered for `tf.getBackend()`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { SGD_KERNEL, hasKernels } from 'gold-nas/kernels';
 * if (!hasKernels(tf, [SGD_KERNEL])) console.log('createSgd will use stock ops');
 * ```
 * @since 0.2.0
 */
export function hasKernels(tf: TF, kernelNames: readonly string[]): boolean {
  const backend = tf.getBackend() as string | null | undefined;
  return backend !== null && backend !== undefined && kernelNames.every((name) => tf.getKernel(name, backend) !== undefined);
}
