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
import { asWasmBackend } from '../support/wasmBackend.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
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

/**
 * A `Cast` for tfjs-wasm that shares the data, like {@link zeroCopyIdentityWasm}, when the dtype
 * does not change (tfjs's ReLU gradient casts a float32 step to float32 on every call; the stock
 * kernel copies it); other casts go to the stock kernel.
 *
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function zeroCopyCastWasm(stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if ((args.attrs as { dtype?: string }).dtype !== x.dtype) return stock(args);
    asWasmBackend(args.backend, 'Cast').incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
