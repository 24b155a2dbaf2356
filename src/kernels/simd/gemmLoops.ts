/**
 * Register-blocked matrix products for 1×1 convolutions, the bulk of a DARTS cell's arithmetic:
 * `gemm` (C = A·B: a pointwise convolution's forward pass and its input gradient) and `gemmTN`
 * (out += Aᵀ·B: its filter gradient, a contraction over pixels). Both hold a block of 4 rows × 8
 * columns of the result in registers; rows of A are pixels, addressed by lines so that a strided
 * or shifted 1×1 convolution (FactorizedReduce) reads its pixels in place.
 *
 * Rows of A are grouped in lines of `lineLen` pixels: line `l` is line `l % linesPerImg` of image
 * `l / linesPerImg`, and its pixel `q` starts at `a + img·aImg + y·aLine + q·aPix` (bytes). Each
 * loop runs over lines [lo, hi), so that a pool can share the lines out.
 *
 * @module
 * @internal
 */
import type { FunctionBuilder } from './wasmAssembler.js';
import { CHUNK_PARAMS, withNamedParams } from './namedParams.js';

/** Rows of the result held in registers. */
const MR = 4;

/** Pixels `gemmTN` contracts at a time (its A and B rows: 64·4·(k + n) bytes, 16 KiB for k = n = 32). */
const TILE = 64;

/** Sets `row` to the first pixel of line `l` (`base + (l / per)·img + (l % per)·line`). */
function lineStart(f: FunctionBuilder, row: number, l: number, base: number, per: number, img: number, line: number, tmp: number): void {
  f.get(l).get(per).divU().tee(tmp).get(img).mul();
  f.get(l).get(tmp).get(per).mul().sub().get(line).mul().add();
  f.get(base).add().set(row);
}

/**
 * A matrix-product loop's variant: A's values as they are (`plain`), or through a ReLU (`relu`:
 * `max(A, 0)`, the input of FactorizedReduce and of a ReLU-1×1 convolution), or (`gemm` only)
 * C written as zero wherever a mask tensor laid out like C is ≤ 0 (`masked`: the ReLU's gradient).
 */
export type GemmInput = 'plain' | 'relu' | 'masked';

/** The `gemm` loop of each variant. */
export const GEMM_LOOPS = { plain: 'gemm', relu: 'gemmRelu', masked: 'gemmMasked' } as const;

/** The `gemm` loop whose A is several tensors side by side along k (through a ReLU): see `gemmLoop`. */
export const GEMM_RELU_PARTS_LOOP = 'gemmReluParts';

/** The `gemmTN` loop of each variant (it has no `masked` one). */
export const GEMM_TN_LOOPS = { plain: 'gemmTN', relu: 'gemmTNRelu' } as const;

/** Loads one value of A at the address on the stack, splat to 4 lanes (through a ReLU for `relu`). */
function loadA(f: FunctionBuilder, input: GemmInput, offset = 0): FunctionBuilder {
  f.v128Load32Splat(offset);
  return input === 'relu' ? f.v128Zero().f32x4Pmax() : f;
}

/**
 * `gemm(a, b, c, k, nBytes, lineLen, linesPerImg, aImg, aLine, aPix, cImg, cLine, cPix, chunk, lo, hi)`:
 * for the pixels of lines [lo, hi), `C[p, :] = Σ_k A[p, k]·B[k, :]`, with B `[k, n]` contiguous
 * (`nBytes` = 4n, a multiple of 16) and C's pixels addressed like A's (`cImg`, `cLine`, `cPix`).
 * `gemmRelu` reads `max(A, 0)` instead of A. `gemmMasked(…, cPix, maskDelta, chunk, lo, hi)` writes
 * `M > 0 ? (A·B) : 0`, M being the float at the same place as each value of C plus `maskDelta` bytes.
 * `gemmReluParts(…, cPix, parts, partsEnd, chunk, lo, hi)` (`parts`: `gemmRelu`) reads A from
 * several tensors of `k` channels each and one pixel layout, side by side along the contraction
 * (a concatenation along channels, never made): the i32 at `parts`, `parts + 4`, … before
 * `partsEnd` are each one's address minus the first's (`a`), and B has `k` rows per part. Every
 * value is summed in the same order as `gemmRelu` over the concatenation, so with the same bits.
 *
 * @param input - the variant.
 * @param parts - A in parts (`relu` only).
 */
export function gemmLoop(input: GemmInput = 'plain', parts = false): FunctionBuilder {
  const { f, p } = withNamedParams(parts ? GEMM_RELU_PARTS_LOOP : GEMM_LOOPS[input], ['a', 'b', 'c', 'k', 'nBytes', 'lineLen', 'linesPerImg', 'aImg', 'aLine', 'aPix', 'cImg', 'cLine', 'cPix',
    ...(input === 'masked' ? ['maskDelta'] : []), ...(parts ? ['parts', 'partsEnd'] : []), ...CHUNK_PARAMS] as const);
  const part = parts ? f.local('i32') : -1;
  const at = f.local('i32');
  const l = f.local('i32'); const tmp = f.local('i32'); const aRow = f.local('i32'); const cRow = f.local('i32');
  const q = f.local('i32'); const qEnd = f.local('i32'); const nb = f.local('i32'); const nFull = f.local('i32');
  const aq = f.local('i32'); const cq = f.local('i32'); const ap = f.local('i32'); const bp = f.local('i32'); const kk = f.local('i32');
  const aOff = [-1, f.local('i32'), f.local('i32'), f.local('i32')];
  const acc = Array.from({ length: MR }, () => [f.local('v128'), f.local('v128')]);
  const bv = [f.local('v128'), f.local('v128')];
  const s = f.local('v128');
  f.get(p.k).eqz().brIfReturn();
  f.get(p.nBytes).i32(-32).and().set(nFull);
  f.get(p.lineLen).i32(-MR).and().set(qEnd);
  for (let r = 1; r < MR; r++) f.get(p.aPix).i32(r).mul().set(aOff[r]!);
  const block = (mr: number, nv: number): void => {
    for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) f.v128Zero().set(acc[r]![v]!);
    f.get(aq).set(ap);
    f.get(p.b).get(nb).add().set(bp);
    const contract = (): void => {
      f.get(p.k).set(kk);
      f.repeat(kk, () => {
        for (let v = 0; v < nv; v++) f.get(bp).v128Load(16 * v).set(bv[v]!);
        for (let r = 0; r < mr; r++) {
          f.get(ap);
          if (r > 0) f.get(aOff[r]!).add();
          loadA(f, input).set(s);
          for (let v = 0; v < nv; v++) f.mulAdd(acc[r]![v]!, s, bv[v]!).set(acc[r]![v]!);
        }
        f.inc(ap, 4);
        f.inc(bp, () => f.get(p.nBytes));
      });
    };
    if (!parts) contract();
    else {
      // Each part's k channels in turn, from the same pixel of that part; B's rows run on.
      f.forRange(part, () => f.get(p.parts), p.partsEnd, 4, () => {
        f.get(aq).get(part).i32Load().add().set(ap);
        contract();
      });
    }
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) {
        f.get(cq);
        if (r > 0) f.get(p.cPix).i32(r).mul().add();
        f.get(nb).add();
        if (input !== 'masked') { f.get(acc[r]![v]!).v128Store(16 * v); continue; }
        f.tee(at).get(acc[r]![v]!).get(at).get(p.maskDelta).add().v128Load(16 * v).v128Zero().f32x4Gt().v128And().v128Store(16 * v);
      }
    }
  };
  const micro = (mr: number): void => {
    f.get(aRow).get(q).get(p.aPix).mul().add().set(aq);
    f.get(cRow).get(q).get(p.cPix).mul().add().set(cq);
    f.forRange(nb, () => f.i32(0), nFull, 32, () => block(mr, 2));
    f.get(nFull).get(p.nBytes).ltS().ifThen(() => { f.get(nFull).set(nb); block(mr, 1); });
  };
  f.forRange(l, () => f.get(p.lo), p.hi, 1, () => {
    lineStart(f, aRow, l, p.a, p.linesPerImg, p.aImg, p.aLine, tmp);
    lineStart(f, cRow, l, p.c, p.linesPerImg, p.cImg, p.cLine, tmp);
    f.forRange(q, () => f.i32(0), qEnd, MR, () => micro(MR));
    f.forRange(q, () => f.get(qEnd), p.lineLen, 1, () => micro(1));
  });
  return f;
}

/**
 * `gemmTN(a, b, out, k, nBytes, lineLen, linesPerImg, aImg, aLine, aPix, bLine, bPix, outChunk, chunk, lo, hi)`:
 * adds `Σ_p A[p, k]·B[p, :]` over the pixels of lines [lo, hi) into `out + chunk·outChunk`
 * (`[k, n]`, so that each chunk has its own partial sums). Line `l` of B starts at `b + l·bLine`
 * and its pixels are `bPix` bytes apart (`nBytes` when B is dense; more when B's `n` channels are
 * part of a wider tensor, as in one half of FactorizedReduce's output gradient). `gemmTNRelu` reads
 * `max(A, 0)` instead of A. Sums are kept in registers over a tile of {@link TILE} pixels of a line, then added to
 * the partial sums.
 */
export function gemmTNLoop(input: keyof typeof GEMM_TN_LOOPS = 'plain'): FunctionBuilder {
  const { f, p } = withNamedParams(GEMM_TN_LOOPS[input], ['a', 'b', 'out', 'k', 'nBytes', 'lineLen', 'linesPerImg', 'aImg', 'aLine', 'aPix', 'bLine', 'bPix', 'outChunk', ...CHUNK_PARAMS]);
  const l = f.local('i32'); const tmp = f.local('i32'); const aRow = f.local('i32'); const bRow = f.local('i32');
  const kb = f.local('i32'); const kEnd = f.local('i32'); const nb = f.local('i32'); const nFull = f.local('i32');
  const outC = f.local('i32'); const oRow = f.local('i32'); const ap = f.local('i32'); const bp = f.local('i32'); const cnt = f.local('i32');
  const t0 = f.local('i32'); const tileLen = f.local('i32'); const aTile = f.local('i32'); const bTile = f.local('i32');
  const acc = Array.from({ length: MR }, () => [f.local('v128'), f.local('v128')]);
  const bv = [f.local('v128'), f.local('v128')];
  const s = f.local('v128');
  f.get(p.lineLen).eqz().brIfReturn();
  f.get(p.nBytes).i32(-32).and().set(nFull);
  f.get(p.k).i32(-MR).and().set(kEnd);
  f.get(p.chunk).get(p.outChunk).mul().get(p.out).add().set(outC);
  const block = (mr: number, nv: number): void => {
    // acc[r][v] = out[kb + r, nb + 4v ...]; oRow + r·nBytes is row kb + r.
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) {
        f.get(oRow);
        if (r > 0) f.get(p.nBytes).i32(r).mul().add();
        f.get(nb).add().v128Load(16 * v).set(acc[r]![v]!);
      }
    }
    f.get(aTile).get(kb).i32(2).shl().add().set(ap);
    f.get(bTile).get(nb).add().set(bp);
    f.get(tileLen).set(cnt);
    f.repeat(cnt, () => {
      for (let v = 0; v < nv; v++) f.get(bp).v128Load(16 * v).set(bv[v]!);
      for (let r = 0; r < mr; r++) {
        loadA(f.get(ap), input, 4 * r).set(s);
        for (let v = 0; v < nv; v++) f.mulAdd(acc[r]![v]!, s, bv[v]!).set(acc[r]![v]!);
      }
      f.inc(ap, () => f.get(p.aPix));
      f.inc(bp, () => f.get(p.bPix));
    });
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) {
        f.get(oRow);
        if (r > 0) f.get(p.nBytes).i32(r).mul().add();
        f.get(nb).add().get(acc[r]![v]!).v128Store(16 * v);
      }
    }
  };
  const rows = (mr: number): void => {
    f.get(kb).get(p.nBytes).mul().get(outC).add().set(oRow);
    f.forRange(nb, () => f.i32(0), nFull, 32, () => block(mr, 2));
    f.get(nFull).get(p.nBytes).ltS().ifThen(() => { f.get(nFull).set(nb); block(mr, 1); });
  };
  f.forRange(l, () => f.get(p.lo), p.hi, 1, () => {
    lineStart(f, aRow, l, p.a, p.linesPerImg, p.aImg, p.aLine, tmp);
    f.get(l).get(p.bLine).mul().get(p.b).add().set(bRow);
    // Tiles of TILE pixels, every block of the result over one tile before the next: the tile's
    // A and B rows stay in the L1 cache while all the blocks read them.
    f.forRange(t0, () => f.i32(0), p.lineLen, TILE, () => {
      // tileLen = min(TILE, lineLen − t0)
      f.get(p.lineLen).get(t0).sub().tee(tileLen).i32(TILE).get(tileLen).i32(TILE).ltS().select().set(tileLen);
      f.get(t0).get(p.aPix).mul().get(aRow).add().set(aTile);
      f.get(t0).get(p.bPix).mul().get(bRow).add().set(bTile);
      f.forRange(kb, () => f.i32(0), kEnd, MR, () => rows(MR));
      f.forRange(kb, () => f.get(kEnd), p.k, 1, () => rows(1));
    });
  });
  return f;
}
