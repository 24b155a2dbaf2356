/**
 * Fused batch-norm training kernels: one kernel for the forward pass (batch statistics and the
 * normalised, optionally scaled and shifted, output) and one for the backward pass (the input
 * gradient and the two per-channel sums that are γ's and β's gradients). Composed from stock ops,
 * a batch norm over N·H·W costs about fifteen kernels, four of them reductions that tfjs-wasm runs
 * through a transpose; fused, it is four passes over the data forward and two backward.
 *
 * gold-nas's batch norm (`batchNormOps`) runs them, by name, when the active backend has both
 * registered (the cpu and wasm kernel tables install them), and stock ops otherwise. The kernels'
 * contract is documented with their names, `BATCH_NORM_KERNEL` and `BATCH_NORM_GRAD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdRunner } from '../support/kernelPool.js';
import type { KernelContext } from '../support/kernelContext.js';
import type { WasmBackendLike } from '../support/wasmBackend.js';
import { type FloatStorage, expectFloat32, fusedBackend } from '../support/backendStorage.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, type BatchNormAttrs, type BatchNormGradAttrs } from '../names/kernelNames.js';

/** γ's value for channel k: 1 without γ, its one value for a scalar γ. */
function gammaAt(g: Float32Array | undefined, k: number): number {
  return g === undefined ? 1 : g.length === 1 ? g[0]! : g[k]!;
}

function isScalarGamma(gamma: TensorInfo | undefined): boolean {
  return gamma !== undefined && gamma.shape.reduce((a, d) => a * d, 1) === 1;
}

function channelsOf(x: TensorInfo): { c: number; rows: number } {
  const c = x.shape[x.shape.length - 1] ?? 1;
  const size = x.shape.reduce((a, s) => a * s, 1);
  return { c, rows: c === 0 ? 0 : size / c };
}

/** The forward pass in plain JS (float64 sums). */
function forwardJs(x: Float32Array, rows: number, c: number, eps: number, gamma: Float32Array | undefined, beta: Float32Array | undefined,
  y: Float32Array, mean: Float32Array, variance: Float32Array, rstd: Float32Array): void {
  const sum = new Float64Array(c);
  for (let r = 0, i = 0; r < rows; r++) for (let k = 0; k < c; k++, i++) sum[k] += x[i]!;
  for (let k = 0; k < c; k++) mean[k] = sum[k]! / rows;
  sum.fill(0);
  for (let r = 0, i = 0; r < rows; r++) for (let k = 0; k < c; k++, i++) { const d = x[i]! - mean[k]!; sum[k] += d * d; }
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    variance[k] = sum[k]! / rows;
    rstd[k] = 1 / Math.sqrt(variance[k]! + eps);
    scale[k] = rstd[k]! * gammaAt(gamma, k);
    shift[k] = beta?.[k] ?? 0;
  }
  for (let r = 0, i = 0; r < rows; r++) for (let k = 0; k < c; k++, i++) y[i] = (x[i]! - mean[k]!) * scale[k]! + shift[k]!;
}

/** The backward pass in plain JS (float64 sums). */
function backwardJs(dy: Float32Array, x: Float32Array, rows: number, c: number, mean: Float32Array, rstd: Float32Array, gamma: Float32Array | undefined,
  dx: Float32Array, sumDyXhat: Float32Array, sumDy: Float32Array): void {
  const s1 = new Float64Array(c);
  const s2 = new Float64Array(c);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let k = 0; k < c; k++, i++) {
      s1[k] += dy[i]!;
      s2[k] += dy[i]! * (x[i]! - mean[k]!) * rstd[k]!;
    }
  }
  const a = new Float32Array(c);
  const b = new Float32Array(c);
  const scale = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    sumDy[k] = s1[k]!;
    sumDyXhat[k] = s2[k]!;
    a[k] = s1[k]! / rows;
    b[k] = s2[k]! / rows;
    scale[k] = rstd[k]! * gammaAt(gamma, k);
  }
  for (let r = 0, i = 0; r < rows; r++) {
    for (let k = 0; k < c; k++, i++) dx[i] = (dy[i]! - a[k]! - (x[i]! - mean[k]!) * rstd[k]! * b[k]!) * scale[k]!;
  }
}

/**
 * The forward kernel for a backend. On wasm its loops are shared among a kernel pool's threads
 * (their partial sums are written once per block of rows, so the threads never share a cache line
 * while they run).
 *
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function batchNormKernel(backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const x = inputs['x'] as TensorInfo;
    const gamma = inputs['gamma'] as TensorInfo | undefined;
    const beta = inputs['beta'] as TensorInfo | undefined;
    expectFloat32(BATCH_NORM_KERNEL, [x, gamma, beta]);
    const eps = Number((attrs as Partial<BatchNormAttrs>).epsilon ?? 1e-5);
    const { c, rows } = channelsOf(x);
    const { storage: s, simd } = fusedBackend(backendName, backend, BATCH_NORM_KERNEL, context.pool);
    if (simd !== undefined && c % 4 === 0 && rows > 0) return forwardSimd(simd.wasm, s, simd.r, x, gamma, beta, eps, c, rows);
    // forwardJs writes every value of both outputs.
    const y = s.output(x.shape);
    const stats = s.output([3, c]);
    const st = s.values(stats);
    forwardJs(s.values(x), rows, c, eps, gamma && s.values(gamma), beta && s.values(beta), s.values(y), st.subarray(0, c), st.subarray(c, 2 * c), st.subarray(2 * c));
    return [y, stats];
  };
}

/**
 * The backward kernel for a backend. On wasm its loops are shared among a kernel pool's threads
 * (their partial sums are written once per block of rows, so the threads never share a cache line
 * while they run).
 *
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function batchNormGradKernel(backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const dy = inputs['dy'] as TensorInfo;
    const x = inputs['x'] as TensorInfo;
    const stats = inputs['stats'] as TensorInfo;
    const gamma = inputs['gamma'] as TensorInfo | undefined;
    expectFloat32(BATCH_NORM_GRAD_KERNEL, [dy, x, stats, gamma]);
    const wanted = Number((attrs as Partial<BatchNormGradAttrs>).outputs ?? 3);
    const { c, rows } = channelsOf(x);
    const { storage: s, simd } = fusedBackend(backendName, backend, BATCH_NORM_GRAD_KERNEL, context.pool);
    let outs: TensorInfo[];
    if (simd !== undefined && c % 4 === 0 && rows > 0) {
      outs = backwardSimd(simd.wasm, s, simd.r, dy, x, stats, gamma, c, rows);
    } else {
      // backwardJs writes every value of the three outputs.
      outs = [s.output(x.shape), s.output([c]), s.output([c])];
      const st = s.values(stats);
      backwardJs(s.values(dy), s.values(x), rows, c, st.subarray(0, c), st.subarray(2 * c), gamma && s.values(gamma),
        ...(outs.map((o) => s.values(o)) as [Float32Array, Float32Array, Float32Array]));
    }
    outs = scalarGammaGrad(s, outs, gamma);
    for (const t of outs.slice(wanted)) s.dispose(t);
    return outs.slice(0, wanted);
  };
}

/** With a one-value γ, replaces the per-channel `Σ dy·x̂` by its total, shaped like γ. */
function scalarGammaGrad(s: FloatStorage, outs: TensorInfo[], gamma: TensorInfo | undefined): TensorInfo[] {
  if (!isScalarGamma(gamma)) return outs;
  const total = s.zeros(gamma!.shape);
  const perChannel = s.values(outs[1]!);
  let sum = 0;
  for (let i = 0; i < perChannel.length; i++) sum += perChannel[i]!;
  s.values(total)[0] = sum;
  s.dispose(outs[1]!);
  return [outs[0]!, total, outs[2]!];
}

/** Scratch tensors of zeros, freed by `free()`. */
function scratch(s: FloatStorage): { make(shape: number[]): TensorInfo; free(): void } {
  const made: TensorInfo[] = [];
  return {
    make(shape) {
      const t = s.zeros(shape);
      made.push(t);
      return t;
    },
    free() { for (const t of made) s.dispose(t); },
  };
}

/** Adds the `chunks` partial sums of `c` channels at `partials` into `out` (float64 sums), as floats. */
function addPartials(partials: Float32Array, chunks: number, c: number, out: Float32Array): void {
  for (let i = 0; i < c; i++) {
    let sum = 0;
    for (let k = 0; k < chunks; k++) sum += partials[k * c + i]!;
    out[i] = sum;
  }
}

function forwardSimd(b: WasmBackendLike, s: FloatStorage, r: SimdRunner, x: TensorInfo, gamma: TensorInfo | undefined,
  beta: TensorInfo | undefined, eps: number, c: number, rows: number): TensorInfo[] {
  const y = s.output(x.shape);
  const stats = s.zeros([3, c]);
  const tmp = scratch(s);
  try {
    const chunks = r.reductionChunks(rows, (rows * c) / 4);
    const partial = tmp.make([chunks, c]);
    const konst = tmp.make([3 * c]);
    const at = (t: TensorInfo): number => b.typedArrayFromHeap(t).byteOffset;
    const cBytes = 4 * c;
    const mean = at(stats);
    r.run('channelSum', [at(x), cBytes, at(partial), cBytes], rows, chunks);
    const st = s.values(stats);
    const m = st.subarray(0, c);
    addPartials(s.values(partial), chunks, c, m);
    for (let i = 0; i < c; i++) m[i] = m[i]! / rows;
    s.values(partial).fill(0);
    r.run('channelCentredSquares', [at(x), cBytes, mean, at(partial), cBytes], rows, chunks);
    const v = st.subarray(c, 2 * c);
    addPartials(s.values(partial), chunks, c, v);
    const rs = st.subarray(2 * c);
    const g = gamma === undefined ? undefined : s.values(gamma);
    const bt = beta === undefined ? undefined : s.values(beta);
    for (let i = 0; i < c; i++) {
      v[i] = v[i]! / rows;
      rs[i] = 1 / Math.sqrt(v[i]! + eps);
    }
    const scale = new Float32Array(c);
    for (let i = 0; i < c; i++) scale[i] = rs[i]! * gammaAt(g, i);
    // (mean, scale, shift) per channel vector.
    packConstants(s.values(konst), c, [m, scale, bt ?? new Float32Array(c)]);
    r.run('scaleShift', [at(x), cBytes, at(konst), at(y)], rows, r.chunks(rows, (3 * rows * c) / 4));
  } finally {
    tmp.free();
  }
  return [y, stats];
}

/** Writes per-channel arrays packed for the element-wise loops: for each vector of 4 channels, its 4 values of every array in turn. */
function packConstants(out: Float32Array, c: number, arrays: readonly ArrayLike<number>[]): void {
  const k = arrays.length;
  for (let v = 0; v < c / 4; v++) for (let a = 0; a < k; a++) for (let l = 0; l < 4; l++) out[(v * k + a) * 4 + l] = arrays[a]![4 * v + l]!;
}

function backwardSimd(b: WasmBackendLike, s: FloatStorage, r: SimdRunner, dy: TensorInfo, x: TensorInfo, stats: TensorInfo,
  gamma: TensorInfo | undefined, c: number, rows: number): TensorInfo[] {
  const dx = s.output(x.shape);
  const sumDyXhat = s.zeros([c]);
  const sumDy = s.zeros([c]);
  const tmp = scratch(s);
  try {
    const chunks = r.reductionChunks(rows, (4 * rows * c) / 4);
    const p1 = tmp.make([chunks, c]);
    const p2 = tmp.make([chunks, c]);
    const konst = tmp.make([4 * c]);
    const at = (t: TensorInfo): number => b.typedArrayFromHeap(t).byteOffset;
    const cBytes = 4 * c;
    const mean = at(stats);
    r.run('bnGradSums', [at(dy), at(x), cBytes, mean, at(p1), at(p2), cBytes], rows, chunks);
    const s1 = s.values(sumDy);
    const s2 = s.values(sumDyXhat);
    const st = s.values(stats);
    const rs = st.subarray(2 * c);
    addPartials(s.values(p1), chunks, c, s1);
    addPartials(s.values(p2), chunks, c, s2);
    const g = gamma === undefined ? undefined : s.values(gamma);
    // Σ dy·x̂ = rstd·Σ dy·(x − mean); dx = (dy − Σdy/M − x̂·Σ(dy·x̂)/M)·rstd·γ = (x − mean)·k2 + dy·k1 + k3.
    const k1 = new Float32Array(c);
    const k2 = new Float32Array(c);
    const k3 = new Float32Array(c);
    for (let i = 0; i < c; i++) {
      s2[i] = s2[i]! * rs[i]!;
      const scale = rs[i]! * gammaAt(g, i);
      k1[i] = scale;
      k2[i] = -rs[i]! * (s2[i]! / rows) * scale;
      k3[i] = -(s1[i]! / rows) * scale;
    }
    packConstants(s.values(konst), c, [st.subarray(0, c), k1, k2, k3]);
    r.run('bnGradApply', [at(dy), at(x), cBytes, at(konst), at(dx)], rows, r.chunks(rows, (6 * rows * c) / 4));
  } finally {
    tmp.free();
  }
  return [dx, sumDyXhat, sumDy];
}
