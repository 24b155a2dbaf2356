/**
 * Depthwise convolutions (channel multiplier 1, NHWC float32, channels a multiple of 4) and their
 * gradients on gold-nas's register-blocked SIMD loops, shared among a pool's threads: the forward
 * pass, optionally of relu(x); the input gradient, optionally masked by the ReLU before the
 * convolution; the filter gradient, optionally of relu(x). The fused ReLU-depthwise kernels and the
 * stock-named depthwise gradient kernels both run on these.
 *
 * @module
 * @internal
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvAxis } from '../support/convGeometry.js';
import { type SimdRunner, zeroFill } from '../support/kernelPool.js';
import type { WasmOps } from '../support/wasmOps.js';
import { tapColumnTable } from '../simd/simdKernels.js';
import { flipFilter } from './flipFilter.js';
import { sumPartials } from './pointwise.js';

/**
 * The output columns whose every tap reads a column inside the input: `[lo, hi)`, `lo ≤ hi`.
 *
 * @param cols - the column axis.
 * @returns the range.
 */
export function interiorColumns(cols: ConvAxis): [number, number] {
  const lo = Math.min(cols.out, Math.max(0, Math.ceil(cols.padBefore / cols.stride)));
  const last = Math.floor((cols.size - 1 - (cols.filter - 1) * cols.dilation + cols.padBefore) / cols.stride);
  const hi = Math.min(cols.out, last + 1);
  return [lo, Math.max(lo, hi)];
}

function convArgs(x: number, y: number, w: number, mask: number, rows: ConvAxis, cols: ConvAxis, c: number): number[] {
  const [lo, hi] = interiorColumns(cols);
  return [x, y, w, mask, rows.size, cols.size, rows.out, cols.out, rows.filter, cols.filter, rows.stride, cols.stride,
    rows.dilation, cols.dilation, rows.padBefore, cols.padBefore, 4 * c, lo, hi];
}

function convWork(n: number, rows: ConvAxis, cols: ConvAxis, c: number): number {
  return (3 * n * rows.out * cols.out * c * rows.filter * cols.filter) / 4;
}

/**
 * `depthwiseConv2d(relu ? relu(x) : x, filter)`.
 *
 * @param r - the loops.
 * @param ops - the kernel's toolkit.
 * @param x - `[n, h, w, c]`.
 * @param filter - `[fh, fw, c, 1]`.
 * @param rows - the row axis.
 * @param cols - the column axis.
 * @param relu - apply a ReLU to the input first.
 * @returns `[n, ho, wo, c]` (owned by `ops`).
 */
export function depthwiseForward(r: SimdRunner, ops: WasmOps, x: TensorInfo, filter: TensorInfo, rows: ConvAxis, cols: ConvAxis, relu: boolean): TensorInfo {
  const [n, , , c] = x.shape as [number, number, number, number];
  const y = ops.empty([n, rows.out, cols.out, c]);
  const units = n * rows.out;
  r.run(relu ? 'dwConvRelu' : 'dwConv', convArgs(ops.address(x), ops.address(y), ops.address(filter), 0, rows, cols, c), units,
    r.chunks(units, convWork(n, rows, cols, c)));
  return y;
}

/**
 * The input gradient of `depthwiseConv2d(x, filter)` for the output gradient `dy`, zeroed where
 * `mask` ≤ 0 when a mask is given (the gradient of relu then the convolution, `mask` being x).
 * Stride 1: a convolution of dy with the flipped filter; otherwise scattered, then masked.
 *
 * @param r - the loops.
 * @param ops - the kernel's toolkit.
 * @param dy - `[n, ho, wo, c]`.
 * @param filter - `[fh, fw, c, 1]`.
 * @param rows - the forward row axis.
 * @param cols - the forward column axis.
 * @param mask - x, `[n, h, w, c]`, or undefined.
 * @returns `[n, h, w, c]` (owned by `ops`).
 */
export function depthwiseInputGrad(r: SimdRunner, ops: WasmOps, dy: TensorInfo, filter: TensorInfo, rows: ConvAxis, cols: ConvAxis,
  mask: TensorInfo | undefined): TensorInfo {
  const [n, , , c] = dy.shape as [number, number, number, number];
  const [fh, fw] = [rows.filter, cols.filter];
  if (rows.stride === 1 && cols.stride === 1) {
    const flipped = ops.fromValues([fh, fw, c, 1], flipFilter(ops.view(filter), fh, fw, c, 1, false));
    const dx = ops.empty([n, rows.size, cols.size, c]);
    // The forward convolution's input is this one's output: swap sizes, pad by the rest of the filter's span.
    const swap = (a: ConvAxis): ConvAxis => ({ ...a, size: a.out, out: a.size, padBefore: (a.filter - 1) * a.dilation - a.padBefore });
    const rs = swap(rows);
    const cs = swap(cols);
    const units = n * rs.out;
    r.run(mask === undefined ? 'dwConv' : 'dwConvMask', convArgs(ops.address(dy), ops.address(dx), ops.address(flipped), mask === undefined ? 0 : ops.address(mask), rs, cs, c),
      units, r.chunks(units, convWork(n, rs, cs, c)));
    return dx;
  }
  const dx = ops.empty([n, rows.size, cols.size, c]);
  zeroFill(r, ops.address(dx), n * rows.size * cols.size * c);
  const t = ops.fromInts(tapColumnTable(cols, fw, 4 * c, 4 * c));
  r.run('dwInputGradScatter', [ops.address(dx), ops.address(dy), ops.address(filter), ops.address(t), rows.size, rows.out, fh, fw, rows.stride, rows.dilation,
    rows.padBefore, 4 * c, cols.size * 4 * c, cols.out * 4 * c, cols.stride * 4 * c], n, r.chunks(n, convWork(n, rows, cols, c)));
  if (mask !== undefined) {
    const vectors = (n * rows.size * cols.size * c) / 4;
    r.run('reluMask', [ops.address(dx), ops.address(mask), ops.address(dx)], vectors, r.chunks(vectors, vectors));
  }
  return dx;
}

/**
 * The filter gradient of `depthwiseConv2d(relu ? relu(x) : x, filter)` for the output gradient `dy`.
 *
 * @param r - the loops.
 * @param ops - the kernel's toolkit.
 * @param x - `[n, h, w, c]`.
 * @param dy - `[n, ho, wo, c]`.
 * @param rows - the row axis.
 * @param cols - the column axis.
 * @param relu - the forward pass applied a ReLU to x first.
 * @returns `[fh, fw, c, 1]` (owned by `ops`).
 */
export function depthwiseFilterGrad(r: SimdRunner, ops: WasmOps, x: TensorInfo, dy: TensorInfo, rows: ConvAxis, cols: ConvAxis, relu: boolean): TensorInfo {
  const [n, , , c] = x.shape as [number, number, number, number];
  const [fh, fw] = [rows.filter, cols.filter];
  const units = n * rows.out;
  const chunks = r.reductionChunks(units, convWork(n, rows, cols, c));
  const size = fh * fw * c;
  const partials = ops.zeros([chunks, size]);
  if (fw === 3 && cols.stride === 1 && cols.dilation === 1) {
    r.run(relu ? 'dwFilterGrad3Relu' : 'dwFilterGrad3', [ops.address(x), ops.address(dy), ops.address(partials), rows.size, cols.size, rows.out, cols.out,
      fh, rows.stride, rows.dilation, rows.padBefore, cols.padBefore, 4 * c, 4 * size], units, chunks);
  } else {
    const t = ops.fromInts(tapColumnTable(cols, fw, 4 * c, 4 * c));
    r.run(relu ? 'dwFilterGradTapsRelu' : 'dwFilterGradTaps', [ops.address(x), ops.address(dy), ops.address(partials), ops.address(t), rows.size, rows.out,
      fh, fw, rows.stride, rows.dilation, rows.padBefore, 4 * c, cols.size * 4 * c, cols.out * 4 * c, cols.stride * 4 * c, 4 * size], units, chunks);
  }
  return sumPartials(r, ops, partials, chunks, [fh, fw, c, 1]);
}
