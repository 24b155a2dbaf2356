/**
 * `Slice`, `SplitV`, `Concat`, `AddN` and `PadV2` for tfjs-wasm as heap-to-heap copies and sums.
 * The stock `Slice` and `SplitV` first copy the whole input out of the wasm heap into JS
 * (`readSync`) for every slice, so splitting a tensor in k parts copied it k times; the
 * super-network's concat gradients and FactorizedReduce's shifted view spent several ms per call
 * there.
 *
 * @module
 */
import type { ConcatAttrs, KernelFunc, PadV2Attrs, SliceAttrs, SplitVAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { type WasmBackendLike, asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { heapSlice, padBlock, padGeometry } from '../support/blockCopy.js';
import type { KernelContext } from '../support/kernelContext.js';
import { type SimdRunner, simdRunner } from '../support/kernelPool.js';

/**
 * The `Slice` kernel function (a row of `WASM_KERNEL_TABLE`).
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
 * The `SplitV` kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util`).
 * @param stock - the stock kernel, used for string tensors.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function splitVWasm(tf: TF, stock: KernelFunc | undefined, context: KernelContext = {}): KernelFunc {
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype === 'string' && stock !== undefined) return stock(args);
    const b = asWasmBackend(args.backend, 'SplitV');
    const a = args.attrs as unknown as SplitVAttrs;
    const axis = tf.util.parseAxisParam(a.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, a.numOrSizeSplits, axis);
    const fast = simdRuns(b, x.dtype, x.shape, axis, sizes, context);
    if (fast !== undefined) {
      const parts = sizes.map((s) => { const shape = [...x.shape]; shape[axis] = s; return b.makeOutput(shape, x.dtype); });
      const base = b.typedArrayFromHeap(x).byteOffset;
      let offset = 0;
      for (const [i, part] of parts.entries()) {
        const len = fast.inner[i]! * 4;
        copyRows(fast.runner, base + offset, b.typedArrayFromHeap(part).byteOffset, fast.outer, len, fast.total * 4, len);
        offset += len;
      }
      return parts;
    }
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

/**
 * How a concat or split along `axis` maps onto SIMD row copies: `outer` rows, each made of one run
 * of `inner[i]` values per part (`total` in all). Undefined when a run is not a whole number of
 * 4-float vectors, the data is not float32, or the SIMD loops are unavailable.
 */
function simdRuns(b: WasmBackendLike, dtype: string, shape: readonly number[], axis: number, sizes: readonly number[], context: KernelContext):
  { runner: SimdRunner; outer: number; inner: number[]; total: number } | undefined {
  if (dtype !== 'float32') return undefined;
  const memory = wasmMemoryOf(b);
  if (memory === undefined) return undefined;
  const outer = shape.slice(0, axis).reduce((p, v) => p * v, 1);
  const after = shape.slice(axis + 1).reduce((p, v) => p * v, 1);
  const inner = sizes.map((s) => s * after);
  if (inner.some((v) => v % 4 !== 0)) return undefined;
  return { runner: simdRunner(memory, context.pool), outer, inner, total: inner.reduce((p, v) => p + v, 0) };
}

/** `rows` runs of `lenBytes` from `src` (stride `srcStride`) to `dst` (stride `dstStride`), shared among the pool's threads when large. */
function copyRows(r: SimdRunner, src: number, dst: number, rows: number, lenBytes: number, srcStride: number, dstStride: number): void {
  r.run('copyRows', [src, dst, lenBytes, srcStride, dstStride], rows, r.chunks(rows, (rows * lenBytes) / 16));
}

/**
 * A `Concat` for tfjs-wasm: float32 inputs whose runs along the axis are whole 4-float vectors are
 * copied by a SIMD loop (the stock kernel copies each run through a JS `subarray`, which is slow
 * for the short runs of a concat on channels); anything else goes to the stock kernel.
 *
 * @param tf - the tfjs namespace (for `util`).
 * @param stock - the stock kernel.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function concatWasm(tf: TF, stock: KernelFunc | undefined, context: KernelContext = {}): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const inputs = (Array.isArray(args.inputs) ? args.inputs : Object.values(args.inputs)) as TensorInfo[];
    const parts = inputs.filter((t) => t.shape.reduce((p, v) => p * v, 1) > 0);
    if (parts.length < 2) return stock(args);
    const b = asWasmBackend(args.backend, 'Concat');
    const axis = tf.util.parseAxisParam((args.attrs as unknown as ConcatAttrs).axis, parts[0]!.shape)[0]!;
    const fast = parts.every((t) => t.dtype === parts[0]!.dtype)
      ? simdRuns(b, parts[0]!.dtype, parts[0]!.shape, axis, parts.map((t) => t.shape[axis]!), context)
      : undefined;
    if (fast === undefined) return stock(args);
    const shape = [...parts[0]!.shape];
    shape[axis] = parts.reduce((p, t) => p + t.shape[axis]!, 0);
    const out = b.makeOutput(shape, parts[0]!.dtype);
    const base = b.typedArrayFromHeap(out).byteOffset;
    let offset = 0;
    for (const [i, t] of parts.entries()) {
      const len = fast.inner[i]! * 4;
      copyRows(fast.runner, b.typedArrayFromHeap(t).byteOffset, base + offset, fast.outer, len, len, fast.total * 4);
      offset += len;
    }
    return out;
  };
}

/**
 * An `AddN` for tfjs-wasm: float32 tensors whose size is a multiple of 4 are summed in one SIMD pass
 * (the stock kernel is several times slower); anything else goes to the stock kernel.
 *
 * @param stock - the stock kernel.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function addNWasm(stock: KernelFunc | undefined, context: KernelContext = {}): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const inputs = (Array.isArray(args.inputs) ? args.inputs : Object.values(args.inputs)) as TensorInfo[];
    const b = asWasmBackend(args.backend, 'AddN');
    const size = inputs[0]!.shape.reduce((p, v) => p * v, 1);
    const memory = wasmMemoryOf(b);
    if (memory === undefined || size % 4 !== 0 || size === 0 || inputs.some((t) => t.dtype !== 'float32')) return stock(args);
    const out = b.makeOutput([...inputs[0]!.shape], 'float32');
    const table = b.makeOutput([inputs.length], 'int32');
    try {
      (b.typedArrayFromHeap(table) as Int32Array).set(inputs.map((t) => b.typedArrayFromHeap(t).byteOffset));
      const r = simdRunner(memory, context.pool);
      const vectors = size / 4;
      r.run('addN', [b.typedArrayFromHeap(table).byteOffset, inputs.length, b.typedArrayFromHeap(out).byteOffset], vectors, r.chunks(vectors, vectors * inputs.length));
    } finally {
      b.disposeData(table.dataId);
    }
    return out;
  };
}

/**
 * A `PadV2` for tfjs-wasm: the output filled with the constant, then the input copied into its
 * block one contiguous run at a time (the stock kernel computes an index per element). Strings and
 * anything unexpected go to the stock kernel.
 *
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function padV2Wasm(stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const g = padGeometry(x, args.attrs as unknown as PadV2Attrs);
    if (g === undefined) return stock(args);
    const b = asWasmBackend(args.backend, 'PadV2');
    const out = b.makeOutput(g.shape, x.dtype);
    // Views after the allocation: it may grow (and move) the heap.
    padBlock(b.typedArrayFromHeap(out), g, x.shape, b.typedArrayFromHeap(x));
    return out;
  };
}
