/**
 * A small toolkit for writing tfjs-wasm kernels out of the kernels tfjs-wasm already has. It
 * works on `TensorInfo`s (no `Tensor` objects, no engine bookkeeping), calls the stock kernels
 * through the kernel registry, and frees every intermediate it made when the kernel is done,
 * like a `tidy` for backend data.
 *
 * Internal to gold-nas's wasm training kernels; not part of the public API.
 *
 * @module
 */
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { mergeTranspose } from './convGeometry.js';
import { heapSlice } from './blockCopy.js';
import type { WasmBackendLike } from './wasmBackend.js';

/** Explicit 4-D padding in tfjs's `[[0,0],[top,bottom],[left,right],[0,0]]` form. */
export type ExplicitPad4 = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The explicit padding tfjs expects for an NHWC convolution.
 *
 * @param top - rows in front.
 * @param bottom - rows behind.
 * @param left - columns in front.
 * @param right - columns behind.
 * @returns the padding array.
 */
export function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad4 {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

/**
 * Zero rows to append to an `[n, c]` matrix before transposing it so that its transposed rows
 * (n floats each) do not start at the same cache set: none for small or already odd-strided `n`,
 * else enough to make `n ≡ 16 (mod 32)` (a row stride of an odd number of 64-byte lines).
 *
 * @param n - the row count.
 * @returns the number of zero rows to add.
 */
export function rowPadding(n: number): number {
  if (n < 256) return 0;
  return (((16 - (n % 32)) % 32) + 32) % 32;
}

/** Operations on backend data, each one stock wasm kernel (or a plain heap copy). */
export interface WasmOps {
  /** The backend. */
  readonly backend: WasmBackendLike;
  /** Runs a stock wasm kernel; its output is freed by `dispose()` unless kept. */
  run(kernelName: string, inputs: NamedTensorInfoMap | TensorInfo[], attrs?: NamedAttrMap): TensorInfo;
  /** Zero-copy reshape. */
  reshape(x: TensorInfo, shape: readonly number[]): TensorInfo;
  /** Transpose through the fewest axes (see `mergeTranspose`); zero-copy when no data moves. */
  transpose(x: TensorInfo, perm: readonly number[]): TensorInfo;
  /** A depthwise convolution, NHWC, filter `[fh, fw, C, multiplier]`. */
  depthwise(x: TensorInfo, filter: TensorInfo, strides: [number, number], dilations: [number, number], pad: ExplicitPad4): TensorInfo;
  /** A full convolution, NHWC, filter `[fh, fw, Cin, Cout]`. */
  conv(x: TensorInfo, filter: TensorInfo, strides: [number, number], dilations: [number, number], pad: ExplicitPad4): TensorInfo;
  /**
   * `aᵀ · b` for 2-D `a [n, p]` and `b [n, q]` (a contraction over the rows, as in every filter
   * gradient), through one 2-D transpose and the fast XNNPACK matMul. tfjs-wasm's transpose is
   * 10-40× slower when the row count is a multiple of 1024 (the output rows then alias in the
   * cache), so both operands get a few zero rows first in that case; zero rows add nothing.
   * `b` is repacked by XNNPACK on every call, at a cost that grows with its width: pass the
   * narrower operand as `b`.
   */
  contractRows(a: TensorInfo, b: TensorInfo): TensorInfo;
  /** `a · b` for 2-D `a [m, k]` and `b [k, n]`: the fast (XNNPACK) non-transposed batch-1 path. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo;
  /** Sum over the last axis. */
  sumLast(x: TensorInfo): TensorInfo;
  /** Crops rows and columns of an NHWC tensor (a no-op when nothing is cut). */
  cropHW(x: TensorInfo, top: number, height: number, left: number, width: number): TensorInfo;
  /** A new float32 tensor holding `values`. */
  fromValues(shape: readonly number[], values: Float32Array): TensorInfo;
  /** A new int32 tensor holding `values`. */
  fromInts(values: Int32Array): TensorInfo;
  /** A new float32 tensor of zeros. */
  zeros(shape: readonly number[]): TensorInfo;
  /** A new float32 tensor whose values are not set (the caller writes every one). */
  empty(shape: readonly number[]): TensorInfo;
  /** A tensor's byte offset in the wasm heap. */
  address(x: TensorInfo): number;
  /** The float32 values of a tensor, as a view on the wasm heap (copy before the next allocation). */
  view(x: TensorInfo): Float32Array;
  /** Inserts `sh-1` zero rows after every row and `sw-1` zero columns after every column of NHWC `x`. */
  zeroInterleave(x: TensorInfo, sh: number, sw: number): TensorInfo;
  /** Excludes `t` from `dispose()`, so it can be returned. */
  keep(t: TensorInfo): TensorInfo;
  /** Frees every intermediate not kept. */
  dispose(): void;
}

/**
 * Creates the toolkit for one kernel invocation.
 *
 * @param tf - the tfjs namespace whose kernel registry holds the stock wasm kernels.
 * @param backend - the wasm backend the kernel received.
 * @returns the toolkit; call `dispose()` in a `finally`.
 */
export function wasmOps(tf: TF, backend: WasmBackendLike): WasmOps {
  const made: TensorInfo[] = [];
  const kept = new Set<TensorInfo>();
  const track = (t: TensorInfo): TensorInfo => { made.push(t); return t; };
  const kernel = (name: string): KernelFunc => {
    const k = tf.getKernel(name, 'wasm');
    if (k === undefined) throw new Error(`gold-nas: the tfjs 'wasm' backend has no '${name}' kernel; import '@tensorflow/tfjs-backend-wasm' 4.22.0.`);
    return k.kernelFunc;
  };
  const run = (name: string, inputs: NamedTensorInfoMap | TensorInfo[], attrs: NamedAttrMap = {}): TensorInfo => {
    const out = kernel(name)({ inputs: inputs as NamedTensorInfoMap, backend, attrs });
    if (Array.isArray(out)) throw new Error(`gold-nas: wasm kernel '${name}' returned several outputs; expected one.`);
    return track(out);
  };
  const reshape = (x: TensorInfo, shape: readonly number[]): TensorInfo => run('Reshape', { x }, { shape: [...shape] });
  const view = (x: TensorInfo): Float32Array => {
    const v = backend.typedArrayFromHeap(x);
    if (!(v instanceof Float32Array)) throw new Error(`gold-nas: expected a float32 tensor, got ${x.dtype}.`);
    return v;
  };
  const fromValues = (shape: readonly number[], values: Float32Array): TensorInfo => {
    const out = track(backend.makeOutput([...shape], 'float32'));
    view(out).set(values);
    return out;
  };
  const ops: WasmOps = {
    backend,
    run,
    reshape,
    transpose(x, perm) {
      const outShape = perm.map((a) => x.shape[a]!);
      const m = mergeTranspose(x.shape, perm);
      // Merging leaves no two adjacent axes in order, so an identity permutation has rank ≤ 1.
      if (m.perm.length <= 1) return reshape(x, outShape);
      const moved = run('Transpose', { x: reshape(x, m.shape) }, { perm: [...m.perm] });
      return reshape(moved, outShape);
    },
    depthwise(x, filter, strides, dilations, pad) {
      return run('DepthwiseConv2dNative', { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC' });
    },
    conv(x, filter, strides, dilations, pad) {
      return run('Conv2D', { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC' });
    },
    matMul(a, b) {
      const m = a.shape[0]!;
      const n = b.shape[1]!;
      const out = run('BatchMatMul', { a: reshape(a, [1, m, a.shape[1]!]), b: reshape(b, [1, b.shape[0]!, n]) }, { transposeA: false, transposeB: false });
      return reshape(out, [m, n]);
    },
    contractRows(a, b) {
      const n = a.shape[0]!;
      const extra = rowPadding(n);
      // One heap-to-heap block copy (tfjs-wasm's PadV2 is an element loop, far slower).
      const pad = (t: TensorInfo): TensorInfo => {
        if (extra === 0) return t;
        const out = track(backend.makeOutput([n + extra, t.shape[1]!], 'float32'));
        const dst = view(out);
        dst.set(view(t));
        dst.fill(0, n * t.shape[1]!);
        return out;
      };
      const aT = run('Transpose', { x: pad(a) }, { perm: [1, 0] });
      return ops.matMul(aT, pad(b));
    },
    sumLast(x) {
      return run('Sum', { x }, { axis: [x.shape.length - 1], keepDims: false });
    },
    cropHW(x, top, height, left, width) {
      const [n, h, w, c] = x.shape as [number, number, number, number];
      if (top === 0 && left === 0 && height === h && width === w) return x;
      // A heap-to-heap copy of whole rows; tfjs-wasm's Slice first copies the whole input to JS.
      return track(heapSlice(backend, x, [0, top, left, 0], [n, height, width, c]));
    },
    fromValues,
    fromInts(values) {
      const out = track(backend.makeOutput([values.length], 'int32'));
      (backend.typedArrayFromHeap(out) as Int32Array).set(values);
      return out;
    },
    zeros(shape) {
      const out = track(backend.makeOutput([...shape], 'float32'));
      view(out).fill(0);
      return out;
    },
    empty(shape) {
      return track(backend.makeOutput([...shape], 'float32'));
    },
    address: (x) => backend.typedArrayFromHeap(x).byteOffset,
    view,
    zeroInterleave(x, sh, sw) {
      if (sh === 1 && sw === 1) return x;
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const out = track(backend.makeOutput([n, h * sh, w * sw, c], 'float32'));
      const dst = view(out);
      const src = view(x);
      dst.fill(0);
      const rowOut = w * sw * c;
      for (let b = 0; b < n; b++) {
        for (let y = 0; y < h; y++) {
          const srcRow = (b * h + y) * w * c;
          const dstRow = (b * h * sh + y * sh) * rowOut;
          if (sw === 1) { dst.set(src.subarray(srcRow, srcRow + w * c), dstRow); continue; }
          for (let x0 = 0; x0 < w; x0++) {
            const s = srcRow + x0 * c;
            dst.set(src.subarray(s, s + c), dstRow + x0 * sw * c);
          }
        }
      }
      return out;
    },
    keep(t) {
      // An input or an untracked value must get its own reference before it is handed out.
      const owned = made.includes(t) ? t : reshape(t, t.shape);
      kept.add(owned);
      return owned;
    },
    dispose() {
      for (const t of made) if (!kept.has(t)) backend.disposeData(t.dataId);
      made.length = 0;
    },
  };
  return ops;
}
