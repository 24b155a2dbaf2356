/**
 * A differentiable op over a pair of gold-nas's fused kernels: a forward kernel, and a backward
 * kernel that takes `dy` and the same inputs and returns one gradient per input. The ReLU-depthwise,
 * ReLU-1×1 and FactorizedReduce ops are each one such pair.
 *
 * @module
 * @internal
 */
import type { GradSaveFunc, NamedAttrMap, NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';

/**
 * The op `(…inputs) => forward(inputs)`, whose gradient is `backward({ dy, …inputs })` (the inputs
 * saved for it by tfjs's tape).
 *
 * @param tf - the injected tfjs namespace.
 * @param forward - the forward kernel's name.
 * @param backward - the backward kernel's name.
 * @param names - the kernels' input names, in the op's argument order (the backward kernel's outputs follow it too).
 * @param attrs - the attributes both kernels take.
 * @returns the op.
 * @internal
 */
export function kernelPairOp(tf: TF, forward: string, backward: string, names: readonly string[], attrs: NamedAttrMap = {}): (...inputs: Tensor[]) => Tensor {
  const named = (ts: readonly Tensor[], into: NamedTensorMap = {}): NamedTensorMap => {
    names.forEach((n, i) => { into[n] = ts[i]!; });
    return into;
  };
  return tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const inputs = args.slice(0, names.length) as Tensor[];
    (args[names.length] as GradSaveFunc)(inputs);
    return {
      value: tf.engine().runKernel(forward, named(inputs), attrs) as Tensor,
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.engine().runKernel(backward, named(saved, { dy }), attrs) as Tensor[],
    };
  }) as (...inputs: Tensor[]) => Tensor;
}
