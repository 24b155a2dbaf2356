/**
 * 1×1 convolutions as matrix products on gold-nas's own SIMD loops (`gemm`, `gemmTN`), shared
 * among a pool's threads: a DARTS cell's pointwise convolutions (half of a separable convolution,
 * the preprocess ReLU-conv-BN) and FactorizedReduce's strided ones. Their forward pass and their
 * input gradient are `gemm`s (`x·W`, `dy·Wᵀ`); their filter gradient is a `gemmTN` (`xᵀ·dy`) into
 * one partial sum per chunk, then one sum of the partials.
 *
 * @module
 * @internal
 */
import type { TensorInfo, backend_util } from '@tensorflow/tfjs-core';
import type { SimdRunner } from '../support/kernelPool.js';
import type { PixelLines } from '../support/pixelLines.js';
import type { WasmOps } from '../support/wasmOps.js';
import { GEMM_LOOPS, GEMM_RELU_PARTS_LOOP, GEMM_TN_LOOPS, type GemmInput } from '../simd/gemmLoops.js';
import { flipFilter } from './flipFilter.js';

/**
 * Whether a convolution is 1×1 with no padding (any stride): the pixels it reads are those of a
 * strided 1×1 grid, so that it is a matrix product over them.
 *
 * @param info - tfjs's `computeConv2DInfo` of the forward convolution.
 * @returns whether the pointwise loops can run it.
 */
export function isPointwise(info: backend_util.Conv2DInfo): boolean {
  const p = info.padInfo;
  return info.filterHeight === 1 && info.filterWidth === 1 && p.top === 0 && p.bottom === 0 && p.left === 0 && p.right === 0
    && info.dataFormat === 'channelsLast';
}

/** Whether a pool would rather have rows than whole images as units. */
export function preferImages(r: SimdRunner, n: number): boolean {
  return n >= 4 * r.threads;
}

/**
 * A 1×1 filter `[1, 1, cin, cout]` transposed to `[cout, cin]`: the `B` of `dy·Wᵀ`, a pointwise
 * convolution's input gradient.
 *
 * @param ops - the kernel's toolkit (owns the result).
 * @param filter - the filter.
 * @returns the transposed filter.
 */
export function transposedPointwiseFilter(ops: WasmOps, filter: TensorInfo): TensorInfo {
  const [, , cin, cout] = filter.shape as [number, number, number, number];
  return ops.fromValues([cout, cin], flipFilter(ops.view(filter), 1, 1, cin, cout, true));
}

/**
 * The 1×1 filter `[1, 1, parts·c, cout]` of an input in `parts` parts of `c` channels each, as one
 * transposed filter `[cout, c]` per part: part `i`'s `B` of `dy·Wᵀ` (filter rows `i·c` … `(i+1)·c − 1`).
 *
 * @param ops - the kernel's toolkit (owns the results).
 * @param filter - the filter.
 * @param parts - the number of parts.
 * @returns the transposed filters, one per part.
 */
export function transposedPointwiseFilterParts(ops: WasmOps, filter: TensorInfo, parts: number): TensorInfo[] {
  const [, , cin, cout] = filter.shape as [number, number, number, number];
  if (parts === 1) return [transposedPointwiseFilter(ops, filter)];
  const c = cin / parts;
  const w = ops.view(filter);
  return Array.from({ length: parts }, (_, i) => {
    const t = new Float32Array(cout * c);
    for (let o = 0; o < cout; o++) for (let j = 0; j < c; j++) t[o * c + j] = w[(i * c + j) * cout + o]!;
    return ops.fromValues([cout, c], t);
  });
}

/**
 * `c[p, :] = Σ_k a[p, k]·b[k, :]` for every pixel of `aLines` (c's pixels in `cLines`, the same count).
 *
 * @param r - the loops.
 * @param a - address of A's first pixel.
 * @param aLines - A's pixels.
 * @param b - address of B `[k, n]`.
 * @param k - the contracted size.
 * @param n - B's and C's columns (a multiple of 4).
 * @param c - address of C's first pixel.
 * @param cLines - C's pixels.
 * @param input - A as it is, through a ReLU (`max(A, 0)`), or C masked (`masked`: zero where the
 *   tensor `maskDelta` bytes after C is ≤ 0).
 * @param maskDelta - for `masked`, the mask's address minus C's.
 */
export function runGemm(r: SimdRunner, a: number, aLines: PixelLines, b: number, k: number, n: number, c: number, cLines: PixelLines, input: GemmInput = 'plain', maskDelta = 0): void {
  const work = (aLines.units * aLines.lineLen * k * n) / 4;
  r.run(GEMM_LOOPS[input], [a, b, c, k, 4 * n, aLines.lineLen, aLines.linesPerImg, aLines.img, aLines.line, aLines.pix, cLines.img, cLines.line, cLines.pix,
    ...(input === 'masked' ? [maskDelta] : [])], aLines.units, r.chunks(aLines.units, work));
}

/**
 * `runGemm`'s `relu` variant with A in parts: `c[p, :] = Σ_k max(A[p, k], 0)·b[k, :]`, A being
 * the tensors at `parts` (addresses), `k` channels each and one pixel layout (`aLines`), side by side
 * along k: the bits of `runGemm` on their concatenation, which is never made.
 *
 * @param r - the loops.
 * @param ops - the kernel's toolkit (holds the table of parts).
 * @param parts - the parts' addresses, in order.
 * @param aLines - each part's pixels.
 * @param b - address of B `[k·parts, n]`.
 * @param k - the channels of one part.
 * @param n - B's and C's columns (a multiple of 4).
 * @param c - address of C's first pixel.
 * @param cLines - C's pixels.
 */
export function runGemmReluParts(r: SimdRunner, ops: WasmOps, parts: readonly number[], aLines: PixelLines, b: number, k: number, n: number, c: number, cLines: PixelLines): void {
  const first = parts[0]!;
  const table = ops.address(ops.fromInts(Int32Array.from(parts, (a) => a - first)));
  const work = (aLines.units * aLines.lineLen * k * parts.length * n) / 4;
  r.run(GEMM_RELU_PARTS_LOOP, [first, b, c, k, 4 * n, aLines.lineLen, aLines.linesPerImg, aLines.img, aLines.line, aLines.pix, cLines.img, cLines.line, cLines.pix,
    table, table + 4 * parts.length], aLines.units, r.chunks(aLines.units, work));
}

/**
 * `Σ_p a[p, :]ᵀ·b[p, :]` over every pixel of `aLines` (b's pixels in `bLines`: line `l` at
 * `b + l·bLines.line`), as a new `[k, n]` tensor.
 *
 * @param r - the loops.
 * @param ops - the kernel's toolkit (allocates the partial sums).
 * @param a - address of A's first pixel, `k` channels per pixel; or the addresses of A's parts (each
 *   `k` channels and laid out as `aLines` says), side by side along k: the result is then
 *   `[k·parts, n]`, with the bits of one call on their concatenation.
 * @param aLines - A's pixels.
 * @param b - address of B's first pixel, `n` channels per pixel (a multiple of 4).
 * @param bLines - B's pixels (the same number per line as A's; lines evenly spaced).
 * @param k - A's channels (of one part).
 * @param n - B's channels.
 * @param input - A as it is, or through a ReLU (`max(A, 0)`).
 * @returns the `[k, n]` product (`[k·parts, n]`; owned by `ops`: keep it to return it).
 */
export function runGemmTN(r: SimdRunner, ops: WasmOps, a: number | readonly number[], aLines: PixelLines, b: number, bLines: PixelLines, k: number, n: number, input: keyof typeof GEMM_TN_LOOPS = 'plain'): TensorInfo {
  const parts = typeof a === 'number' ? [a] : a;
  const rows = k * parts.length;
  // Chunks (and so partial sums) as for the whole contraction: a row's sum does not depend on the parts.
  const work = (aLines.units * aLines.lineLen * rows * n) / 4;
  const chunks = r.reductionChunks(aLines.units, work);
  const partials = ops.zeros([chunks, rows, n]);
  parts.forEach((at, i) => {
    r.run(GEMM_TN_LOOPS[input], [at, b, ops.address(partials) + 4 * i * k * n, k, 4 * n, aLines.lineLen, aLines.linesPerImg, aLines.img, aLines.line, aLines.pix,
      bLines.line, bLines.pix, 4 * rows * n], aLines.units, chunks);
  });
  return sumPartials(r, ops, partials, chunks, [rows, n]);
}

/**
 * The sum of a `[chunks, …shape]` tensor of partial sums over its first axis (the tensor itself,
 * reshaped, when there is one chunk).
 *
 * @param r - the loops.
 * @param ops - the kernel's toolkit.
 * @param partials - the partial sums.
 * @param chunks - their number.
 * @param shape - the shape of one.
 * @returns the sum (owned by `ops`).
 */
export function sumPartials(r: SimdRunner, ops: WasmOps, partials: TensorInfo, chunks: number, shape: readonly number[]): TensorInfo {
  if (chunks === 1) return ops.reshape(partials, shape);
  const size = shape.reduce((p, v) => p * v, 1);
  const out = ops.zeros(shape);
  const base = ops.address(partials);
  // A plain loop: TypedArray.from with a mapping function is slow in V8.
  const starts = new Int32Array(chunks);
  for (let i = 0; i < chunks; i++) starts[i] = base + 4 * i * size;
  const table = ops.fromInts(starts);
  if (size % 4 === 0) {
    r.k.addN(ops.address(table), chunks, ops.address(out), 0, 0, size / 4);
  } else {
    const p = ops.view(partials);
    const o = ops.view(out);
    for (let i = 0; i < chunks; i++) for (let j = 0; j < size; j++) o[j] = o[j]! + p[i * size + j]!;
  }
  return out;
}
