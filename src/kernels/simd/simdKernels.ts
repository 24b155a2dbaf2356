/**
 * Hand-written 128-bit SIMD loops that run on tfjs-wasm's own memory, for the training kernels
 * XNNPACK has no fast path for, or none that a pool of threads can share: 1×1 convolutions and their
 * gradients (register-blocked matrix products, `gemmLoops`), depthwise convolutions and their
 * gradients (`depthwiseLoops`), batch-norm statistics and gradients (reductions over N·H·W per
 * channel), element-wise sums and products, strided row copies (concat and split on channels), and
 * the filter gradient of a full convolution.
 *
 * Every loop works on float32 NHWC data whose channel count is a multiple of 4 (one f32x4 vector
 * holds 4 channels); callers fall back to stock kernels otherwise. Pointers and strides are in
 * bytes. Reductions sum blocks of 64 rows apart and then add the block sums, so that a sum over
 * N·H·W values loses no more precision than one over √(N·H·W) (see `batchNormLoops`).
 *
 * Every loop ends with the arguments `chunk, lo, hi`: it does the units of
 * work [lo, hi) (rows, lines, images or 4-float vectors, as each says), and a reduction adds into
 * the partial sums of chunk `chunk`. A `KernelPool` runs one loop over many chunks on several
 * threads (see `simdRunner`); a serial call is `(…, 0, 0, units)`.
 *
 * @module
 * @internal
 */
import { FunctionBuilder, assembleModule, hasRelaxedSimd, withFusedMultiplyAdd } from './wasmAssembler.js';
import { CHUNK_PARAMS, withNamedParams } from './namedParams.js';
import { forEachValidTap } from './validTapNest.js';
import type { ValidTap } from './validTapNest.js';
import { gemmLoop, gemmTNLoop } from './gemmLoops.js';
import { dwConvLoop, dwFilterGrad3Loop, dwFilterGradTapsLoop, dwInputGradScatterLoop } from './depthwiseLoops.js';
import { bnGradApplyLoop, bnGradSumsLoop, channelCentredSquaresLoop, channelSumLoop, scaleShiftLoop } from './batchNormLoops.js';

/** A loop's trailing arguments: its chunk and its range of work units. */
type Chunk = [chunk: number, lo: number, hi: number];

/** The loops, as exported by the instantiated modules. Every argument is an i32; see each loop's builder for its contract. */
export interface SimdKernels {
  /** Lines [lo, hi): C = A·B (see `gemmLoop`). */
  gemm(...args: [a: number, b: number, c: number, k: number, nBytes: number, lineLen: number, linesPerImg: number, aImg: number, aLine: number, aPix: number,
    cImg: number, cLine: number, cPix: number, ...Chunk]): void;
  /** Lines [lo, hi): C = max(A, 0)·B (see `gemmLoop`). */
  gemmRelu(...args: Parameters<SimdKernels['gemm']>): void;
  /** Lines [lo, hi): C = max(A, 0)·B with A in parts side by side along k, at `a` plus the i32 offsets in [parts, partsEnd) (see `gemmLoop`). */
  gemmReluParts(...args: [a: number, b: number, c: number, k: number, nBytes: number, lineLen: number, linesPerImg: number, aImg: number, aLine: number, aPix: number,
    cImg: number, cLine: number, cPix: number, parts: number, partsEnd: number, ...Chunk]): void;
  /** Lines [lo, hi): C = M > 0 ? A·B : 0, M at C's place + `maskDelta` bytes (see `gemmLoop`). */
  gemmMasked(...args: [a: number, b: number, c: number, k: number, nBytes: number, lineLen: number, linesPerImg: number, aImg: number, aLine: number, aPix: number,
    cImg: number, cLine: number, cPix: number, maskDelta: number, ...Chunk]): void;
  /** Lines [lo, hi): partial[chunk] += Aᵀ·B (see `gemmTNLoop`). */
  gemmTN(...args: [a: number, b: number, out: number, k: number, nBytes: number, lineLen: number, linesPerImg: number, aImg: number, aLine: number, aPix: number,
    bLine: number, bPix: number, outChunk: number, ...Chunk]): void;
  /** Lines [lo, hi): partial[chunk] += max(A, 0)ᵀ·B (see `gemmTNLoop`). */
  gemmTNRelu(...args: Parameters<SimdKernels['gemmTN']>): void;
  /** Output rows [lo, hi): a depthwise convolution (see `dwConvLoop`). */
  dwConv(...args: DwConvArgs): void;
  /** `dwConv` of relu(x). */
  dwConvRelu(...args: DwConvArgs): void;
  /** `dwConv`, zeroed where `mask` ≤ 0. */
  dwConvMask(...args: DwConvArgs): void;
  /** Output rows [lo, hi): the filter gradient of a 3-wide stride-1 undilated filter (see `dwFilterGrad3Loop`). */
  dwFilterGrad3(...args: DwFilterGrad3Args): void;
  /** `dwFilterGrad3` of relu(x). */
  dwFilterGrad3Relu(...args: DwFilterGrad3Args): void;
  /** Output rows [lo, hi): the filter gradient of any geometry (see `dwFilterGradTapsLoop`). */
  dwFilterGradTaps(...args: DwFilterGradTapsArgs): void;
  /** `dwFilterGradTaps` of relu(x). */
  dwFilterGradTapsRelu(...args: DwFilterGradTapsArgs): void;
  /** Images [lo, hi): the input gradient of any geometry, scattered (see `dwInputGradScatterLoop`). */
  dwInputGradScatter(...args: [dx: number, dy: number, w: number, table: number, h: number, ho: number, fh: number, fw: number, sh: number, dh: number,
    padTop: number, cBytes: number, rowX: number, rowDy: number, pixX: number, ...Chunk]): void;
  /** Rows [lo, hi): `out[chunk][c] += Σ_r x[r, c]` (see `batchNormLoops`). */
  channelSum(...args: [x: number, cBytes: number, out: number, outChunk: number, ...Chunk]): void;
  /** Rows [lo, hi): `out[chunk][c] += Σ_r (x[r, c] − mean[c])²`. */
  channelCentredSquares(...args: [x: number, cBytes: number, mean: number, out: number, outChunk: number, ...Chunk]): void;
  /** Rows [lo, hi): `s1[chunk][c] += Σ dy`, `s2[chunk][c] += Σ dy·(x − mean)`. */
  bnGradSums(...args: [dy: number, x: number, cBytes: number, mean: number, s1: number, s2: number, outChunk: number, ...Chunk]): void;
  /** Rows [lo, hi): `y = (x − mean)·scale + shift`, `konst` packing (mean, scale, shift) per channel vector. */
  scaleShift(...args: [x: number, cBytes: number, konst: number, y: number, ...Chunk]): void;
  /** Rows [lo, hi): `dx = (x − mean)·k2 + dy·k1 + k3`, `konst` packing (mean, k1, k2, k3) per channel vector. */
  bnGradApply(...args: [dy: number, x: number, cBytes: number, konst: number, dx: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = a + b. */
  add(...args: [a: number, b: number, out: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = a·b. */
  mul(...args: [a: number, b: number, out: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = a·s, `s` the address of one float. */
  mulScalar(...args: [a: number, s: number, out: number, ...Chunk]): void;
  /** Vectors [lo, hi): dx = dy·s, `s` the address of one float, and `out + 16·chunk` += the lanes of Σ dy·x. */
  scaleGrad(...args: [dy: number, x: number, s: number, dx: number, out: number, ...Chunk]): void;
  /** Vectors [lo, hi): one SGD step (see `sgdUpdate`): `konst` holds (scale, weight decay, momentum, −lr); `mode` bit 0 momentum, bit 1 an input buffer `b`. */
  sgdUpdate(...args: [w: number, g: number, b: number, wOut: number, bOut: number, konst: number, mode: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = 0. */
  zero(...args: [out: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = x > 0 ? dx : 0 (out may be dx). */
  reluMask(...args: [dx: number, x: number, out: number, ...Chunk]): void;
  /** Rows [lo, hi): copies a run of `lenBytes` (a multiple of 16) from `src + r·srcStride` to `dst + r·dstStride`. */
  copyRows(...args: [src: number, dst: number, lenBytes: number, srcStride: number, dstStride: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = Σ_k inputs[k], the inputs' addresses the `k` i32 at `table`. */
  addN(...args: [table: number, k: number, out: number, ...Chunk]): void;
  /** Vectors [lo, hi): out = Σ_k inputs[k]·scales[k], `table` holding `k` pairs of i32 (input address, scale address); see `addNScaled`. */
  addNScaled(...args: [table: number, k: number, out: number, ...Chunk]): void;
  /**
   * Filter rows [lo, hi) (`(i·fw + j)·Cin + ci`) of a full convolution's filter gradient, accumulated
   * into `out` (`[fh, fw, Cin, Cout]`, zeroed by the caller), `Cout` a multiple of 4: for every output
   * row and filter tap, the input pixels under the tap contracted with the output gradient's pixels
   * (see `convFilterGrad`). `table` is as for `dwFilterGradTaps` (byte offsets with `Cin` channels per
   * input pixel and `Cout` per output pixel); `tapBytes` = 4·Cin·Cout.
   */
  convFilterGrad(...args: [x: number, dy: number, out: number, table: number, ...ConvLoopArgs, ...Chunk]): void;
}

/**
 * The names of the loops a pool can run.
 *
 * @since 0.2.0
 */
export type SimdLoopName =
  | 'gemm'
  | 'gemmRelu'
  | 'gemmMasked'
  | 'gemmReluParts'
  | 'gemmTN'
  | 'gemmTNRelu'
  | 'dwConv'
  | 'dwConvRelu'
  | 'dwConvMask'
  | 'dwFilterGrad3'
  | 'dwFilterGrad3Relu'
  | 'dwFilterGradTaps'
  | 'dwFilterGradTapsRelu'
  | 'dwInputGradScatter'
  | 'channelSum'
  | 'channelCentredSquares'
  | 'bnGradSums'
  | 'scaleShift'
  | 'bnGradApply'
  | 'add'
  | 'mul'
  | 'mulScalar'
  | 'scaleGrad'
  | 'sgdUpdate'
  | 'zero'
  | 'reluMask'
  | 'copyRows'
  | 'addN'
  | 'addNScaled'
  | 'convFilterGrad';

// Every loop of SimdKernels is a SimdLoopName, and nothing else is: a check at compile time (the
// assignment does not type-check otherwise), with nothing exported for it.
type LoopKeys = keyof SimdKernels;
const simdLoopNamesAgree: [SimdLoopName] extends [LoopKeys] ? ([LoopKeys] extends [SimdLoopName] ? true : false) : false = true;
void simdLoopNamesAgree;

/** The arguments of `dwConv`, `dwConvRelu` and `dwConvMask`. */
export type DwConvArgs = [x: number, y: number, w: number, mask: number, h: number, wIn: number, ho: number, wo: number, fh: number, fw: number,
  sh: number, sw: number, dh: number, dw: number, padTop: number, padLeft: number, cBytes: number, oxLo: number, oxHi: number, ...Chunk];

/** The arguments of `dwFilterGrad3` and `dwFilterGrad3Relu`. */
export type DwFilterGrad3Args = [x: number, dy: number, out: number, h: number, wIn: number, ho: number, wo: number, fh: number, sh: number, dh: number,
  padTop: number, padLeft: number, cBytes: number, outChunk: number, ...Chunk];

/** The arguments of `dwFilterGradTaps` and `dwFilterGradTapsRelu`. */
export type DwFilterGradTapsArgs = [x: number, dy: number, out: number, table: number, h: number, ho: number, fh: number, fw: number, sh: number, dh: number,
  padTop: number, cBytes: number, rowX: number, rowDy: number, pixX: number, outChunk: number, ...Chunk];

/**
 * An element-wise pass over the 4-float vectors [lo, hi) of `inputs.length` arrays into `out`:
 * `body(at)` leaves the output vector on the stack, `at(k)` pushing input `k`'s vector.
 */
function vectorMap(name: string, inputs: string[], extra: string[], body: (f: FunctionBuilder, at: (k: number) => void, p: Record<string, number>) => void): FunctionBuilder {
  const { f, p } = withNamedParams(name, [...inputs, ...extra, 'out', ...CHUNK_PARAMS]);
  const named = p as Record<string, number>;
  const off = f.local('i32'); const end = f.local('i32');
  f.get(p.hi).i32(4).shl().set(end);
  f.forRange(off, () => f.get(p.lo).i32(4).shl(), end, 16, () => {
    f.get(named['out']!).get(off).add();
    body(f, (k) => f.get(named[inputs[k]!]!).get(off).add().v128Load(), named);
    f.v128Store();
  });
  return f;
}

/** `add(a, b, out, chunk, lo, hi)`: out = a + b over vectors [lo, hi). */
function add(): FunctionBuilder {
  return vectorMap('add', ['a', 'b'], [], (f, at) => { at(0); at(1); f.f32x4Add(); });
}

/** `mul(a, b, out, chunk, lo, hi)`: out = a·b over vectors [lo, hi). */
function mul(): FunctionBuilder {
  return vectorMap('mul', ['a', 'b'], [], (f, at) => { at(0); at(1); f.f32x4Mul(); });
}

/** `mulScalar(a, s, out, chunk, lo, hi)`: out = a·s over vectors [lo, hi), s the float at address `s`. */
function mulScalar(): FunctionBuilder {
  return vectorMap('mulScalar', ['a'], ['s'], (f, at, p) => { at(0); f.get(p['s']!).v128Load32Splat().f32x4Mul(); });
}

/** Vectors summed apart, in a register, before their sum joins `scaleGrad`'s total. */
const BLOCK_VECTORS = 256;

/**
 * `scaleGrad(dy, x, s, dx, out, chunk, lo, hi)`: over vectors [lo, hi), dx = dy·s (`s` the address of
 * one float) and `out + 16·chunk` += the 4 lanes of Σ dy·x (summed in blocks of {@link BLOCK_VECTORS}).
 */
function scaleGrad(): FunctionBuilder {
  const { f, p } = withNamedParams('scaleGrad', ['dy', 'x', 's', 'dx', 'out', ...CHUNK_PARAMS]);
  const off = f.local('i32'); const end = f.local('i32'); const start = f.local('i32'); const blockEnd = f.local('i32');
  const sv = f.local('v128'); const g = f.local('v128'); const acc = f.local('v128'); const total = f.local('v128');
  f.get(p.s).v128Load32Splat().set(sv);
  f.v128Zero().set(total);
  f.get(p.hi).i32(4).shl().set(end);
  f.forRange(start, () => f.get(p.lo).i32(4).shl(), end, 16 * BLOCK_VECTORS, () => {
    // blockEnd = min(end, start + 16·BLOCK_VECTORS)
    f.get(start).i32(16 * BLOCK_VECTORS).add().tee(blockEnd).get(end).get(blockEnd).get(end).ltU().select().set(blockEnd);
    f.v128Zero().set(acc);
    f.forRange(off, () => f.get(start), blockEnd, 16, () => {
      f.get(p.dy).get(off).add().v128Load().set(g);
      f.get(p.dx).get(off).add().get(g).get(sv).f32x4Mul().v128Store();
      f.mulAdd(acc, g, () => f.get(p.x).get(off).add().v128Load()).set(acc);
    });
    f.get(total).get(acc).f32x4Add().set(total);
  });
  f.get(p.chunk).i32(4).shl().get(p.out).add().tee(blockEnd).get(blockEnd).v128Load().get(total).f32x4Add().v128Store();
  return f;
}

/**
 * `sgdUpdate(w, g, b, wOut, bOut, konst, mode, chunk, lo, hi)`: one SGD step over vectors [lo, hi),
 * `konst` the address of the floats (scale, weight decay, momentum, −lr): d = g·scale + wd·w; with
 * momentum (`mode` bit 0) bOut = m·b + d (bOut = d without an input buffer, `mode` bit 1 clear) and
 * d = bOut; wOut = w − lr·d.
 */
function sgdUpdate(): FunctionBuilder {
  const { f, p } = withNamedParams('sgdUpdate', ['w', 'g', 'b', 'wOut', 'bOut', 'konst', 'mode', ...CHUNK_PARAMS]);
  const off = f.local('i32'); const end = f.local('i32');
  const k = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  const wv = f.local('v128'); const d = f.local('v128');
  for (let i = 0; i < 4; i++) f.get(p.konst).v128Load32Splat(4 * i).set(k[i]!);
  f.get(p.hi).i32(4).shl().set(end);
  f.forRange(off, () => f.get(p.lo).i32(4).shl(), end, 16, () => {
    f.get(p.w).get(off).add().v128Load().set(wv);
    f.mulAdd(() => f.get(p.g).get(off).add().v128Load().get(k[0]!).f32x4Mul(), wv, k[1]!).set(d);
    f.get(p.mode).i32(1).and().ifThen(() => {
      f.get(p.mode).i32(2).and().ifThen(() => { f.mulAdd(d, () => f.get(p.b).get(off).add().v128Load(), k[2]!).set(d); });
      f.get(p.bOut).get(off).add().get(d).v128Store();
    });
    f.get(p.wOut).get(off).add();
    f.mulAdd(wv, d, k[3]!);
    f.v128Store();
  });
  return f;
}

/** `zero(out, chunk, lo, hi)`: out = 0 over vectors [lo, hi). */
function zero(): FunctionBuilder {
  return vectorMap('zero', [], [], (f) => { f.v128Zero(); });
}

/** `reluMask(dx, x, out, chunk, lo, hi)`: out = x > 0 ? dx : 0 over vectors [lo, hi) (out may be dx). */
function reluMask(): FunctionBuilder {
  return vectorMap('reluMask', ['dx', 'x'], [], (f, at) => { at(0); at(1); f.v128Zero().f32x4Gt().v128And(); });
}

/** `copyRows(src, dst, lenBytes, srcStride, dstStride, chunk, lo, hi)`: copies rows [lo, hi), each `lenBytes` (a multiple of 16). */
function copyRows(): FunctionBuilder {
  const { f, p } = withNamedParams('copyRows', ['src', 'dst', 'lenBytes', 'srcStride', 'dstStride', ...CHUNK_PARAMS]);
  const r = f.local('i32'); const k = f.local('i32'); const s = f.local('i32'); const d = f.local('i32');
  f.get(p.lo).get(p.srcStride).mul().get(p.src).add().set(s);
  f.get(p.lo).get(p.dstStride).mul().get(p.dst).add().set(d);
  f.forRange(r, () => f.get(p.lo), p.hi, 1, () => {
    f.forRange(k, () => f.i32(0), p.lenBytes, 16, () => {
      f.get(d).get(k).add().get(s).get(k).add().v128Load().v128Store();
    });
    f.inc(s, () => f.get(p.srcStride));
    f.inc(d, () => f.get(p.dstStride));
  });
  return f;
}

/**
 * `convFilterGrad(x, dy, out, table, n, h, ho, fh, fw, sh, dh, padTop, cin, coutBytes, rowX, rowDy,
 * pixX, tapBytes, chunk, lo, hi)`: the filter rows [lo, hi) (row `(i·fw + j)·cin + ci` the `Cout`
 * values of tap (i, j) and input channel ci) of a full convolution's filter gradient, accumulated
 * into `out`. Each chunk walks every image, output row and valid tap but contracts only its own
 * filter rows, so every value is summed in the same order however the rows are chunked: no partial
 * sums, and the same bits on any number of threads.
 */
function convFilterGrad(): FunctionBuilder {
  const { f, p } = withNamedParams('convFilterGrad', ['x', 'dy', 'out', 'table', 'n', 'h', 'ho', 'fh', 'fw', 'sh', 'dh', 'padTop', 'cin', 'coutBytes',
    'rowX', 'rowDy', 'pixX', 'tapBytes', ...CHUNK_PARAMS] as const);
  const outTap = f.local('i32'); const ci = f.local('i32'); const outRow = f.local('i32'); const qb = f.local('i32');
  const qFull = f.local('i32'); const ap = f.local('i32'); const bp = f.local('i32'); const k = f.local('i32');
  const first = f.local('i32'); const ciLo = f.local('i32'); const ciHi = f.local('i32');
  const s = f.local('v128');
  const acc = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  // qFull = coutBytes rounded down to a multiple of 64 bytes (four vectors)
  f.get(p.coutBytes).i32(-64).and().set(qFull);
  const contract = (tap: ValidTap, vectors: number): void => {
    for (let v = 0; v < vectors; v++) f.get(outRow).get(qb).add().v128Load(16 * v).set(acc[v]!);
    f.get(tap.xs).get(ci).i32(2).shl().add().set(ap);
    f.get(tap.ds).get(qb).add().set(bp);
    f.get(tap.cnt).set(k);
    f.repeat(k, () => {
      f.get(ap).f32Load().f32x4Splat().set(s);
      for (let v = 0; v < vectors; v++) f.mulAdd(acc[v]!, s, () => f.get(bp).v128Load(16 * v)).set(acc[v]!);
      f.inc(ap, () => f.get(p.pixX));
      f.inc(bp, () => f.get(p.coutBytes));
    });
    for (let v = 0; v < vectors; v++) f.get(outRow).get(qb).add().get(acc[v]!).v128Store(16 * v);
  };
  // Every image (not `lo`: this loop's units are filter rows, not images).
  const { lo: _rows, ...nest } = p;
  forEachValidTap(f, nest, (tap) => {
    // first = (i·fw + j)·cin, this tap's first filter row; its channels [ciLo, ciHi) are this chunk's.
    f.get(tap.i).get(p.fw).mul().get(tap.j).add().tee(outTap).get(p.cin).mul().set(first);
    f.get(outTap).get(p.tapBytes).mul().get(p.out).add().set(outTap);
    f.i32(0).get(p.lo).get(first).sub().tee(ciLo).get(ciLo).i32(0).ltS().select().set(ciLo);
    f.get(p.cin).get(p.hi).get(first).sub().tee(ciHi).get(p.cin).get(ciHi).ltS().select().set(ciHi);
    f.get(ciLo).get(ciHi).ltS().ifThen(() => {
      f.forRange(ci, () => f.get(ciLo), ciHi, 1, () => {
        f.get(ci).get(p.coutBytes).mul().get(outTap).add().set(outRow);
        f.forRange(qb, () => f.i32(0), qFull, 64, () => contract(tap, 4));
        f.forRange(qb, () => f.get(qFull), p.coutBytes, 16, () => contract(tap, 1));
      });
    });
  });
  return f;
}

/**
 * `addN(table, k, out, chunk, lo, hi)`: out = Σ_k inputs[k] over vectors [lo, hi), the inputs'
 * addresses the k i32 at `table`. `addNScaled`, the same with `scaled`: out = Σ_k inputs[k]·scales[k],
 * the table holding, for each input, its address and the address of its one-float scale; a product
 * then a sum (never fused), in input order from 0: the bits of `mulScalar` on each input then
 * `addN`, and of `addN` alone where every scale is 1.
 */
function addN(scaled: boolean): FunctionBuilder {
  const { f, p } = withNamedParams(scaled ? 'addNScaled' : 'addN', ['table', 'k', 'out', ...CHUNK_PARAMS]);
  const off = f.local('i32'); const end = f.local('i32'); const t = f.local('i32'); const tEnd = f.local('i32'); const acc = f.local('v128');
  const entryBytes = scaled ? 8 : 4;
  f.get(p.k).i32(Math.log2(entryBytes)).shl().get(p.table).add().set(tEnd);
  f.get(p.hi).i32(4).shl().set(end);
  f.forRange(off, () => f.get(p.lo).i32(4).shl(), end, 16, () => {
    f.v128Zero().set(acc);
    f.forRange(t, () => f.get(p.table), tEnd, entryBytes, () => {
      f.get(acc).get(t).i32Load().get(off).add().v128Load();
      if (scaled) f.get(t).i32Load(4).v128Load32Splat().f32x4Mul();
      f.f32x4Add().set(acc);
    });
    f.get(p.out).get(off).add().get(acc).v128Store();
  });
  return f;
}

/**
 * The loops, in modules of under 4 KiB each: Chromium refuses to compile or instantiate a larger
 * module synchronously on the main thread, and a kernel must run synchronously.
 */
const MODULE_GROUPS: readonly (() => FunctionBuilder[])[] = [
  () => [gemmLoop()],
  () => [gemmLoop('relu')],
  () => [gemmLoop('masked')],
  () => [gemmLoop('relu', true)],
  () => [gemmTNLoop()],
  () => [gemmTNLoop('relu')],
  () => [dwConvLoop('plain')],
  () => [dwConvLoop('relu')],
  () => [dwConvLoop('mask')],
  () => [dwFilterGrad3Loop(false), dwFilterGrad3Loop(true)],
  () => [dwFilterGradTapsLoop(false), dwFilterGradTapsLoop(true), dwInputGradScatterLoop()],
  () => [channelSumLoop(), channelCentredSquaresLoop(), bnGradSumsLoop()],
  () => [scaleShiftLoop(), bnGradApplyLoop(), add(), mul(), mulScalar(), reluMask(), copyRows(), addN(false)],
  () => [scaleGrad(), sgdUpdate(), zero()],
  () => [convFilterGrad()],
  () => [addN(true)],
];

/**
 * The modules' bytes, for a shared or an unshared memory.
 *
 * @param shared - whether the memory they import is shared.
 * @param fma - whether multiply-adds are relaxed SIMD's fused ones (the engine must compile relaxed SIMD).
 * @returns one module per group of loops.
 */
export function simdKernelModuleBytes(shared: boolean, fma = false): Uint8Array<ArrayBuffer>[] {
  return withFusedMultiplyAdd(fma, () => MODULE_GROUPS.map((group) => assembleModule(group(), shared)));
}

/** One spatial axis of a convolution, as the filter-gradient loops need it. */
export interface TapAxis {
  readonly size: number;
  readonly out: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBefore: number;
}

/**
 * The column table of `dwFilterGrad` and `convFilterGrad`: for each filter column j, the number of
 * output columns whose input column `ox·stride + j·dilation − padBefore` lies inside the image, the
 * byte offset in an input row of the first such input pixel, and that of its output pixel.
 *
 * @param cols - the column axis.
 * @param filter - filter columns.
 * @param inPixelBytes - bytes per input pixel (4·Cin).
 * @param outPixelBytes - bytes per output pixel (4·Cout).
 * @returns three i32 per filter column.
 */
export function tapColumnTable(cols: TapAxis, filter: number, inPixelBytes: number, outPixelBytes: number): Int32Array {
  const table = new Int32Array(3 * filter);
  for (let j = 0; j < filter; j++) {
    const shift = j * cols.dilation - cols.padBefore;
    const lo = Math.max(0, Math.ceil(-shift / cols.stride));
    const hi = Math.min(cols.out, Math.floor((cols.size - 1 - shift) / cols.stride) + 1);
    table[3 * j] = Math.max(0, hi - lo);
    table[3 * j + 1] = (lo * cols.stride + shift) * inPixelBytes;
    table[3 * j + 2] = lo * outPixelBytes;
  }
  return table;
}

/** The head of every filter-tap loop's arguments after its pointers: `n, h, ho, fh, fw, sh, dh, padTop`. */
type TapNestHead = [number, number, number, number, number, number, number, number];

/**
 * The arguments after the pointers and the table shared by every filter-tap loop, and the column table.
 */
function tapNestArgs(n: number, rows: TapAxis, cols: TapAxis, fh: number, fw: number, inPixelBytes: number, outPixelBytes: number):
  { table: Int32Array; head: TapNestHead; rowX: number; rowDy: number; pixX: number } {
  return {
    table: tapColumnTable(cols, fw, inPixelBytes, outPixelBytes),
    head: [n, rows.size, rows.out, fh, fw, rows.stride, rows.dilation, rows.padBefore],
    rowX: cols.size * inPixelBytes,
    rowDy: cols.out * outPixelBytes,
    pixX: cols.stride * inPixelBytes,
  };
}

/**
 * The arguments of the depthwise loops (`dwFilterGrad`, `dwFilterGradRelu`, `dwInputGrad`,
 * `dwForwardRelu`) after the three pointers and the table: `n, h, ho, fh, fw, sh, dh, padTop,
 * cBytes, rowX, rowDy, pixX`.
 */
export type DepthwiseLoopArgs = readonly [...TapNestHead, number, number, number, number];

/**
 * The column table and the trailing arguments of a depthwise loop (channel multiplier 1), for a
 * call `k.dwFilterGrad(x, dy, out, address(table), ...args)`.
 *
 * @param n - batch size.
 * @param rows - the row axis (`size` the input height, `out` the output height).
 * @param cols - the column axis.
 * @param fh - filter rows.
 * @param fw - filter columns.
 * @param c - channels (a multiple of 4).
 * @returns the table (to copy onto the heap) and the arguments.
 */
export function depthwiseLoopArgs(n: number, rows: TapAxis, cols: TapAxis, fh: number, fw: number, c: number): { table: Int32Array; args: DepthwiseLoopArgs } {
  const cBytes = 4 * c;
  const t = tapNestArgs(n, rows, cols, fh, fw, cBytes, cBytes);
  return { table: t.table, args: [...t.head, cBytes, t.rowX, t.rowDy, t.pixX] };
}

/**
 * The arguments of `convFilterGrad` after the three pointers and the table: `n, h, ho, fh, fw, sh,
 * dh, padTop, cin, coutBytes, rowX, rowDy, pixX, tapBytes`.
 */
export type ConvLoopArgs = [...TapNestHead, cin: number, coutBytes: number, rowX: number, rowDy: number, pixX: number, tapBytes: number];

/**
 * The column table and the arguments of `convFilterGrad` between the table and the chunk, for a
 * call `k.convFilterGrad(x, dy, out, address(table), ...args, 0, 0, fh·fw·cin)`.
 *
 * @param n - batch size.
 * @param rows - the row axis (`size` the input height, `out` the output height).
 * @param cols - the column axis.
 * @param fh - filter rows.
 * @param fw - filter columns.
 * @param cin - input channels.
 * @param cout - output channels (a multiple of 4).
 * @returns the table (to copy onto the heap) and the arguments.
 */
export function convLoopArgs(n: number, rows: TapAxis, cols: TapAxis, fh: number, fw: number, cin: number, cout: number): { table: Int32Array; args: ConvLoopArgs } {
  const t = tapNestArgs(n, rows, cols, fh, fw, 4 * cin, 4 * cout);
  return { table: t.table, args: [...t.head, cin, 4 * cout, t.rowX, t.rowDy, t.pixX, 4 * cin * cout] };
}

const cache = new WeakMap<WebAssembly.Memory, { readonly kernels: SimdKernels; readonly fma: boolean }>();

/**
 * The SIMD loops instantiated on a wasm memory (once per memory: later calls return the first
 * call's loops, whatever their `fma`).
 *
 * @param memory - tfjs-wasm's memory.
 * @param fma - whether multiply-adds are fused (relaxed SIMD); by default, whether the engine compiles relaxed SIMD.
 * @returns the loops.
 */
export function simdKernelsFor(memory: WebAssembly.Memory, fma?: boolean): SimdKernels {
  let k = cache.get(memory);
  if (k === undefined) {
    // Probed on the first call only: every kernel call comes through here.
    const fused = fma ?? hasRelaxedSimd();
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const exports = simdKernelModuleBytes(shared, fused).map((bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports);
    k = { kernels: Object.assign({}, ...exports) as SimdKernels, fma: fused };
    cache.set(memory, k);
  }
  return k.kernels;
}

/**
 * Whether the loops `simdKernelsFor` instantiated on a memory fuse their multiply-adds (so that a
 * pool's workers compile the same ones).
 *
 * @param memory - tfjs-wasm's memory.
 * @returns their `fma`, or undefined before the first `simdKernelsFor(memory)`.
 */
export function simdKernelsFuse(memory: WebAssembly.Memory): boolean | undefined {
  return cache.get(memory)?.fma;
}
