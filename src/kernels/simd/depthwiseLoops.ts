/**
 * Register-blocked depthwise convolution loops (NHWC float32, channel multiplier 1, channels a
 * multiple of 4), the first half of every DARTS separable and dilated convolution:
 *
 * - `dwConv`, `dwConvRelu`, `dwConvMask`: the convolution, gathered: each output pixel's sum over
 *   its taps is held in a register for blocks of 4 output pixels (one 4-channel vector each) and
 *   stored once. `Relu` applies a ReLU to every input value it reads (the fused ReLU-depthwise
 *   forward pass); `Mask` zeroes every output where `mask` ≤ 0 (the ReLU's gradient, when the
 *   loop computes an input gradient as a convolution of the output gradient with the flipped
 *   filter).
 * - `dwFilterGrad3`, `dwFilterGrad3Relu`: the filter gradient of a 3-wide, stride-1, undilated
 *   filter, sliding along each row with the three input columns of the three taps in registers.
 * - `dwFilterGradTaps`, `dwFilterGradTapsRelu`: the filter gradient of any geometry, tap by tap.
 * - `dwInputGradScatter`: the input gradient of any geometry (strided ones), scattered.
 *
 * Each runs over a range [lo, hi) of output rows (`b·ho + oy`), or of images for the scatter, so
 * that a pool can share the rows out; filter gradients go to per-chunk partial sums.
 *
 * @module
 * @internal
 */
import type { FunctionBuilder } from './wasmAssembler.js';
import { CHUNK_PARAMS, withNamedParams } from './namedParams.js';
import { forEachValidTap } from './validTapNest.js';

/** Output pixels held in registers by `dwConv`'s blocks (any filter). */
const PIXELS = 4;

/**
 * Output pixels held in registers by `dwConv`'s blocks for the usual 3-wide filter at column
 * stride and dilation 1, on rows at least this wide: 8 independent sums, so that the fused
 * multiply-adds' latency is hidden, and 10 input columns read per 8 pixels.
 */
const WIDE = 8;

/** What a convolution variant does to the values it reads and writes. */
type ConvVariant = 'plain' | 'relu' | 'mask';

const CONV_PARAMS = ['x', 'y', 'w', 'mask', 'h', 'wIn', 'ho', 'wo', 'fh', 'fw', 'sh', 'sw', 'dh', 'dw', 'padTop', 'padLeft', 'cBytes', 'oxLo', 'oxHi', ...CHUNK_PARAMS] as const;

/**
 * `dwConv*(x, y, w, mask, h, wIn, ho, wo, fh, fw, sh, sw, dh, dw, padTop, padLeft, cBytes, oxLo, oxHi, chunk, lo, hi)`:
 * `y[b, oy, ox] = Σ_{i,j} x[b, oy·sh + i·dh − padTop, ox·sw + j·dw − padLeft]·w[i, j]` for output rows
 * [lo, hi) (taps outside the image read zeros). Output columns [oxLo, oxHi) must have every tap's
 * column inside the image; they run 4 at a time. `mask` (y's shape) is read by the `mask` variant only.
 */
export function dwConvLoop(variant: ConvVariant): FunctionBuilder {
  const name = variant === 'plain' ? 'dwConv' : variant === 'relu' ? 'dwConvRelu' : 'dwConvMask';
  const { f, p } = withNamedParams(name, CONV_PARAMS);
  const l = f.local('i32'); const b = f.local('i32'); const oy = f.local('i32'); const yRow = f.local('i32'); const xImg = f.local('i32');
  const cv = f.local('i32'); const ox = f.local('i32'); const i = f.local('i32'); const iy = f.local('i32'); const j = f.local('i32');
  const ix = f.local('i32'); const xRowI = f.local('i32'); const xp = f.local('i32'); const wp = f.local('i32'); const cnt = f.local('i32');
  const rowX = f.local('i32'); const rowY = f.local('i32'); const imgX = f.local('i32'); const pixX = f.local('i32'); const tapX = f.local('i32');
  const bx = f.local('i32'); const yp = f.local('i32'); const off = f.local('i32');
  const pix = [-1, f.local('i32'), f.local('i32'), f.local('i32')];
  const acc = Array.from({ length: WIDE }, () => f.local('v128'));
  const wv = f.local('v128'); const zero = f.local('v128');
  f.v128Zero().set(zero);
  f.get(p.wIn).get(p.cBytes).mul().set(rowX);
  f.get(p.wo).get(p.cBytes).mul().set(rowY);
  f.get(p.h).get(rowX).mul().set(imgX);
  f.get(p.sw).get(p.cBytes).mul().set(pixX);
  f.get(p.dw).get(p.cBytes).mul().set(tapX);
  for (let k = 1; k < PIXELS; k++) f.get(pixX).i32(k).mul().set(pix[k]!);
  const cOff = [-1, ...Array.from({ length: WIDE + 1 }, () => f.local('i32'))];
  for (let q = 1; q < WIDE + 2; q++) f.get(p.cBytes).i32(q).mul().set(cOff[q]!);
  const ws = [f.local('v128'), f.local('v128'), f.local('v128')];
  const xq = f.local('v128');
  const sliding = f.local('i32');
  // sliding = fw == 3 && sw == 1 && dw == 1 && padLeft ≤ 1 && wo − padLeft < wIn: then, in a block of
  // pixels inside [0, wo), only its first and last input columns can fall outside the image.
  f.get(p.fw).i32(3).eq().get(p.sw).i32(1).eq().and().get(p.dw).i32(1).eq().and()
    .get(p.padLeft).i32(2).ltU().and().get(p.wo).get(p.padLeft).sub().get(p.wIn).ltS().and().set(sliding);
  /** Pushes x's vector at the address on the stack, with the variant's input transform. */
  const loadX = (): void => {
    f.v128Load();
    if (variant === 'relu') f.get(zero).f32x4Pmax();
  };
  /** Stores `acc` at yp + off (off a local holding a byte offset within the row, or 0). */
  const store = (a: number): void => {
    f.get(yp).get(off).add();
    f.get(a);
    if (variant === 'mask') f.get(p.mask).get(yp).get(p.y).sub().add().get(off).add().v128Load().get(zero).f32x4Gt().v128And();
    f.v128Store();
  };
  // iy = oy·sh + i·dh − padTop; body runs when 0 ≤ iy < h, with xRowI the input row's first pixel (+ cv).
  const forValidRows = (body: () => void): void => {
    f.forRange(i, () => f.i32(0), p.fh, 1, () => {
      f.get(oy).get(p.sh).mul().get(i).get(p.dh).mul().add().get(p.padTop).sub().tee(iy).get(p.h).ltU().ifThen(() => {
        f.get(iy).get(rowX).mul().get(xImg).add().get(cv).add().set(xRowI);
        body();
      });
    });
  };
  const general = (from: () => void, to: number): void => {
    f.forRange(ox, from, to, 1, () => {
      f.v128Zero().set(acc[0]!);
      forValidRows(() => {
        f.forRange(j, () => f.i32(0), p.fw, 1, () => {
          f.get(ox).get(p.sw).mul().get(j).get(p.dw).mul().add().get(p.padLeft).sub().tee(ix).get(p.wIn).ltU().ifThen(() => {
            f.mulAdd(acc[0]!, () => {
              f.get(ix).get(p.cBytes).mul().get(xRowI).add();
              loadX();
            }, () => f.get(i).get(p.fw).mul().get(j).add().get(p.cBytes).mul().get(p.w).add().get(cv).add().v128Load()).set(acc[0]!);
          });
        });
      });
      f.get(ox).get(p.cBytes).mul().get(yRow).add().get(cv).add().set(yp);
      f.i32(0).set(off);
      store(acc[0]!);
    });
  };
  /** One tap for the 4 pixels: acc[k] += x(xp + k·pixX)·w(wp). */
  const tap = (): void => {
    f.get(wp).v128Load().set(wv);
    for (let k = 0; k < PIXELS; k++) {
      f.mulAdd(acc[k]!, () => {
        f.get(xp);
        if (k > 0) f.get(pix[k]!).add();
        loadX();
      }, wv).set(acc[k]!);
    }
  };
  /**
   * The usual 3-wide filter at column stride and dilation 1, for `px` pixels from bx: the `px + 2`
   * input columns under them are loaded (and transformed) once each and streamed, each going into
   * the (up to) three sums that read it; the three taps' filter vectors are kept in registers.
   * Only the first and the last column can fall outside the image (see `sliding`): they read zero there.
   */
  const slidingRow = (px: number): void => {
    for (let t = 0; t < 3; t++) {
      f.get(wp);
      if (t > 0) f.get(cOff[t]!).add();
      f.v128Load().set(ws[t]!);
    }
    for (let q = 0; q < px + 2; q++) {
      const load = (): void => {
        f.get(xp);
        if (q > 0) f.get(cOff[q]!).add();
        loadX();
        f.set(xq);
      };
      if (q === 0 || q === px + 1) f.get(bx).i32(q).add().get(p.padLeft).sub().get(p.wIn).ltU().ifElse(load, () => { f.v128Zero().set(xq); });
      else load();
      for (let t = 2; t >= 0; t--) {
        const k = q - t;
        if (k >= 0 && k < px) f.mulAdd(acc[k]!, xq, ws[t]!).set(acc[k]!);
      }
    }
  };
  /** The `px` output pixels from bx: the sliding filter's (`slide`), or any filter's with every tap inside the image's columns. */
  const block = (px: number, slide: boolean): void => {
    for (let k = 0; k < px; k++) f.v128Zero().set(acc[k]!);
    forValidRows(() => {
      f.get(bx).get(p.sw).mul().get(p.padLeft).sub().get(p.cBytes).mul().get(xRowI).add().set(xp);
      f.get(i).get(p.fw).mul().get(p.cBytes).mul().get(p.w).add().get(cv).add().set(wp);
      if (slide) { slidingRow(px); return; }
      f.get(p.fw).set(cnt);
      f.repeat(cnt, () => {
        tap();
        f.inc(xp, () => f.get(tapX));
        f.inc(wp, () => f.get(p.cBytes));
      });
    });
    f.get(bx).get(p.cBytes).mul().get(yRow).add().get(cv).add().set(yp);
    f.i32(0).set(off);
    for (let k = 0; k < px; k++) {
      store(acc[k]!);
      if (k + 1 < px) f.inc(off, () => f.get(p.cBytes));
    }
  };
  /**
   * The sliding filter's whole row, `px` pixels at a time, the last block ending at wo (it may
   * overlap the one before), every channel vector of a block before the next block: the input
   * and output are read and written pixel after pixel.
   */
  const slidingRowBlocks = (px: number): void => {
    f.forRange(ox, () => f.i32(0), p.wo, px, () => {
      f.get(ox).get(p.wo).i32(px).sub().tee(bx).get(ox).get(bx).ltS().select().set(bx);
      f.forRange(cv, () => f.i32(0), p.cBytes, 16, () => block(px, true));
    });
  };
  /** Any filter's row, channel vector by channel vector: interior pixels 4 at a time, the borders one by one. */
  const anyFilterRow = (): void => {
    f.forRange(cv, () => f.i32(0), p.cBytes, 16, () => {
      general(() => f.i32(0), p.oxLo);
      // Interior pixels 4 at a time; the last block ends at oxHi (it may overlap the one before).
      f.get(p.oxHi).get(p.oxLo).sub().i32(PIXELS).geS().ifElse(() => {
        f.forRange(ox, () => f.get(p.oxLo), p.oxHi, PIXELS, () => {
          f.get(ox).get(p.oxHi).i32(PIXELS).sub().tee(bx).get(ox).get(bx).ltS().select().set(bx);
          block(PIXELS, false);
        });
      }, () => general(() => f.get(p.oxLo), p.oxHi));
      general(() => f.get(p.oxHi), p.wo);
    });
  };
  f.forRange(l, () => f.get(p.lo), p.hi, 1, () => {
    f.get(l).get(p.ho).divU().tee(b).get(imgX).mul().get(p.x).add().set(xImg);
    f.get(l).get(b).get(p.ho).mul().sub().set(oy);
    f.get(l).get(rowY).mul().get(p.y).add().set(yRow);
    const slidingAtLeast = (px: number): void => { f.get(sliding).get(p.wo).i32(px).geS().and(); };
    slidingAtLeast(WIDE);
    f.ifElse(() => slidingRowBlocks(WIDE), () => {
      slidingAtLeast(PIXELS);
      f.ifElse(() => slidingRowBlocks(PIXELS), anyFilterRow);
    });
  });
  return f;
}

const FILTER_PARAMS = ['x', 'dy', 'out', 'h', 'wIn', 'ho', 'wo', 'fh', 'sh', 'dh', 'padTop', 'padLeft', 'cBytes', 'outChunk', ...CHUNK_PARAMS] as const;

/**
 * `dwFilterGrad3*(x, dy, out, h, wIn, ho, wo, fh, sh, dh, padTop, padLeft, cBytes, outChunk, chunk, lo, hi)`:
 * the filter gradient `out[i, j] += Σ x[b, oy·sh + i·dh − padTop, ox + j − padLeft]·dy[b, oy, ox]` of a
 * `[fh, 3]` filter with column stride and dilation 1, over output rows [lo, hi), into the partial sums
 * at `out + chunk·outChunk`. Along each row the three taps' input columns slide through registers:
 * one new input vector and one output-gradient vector per output pixel.
 */
export function dwFilterGrad3Loop(relu: boolean): FunctionBuilder {
  const { f, p } = withNamedParams(relu ? 'dwFilterGrad3Relu' : 'dwFilterGrad3', FILTER_PARAMS);
  const l = f.local('i32'); const b = f.local('i32'); const oy = f.local('i32'); const dyRow = f.local('i32'); const xImg = f.local('i32');
  const i = f.local('i32'); const iy = f.local('i32'); const xRow = f.local('i32'); const cv = f.local('i32'); const ox = f.local('i32');
  const rowX = f.local('i32'); const rowDy = f.local('i32'); const imgX = f.local('i32'); const outC = f.local('i32'); const op = f.local('i32');
  const xp = f.local('i32'); const dp = f.local('i32'); const cnt = f.local('i32'); const oxLo = f.local('i32'); const oxHi = f.local('i32');
  const col = f.local('i32');
  const a = [f.local('v128'), f.local('v128'), f.local('v128')];
  const a2 = [f.local('v128'), f.local('v128'), f.local('v128')];
  const xs = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  const d = f.local('v128'); const d2 = f.local('v128'); const zero = f.local('v128');
  const pairs = f.local('i32');
  f.v128Zero().set(zero);
  f.get(p.wIn).get(p.cBytes).mul().set(rowX);
  f.get(p.wo).get(p.cBytes).mul().set(rowDy);
  f.get(p.h).get(rowX).mul().set(imgX);
  f.get(p.chunk).get(p.outChunk).mul().get(p.out).add().set(outC);
  // Interior output columns: every tap's column ox + j − padLeft (j = 0..2) inside [0, wIn).
  f.get(p.padLeft).set(oxLo);
  f.get(p.wIn).i32(2).sub().get(p.padLeft).add().set(oxHi);
  f.get(oxHi).get(p.wo).gtS().ifThen(() => { f.get(p.wo).set(oxHi); });
  f.get(oxLo).get(oxHi).gtS().ifThen(() => { f.get(oxHi).set(oxLo); });
  f.get(oxLo).get(p.wo).gtS().ifThen(() => { f.get(p.wo).tee(oxLo).set(oxHi); });
  const loadX = (): void => {
    f.v128Load();
    if (relu) f.get(zero).f32x4Pmax();
  };
  /** One output pixel at the border: each tap whose column is inside the image. */
  const border = (): void => {
    f.get(ox).get(p.cBytes).mul().get(dyRow).add().get(cv).add().v128Load().set(d);
    for (let jj = 0; jj < 3; jj++) {
      f.get(ox).i32(jj).add().get(p.padLeft).sub().tee(col).get(p.wIn).ltU().ifThen(() => {
        f.mulAdd(a[jj]!, () => {
          f.get(col).get(p.cBytes).mul().get(xRow).add().get(cv).add();
          loadX();
        }, d).set(a[jj]!);
      });
    }
  };
  f.forRange(l, () => f.get(p.lo), p.hi, 1, () => {
    f.get(l).get(p.ho).divU().tee(b).get(imgX).mul().get(p.x).add().set(xImg);
    f.get(l).get(b).get(p.ho).mul().sub().set(oy);
    f.get(l).get(rowDy).mul().get(p.dy).add().set(dyRow);
    f.forRange(i, () => f.i32(0), p.fh, 1, () => {
      f.get(oy).get(p.sh).mul().get(i).get(p.dh).mul().add().get(p.padTop).sub().tee(iy).get(p.h).ltU().ifThen(() => {
        f.get(iy).get(rowX).mul().get(xImg).add().set(xRow);
        f.get(i).i32(3).mul().get(p.cBytes).mul().get(outC).add().set(op);
        f.forRange(cv, () => f.i32(0), p.cBytes, 16, () => {
          for (const v of a) f.v128Zero().set(v);
          f.forRange(ox, () => f.i32(0), oxLo, 1, border);
          f.get(oxHi).get(oxLo).sub().tee(cnt).ifThen(() => {
            // x columns oxLo − padLeft + (0, 1) preloaded; each pixel loads column ox + 2 − padLeft.
            f.get(oxLo).get(p.padLeft).sub().get(p.cBytes).mul().get(xRow).add().get(cv).add().set(xp);
            f.get(xp); loadX(); f.set(xs[0]!);
            f.get(xp).get(p.cBytes).add(); loadX(); f.set(xs[1]!);
            f.get(xp).get(p.cBytes).add().get(p.cBytes).add().set(xp);
            f.get(oxLo).get(p.cBytes).mul().get(dyRow).add().get(cv).add().set(dp);
            // Pixels in pairs, the second one's sums in a2: six independent chains of multiply-adds.
            for (const v of a2) f.v128Zero().set(v);
            f.get(cnt).i32(1).shrU().tee(pairs).ifThen(() => {
              f.repeat(pairs, () => {
                f.get(xp); loadX(); f.set(xs[2]!);
                f.get(xp).get(p.cBytes).add(); loadX(); f.set(xs[3]!);
                f.get(dp).v128Load().set(d);
                f.get(dp).get(p.cBytes).add().v128Load().set(d2);
                for (let jj = 0; jj < 3; jj++) f.mulAdd(a[jj]!, xs[jj]!, d).set(a[jj]!);
                for (let jj = 0; jj < 3; jj++) f.mulAdd(a2[jj]!, xs[jj + 1]!, d2).set(a2[jj]!);
                f.get(xs[2]!).set(xs[0]!);
                f.get(xs[3]!).set(xs[1]!);
                f.inc(xp, () => f.get(p.cBytes).i32(1).shl());
                f.inc(dp, () => f.get(p.cBytes).i32(1).shl());
              });
            });
            f.get(cnt).i32(1).and().ifThen(() => {
              f.get(xp); loadX(); f.set(xs[2]!);
              f.get(dp).v128Load().set(d);
              for (let jj = 0; jj < 3; jj++) f.mulAdd(a[jj]!, xs[jj]!, d).set(a[jj]!);
            });
            for (let jj = 0; jj < 3; jj++) f.get(a[jj]!).get(a2[jj]!).f32x4Add().set(a[jj]!);
          });
          f.forRange(ox, () => f.get(oxHi), p.wo, 1, border);
          for (let jj = 0; jj < 3; jj++) {
            f.get(op).get(cv).add();
            if (jj > 0) f.get(p.cBytes).i32(jj).mul().add();
            f.get(op).get(cv).add();
            if (jj > 0) f.get(p.cBytes).i32(jj).mul().add();
            f.v128Load().get(a[jj]!).f32x4Add().v128Store();
          }
        });
      });
    });
  });
  return f;
}

const TAPS_PARAMS = ['x', 'dy', 'out', 'table', 'h', 'ho', 'fh', 'fw', 'sh', 'dh', 'padTop', 'cBytes', 'rowX', 'rowDy', 'pixX', 'outChunk', ...CHUNK_PARAMS] as const;

/**
 * `dwFilterGradTaps*(x, dy, out, table, h, ho, fh, fw, sh, dh, padTop, cBytes, rowX, rowDy, pixX, outChunk, chunk, lo, hi)`:
 * the filter gradient of any geometry, tap by tap, over output rows [lo, hi), into the partial sums
 * at `out + chunk·outChunk`. `table` holds, per filter column, the number of valid output columns and
 * the byte offsets of the first one's input and output pixels (see `tapColumnTable`).
 */
export function dwFilterGradTapsLoop(relu: boolean): FunctionBuilder {
  const { f, p } = withNamedParams(relu ? 'dwFilterGradTapsRelu' : 'dwFilterGradTaps', TAPS_PARAMS);
  const l = f.local('i32'); const b = f.local('i32'); const oy = f.local('i32'); const i = f.local('i32'); const j = f.local('i32');
  const iy = f.local('i32'); const xRow = f.local('i32'); const dyRow = f.local('i32'); const t = f.local('i32'); const cnt = f.local('i32');
  const xs = f.local('i32'); const ds = f.local('i32'); const cv = f.local('i32'); const xp = f.local('i32'); const dp = f.local('i32');
  const k = f.local('i32'); const outC = f.local('i32'); const wp = f.local('i32');
  const acc = f.local('v128'); const zero = f.local('v128');
  f.v128Zero().set(zero);
  f.get(p.chunk).get(p.outChunk).mul().get(p.out).add().set(outC);
  f.forRange(l, () => f.get(p.lo), p.hi, 1, () => {
    f.get(l).get(p.ho).divU().set(b);
    f.get(l).get(b).get(p.ho).mul().sub().set(oy);
    f.get(l).get(p.rowDy).mul().get(p.dy).add().set(dyRow);
    f.forRange(i, () => f.i32(0), p.fh, 1, () => {
      f.get(oy).get(p.sh).mul().get(i).get(p.dh).mul().add().get(p.padTop).sub().tee(iy).get(p.h).ltU().ifThen(() => {
        f.get(b).get(p.h).mul().get(iy).add().get(p.rowX).mul().get(p.x).add().set(xRow);
        f.forRange(j, () => f.i32(0), p.fw, 1, () => {
          f.get(j).i32(12).mul().get(p.table).add().set(t);
          f.get(t).i32Load(0).tee(cnt).ifThen(() => {
            f.get(xRow).get(t).i32Load(4).add().set(xs);
            f.get(dyRow).get(t).i32Load(8).add().set(ds);
            f.get(i).get(p.fw).mul().get(j).add().get(p.cBytes).mul().get(outC).add().set(wp);
            f.forRange(cv, () => f.i32(0), p.cBytes, 16, () => {
              f.v128Zero().set(acc);
              f.get(xs).get(cv).add().set(xp);
              f.get(ds).get(cv).add().set(dp);
              f.get(cnt).set(k);
              f.repeat(k, () => {
                f.mulAdd(acc, () => {
                  f.get(xp).v128Load();
                  if (relu) f.get(zero).f32x4Pmax();
                }, () => f.get(dp).v128Load()).set(acc);
                f.inc(xp, () => f.get(p.pixX));
                f.inc(dp, () => f.get(p.cBytes));
              });
              f.get(wp).get(cv).add().get(wp).get(cv).add().v128Load().get(acc).f32x4Add().v128Store();
            });
          });
        });
      });
    });
  });
  return f;
}

/**
 * `dwInputGradScatter(dx, dy, w, table, h, ho, fh, fw, sh, dh, padTop, cBytes, rowX, rowDy, pixX, chunk, lo, hi)`:
 * the input gradient of any geometry for images [lo, hi): every output-gradient pixel times each
 * tap, added into the input pixel the tap read (dx zeroed by the caller). Images never share dx
 * rows, so chunks of images can run at once.
 */
export function dwInputGradScatterLoop(): FunctionBuilder {
  const { f, p } = withNamedParams('dwInputGradScatter', ['dx', 'dy', 'w', 'table', 'h', 'ho', 'fh', 'fw', 'sh', 'dh', 'padTop', 'cBytes', 'rowX', 'rowDy', 'pixX', ...CHUNK_PARAMS]);
  const cv = f.local('i32'); const xp = f.local('i32'); const dp = f.local('i32'); const k = f.local('i32'); const wv = f.local('v128');
  forEachValidTap(f, { ...p, x: p.dx, n: p.hi }, ({ i, j, cnt, xs, ds }) => {
    f.forRange(cv, () => f.i32(0), p.cBytes, 16, () => {
      f.get(i).get(p.fw).mul().get(j).add().get(p.cBytes).mul().get(p.w).add().get(cv).add().v128Load().set(wv);
      f.get(xs).get(cv).add().set(xp);
      f.get(ds).get(cv).add().set(dp);
      f.get(cnt).set(k);
      f.repeat(k, () => {
        f.get(xp).mulAdd(() => f.get(xp).v128Load(), () => f.get(dp).v128Load(), wv).v128Store();
        f.inc(xp, () => f.get(p.pixX));
        f.inc(dp, () => f.get(p.cBytes));
      });
    });
  });
  return f;
}
