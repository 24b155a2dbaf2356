/**
 * Block copies on row-major typed arrays, shared by the wasm and cpu `Slice`, `SplitV` and `PadV2`
 * kernels and by `wasmOps().cropHW`: one `set` per contiguous run instead of an index per element.
 *
 * @module
 * @internal
 */
import type { PadV2Attrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasmBackend.js';

/** The typed arrays a backend stores numeric tensors in. */
export type TypedValues = Float32Array | Int32Array | Uint8Array;

/**
 * Copies the block `[begin, begin + size)` of a row-major array into `dst`, one `set` per
 * contiguous run; with `into`, the other way: `dst`'s values into that block of `src`.
 *
 * @param src - the source values (the destination with `into`).
 * @param shape - the source shape.
 * @param begin - the block's first index per axis.
 * @param size - the block's extent per axis.
 * @param dst - the destination, `size` row-major (the source with `into`).
 * @param into - copy `dst` into the block of `src` instead.
 */
export function copyBlock(src: TypedValues, shape: readonly number[], begin: readonly number[], size: readonly number[], dst: TypedValues, into = false): void {
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
  if (runAxis < 0) {
    if (into) src.set(dst.subarray(0, run)); else dst.set(src.subarray(0, run));
    return;
  }
  const idx = new Array<number>(runAxis).fill(0);
  let out = 0;
  for (;;) {
    let offset = begin[runAxis]! * inner;
    for (let i = 0; i < runAxis; i++) offset += (begin[i]! + idx[i]!) * strides[i]!;
    if (into) src.set(dst.subarray(out, out + run), offset); else dst.set(src.subarray(offset, offset + run), out);
    out += run;
    let i = runAxis - 1;
    while (i >= 0 && ++idx[i]! === size[i]!) { idx[i] = 0; i--; }
    if (i < 0) break;
  }
}

/**
 * The block `[begin, begin + size)` of a tensor on tfjs-wasm's heap, as a new tensor (a heap-to-heap
 * block copy).
 *
 * @param b - the wasm backend.
 * @param x - the tensor.
 * @param begin - the block's first index per axis.
 * @param size - the block's extent per axis.
 * @returns a new tensor of shape `size` and `x`'s dtype (the caller owns it).
 */
export function heapSlice(b: WasmBackendLike, x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
  const out = b.makeOutput([...size], x.dtype);
  // Views after the allocation: it may grow (and move) the heap.
  copyBlock(b.typedArrayFromHeap(x), x.shape, begin, size, b.typedArrayFromHeap(out));
  return out;
}

/** A constant padding that `padBlock` can do: the output shape, where the input goes, and the fill value. */
export interface PadGeometry {
  /** The padded shape. */
  readonly shape: number[];
  /** The input's first index in the output, per axis. */
  readonly begin: number[];
  /** The value of the padding. */
  readonly value: number;
}

/**
 * A `PadV2`'s geometry, or undefined for what the block copy does not handle (strings, a paddings
 * list of the wrong rank, negative paddings): the stock kernel's job.
 *
 * @param x - the input.
 * @param attrs - the kernel's attributes.
 * @returns the geometry, or undefined.
 */
export function padGeometry(x: TensorInfo, attrs: PadV2Attrs): PadGeometry | undefined {
  const pads = attrs.paddings;
  if (x.dtype === 'string' || pads.length !== x.shape.length || pads.some(([p, q]) => p! < 0 || q! < 0)) return undefined;
  return {
    shape: x.shape.map((d, i) => d + pads[i]![0]! + pads[i]![1]!),
    begin: pads.map(([p]) => p!),
    value: Number(attrs.constantValue ?? 0),
  };
}

/**
 * Pads `src` (shaped `srcShape`) into `dst`: fills `dst` with the padding value, then copies `src`
 * into its block one contiguous run at a time.
 *
 * @param dst - the output values, `g.shape` row-major.
 * @param g - the padding's geometry.
 * @param srcShape - the input's shape.
 * @param src - the input's values.
 */
export function padBlock(dst: TypedValues, g: PadGeometry, srcShape: readonly number[], src: TypedValues): void {
  dst.fill(g.value);
  copyBlock(dst, g.shape, g.begin, srcShape, src, true);
}
