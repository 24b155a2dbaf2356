import { describe, expect, it } from 'vitest';
import { simdKernelModuleBytes, simdKernelsFor } from '../../../src/kernels/simd/simdKernels.js';
import { createRng } from '../../../src/random.js';

/** A bump allocator over a fresh wasm memory. */
function arena(shared: boolean) {
  const memory = new WebAssembly.Memory(shared ? { initial: 64, maximum: 65536, shared: true } : { initial: 64 });
  let top = 1024;
  const alloc = (floats: number, values?: ArrayLike<number>): { ptr: number; view: () => Float32Array } => {
    const ptr = top;
    top += Math.ceil((floats * 4) / 16) * 16 + 16;
    const view = (): Float32Array => new Float32Array(memory.buffer, ptr, floats);
    if (values !== undefined) view().set(values);
    return { ptr, view };
  };
  const allocI32 = (values: number[]): number => {
    const ptr = top;
    top += values.length * 4 + 16;
    new Int32Array(memory.buffer, ptr, values.length).set(values);
    return ptr;
  };
  return { memory, alloc, allocI32 };
}

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

/** A depthwise geometry: batch, input size, channels, filter size, stride, dilation, padding. */
interface Geometry { readonly name: string; readonly n: number; readonly h: number; readonly w: number; readonly c: number; readonly k: number; readonly s: number; readonly d: number; readonly p: number }

const DEPTHWISE_GEOMETRY: readonly Geometry[] = [
  { name: '3x3 stride 1 pad 1', n: 2, h: 7, w: 6, c: 8, k: 3, s: 1, d: 1, p: 1 },
  { name: '3x3 stride 2 pad 1', n: 2, h: 9, w: 8, c: 4, k: 3, s: 2, d: 1, p: 1 },
  { name: '5x5 dilation 2 pad 4', n: 1, h: 10, w: 11, c: 12, k: 5, s: 1, d: 2, p: 4 },
  { name: '3x3 dilation 2 stride 2 pad 2', n: 3, h: 8, w: 8, c: 8, k: 3, s: 2, d: 2, p: 2 },
];

/** An arena, the column table and kernel arguments of a depthwise geometry, and a direct-sum walker over its valid taps. */
function depthwiseSetup(shared: boolean, g: Geometry) {
  const { n, h, w, c, k, s, d, p } = g;
  const a = arena(shared);
  const ho = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
  const wo = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
  const table: number[] = [];
  for (let j = 0; j < k; j++) {
    const lo = Math.max(0, Math.ceil((p - j * d) / s));
    const hi = Math.min(wo, Math.floor((w - 1 + p - j * d) / s) + 1);
    table.push(Math.max(0, hi - lo), (lo * s + j * d - p) * c * 4, lo * c * 4);
  }
  /** Calls fn(x, y, w) for every valid (input index, output index, filter index) triple. */
  const each = (fn: (xi: number, yi: number, wi: number) => void): void => {
    for (let b = 0; b < n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const iy = oy * s + i * d - p;
      const ix = ox * s + j * d - p;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      for (let ch = 0; ch < c; ch++) fn(((b * h + iy) * w + ix) * c + ch, ((b * ho + oy) * wo + ox) * c + ch, (i * k + j) * c + ch);
    }
  };
  const args = (t: number) => [t, n, h, ho, k, k, s, d, p, c * 4, w * c * 4, wo * c * 4, s * c * 4] as const;
  return { a, ho, wo, table: a.allocI32(table), each, args };
}

describe.each([false, true])('SIMD loops (shared memory: %s)', (shared) => {
  it.each(DEPTHWISE_GEOMETRY)('dwFilterGrad matches the direct sum: $name', (g) => {
    const { a, ho, wo, table, each, args } = depthwiseSetup(shared, g);
    const xv = random(g.n * g.h * g.w * g.c, 1);
    const dyv = random(g.n * ho * wo * g.c, 2);
    const expected = new Float64Array(g.k * g.k * g.c);
    each((xi, yi, wi) => { expected[wi] += xv[xi]! * dyv[yi]!; });
    const x = a.alloc(xv.length, xv);
    const dy = a.alloc(dyv.length, dyv);
    const out = a.alloc(expected.length);
    simdKernelsFor(a.memory).dwFilterGrad(x.ptr, dy.ptr, out.ptr, ...args(table));
    close(out.view(), expected, 1e-5);
  });

  it('batch-norm sums, normalisation and gradient loops match plain loops', () => {
    const a = arena(shared);
    const rows = 300; // several blocks of 64 and a partial one
    const c = 12;
    const xv = random(rows * c, 3).map((v) => 3 + 2 * v);
    const dyv = random(rows * c, 4);
    const mean = new Float64Array(c);
    const sq = new Float64Array(c);
    for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) mean[ch] += xv[r * c + ch]! / rows;
    for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) sq[ch] += (xv[r * c + ch]! - mean[ch]!) ** 2;
    const rstd = Float32Array.from(sq, (v) => 1 / Math.sqrt(v / rows + 1e-5));
    const scale = Float32Array.from(rstd, (v, i) => v * (1 + i / 10));
    const shift = Float32Array.from({ length: c }, (_, i) => i / 7);
    const k = simdKernelsFor(a.memory);
    const x = a.alloc(rows * c, xv);
    const dy = a.alloc(rows * c, dyv);
    const blk = a.alloc(c);
    const blk2 = a.alloc(c);

    const sum = a.alloc(c);
    k.channelSum(x.ptr, rows, c * 4, sum.ptr, blk.ptr);
    close(sum.view(), Float64Array.from(mean, (m) => m * rows), 1e-5);

    const m = a.alloc(c, mean);
    const squares = a.alloc(c);
    k.channelCentredSquares(x.ptr, rows, c * 4, m.ptr, squares.ptr, blk.ptr);
    close(squares.view(), sq, 1e-5);

    const rs = a.alloc(c, rstd);
    const sc = a.alloc(c, scale);
    const sh = a.alloc(c, shift);
    const y = a.alloc(rows * c);
    k.scaleShift(x.ptr, rows, c * 4, m.ptr, sc.ptr, sh.ptr, y.ptr);
    close(y.view(), Array.from(xv, (v, i) => (v - mean[i % c]!) * scale[i % c]! + shift[i % c]!), 1e-6);

    const s1 = a.alloc(c);
    const s2 = a.alloc(c);
    k.bnGradSums(dy.ptr, x.ptr, rows, c * 4, m.ptr, rs.ptr, s1.ptr, s2.ptr, blk.ptr, blk2.ptr);
    const e1 = new Float64Array(c);
    const e2 = new Float64Array(c);
    for (let r = 0; r < rows; r++) for (let ch = 0; ch < c; ch++) {
      e1[ch] += dyv[r * c + ch]!;
      e2[ch] += dyv[r * c + ch]! * (xv[r * c + ch]! - mean[ch]!) * rstd[ch]!;
    }
    close(s1.view(), e1, 1e-5);
    close(s2.view(), e2, 1e-5);

    const av = Float32Array.from(e1, (v) => v / rows);
    const bv = Float32Array.from(e2, (v) => v / rows);
    const aa = a.alloc(c, av);
    const bb = a.alloc(c, bv);
    const dx = a.alloc(rows * c);
    k.bnGradApply(dy.ptr, x.ptr, rows, c * 4, m.ptr, rs.ptr, aa.ptr, bb.ptr, sc.ptr, dx.ptr);
    close(dx.view(), Array.from(dyv, (g, i) => {
      const ch = i % c;
      return (g - av[ch]! - (xv[i]! - mean[ch]!) * rstd[ch]! * bv[ch]!) * scale[ch]!;
    }), 1e-5);
  });

  it('copyRows copies strided runs', () => {
    const a = arena(shared);
    const src = a.alloc(40, Array.from({ length: 40 }, (_, i) => i));
    const dst = a.alloc(48);
    // 4 rows of 8 floats with stride 10 floats into stride 12
    simdKernelsFor(a.memory).copyRows(src.ptr, dst.ptr, 4, 32, 40, 48);
    const expected = new Float32Array(48);
    for (let r = 0; r < 4; r++) for (let i = 0; i < 8; i++) expected[r * 12 + i] = r * 10 + i;
    expect(Array.from(dst.view())).toEqual(Array.from(expected));
  });
});

describe.each([false, true])('SIMD convolution filter gradient and sums (shared memory: %s)', (shared) => {
  it.each([
    { name: '1x1 stride 1', n: 2, h: 5, w: 6, cin: 3, cout: 4, k: 1, s: 1, d: 1, p: 0 },
    { name: '1x1 stride 2 (odd size)', n: 2, h: 7, w: 7, cin: 5, cout: 20, k: 1, s: 2, d: 1, p: 0 },
    { name: '3x3 stride 1 pad 1', n: 2, h: 6, w: 7, cin: 3, cout: 48, k: 3, s: 1, d: 1, p: 1 },
    { name: '3x3 stride 2 pad 1 dilation 2', n: 1, h: 9, w: 8, cin: 6, cout: 8, k: 3, s: 2, d: 2, p: 1 },
    { name: '1x1 16 -> 16', n: 3, h: 8, w: 8, cin: 16, cout: 16, k: 1, s: 1, d: 1, p: 0 },
  ])('convFilterGrad matches the direct sum: $name', ({ n, h, w, cin, cout, k, s, d, p }) => {
    const a = arena(shared);
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
    const table: number[] = [];
    for (let j = 0; j < k; j++) {
      const lo = Math.max(0, Math.ceil((p - j * d) / s));
      const hi = Math.min(wo, Math.floor((w - 1 + p - j * d) / s) + 1);
      table.push(Math.max(0, hi - lo), (lo * s + j * d - p) * cin * 4, lo * cout * 4);
    }
    const t = a.allocI32(table);
    simdKernelsFor(a.memory).convFilterGrad(x.ptr, dy.ptr, out.ptr, t, n, h, ho, k, k, s, d, p, cin, cout * 4, w * cin * 4, wo * cout * 4, s * cin * 4, cin * cout * 4);
    close(out.view(), expected, 1e-5);
  });

  it('addN sums k arrays', () => {
    const a = arena(shared);
    const xs = [random(40, 7), random(40, 8), random(40, 9)];
    const ptrs = xs.map((v) => a.alloc(v.length, v).ptr);
    const t = a.allocI32(ptrs);
    const out = a.alloc(40);
    simdKernelsFor(a.memory).addN(t, 3, out.ptr, 160);
    close(out.view(), Array.from(xs[0]!, (v, i) => v + xs[1]![i]! + xs[2]![i]!), 1e-6);
  });
});

describe.each([false, true])('SIMD depthwise input gradient (shared memory: %s)', (shared) => {
  it.each(DEPTHWISE_GEOMETRY)('dwInputGrad matches the direct sum: $name', (g) => {
    const { a, ho, wo, table, each, args } = depthwiseSetup(shared, g);
    const fv = random(g.k * g.k * g.c, 1);
    const dyv = random(g.n * ho * wo * g.c, 2);
    const expected = new Float64Array(g.n * g.h * g.w * g.c);
    each((xi, yi, wi) => { expected[xi] += fv[wi]! * dyv[yi]!; });
    const dx = a.alloc(expected.length);
    const dy = a.alloc(dyv.length, dyv);
    const f = a.alloc(fv.length, fv);
    simdKernelsFor(a.memory).dwInputGrad(dx.ptr, dy.ptr, f.ptr, ...args(table));
    close(dx.view(), expected, 1e-5);
  });
});

describe.each([false, true])('SIMD depthwise forward and ReLU variants (shared memory: %s)', (shared) => {
  const geometry = DEPTHWISE_GEOMETRY.slice(0, 3);
  const setup = (g: Geometry) => depthwiseSetup(shared, g);

  it.each(geometry)('dwForwardRelu matches the direct sum of relu(x)·w: $name', (g) => {
    const { a, ho, wo, table, each, args } = setup(g);
    const xv = random(g.n * g.h * g.w * g.c, 3);
    const fv = random(g.k * g.k * g.c, 4);
    const expected = new Float64Array(g.n * ho * wo * g.c);
    each((xi, yi, wi) => { expected[yi] += Math.max(0, xv[xi]!) * fv[wi]!; });
    const x = a.alloc(xv.length, xv);
    const f = a.alloc(fv.length, fv);
    const y = a.alloc(expected.length);
    simdKernelsFor(a.memory).dwForwardRelu(x.ptr, y.ptr, f.ptr, ...args(table));
    close(y.view(), expected, 1e-5);
  });

  it.each(geometry)('dwFilterGradRelu sums relu(x)·dy: $name', (g) => {
    const { a, ho, wo, table, each, args } = setup(g);
    const xv = random(g.n * g.h * g.w * g.c, 5);
    const dyv = random(g.n * ho * wo * g.c, 6);
    const expected = new Float64Array(g.k * g.k * g.c);
    each((xi, yi, wi) => { expected[wi] += Math.max(0, xv[xi]!) * dyv[yi]!; });
    const x = a.alloc(xv.length, xv);
    const dy = a.alloc(dyv.length, dyv);
    const out = a.alloc(expected.length);
    simdKernelsFor(a.memory).dwFilterGradRelu(x.ptr, dy.ptr, out.ptr, ...args(table));
    close(out.view(), expected, 1e-5);
  });

  it('reluMask zeroes the gradient where x ≤ 0', () => {
    const a = arena(shared);
    const xv = Float32Array.from([1, -1, 0, 2, -0.5, 3, 0.25, -4]);
    const dv = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const x = a.alloc(8, xv);
    const dx = a.alloc(8, dv);
    simdKernelsFor(a.memory).reluMask(dx.ptr, x.ptr, 32);
    expect(Array.from(dx.view())).toEqual([1, 0, 0, 4, 0, 6, 7, 0]);
  });
});

describe('SIMD modules', () => {
  it.each([false, true])('each stays under the 4 KiB Chromium compiles synchronously on the main thread (shared: %s)', (shared) => {
    for (const bytes of simdKernelModuleBytes(shared)) {
      expect(bytes.length).toBeLessThan(4096);
      expect(WebAssembly.validate(bytes)).toBe(true);
    }
  });
});
