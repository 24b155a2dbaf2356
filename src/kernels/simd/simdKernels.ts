/**
 * Hand-written 128-bit SIMD loops that run on tfjs-wasm's own memory, for the training kernels
 * XNNPACK has no fast path for: the depthwise and full convolution filter gradients (contractions
 * over N·H·W), batch-norm statistics and gradients (reductions over N·H·W per channel), sums of
 * many tensors, and strided row copies (concat and split on channels).
 *
 * Every loop works on float32 NHWC data whose channel count is a multiple of 4 (one f32x4 vector
 * holds 4 channels); callers fall back to stock kernels otherwise. Pointers and strides are in
 * bytes. Reductions sum blocks of 64 rows apart and then add the block sums, so that a sum over
 * N·H·W values loses no more precision than one over √(N·H·W).
 *
 * @module
 * @internal
 */
import { FunctionBuilder, assembleModule } from './wasmAssembler.js';

/** Rows summed apart before their sum joins the total. */
const BLOCK_ROWS = 64;

/** The loops, as exported by the instantiated module. Every argument is an i32. */
export interface SimdKernels {
  /**
   * Depthwise filter gradient (channel multiplier 1), accumulated into `out` (`[fh, fw, C]`, zeroed
   * by the caller). `table` holds, per filter column j, three i32: the number of output columns whose
   * input column is inside the image, the byte offset of the first such input pixel in an input row,
   * and the byte offset of the first such output pixel in an output row.
   */
  dwFilterGrad(x: number, dy: number, out: number, table: number, n: number, h: number, ho: number, fh: number, fw: number,
    sh: number, dh: number, padTop: number, cBytes: number, rowX: number, rowDy: number, pixX: number): void;
  /**
   * Depthwise input gradient (channel multiplier 1), scattered into `dx` (`[N, H, W, C]`, zeroed by
   * the caller) from `dy` and the filter `w` (`[fh, fw, C]`); the arguments are those of
   * `dwFilterGrad` with `dx` in place of `x` and `w` in place of `out`.
   */
  dwInputGrad(dx: number, dy: number, w: number, table: number, n: number, h: number, ho: number, fh: number, fw: number,
    sh: number, dh: number, padTop: number, cBytes: number, rowX: number, rowDy: number, pixX: number): void;
  /** `dwFilterGrad` of `relu(x)`. */
  dwFilterGradRelu(x: number, dy: number, out: number, table: number, n: number, h: number, ho: number, fh: number, fw: number,
    sh: number, dh: number, padTop: number, cBytes: number, rowX: number, rowDy: number, pixX: number): void;
  /**
   * Depthwise convolution (channel multiplier 1) of `relu(x)`, accumulated into `y` (zeroed by the
   * caller): the arguments of `dwFilterGrad` with `y` in place of `dy` and the filter `[fh, fw, C]`
   * in place of `out`.
   */
  dwForwardRelu(x: number, y: number, w: number, table: number, n: number, h: number, ho: number, fh: number, fw: number,
    sh: number, dh: number, padTop: number, cBytes: number, rowX: number, rowY: number, pixX: number): void;
  /** `dx = x > 0 ? dx : 0` in place over `bytes` bytes (a multiple of 16). */
  reluMask(dx: number, x: number, bytes: number): void;
  /** `out[c] += Σ_r x[r, c]` over `rows` rows of `cBytes` bytes; `blk` is `cBytes` of scratch. */
  channelSum(x: number, rows: number, cBytes: number, out: number, blk: number): void;
  /** `out[c] += Σ_r (x[r, c] − mean[c])²`. */
  channelCentredSquares(x: number, rows: number, cBytes: number, mean: number, out: number, blk: number): void;
  /** `y[r, c] = (x[r, c] − mean[c])·scale[c] + shift[c]`. */
  scaleShift(x: number, rows: number, cBytes: number, mean: number, scale: number, shift: number, y: number): void;
  /** `s1[c] += Σ dy`, `s2[c] += Σ dy·(x − mean)·rstd`. */
  bnGradSums(dy: number, x: number, rows: number, cBytes: number, mean: number, rstd: number, s1: number, s2: number, blk1: number, blk2: number): void;
  /** `dx = (dy − a − (x − mean)·rstd·b)·scale`, all per channel. */
  bnGradApply(dy: number, x: number, rows: number, cBytes: number, mean: number, rstd: number, a: number, b: number, scale: number, dx: number): void;
  /** Copies `rows` runs of `lenBytes` (a multiple of 16) from `src` (stride `srcStride`) to `dst` (stride `dstStride`). */
  copyRows(src: number, dst: number, rows: number, lenBytes: number, srcStride: number, dstStride: number): void;
  /**
   * Filter gradient of a full convolution, accumulated into `out` (`[fh, fw, Cin, Cout]`, zeroed by
   * the caller), `Cout` a multiple of 4: for every output row and filter tap, the input pixels under
   * the tap contracted with the output gradient's pixels. `table` is as for `dwFilterGrad` (byte
   * offsets with `Cin` channels per input pixel and `Cout` per output pixel); `tapBytes` = 4·Cin·Cout.
   */
  convFilterGrad(x: number, dy: number, out: number, table: number, n: number, h: number, ho: number, fh: number, fw: number,
    sh: number, dh: number, padTop: number, cin: number, coutBytes: number, rowX: number, rowDy: number, pixX: number, tapBytes: number): void;
  /** `out = Σ_k inputs[k]` over `k` float32 arrays of `bytes` (a multiple of 16) whose addresses are the i32s at `table`. */
  addN(table: number, k: number, out: number, bytes: number): void;
}

/** Parameter indices of the arrays and sizes that {@link forEachValidTap} walks. */
interface TapNestParams {
  readonly x: number; readonly dy: number; readonly table: number; readonly n: number; readonly h: number; readonly ho: number;
  readonly fh: number; readonly fw: number; readonly sh: number; readonly dh: number; readonly padTop: number;
  readonly rowX: number; readonly rowDy: number;
}

/** The locals {@link forEachValidTap} gives its body: the tap (`i`, `j`), its valid-column count and the first input and output-gradient pixels. */
interface ValidTap { readonly i: number; readonly j: number; readonly cnt: number; readonly xs: number; readonly ds: number }

/**
 * The loop nest of every filter-tap kernel: for every batch image, output row and filter tap whose
 * input row lies inside the image and whose column table entry (`table` + 12·j: count, input byte
 * offset, output byte offset) has valid columns, `body` runs with the tap's first input pixel `xs`
 * and output-gradient pixel `ds`.
 */
function forEachValidTap(f: FunctionBuilder, p: TapNestParams, body: (tap: ValidTap) => void): void {
  const b = f.local('i32'); const oy = f.local('i32'); const i = f.local('i32'); const j = f.local('i32');
  const iy = f.local('i32'); const xRow = f.local('i32'); const dyRow = f.local('i32'); const t = f.local('i32');
  const cnt = f.local('i32'); const xs = f.local('i32'); const ds = f.local('i32');
  f.forRange(b, () => f.i32(0), p.n, 1, () => {
    f.forRange(oy, () => f.i32(0), p.ho, 1, () => {
      // dyRow = dy + (b·ho + oy)·rowDy
      f.get(b).get(p.ho).mul().get(oy).add().get(p.rowDy).mul().get(p.dy).add().set(dyRow);
      f.forRange(i, () => f.i32(0), p.fh, 1, () => {
        // iy = oy·sh + i·dh − padTop; rows outside the image contribute nothing.
        f.get(oy).get(p.sh).mul().get(i).get(p.dh).mul().add().get(p.padTop).sub().tee(iy).get(p.h).ltU().ifThen(() => {
          f.get(b).get(p.h).mul().get(iy).add().get(p.rowX).mul().get(p.x).add().set(xRow);
          f.forRange(j, () => f.i32(0), p.fw, 1, () => {
            f.get(j).i32(12).mul().get(p.table).add().set(t);
            f.get(t).i32Load(0).tee(cnt).ifThen(() => {
              f.get(xRow).get(t).i32Load(4).add().set(xs);
              f.get(dyRow).get(t).i32Load(8).add().set(ds);
              body({ i, j, cnt, xs, ds });
            });
          });
        });
      });
    });
  });
}

/**
 * The loop nest shared by the depthwise filter and input gradients: for every output row and filter
 * tap whose input row is inside the image, `inner` runs over the 4-channel vectors and the valid
 * output columns. Parameters: (x, dy, w, table, n, h, ho, fh, fw, sh, dh, padTop, cBytes, rowX,
 * rowDy, pixX); `w` is the filter gradient (accumulated) or the filter (read).
 */
function depthwiseNest(name: string, inner: (f: FunctionBuilder, v: { acc: number; xp: number; dp: number; k: number; pixX: number; cBytes: number }) => void,
  perVector: (f: FunctionBuilder, wp: number, acc: number) => void, afterVector: (f: FunctionBuilder, wp: number, acc: number) => void): FunctionBuilder {
  const f = new FunctionBuilder(name, Array<'i32'>(16).fill('i32'));
  const [x, dy, out, table, n, h, ho, fh, fw, sh, dh, padTop, cBytes, rowX, rowDy, pixX] = [...Array(16).keys()] as number[];
  const accP = f.local('i32'); const cb = f.local('i32'); const xp = f.local('i32'); const dp = f.local('i32');
  const k = f.local('i32'); const wp = f.local('i32');
  const acc = f.local('v128');
  forEachValidTap(f, { x: x!, dy: dy!, table: table!, n: n!, h: h!, ho: ho!, fh: fh!, fw: fw!, sh: sh!, dh: dh!, padTop: padTop!, rowX: rowX!, rowDy: rowDy! }, (tap) => {
    f.get(tap.i).get(fw!).mul().get(tap.j).add().get(cBytes!).mul().get(out!).add().set(accP);
    f.forRange(cb, () => f.i32(0), cBytes!, 16, () => {
      f.get(accP).get(cb).add().set(wp);
      perVector(f, wp, acc);
      f.get(tap.xs).get(cb).add().set(xp);
      f.get(tap.ds).get(cb).add().set(dp);
      f.get(tap.cnt).set(k);
      inner(f, { acc, xp, dp, k, pixX: pixX!, cBytes: cBytes! });
      afterVector(f, wp, acc);
    });
  });
  return f;
}

/** Loads the input vector at `xp`, through a ReLU when `relu`. */
function loadX(f: FunctionBuilder, xp: number, relu: boolean): void {
  f.get(xp).v128Load();
  if (relu) f.v128Zero().f32x4Max();
}

/** Depthwise filter gradient: acc(w[i, j]) += Σ x·dy over valid columns (x through a ReLU when `relu`). */
function dwFilterGrad(relu: boolean): FunctionBuilder {
  return depthwiseNest(relu ? 'dwFilterGradRelu' : 'dwFilterGrad',
    (f, { acc, xp, dp, k, pixX, cBytes }) => {
      f.repeat(k, () => {
        f.get(acc);
        loadX(f, xp, relu);
        f.get(dp).v128Load().f32x4Mul().f32x4Add().set(acc);
        f.inc(xp, () => f.get(pixX));
        f.inc(dp, () => f.get(cBytes));
      });
    },
    (f, wp, acc) => { f.get(wp).v128Load().set(acc); },
    (f, wp, acc) => { f.get(wp).get(acc).v128Store(); });
}

/** Depthwise input gradient by scattering: dx[valid columns] += dy·w[i, j] (dx zeroed by the caller). */
function dwInputGrad(): FunctionBuilder {
  return depthwiseNest('dwInputGrad',
    (f, { acc, xp, dp, k, pixX, cBytes }) => {
      f.repeat(k, () => {
        f.get(xp).get(xp).v128Load().get(dp).v128Load().get(acc).f32x4Mul().f32x4Add().v128Store();
        f.inc(xp, () => f.get(pixX));
        f.inc(dp, () => f.get(cBytes));
      });
    },
    (f, wp, acc) => { f.get(wp).v128Load().set(acc); },
    () => undefined);
}

/**
 * Depthwise convolution forward of `relu(x)`, accumulated into the output rows:
 * y[valid columns] += relu(x)·w[i, j] (y zeroed by the caller). Same arguments as `dwFilterGrad`,
 * with `y` in place of `dy` and the filter in place of `out`.
 */
function dwForwardRelu(): FunctionBuilder {
  return depthwiseNest('dwForwardRelu',
    (f, { acc, xp, dp, k, pixX, cBytes }) => {
      f.repeat(k, () => {
        f.get(dp).get(dp).v128Load();
        loadX(f, xp, true);
        f.get(acc).f32x4Mul().f32x4Add().v128Store();
        f.inc(xp, () => f.get(pixX));
        f.inc(dp, () => f.get(cBytes));
      });
    },
    (f, wp, acc) => { f.get(wp).v128Load().set(acc); },
    () => undefined);
}

/** `dx = x > 0 ? dx : 0` over `bytes` (a multiple of 16): the ReLU's gradient mask, in place. */
function reluMask(): FunctionBuilder {
  const f = new FunctionBuilder('reluMask', ['i32', 'i32', 'i32']);
  const [dx, x, bytes] = [0, 1, 2];
  const off = f.local('i32');
  f.forRange(off, () => f.i32(0), bytes, 16, () => {
    f.get(dx).get(off).add();
    f.get(dx).get(off).add().v128Load();
    f.get(x).get(off).add().v128Load().v128Zero().f32x4Gt().v128And();
    f.v128Store();
  });
  return f;
}

/**
 * A reduction over rows into per-channel sums. For each row and each 4-channel vector,
 * `perRow(f, a, at, chan)` leaves on the stack the vector to add to sum `a`: `at(k)` loads input
 * `k`'s vector of that row, `chan(arg)` the vector of a per-channel argument.
 */
function rowReduction(name: string, params: number, layout: { rows: number; cBytes: number; inputs: number[]; outs: number[]; blks: number[] },
  perRow: (f: FunctionBuilder, a: number, at: (k: number) => void, chan: (arg: number) => void) => void): FunctionBuilder {
  const f = new FunctionBuilder(name, Array<'i32'>(params).fill('i32'));
  const { rows, cBytes, inputs, outs, blks } = layout;
  const r = f.local('i32'); const left = f.local('i32'); const inBlock = f.local('i32'); const cb = f.local('i32');
  const ptrs = inputs.map(() => f.local('i32'));
  for (const [k, p] of ptrs.entries()) f.get(inputs[k]!).set(p);
  const at = (k: number): void => { f.get(ptrs[k]!).get(cb).add().v128Load(); };
  const chan = (arg: number): void => { f.get(arg).get(cb).add().v128Load(); };
  f.forRange(r, () => f.i32(0), rows, BLOCK_ROWS, () => {
    // inBlock = min(BLOCK_ROWS, rows − r)
    f.get(rows).get(r).sub().tee(left).i32(BLOCK_ROWS).get(left).i32(BLOCK_ROWS).ltS().select().set(inBlock);
    for (const blk of blks) f.forRange(cb, () => f.i32(0), cBytes, 16, () => { f.get(blk).get(cb).add().v128Zero().v128Store(); });
    f.repeat(inBlock, () => {
      f.forRange(cb, () => f.i32(0), cBytes, 16, () => {
        for (const [a, blk] of blks.entries()) {
          f.get(blk).get(cb).add();
          chan(blk);
          perRow(f, a, at, chan);
          f.f32x4Add().v128Store();
        }
      });
      for (const p of ptrs) f.inc(p, () => f.get(cBytes));
    });
    for (const [a, out] of outs.entries()) {
      f.forRange(cb, () => f.i32(0), cBytes, 16, () => {
        f.get(out).get(cb).add();
        chan(out); chan(blks[a]!); f.f32x4Add().v128Store();
      });
    }
  });
  return f;
}

function channelSum(): FunctionBuilder {
  // (x, rows, cBytes, out, blk)
  return rowReduction('channelSum', 5, { rows: 1, cBytes: 2, inputs: [0], outs: [3], blks: [4] }, (_f, _a, at) => at(0));
}

function channelCentredSquares(): FunctionBuilder {
  // (x, rows, cBytes, mean, out, blk): (x − mean)²
  let d = -1;
  return rowReduction('channelCentredSquares', 6, { rows: 1, cBytes: 2, inputs: [0], outs: [4], blks: [5] }, (f, _a, at, chan) => {
    if (d < 0) d = f.local('v128');
    at(0); chan(3); f.f32x4Sub().tee(d).get(d).f32x4Mul();
  });
}

function bnGradSums(): FunctionBuilder {
  // (dy, x, rows, cBytes, mean, rstd, s1, s2, blk1, blk2): Σ dy and Σ dy·(x − mean)·rstd
  return rowReduction('bnGradSums', 10, { rows: 2, cBytes: 3, inputs: [0, 1], outs: [6, 7], blks: [8, 9] }, (f, a, at, chan) => {
    at(0);
    if (a === 0) return;
    at(1); chan(4); f.f32x4Sub(); chan(5); f.f32x4Mul().f32x4Mul();
  });
}

/** An element-wise pass over rows with per-channel vectors: `body` leaves the output vector on the stack. */
function rowMap(name: string, params: number, rowsArg: number, cBytesArg: number, inputs: number[], output: number,
  body: (f: FunctionBuilder, at: (p: number) => void, chan: (arg: number) => void) => void): FunctionBuilder {
  const f = new FunctionBuilder(name, Array<'i32'>(params).fill('i32'));
  const r = f.local('i32'); const cb = f.local('i32'); const o = f.local('i32');
  const ptrs = inputs.map(() => f.local('i32'));
  for (const [k, p] of ptrs.entries()) f.get(inputs[k]!).set(p);
  f.get(output).set(o);
  f.get(rowsArg).set(r);
  f.get(r).ifThen(() => {
    f.repeat(r, () => {
      f.forRange(cb, () => f.i32(0), cBytesArg, 16, () => {
        f.get(o).get(cb).add();
        body(f, (p) => f.get(ptrs[p]!).get(cb).add().v128Load(), (arg) => f.get(arg).get(cb).add().v128Load());
        f.v128Store();
      });
      for (const p of ptrs) f.inc(p, () => f.get(cBytesArg));
      f.inc(o, () => f.get(cBytesArg));
    });
  });
  return f;
}

function scaleShift(): FunctionBuilder {
  // (x, rows, cBytes, mean, scale, shift, y)
  return rowMap('scaleShift', 7, 1, 2, [0], 6, (f, at, chan) => {
    at(0); chan(3); f.f32x4Sub(); chan(4); f.f32x4Mul(); chan(5); f.f32x4Add();
  });
}

function bnGradApply(): FunctionBuilder {
  // (dy, x, rows, cBytes, mean, rstd, a, b, scale, dx)
  return rowMap('bnGradApply', 10, 2, 3, [0, 1], 9, (f, at, chan) => {
    // (dy − a − (x − mean)·rstd·b)·scale
    at(0); chan(6); f.f32x4Sub();
    at(1); chan(4); f.f32x4Sub(); chan(5); f.f32x4Mul(); chan(7); f.f32x4Mul(); f.f32x4Sub();
    chan(8); f.f32x4Mul();
  });
}

function copyRows(): FunctionBuilder {
  const f = new FunctionBuilder('copyRows', Array<'i32'>(6).fill('i32'));
  const [src, dst, rows, lenBytes, srcStride, dstStride] = [0, 1, 2, 3, 4, 5];
  const r = f.local('i32'); const k = f.local('i32'); const s = f.local('i32'); const d = f.local('i32');
  f.get(rows).set(r);
  f.get(src).set(s);
  f.get(dst).set(d);
  f.get(r).ifThen(() => {
    f.repeat(r, () => {
      f.forRange(k, () => f.i32(0), lenBytes, 16, () => {
        f.get(d).get(k).add().get(s).get(k).add().v128Load().v128Store();
      });
      f.inc(s, () => f.get(srcStride));
      f.inc(d, () => f.get(dstStride));
    });
  });
  return f;
}

function convFilterGrad(): FunctionBuilder {
  const f = new FunctionBuilder('convFilterGrad', Array<'i32'>(18).fill('i32'));
  const [x, dy, out, table, n, h, ho, fh, fw, sh, dh, padTop, cin, coutBytes, rowX, rowDy, pixX, tapBytes] = [...Array(18).keys()] as number[];
  const outTap = f.local('i32'); const ci = f.local('i32'); const outRow = f.local('i32'); const qb = f.local('i32');
  const qFull = f.local('i32'); const ap = f.local('i32'); const bp = f.local('i32'); const k = f.local('i32');
  const s = f.local('v128');
  const acc = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  // qFull = coutBytes rounded down to a multiple of 64 bytes (four vectors)
  f.get(coutBytes!).i32(-64).and().set(qFull);
  const contract = (tap: ValidTap, vectors: number): void => {
    for (let v = 0; v < vectors; v++) f.get(outRow).get(qb).add().v128Load(16 * v).set(acc[v]!);
    f.get(tap.xs).get(ci).i32(2).shl().add().set(ap);
    f.get(tap.ds).get(qb).add().set(bp);
    f.get(tap.cnt).set(k);
    f.repeat(k, () => {
      f.get(ap).f32Load().f32x4Splat().set(s);
      for (let v = 0; v < vectors; v++) f.get(acc[v]!).get(s).get(bp).v128Load(16 * v).f32x4Mul().f32x4Add().set(acc[v]!);
      f.inc(ap, () => f.get(pixX!));
      f.inc(bp, () => f.get(coutBytes!));
    });
    for (let v = 0; v < vectors; v++) f.get(outRow).get(qb).add().get(acc[v]!).v128Store(16 * v);
  };
  forEachValidTap(f, { x: x!, dy: dy!, table: table!, n: n!, h: h!, ho: ho!, fh: fh!, fw: fw!, sh: sh!, dh: dh!, padTop: padTop!, rowX: rowX!, rowDy: rowDy! }, (tap) => {
    f.get(tap.i).get(fw!).mul().get(tap.j).add().get(tapBytes!).mul().get(out!).add().set(outTap);
    f.forRange(ci, () => f.i32(0), cin!, 1, () => {
      f.get(ci).get(coutBytes!).mul().get(outTap).add().set(outRow);
      f.forRange(qb, () => f.i32(0), qFull, 64, () => contract(tap, 4));
      f.forRange(qb, () => f.get(qFull), coutBytes!, 16, () => contract(tap, 1));
    });
  });
  return f;
}

function addN(): FunctionBuilder {
  const f = new FunctionBuilder('addN', ['i32', 'i32', 'i32', 'i32']);
  const [table, k, out, bytes] = [0, 1, 2, 3];
  const off = f.local('i32'); const t = f.local('i32'); const tEnd = f.local('i32'); const acc = f.local('v128');
  f.get(k).i32(2).shl().get(table).add().set(tEnd);
  f.forRange(off, () => f.i32(0), bytes, 16, () => {
    f.v128Zero().set(acc);
    f.forRange(t, () => f.get(table), tEnd, 4, () => {
      f.get(acc).get(t).i32Load().get(off).add().v128Load().f32x4Add().set(acc);
    });
    f.get(out).get(off).add().get(acc).v128Store();
  });
  return f;
}

/**
 * The loops in modules of under 4 KiB each: Chromium refuses to compile or instantiate a larger
 * module synchronously on the main thread, and a kernel must run synchronously.
 */
const MODULE_GROUPS: readonly (() => FunctionBuilder[])[] = [
  () => [dwFilterGrad(false), dwFilterGrad(true), dwInputGrad(), dwForwardRelu(), reluMask()],
  () => [channelSum(), channelCentredSquares(), scaleShift(), bnGradSums(), bnGradApply()],
  () => [copyRows(), convFilterGrad(), addN()],
];

/**
 * The modules' bytes, for a shared or an unshared memory.
 *
 * @param shared - whether the memory they import is shared.
 * @returns one module per group of loops.
 */
export function simdKernelModuleBytes(shared: boolean): Uint8Array<ArrayBuffer>[] {
  return MODULE_GROUPS.map((group) => assembleModule(group(), shared));
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
export type ConvLoopArgs = readonly [...TapNestHead, number, number, number, number, number, number];

/**
 * The column table and the trailing arguments of `convFilterGrad`, for a call
 * `k.convFilterGrad(x, dy, out, address(table), ...args)`.
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

const cache = new WeakMap<WebAssembly.Memory, SimdKernels>();

/**
 * The SIMD loops instantiated on a wasm memory (once per memory).
 *
 * @param memory - tfjs-wasm's memory.
 * @returns the loops.
 */
export function simdKernelsFor(memory: WebAssembly.Memory): SimdKernels {
  let k = cache.get(memory);
  if (k === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const exports = simdKernelModuleBytes(shared).map((bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports);
    k = Object.assign({}, ...exports) as SimdKernels;
    cache.set(memory, k);
  }
  return k;
}
