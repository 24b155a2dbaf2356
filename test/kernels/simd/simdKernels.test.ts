import { describe, expect, it } from 'vitest';
import { type SimdLoopName, simdKernelModuleBytes, simdKernelsFor, tapColumnTable } from '../../../src/kernels/simd/simdKernels.js';
import { chunkStart } from '../../../src/kernels/support/kernelPool.js';
import { interiorColumns } from '../../../src/kernels/wasm/depthwiseSimd.js';
import { createRng } from '../../../src/random.js';
import { enableRelaxedSimd } from '../../../src/node/relaxedSimd.js';

/** Every loop is checked as mul-then-add and, where the engine compiles relaxed SIMD (Node 20 after the flag), as fused multiply-adds. */
const FMA = enableRelaxedSimd() ? [false, true] : [false];
const VARIANTS = [false, true].flatMap((shared) => FMA.map((fma) => [shared, fma] as const));

const GUARD_FLOATS = 16;
const SENTINEL = 12345.678;

/** A bump allocator over a fresh wasm memory; every allocation has guard zones that `checkGuards` verifies. */
function arena(shared: boolean, fma: boolean) {
  const memory = new WebAssembly.Memory(shared ? { initial: 256, maximum: 65536, shared: true } : { initial: 256 });
  let top = 1024;
  const guards: number[] = [];
  const guard = (): void => {
    new Float32Array(memory.buffer, top, GUARD_FLOATS).fill(SENTINEL);
    guards.push(top);
    top += GUARD_FLOATS * 4;
  };
  guard();
  const alloc = (floats: number, values?: ArrayLike<number>): { ptr: number; view: () => Float32Array } => {
    const ptr = top;
    top += Math.ceil((floats * 4) / 16) * 16;
    guard();
    const view = (): Float32Array => new Float32Array(memory.buffer, ptr, floats);
    if (values !== undefined) view().set(values);
    return { ptr, view };
  };
  const allocI32 = (values: ArrayLike<number>): number => {
    const ptr = top;
    top += Math.ceil((values.length * 4) / 16) * 16;
    guard();
    new Int32Array(memory.buffer, ptr, values.length).set(values);
    return ptr;
  };
  const checkGuards = (): void => {
    for (const g of guards) expect(Array.from(new Float32Array(memory.buffer, g, GUARD_FLOATS)).every((v) => v === Math.fround(SENTINEL)), `guard at ${g}`).toBe(true);
  };
  return { memory, fma, alloc, allocI32, checkGuards };
}

type Arena = ReturnType<typeof arena>;

const random = (n: number, seed: number): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
};

function close(actual: Float32Array, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  expect(worst).toBeLessThan(tol);
}

/** Runs a loop over `units` in `chunks` chunks, serially, as a pool would split it. */
function run(a: Arena, name: SimdLoopName, args: number[], units: number, chunks: number): void {
  const f = simdKernelsFor(a.memory, a.fma)[name] as (...xs: number[]) => void;
  for (let c = 0; c < chunks; c++) f(...args, c, chunkStart(c, units, chunks), chunkStart(c + 1, units, chunks));
}

/** The sum over the first axis of `chunks` partial sums of `size` floats. */
function sumChunks(v: Float32Array, chunks: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let c = 0; c < chunks; c++) for (let i = 0; i < size; i++) out[i] += v[c * size + i]!;
  return out;
}

const CHUNKINGS = [1, 3];

describe.each(VARIANTS)('matrix-product loops (shared memory: %s, fused multiply-add: %s)', (shared, fma) => {
  const cases = [
    { name: 'dense 16 -> 16', n: 2, h: 5, w: 6, k: 16, m: 16, s: 1, byImage: true },
    { name: 'dense, lines of 150 pixels (gemmTN: tiles of 64, 64 and 22)', n: 2, h: 10, w: 15, k: 6, m: 12, s: 1, byImage: true },
    { name: 'dense by rows, odd line, 12 columns', n: 2, h: 3, w: 7, k: 5, m: 12, s: 1, byImage: false },
    { name: 'stride 2, odd size, 4 columns', n: 2, h: 7, w: 7, k: 3, m: 4, s: 2, byImage: false },
    { name: 'stride 2, even size, 40 columns', n: 1, h: 6, w: 8, k: 9, m: 40, s: 2, byImage: false },
    { name: 'k = 1', n: 3, h: 2, w: 2, k: 1, m: 8, s: 1, byImage: true },
  ];
  const setup = (c: (typeof cases)[number]) => {
    const ho = Math.floor((c.h - 1) / c.s) + 1;
    const wo = Math.floor((c.w - 1) / c.s) + 1;
    const dense = c.s === 1 && c.byImage;
    const lines = dense
      ? { units: c.n, lineLen: c.h * c.w, linesPerImg: 1, img: c.h * c.w * c.k * 4, line: 0, pix: c.k * 4 }
      : { units: c.n * ho, lineLen: wo, linesPerImg: ho, img: c.h * c.w * c.k * 4, line: c.s * c.w * c.k * 4, pix: c.s * c.k * 4 };
    const at = (b: number, oy: number, ox: number, ch: number): number => ((b * c.h + oy * c.s) * c.w + ox * c.s) * c.k + ch;
    return { ho, wo, lines, at };
  };

  it.each(cases.flatMap((c) => [{ ...c, relu: false, masked: false }, { ...c, relu: true, masked: false }, { ...c, relu: false, masked: true }]))('gemm: x·W over the pixels read ($name, ReLU of x: $relu, masked: $masked)', (c) => {
    const a = arena(shared, fma);
    const { ho, wo, lines, at } = setup(c);
    const xv = random(c.n * c.h * c.w * c.k, 1);
    const wv = random(c.k * c.m, 2);
    const expected = new Float64Array(c.n * ho * wo * c.m);
    for (let b = 0; b < c.n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let j = 0; j < c.m; j++) {
      let sum = 0;
      for (let i = 0; i < c.k; i++) sum += (c.relu ? Math.max(xv[at(b, oy, ox, i)]!, 0) : xv[at(b, oy, ox, i)]!) * wv[i * c.m + j]!;
      expected[((b * ho + oy) * wo + ox) * c.m + j] = sum;
    }
    const mv = random(expected.length, 7);
    if (c.masked) for (let i = 0; i < expected.length; i++) if (!(mv[i]! > 0)) expected[i] = 0;
    for (const chunks of CHUNKINGS) {
      const x = a.alloc(xv.length, xv);
      const w = a.alloc(wv.length, wv);
      const y = a.alloc(expected.length);
      const m = a.alloc(mv.length, mv);
      const cLine = lines.lineLen * c.m * 4;
      run(a, c.relu ? 'gemmRelu' : c.masked ? 'gemmMasked' : 'gemm', [x.ptr, w.ptr, y.ptr, c.k, c.m * 4, lines.lineLen, lines.linesPerImg, lines.img, lines.line, lines.pix,
        lines.lineLen * lines.linesPerImg * c.m * 4, cLine, c.m * 4, ...(c.masked ? [m.ptr - y.ptr] : [])], lines.units, chunks);
      close(y.view(), expected, 1e-5);
    }
    a.checkGuards();
  });

  it.each(cases.flatMap((c) => [{ ...c, relu: false }, { ...c, relu: true }]))('gemmTN: xᵀ·dy into per-chunk partial sums ($name, ReLU of x: $relu)', (c) => {
    const a = arena(shared, fma);
    const { ho, wo, lines, at } = setup(c);
    const xv = random(c.n * c.h * c.w * c.k, 3);
    const dyv = random(c.n * ho * wo * c.m, 4);
    const expected = new Float64Array(c.k * c.m);
    for (let b = 0; b < c.n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let i = 0; i < c.k; i++) for (let j = 0; j < c.m; j++) {
      expected[i * c.m + j] += (c.relu ? Math.max(xv[at(b, oy, ox, i)]!, 0) : xv[at(b, oy, ox, i)]!) * dyv[((b * ho + oy) * wo + ox) * c.m + j]!;
    }
    for (const chunks of CHUNKINGS) {
      const x = a.alloc(xv.length, xv);
      const dy = a.alloc(dyv.length, dyv);
      const out = a.alloc(chunks * c.k * c.m);
      run(a, c.relu ? 'gemmTNRelu' : 'gemmTN', [x.ptr, dy.ptr, out.ptr, c.k, c.m * 4, lines.lineLen, lines.linesPerImg, lines.img, lines.line, lines.pix,
        lines.lineLen * c.m * 4, c.m * 4, c.k * c.m * 4], lines.units, chunks);
      close(Float32Array.from(sumChunks(out.view(), chunks, c.k * c.m)), expected, 1e-5);
    }
    a.checkGuards();
  });

  it.each(cases)("gemmTN: B's channels inside a wider tensor (bPix > nBytes, as one half of FactorizedReduce's dy) ($name)", (c) => {
    const a = arena(shared, fma);
    const { ho, wo, lines, at } = setup(c);
    const wide = 2 * c.m + 4;
    const xv = random(c.n * c.h * c.w * c.k, 5);
    const dyv = random(c.n * ho * wo * wide, 6);
    const expected = new Float64Array(c.k * c.m);
    for (let b = 0; b < c.n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let i = 0; i < c.k; i++) for (let j = 0; j < c.m; j++) {
      expected[i * c.m + j] += xv[at(b, oy, ox, i)]! * dyv[((b * ho + oy) * wo + ox) * wide + c.m + j]!;
    }
    for (const chunks of CHUNKINGS) {
      const x = a.alloc(xv.length, xv);
      const dy = a.alloc(dyv.length, dyv);
      const out = a.alloc(chunks * c.k * c.m);
      run(a, 'gemmTN', [x.ptr, dy.ptr + 4 * c.m, out.ptr, c.k, c.m * 4, lines.lineLen, lines.linesPerImg, lines.img, lines.line, lines.pix,
        lines.lineLen * wide * 4, wide * 4, c.k * c.m * 4], lines.units, chunks);
      close(Float32Array.from(sumChunks(out.view(), chunks, c.k * c.m)), expected, 1e-5);
    }
    a.checkGuards();
  });
});

/** A depthwise geometry: batch, input size, channels, filter size, stride, dilation, padding. */
interface Geometry { readonly name: string; readonly n: number; readonly h: number; readonly w: number; readonly c: number; readonly k: number; readonly s: number; readonly d: number; readonly p: number }

const DEPTHWISE_GEOMETRY: readonly Geometry[] = [
  { name: '3x3 stride 1 pad 1', n: 2, h: 7, w: 6, c: 8, k: 3, s: 1, d: 1, p: 1 },
  { name: '3x3 stride 1 pad 1, wide', n: 1, h: 3, w: 13, c: 4, k: 3, s: 1, d: 1, p: 1 },
  { name: '3x3 stride 1 pad 1, 8 wide', n: 2, h: 4, w: 8, c: 12, k: 3, s: 1, d: 1, p: 1 },
  { name: '3x3 stride 1 valid, wide', n: 1, h: 4, w: 12, c: 8, k: 3, s: 1, d: 1, p: 0 },
  { name: '3x3 stride 1 pad 2, wide', n: 1, h: 3, w: 9, c: 4, k: 3, s: 1, d: 1, p: 2 },
  { name: '3x3 stride 2 pad 1', n: 2, h: 9, w: 8, c: 4, k: 3, s: 2, d: 1, p: 1 },
  { name: '5x5 dilation 2 pad 4', n: 1, h: 10, w: 11, c: 12, k: 5, s: 1, d: 2, p: 4 },
  { name: '3x3 dilation 2 stride 2 pad 2', n: 3, h: 8, w: 8, c: 8, k: 3, s: 2, d: 2, p: 2 },
  { name: '3x3 valid on 3x3', n: 2, h: 3, w: 3, c: 4, k: 3, s: 1, d: 1, p: 0 },
  { name: '3x3 pad 1 on 1x2', n: 2, h: 1, w: 2, c: 4, k: 3, s: 1, d: 1, p: 1 },
  { name: '1x1', n: 2, h: 3, w: 5, c: 4, k: 1, s: 1, d: 1, p: 0 },
];

/** The output size of a geometry and a walker over every valid (input, output, filter) index triple. */
function depthwiseGeometry(g: Geometry) {
  const { n, h, w, c, k, s, d, p } = g;
  const ho = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
  const wo = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
  const each = (fn: (xi: number, yi: number, wi: number) => void): void => {
    for (let b = 0; b < n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const iy = oy * s + i * d - p;
      const ix = ox * s + j * d - p;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      for (let ch = 0; ch < c; ch++) fn(((b * h + iy) * w + ix) * c + ch, ((b * ho + oy) * wo + ox) * c + ch, (i * k + j) * c + ch);
    }
  };
  const axis = (size: number, out: number) => ({ size, out, filter: k, stride: s, dilation: d, padBefore: p });
  return { ho, wo, each, rows: axis(h, ho), cols: axis(w, wo) };
}

describe.each(VARIANTS)('depthwise loops (shared memory: %s, fused multiply-add: %s)', (shared, fma) => {
  it.each(DEPTHWISE_GEOMETRY)('dwConv, dwConvRelu and dwConvMask match the direct sums: $name', (g) => {
    const a = arena(shared, fma);
    const { ho, wo, each, cols } = depthwiseGeometry(g);
    const xv = random(g.n * g.h * g.w * g.c, 1);
    const fv = random(g.k * g.k * g.c, 2);
    const mv = random(g.n * ho * wo * g.c, 3);
    const plain = new Float64Array(g.n * ho * wo * g.c);
    const relu = new Float64Array(plain.length);
    each((xi, yi, wi) => { plain[yi] += xv[xi]! * fv[wi]!; relu[yi] += Math.max(0, xv[xi]!) * fv[wi]!; });
    const masked = plain.map((v, i) => (mv[i]! > 0 ? v : 0));
    const [lo, hi] = interiorColumns(cols);
    for (const chunks of CHUNKINGS) {
      for (const [name, expected] of [['dwConv', plain], ['dwConvRelu', relu], ['dwConvMask', masked]] as const) {
        const x = a.alloc(xv.length, xv);
        const f = a.alloc(fv.length, fv);
        const m = a.alloc(mv.length, mv);
        const y = a.alloc(expected.length);
        run(a, name, [x.ptr, y.ptr, f.ptr, m.ptr, g.h, g.w, ho, wo, g.k, g.k, g.s, g.s, g.d, g.d, g.p, g.p, g.c * 4, lo, hi], g.n * ho, chunks);
        close(y.view(), expected, 1e-5);
      }
    }
    a.checkGuards();
  });

  it.each(DEPTHWISE_GEOMETRY)('dwFilterGradTaps and dwFilterGrad3 (3-wide, column stride 1) sum x·dy and relu(x)·dy: $name', (g) => {
    const a = arena(shared, fma);
    const { ho, wo, each, cols } = depthwiseGeometry(g);
    const xv = random(g.n * g.h * g.w * g.c, 4);
    const dyv = random(g.n * ho * wo * g.c, 5);
    const plain = new Float64Array(g.k * g.k * g.c);
    const relu = new Float64Array(plain.length);
    each((xi, yi, wi) => { plain[wi] += xv[xi]! * dyv[yi]!; relu[wi] += Math.max(0, xv[xi]!) * dyv[yi]!; });
    const table = a.allocI32(tapColumnTable(cols, g.k, g.c * 4, g.c * 4));
    const size = g.k * g.k * g.c;
    for (const chunks of CHUNKINGS) {
      for (const [name, expected] of [['dwFilterGradTaps', plain], ['dwFilterGradTapsRelu', relu], ['dwFilterGrad3', plain], ['dwFilterGrad3Relu', relu]] as const) {
        if (name.startsWith('dwFilterGrad3') && (g.k !== 3 || g.s !== 1 || g.d !== 1)) continue;
        const x = a.alloc(xv.length, xv);
        const dy = a.alloc(dyv.length, dyv);
        const out = a.alloc(chunks * size);
        const args = name.startsWith('dwFilterGrad3')
          ? [x.ptr, dy.ptr, out.ptr, g.h, g.w, ho, wo, g.k, g.s, g.d, g.p, g.p, g.c * 4, size * 4]
          : [x.ptr, dy.ptr, out.ptr, table, g.h, ho, g.k, g.k, g.s, g.d, g.p, g.c * 4, g.w * g.c * 4, wo * g.c * 4, g.s * g.c * 4, size * 4];
        run(a, name, args, g.n * ho, chunks);
        close(Float32Array.from(sumChunks(out.view(), chunks, size)), expected, 1e-5);
      }
    }
    a.checkGuards();
  });

  it.each(DEPTHWISE_GEOMETRY)('dwInputGradScatter matches the direct sum: $name', (g) => {
    const a = arena(shared, fma);
    const { ho, wo, each, cols } = depthwiseGeometry(g);
    const fv = random(g.k * g.k * g.c, 6);
    const dyv = random(g.n * ho * wo * g.c, 7);
    const expected = new Float64Array(g.n * g.h * g.w * g.c);
    each((xi, yi, wi) => { expected[xi] += fv[wi]! * dyv[yi]!; });
    const table = a.allocI32(tapColumnTable(cols, g.k, g.c * 4, g.c * 4));
    for (const chunks of [1, Math.min(2, g.n)]) {
      const dx = a.alloc(expected.length);
      const dy = a.alloc(dyv.length, dyv);
      const f = a.alloc(fv.length, fv);
      run(a, 'dwInputGradScatter', [dx.ptr, dy.ptr, f.ptr, table, g.h, ho, g.k, g.k, g.s, g.d, g.p, g.c * 4, g.w * g.c * 4, wo * g.c * 4, g.s * g.c * 4], g.n, chunks);
      close(dx.view(), expected, 1e-5);
    }
    a.checkGuards();
  });
});

describe.each(VARIANTS)('batch-norm and element-wise loops (shared memory: %s, fused multiply-add: %s)', (shared, fma) => {
  // 12 channels: vectors one at a time; 20: a group of 4 vectors in registers, then one.
  it.each(CHUNKINGS.flatMap((chunks) => [12, 20].map((c) => [chunks, c] as const)))('batch-norm sums, normalisation and gradient loops match plain loops (%i chunks, %i channels)', (chunks, c) => {
    const a = arena(shared, fma);
    const rows = 300; // several blocks of 64 and a partial one
    const xv = random(rows * c, 3).map((v) => 3 + 2 * v);
    const dyv = random(rows * c, 4);
    const mean = new Float64Array(c);
    const sq = new Float64Array(c);
    for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) mean[ch] += xv[r * c + ch]! / rows;
    for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) sq[ch] += (xv[r * c + ch]! - mean[ch]!) ** 2;
    const rstd = Float32Array.from(sq, (v) => 1 / Math.sqrt(v / rows + 1e-5));
    const scale = Float32Array.from(rstd, (v, i) => v * (1 + i / 10));
    const shift = Float32Array.from({ length: c }, (_, i) => i / 7);
    /** Per-channel arrays packed as the element-wise loops read them: per vector of 4 channels, 4 values of each array in turn. */
    const packed = (arrays: readonly ArrayLike<number>[]): number[] => {
      const out: number[] = [];
      for (let v = 0; v < c / 4; v++) for (const arr of arrays) for (let l = 0; l < 4; l++) out.push(arr[4 * v + l]!);
      return out;
    };
    const x = a.alloc(rows * c, xv);
    const dy = a.alloc(rows * c, dyv);

    const sum = a.alloc(chunks * c);
    run(a, 'channelSum', [x.ptr, c * 4, sum.ptr, c * 4], rows, chunks);
    close(Float32Array.from(sumChunks(sum.view(), chunks, c)), Float64Array.from(mean, (m) => m * rows), 1e-5);

    const m = a.alloc(c, mean);
    const squares = a.alloc(chunks * c);
    run(a, 'channelCentredSquares', [x.ptr, c * 4, m.ptr, squares.ptr, c * 4], rows, chunks);
    close(Float32Array.from(sumChunks(squares.view(), chunks, c)), sq, 1e-5);

    const y = a.alloc(rows * c);
    const k = a.alloc(3 * c, packed([Float32Array.from(mean), scale, shift]));
    run(a, 'scaleShift', [x.ptr, c * 4, k.ptr, y.ptr], rows, chunks);
    close(y.view(), Array.from(xv, (v, i) => (v - mean[i % c]!) * scale[i % c]! + shift[i % c]!), 1e-6);

    const s1 = a.alloc(chunks * c);
    const s2 = a.alloc(chunks * c);
    run(a, 'bnGradSums', [dy.ptr, x.ptr, c * 4, m.ptr, s1.ptr, s2.ptr, c * 4], rows, chunks);
    const e1 = new Float64Array(c);
    const e2 = new Float64Array(c);
    for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) {
      e1[ch] += dyv[r * c + ch]!;
      e2[ch] += dyv[r * c + ch]! * (xv[r * c + ch]! - mean[ch]!);
    }
    close(Float32Array.from(sumChunks(s1.view(), chunks, c)), e1, 1e-5);
    close(Float32Array.from(sumChunks(s2.view(), chunks, c)), e2, 1e-5);

    const k1 = Float32Array.from(scale);
    const k2 = Float32Array.from({ length: c }, (_, i) => -0.3 * i);
    const k3 = Float32Array.from({ length: c }, (_, i) => i / 9 - 0.5);
    const kk = a.alloc(4 * c, packed([Float32Array.from(mean), k1, k2, k3]));
    const dx = a.alloc(rows * c);
    run(a, 'bnGradApply', [dy.ptr, x.ptr, c * 4, kk.ptr, dx.ptr], rows, chunks);
    close(dx.view(), Array.from(dyv, (g, i) => {
      const ch = i % c;
      return (xv[i]! - mean[ch]!) * k2[ch]! + g * k1[ch]! + k3[ch]!;
    }), 1e-5);
    a.checkGuards();
  });

  it.each(CHUNKINGS)('add, mulScalar, reluMask, addN and copyRows (%i chunks)', (chunks) => {
    const a = arena(shared, fma);
    const n = 40;
    const xs = [random(n, 7), random(n, 8), random(n, 9)];
    const [p, q, r] = xs.map((v) => a.alloc(n, v));
    const out = a.alloc(n);
    run(a, 'add', [p!.ptr, q!.ptr, out.ptr], n / 4, chunks);
    close(out.view(), Array.from(xs[0]!, (v, i) => v + xs[1]![i]!), 1e-6);
    const s = a.alloc(1, [2.5]);
    run(a, 'mulScalar', [p!.ptr, s.ptr, out.ptr], n / 4, chunks);
    close(out.view(), Array.from(xs[0]!, (v) => v * 2.5), 1e-6);
    run(a, 'reluMask', [q!.ptr, r!.ptr, out.ptr], n / 4, chunks);
    close(out.view(), Array.from(xs[1]!, (v, i) => (xs[2]![i]! > 0 ? v : 0)), 1e-12);
    const t = a.allocI32([p!.ptr, q!.ptr, r!.ptr]);
    run(a, 'addN', [t, 3, out.ptr], n / 4, chunks);
    close(out.view(), Array.from(xs[0]!, (v, i) => v + xs[1]![i]! + xs[2]![i]!), 1e-6);
    const src = a.alloc(40, Array.from({ length: 40 }, (_, i) => i));
    const dst = a.alloc(48);
    // 4 rows of 8 floats with stride 10 floats into stride 12
    run(a, 'copyRows', [src.ptr, dst.ptr, 32, 40, 48], 4, chunks);
    const expected = new Float32Array(48);
    for (let row = 0; row < 4; row++) for (let i = 0; i < 8; i++) expected[row * 12 + i] = row * 10 + i;
    expect(Array.from(dst.view())).toEqual(Array.from(expected));
    a.checkGuards();
  });
});

describe.each(VARIANTS)('full convolution filter gradient (shared memory: %s, fused multiply-add: %s)', (shared, fma) => {
  it.each([
    { name: '1x1 stride 2 (odd size)', n: 2, h: 7, w: 7, cin: 5, cout: 20, k: 1, s: 2, d: 1, p: 0 },
    { name: '3x3 stride 1 pad 1', n: 2, h: 6, w: 7, cin: 3, cout: 48, k: 3, s: 1, d: 1, p: 1 },
    { name: '3x3 stride 2 pad 1 dilation 2', n: 1, h: 9, w: 8, cin: 6, cout: 8, k: 3, s: 2, d: 2, p: 1 },
  ])('convFilterGrad matches the direct sum: $name', ({ n, h, w, cin, cout, k, s, d, p }) => {
    const a = arena(shared, fma);
    const ho = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
    const wo = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
    const xv = random(n * h * w * cin, 5);
    const dyv = random(n * ho * wo * cout, 6);
    const expected = new Float64Array(k * k * cin * cout);
    for (let b = 0; b < n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const iy = oy * s + i * d - p;
      const ix = ox * s + j * d - p;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) {
        expected[((i * k + j) * cin + ci) * cout + co] += xv[((b * h + iy) * w + ix) * cin + ci]! * dyv[((b * ho + oy) * wo + ox) * cout + co]!;
      }
    }
    const x = a.alloc(xv.length, xv);
    const dy = a.alloc(dyv.length, dyv);
    const out = a.alloc(expected.length);
    const t = a.allocI32(tapColumnTable({ size: w, out: wo, stride: s, dilation: d, padBefore: p }, k, cin * 4, cout * 4));
    const args = [x.ptr, dy.ptr, out.ptr, t, n, h, ho, k, k, s, d, p, cin, cout * 4, w * cin * 4, wo * cout * 4, s * cin * 4, cin * cout * 4];
    run(a, 'convFilterGrad', args, k * k * cin, 1);
    close(out.view(), expected, 1e-5);
    // Chunked by filter rows (5 uneven chunks), the same bits.
    const serial = Float32Array.from(out.view());
    out.view().fill(0);
    run(a, 'convFilterGrad', args, k * k * cin, 5);
    expect(out.view()).toEqual(serial);
    a.checkGuards();
  });
});

describe('SIMD modules', () => {
  it.each(VARIANTS)('each stays under the 4 KiB Chromium compiles synchronously on the main thread (shared: %s, fused multiply-add: %s)', (shared, fma) => {
    for (const bytes of simdKernelModuleBytes(shared, fma)) {
      expect(bytes.length).toBeLessThan(4096);
      expect(WebAssembly.validate(bytes)).toBe(true);
    }
  });
});
