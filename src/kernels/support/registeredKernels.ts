/**
 * Running the kernels registered for a backend from inside another kernel, on backend data: what a
 * kernel composed of others (gold-nas's chains of fused kernels) needs, without the engine's
 * bookkeeping of each call (a tensor, a scope, a tape node).
 *
 * @module
 * @internal
 */
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';

/** Runs kernel `name` on `inputs` as the engine would, returning its outputs as a list. */
export type KernelRunner = (name: string, inputs: NamedTensorInfoMap, backend: unknown, attrs: NamedAttrMap) => TensorInfo[];

/**
 * A runner of the kernels registered for `backendName` (looked up at each call, so it runs whatever
 * is registered then: the same kernels the ops would run).
 *
 * @param tf - the tfjs namespace (its kernel registry).
 * @param backendName - the backend.
 * @param caller - the composed kernel's name, for messages.
 * @returns the runner; it throws when a kernel is not registered.
 */
export function registeredKernels(tf: TF, backendName: string, caller: string): KernelRunner {
  return (name, inputs, backend, attrs) => {
    const k = tf.getKernel(name, backendName);
    if (k === undefined) throw new Error(`gold-nas ${caller}: no '${name}' kernel is registered for ${backendName}`);
    const out = k.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo | TensorInfo[];
    return Array.isArray(out) ? out : [out];
  };
}

/**
 * Frees backend data a composed kernel made and does not return (cpu's and wasm's backends count
 * references per data id, so this drops the kernel's own).
 *
 * @param backend - the `backend` the kernel function received.
 * @param t - the intermediate.
 */
export function freeIntermediate(backend: unknown, t: TensorInfo): void {
  (backend as { disposeData(dataId: object): unknown }).disposeData(t.dataId);
}
