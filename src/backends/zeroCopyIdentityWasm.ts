/**
 * A zero-copy `Identity` for tfjs-wasm. The stock kernel copies its input; tfjs routes every
 * tensor it saves for the backward pass through `Identity` (`engine.clone`), so training holds
 * each saved activation twice. Sharing the data (one more reference, as `Reshape` does) is safe
 * because no tfjs kernel writes into its inputs; `Variable.assign` swaps data rather than
 * writing into it.
 *
 * @module
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend } from './wasmKernelOps.js';

/**
 * The kernel function (registered by `registerWasmTrainingKernels`).
 *
 * @returns the kernel function.
 */
export function zeroCopyIdentityWasm(): KernelFunc {
  return ({ inputs, backend }) => {
    const x = inputs['x'] as TensorInfo;
    asWasmBackend(backend, 'Identity').incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
