/**
 * `Slice` and `SplitV` for tfjs-wasm as heap-to-heap copies. The stock kernels first copy the
 * whole input out of the wasm heap into JS (`readSync`) for every slice, so splitting a tensor in
 * k parts copied it k times; the super-network's concat gradients and FactorizedReduce's shifted
 * view spent several ms per call there.
 *
 * @module
 */
import type { KernelFunc, SliceAttrs, SplitVAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';
import { type WasmBackendLike, asWasmBackend } from './wasmKernelOps.js';

type Heap = Float32Array | Int32Array | Uint8Array;

/**
 * Copies the block `[begin, begin + size)` of a row-major array into `dst`, one `set` per
 * contiguous run.
 *
 * @param src - the source values.
 * @param shape - the source shape.
 * @param begin - the block's first index per axis.
 * @param size - the block's extent per axis.
 * @param dst - the destination, `size` row-major.
 */
export function copyBlock(src: Heap, shape: readonly number[], begin: readonly number[], size: readonly number[], dst: Heap): void {
  const rank = shape.length;
  if (size.some((s) => s === 0)) return;
  // The trailing axes copied whole, plus the first partial one, form contiguous runs.
  let split = rank;
  while (split > 0 && begin[split - 1] === 0 && size[split - 1] === shape[split - 1]) split--;
  const inner = shape.slice(split).reduce((a, b) => a * b, 1);
  const runAxis = split - 1;
  const run = runAxis < 0 ? inner : size[runAxis]! * inner;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  if (runAxis < 0) { dst.set(src.subarray(0, run)); return; }
  const idx = new Array<number>(runAxis).fill(0);
  let out = 0;
  for (;;) {
    let offset = begin[runAxis]! * inner;
    for (let i = 0; i < runAxis; i++) offset += (begin[i]! + idx[i]!) * strides[i]!;
    dst.set(src.subarray(offset, offset + run), out);
    out += run;
    let i = runAxis - 1;
    while (i >= 0 && ++idx[i]! === size[i]!) { idx[i] = 0; i--; }
    if (i < 0) break;
  }
}

function heapSlice(b: WasmBackendLike, x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
  const out = b.makeOutput([...size], x.dtype);
  // Views after the allocation: it may grow (and move) the heap.
  copyBlock(b.typedArrayFromHeap(x), x.shape, begin, size, b.typedArrayFromHeap(out));
  return out;
}

/**
 * The `Slice` kernel function (registered by `registerWasmTrainingKernels`).
 *
 * @param tf - the tfjs namespace (for `slice_util`).
 * @param stock - the stock kernel, used for string tensors.
 * @returns the kernel function.
 */
export function sliceWasm(tf: TF, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype === 'string' && stock !== undefined) return stock(args);
    const b = asWasmBackend(args.backend, 'Slice');
    const a = args.attrs as unknown as SliceAttrs;
    const [begin, size] = tf.slice_util.parseSliceParams(x, a.begin, a.size);
    return heapSlice(b, x, begin, size);
  };
}

/**
 * The `SplitV` kernel function (registered by `registerWasmTrainingKernels`).
 *
 * @param tf - the tfjs namespace (for `backend_util`).
 * @param stock - the stock kernel, used for string tensors.
 * @returns the kernel function.
 */
export function splitVWasm(tf: TF, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype === 'string' && stock !== undefined) return stock(args);
    const b = asWasmBackend(args.backend, 'SplitV');
    const a = args.attrs as unknown as SplitVAttrs;
    const axis = tf.util.parseAxisParam(a.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, a.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = heapSlice(b, x, begin, size);
      begin[axis] = begin[axis]! + s;
      return part;
    });
  };
}
