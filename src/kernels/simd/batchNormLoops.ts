/**
 * Batch-norm loops over rows of `cBytes` (a multiple of 16) of float32 channels:
 *
 * - the reductions `channelSum`, `channelCentredSquares` and `bnGradSums` take the channels in
 *   groups of 4 vectors (one 64-byte cache line), with the group's sums and per-channel constants in
 *   registers, then one vector at a time for the last channels. Rows are summed in blocks of
 *   {@link BLOCK_ROWS} in registers before each block joins the chunk's partial sums (at
 *   `out + chunk·outChunk`, added to), so that a sum over N·H·W values loses no more precision than
 *   one over √(N·H·W);
 * - the element-wise `scaleShift` and `bnGradApply` read their per-channel constants packed, one
 *   run of vectors per channel vector, and use fused multiply-adds where the engine has them.
 *
 * Each runs over rows [lo, hi).
 *
 * @module
 * @internal
 */
import type { FunctionBuilder } from './wasmAssembler.js';
import { CHUNK_PARAMS, withNamedParams } from './namedParams.js';

/** Rows summed apart, in registers, before their sum joins the chunk's partial sums. */
const BLOCK_ROWS = 64;

/** Vectors of channels a reduction keeps in registers at once. */
const GROUP = 4;

/** What a reduction does with one vector of a row: `acc(o)` is output `o`'s sum, `at(k)` pushes input `k`'s vector, `konst` is the vector's constant. */
type ReductionBody = (f: FunctionBuilder, acc: (o: number) => number, at: (k: number) => void, konst: number) => void;

/**
 * A reduction over rows [lo, hi) into per-channel partial sums: params `(…inputs, cBytes, [konst],
 * …outs, outChunk, chunk, lo, hi)`. `konst`, when named, is a per-channel vector (the mean) loaded
 * into a register once per group.
 */
function reduction(name: string, inputs: readonly string[], konst: string | undefined, outs: readonly string[], body: ReductionBody): FunctionBuilder {
  const { f, p } = withNamedParams(name, [...inputs, 'cBytes', ...(konst === undefined ? [] : [konst]), ...outs, 'outChunk', ...CHUNK_PARAMS]);
  const named = p as Record<string, number>;
  const cBytes = named['cBytes']!;
  const cb = f.local('i32'); const r = f.local('i32'); const left = f.local('i32'); const inBlock = f.local('i32');
  const groupEnd = f.local('i32');
  const ptrs = inputs.map(() => f.local('i32'));
  const outBase = outs.map(() => f.local('i32'));
  const acc = outs.map(() => Array.from({ length: GROUP }, () => f.local('v128')));
  const k = Array.from({ length: GROUP }, () => f.local('v128'));
  for (const [o, base] of outBase.entries()) f.get(p.chunk).get(p.outChunk).mul().get(named[outs[o]!]!).add().set(base);
  f.get(cBytes).i32(-16 * GROUP).and().set(groupEnd);
  /** The vectors [cb, cb + 16·g) of every row in [lo, hi). */
  const group = (g: number): void => {
    if (konst !== undefined) for (let j = 0; j < g; j++) f.get(named[konst]!).get(cb).add().v128Load(16 * j).set(k[j]!);
    f.forRange(r, () => f.get(p.lo), p.hi, BLOCK_ROWS, () => {
      // inBlock = min(BLOCK_ROWS, hi − r)
      f.get(p.hi).get(r).sub().tee(left).i32(BLOCK_ROWS).get(left).i32(BLOCK_ROWS).ltS().select().set(inBlock);
      for (const a of acc) for (let j = 0; j < g; j++) f.v128Zero().set(a[j]!);
      for (const [i, ptr] of ptrs.entries()) f.get(r).get(cBytes).mul().get(named[inputs[i]!]!).add().get(cb).add().set(ptr);
      f.repeat(inBlock, () => {
        for (let j = 0; j < g; j++) body(f, (o) => acc[o]![j]!, (i) => { f.get(ptrs[i]!).v128Load(16 * j); }, k[j]!);
        for (const ptr of ptrs) f.inc(ptr, () => f.get(cBytes));
      });
      for (const [o, base] of outBase.entries()) {
        for (let j = 0; j < g; j++) f.get(base).get(cb).add().get(base).get(cb).add().v128Load(16 * j).get(acc[o]![j]!).f32x4Add().v128Store(16 * j);
      }
    });
  };
  f.forRange(cb, () => f.i32(0), groupEnd, 16 * GROUP, () => group(GROUP));
  f.forRange(cb, () => f.get(groupEnd), cBytes, 16, () => group(1));
  return f;
}

/** `channelSum(x, cBytes, out, outChunk, chunk, lo, hi)`: `out[chunk][c] += Σ_r x[r, c]`. */
export function channelSumLoop(): FunctionBuilder {
  return reduction('channelSum', ['x'], undefined, ['out'], (f, acc, at) => {
    f.get(acc(0)); at(0); f.f32x4Add().set(acc(0));
  });
}

/** `channelCentredSquares(x, cBytes, mean, out, outChunk, chunk, lo, hi)`: `out[chunk][c] += Σ_r (x[r, c] − mean[c])²`. */
export function channelCentredSquaresLoop(): FunctionBuilder {
  let d = -1;
  return reduction('channelCentredSquares', ['x'], 'mean', ['out'], (f, acc, at, mean) => {
    if (d < 0) d = f.local('v128');
    at(0); f.get(mean).f32x4Sub().set(d);
    f.mulAdd(acc(0), d, d).set(acc(0));
  });
}

/** `bnGradSums(dy, x, cBytes, mean, s1, s2, outChunk, chunk, lo, hi)`: `s1[chunk][c] += Σ dy`, `s2[chunk][c] += Σ dy·(x − mean)`. */
export function bnGradSumsLoop(): FunctionBuilder {
  let g = -1;
  return reduction('bnGradSums', ['dy', 'x'], 'mean', ['s1', 's2'], (f, acc, at, mean) => {
    if (g < 0) g = f.local('v128');
    at(0); f.set(g);
    f.get(acc(0)).get(g).f32x4Add().set(acc(0));
    f.mulAdd(acc(1), g, () => { at(1); f.get(mean).f32x4Sub(); }).set(acc(1));
  });
}

/**
 * An element-wise pass over rows [lo, hi): params `(…inputs, cBytes, konst, out, chunk, lo, hi)`,
 * `konst` holding `runs` vectors per channel vector (`konst + runs·cb + 16·i`). `body(at, konst)`
 * leaves the output vector on the stack; `at(k)` pushes input `k`'s vector, `konst(i)` constant `i`'s.
 */
function packedMap(name: string, inputs: readonly string[], runs: number,
  body: (f: FunctionBuilder, at: (k: number) => void, konst: (i: number) => void) => void): FunctionBuilder {
  const { f, p } = withNamedParams(name, [...inputs, 'cBytes', 'konst', 'out', ...CHUNK_PARAMS]);
  const named = p as Record<string, number>;
  const off = f.local('i32'); const end = f.local('i32'); const cb = f.local('i32'); const kp = f.local('i32'); const rowEnd = f.local('i32');
  f.get(p.hi).get(p.cBytes).mul().set(end);
  f.forRange(off, () => f.get(p.lo).get(p.cBytes).mul(), end, () => f.get(p.cBytes), () => {
    f.get(p.konst).set(kp);
    f.get(off).get(p.cBytes).add().set(rowEnd);
    f.forRange(cb, () => f.get(off), rowEnd, 16, () => {
      f.get(p.out).get(cb).add();
      body(f, (k) => f.get(named[inputs[k]!]!).get(cb).add().v128Load(), (i) => f.get(kp).v128Load(16 * i));
      f.v128Store();
      f.inc(kp, 16 * runs);
    });
  });
  return f;
}

/** `scaleShift(x, cBytes, konst, y, chunk, lo, hi)`: `y = (x − mean)·scale + shift`, `konst` packing (mean, scale, shift) per channel vector. */
export function scaleShiftLoop(): FunctionBuilder {
  return packedMap('scaleShift', ['x'], 3, (f, at, konst) => {
    f.mulAdd(() => konst(2), () => { at(0); konst(0); f.f32x4Sub(); }, () => konst(1));
  });
}

/**
 * `bnGradApply(dy, x, cBytes, konst, dx, chunk, lo, hi)`: `dx = (x − mean)·k2 + dy·k1 + k3`,
 * `konst` packing (mean, k1, k2, k3) per channel vector.
 */
export function bnGradApplyLoop(): FunctionBuilder {
  return packedMap('bnGradApply', ['dy', 'x'], 4, (f, at, konst) => {
    f.mulAdd(() => f.mulAdd(() => konst(3), () => at(0), () => konst(1)), () => { at(1); konst(0); f.f32x4Sub(); }, () => konst(2));
  });
}
