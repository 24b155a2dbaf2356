/**
 * A ReLU followed by a 1×1 convolution (stride 1, no padding) as one kernel, forward and backward:
 * a DARTS cell's preprocessing (ReLU-Conv-BN). Composed from tfjs ops it is a `relu` (whose output
 * is stored and saved for the backward pass), a convolution, and for the gradient a `Step` and a
 * `Multiply` besides the convolution's two gradients. Here the matrix-product loops apply the ReLU
 * as they read x, and dx is masked where x ≤ 0. The contracts are documented with the names,
 * `RELU_POINTWISE_KERNEL` and `RELU_POINTWISE_GRAD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelContext } from '../support/kernelContext.js';
import { type FloatStorage, expectFloat32, fusedBackend } from '../support/backendStorage.js';
import { denseLinesLike, sampledLines } from '../support/pixelLines.js';
import { wasmOps } from '../support/wasmOps.js';
import { RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL } from '../names/kernelNames.js';
import { preferImages, runGemm, runGemmReluParts, runGemmTN, transposedPointwiseFilterParts } from '../wasm/pointwise.js';
import type { TF } from '../../tf.js';

/** Pixels `p`, input channels `cin` (all parts'), output channels `cout`, and the channels of one part `part`. */
interface Dims { readonly p: number; readonly cin: number; readonly cout: number; readonly part: number }

/** The input `x` and its further parts `x1`, `x2`, … (see `RELU_POINTWISE_KERNEL`). */
function partsOf(inputs: Record<string, unknown>): TensorInfo[] {
  const xs = [inputs['x'] as TensorInfo];
  for (let i = 1; inputs[`x${i}`] !== undefined; i++) xs.push(inputs[`x${i}`] as TensorInfo);
  return xs;
}

function dimsOf(name: string, xs: readonly TensorInfo[], filter: TensorInfo, dy?: TensorInfo): Dims {
  const x = xs[0]!;
  expectFloat32(name, [...xs, filter, dy]);
  const [n, h, w, part] = x.shape as [number, number, number, number];
  const cin = part * xs.length;
  const cout = filter.shape[3] ?? 0;
  if (x.shape.length !== 4 || filter.shape.length !== 4 || filter.shape[0] !== 1 || filter.shape[1] !== 1 || filter.shape[2] !== cin
    || xs.some((t) => t.shape.length !== 4 || t.shape.some((v, i) => v !== x.shape[i]))) {
    throw new Error(`gold-nas ${name}: expected x [n, h, w, c] (and parts x1, x2, … of its shape) and a filter [1, 1, c·parts, cout], got ${
      xs.map((t, i) => `${i === 0 ? 'x' : `x${i}`} [${t.shape.join(', ')}]`).join(', ')} and a filter [${filter.shape.join(', ')}].`);
  }
  if (dy !== undefined && (dy.shape.length !== 4 || dy.shape.some((v, i) => v !== [n, h, w, cout][i]))) {
    throw new Error(`gold-nas ${name}: expected dy [${n}, ${h}, ${w}, ${cout}], got [${dy.shape.join(', ')}].`);
  }
  return { p: n * h * w, cin, cout, part };
}

/** The values of x's parts side by side along channels, `[p, cin]` (x's own when it is whole). */
function joinedValues(s: FloatStorage, xs: readonly TensorInfo[], d: Dims): Float32Array {
  if (xs.length === 1) return s.values(xs[0]!);
  const out = new Float32Array(d.p * d.cin);
  xs.forEach((x, i) => {
    const v = s.values(x);
    for (let q = 0; q < d.p; q++) out.set(v.subarray(q * d.part, (q + 1) * d.part), q * d.cin + i * d.part);
  });
  return out;
}

function forwardJs(s: FloatStorage, xs: readonly TensorInfo[], filter: TensorInfo, d: Dims): TensorInfo {
  const y = s.output([...xs[0]!.shape.slice(0, 3), d.cout]);
  const xv = joinedValues(s, xs, d);
  const [wv, yv] = [s.values(filter), s.values(y)];
  const row = new Float64Array(d.cout);
  for (let q = 0; q < d.p; q++) {
    row.fill(0);
    for (let k = 0; k < d.cin; k++) {
      const a = Math.max(xv[q * d.cin + k]!, 0);
      if (a !== 0) for (let o = 0; o < d.cout; o++) row[o] += a * wv[k * d.cout + o]!;
    }
    yv.set(row, q * d.cout);
  }
  return y;
}

/** `[dx, dfilter, dx1, dx2, …]`: the gradient of each part, in the order of the kernel's inputs. */
function backwardJs(s: FloatStorage, dy: TensorInfo, xs: readonly TensorInfo[], filter: TensorInfo, d: Dims): TensorInfo[] {
  const g = new Float64Array(d.cin * d.cout);
  const xv = joinedValues(s, xs, d);
  const dxv = new Float32Array(d.p * d.cin);
  const [dyv, wv] = [s.values(dy), s.values(filter)];
  for (let q = 0; q < d.p; q++) {
    for (let k = 0; k < d.cin; k++) {
      const xk = xv[q * d.cin + k]!;
      let sum = 0;
      for (let o = 0; o < d.cout; o++) {
        const gy = dyv[q * d.cout + o]!;
        sum += gy * wv[k * d.cout + o]!;
        if (xk > 0) g[k * d.cout + o] += xk * gy;
      }
      dxv[q * d.cin + k] = xk > 0 ? sum : 0;
    }
  }
  const dxs = xs.map((x, i) => {
    const dx = s.output(x.shape);
    const v = s.values(dx);
    for (let q = 0; q < d.p; q++) v.set(dxv.subarray(q * d.cin + i * d.part, q * d.cin + (i + 1) * d.part), q * d.part);
    return dx;
  });
  const dw = s.output(filter.shape);
  s.values(dw).set(g);
  return [dxs[0]!, dw, ...dxs.slice(1)];
}

/** Whether the matrix-product loops can run it: channels (of each part) multiples of 4. */
const simdFits = (d: Dims): boolean => d.part % 4 === 0 && d.cout % 4 === 0 && d.p > 0;

/**
 * The forward kernel for a backend: on wasm one `gemmRelu` (`gemmReluParts` for x in parts),
 * shared among a kernel pool's threads; plain JS otherwise.
 *
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function reluPointwiseKernel(tf: TF, backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const xs = partsOf(inputs);
    const filter = inputs['filter'] as TensorInfo;
    const d = dimsOf(RELU_POINTWISE_KERNEL, xs, filter, undefined);
    const { storage: s, simd } = fusedBackend(backendName, backend, RELU_POINTWISE_KERNEL, context.pool);
    if (simd === undefined || !simdFits(d)) return forwardJs(s, xs, filter, d);
    const { wasm, r } = simd;
    const x = xs[0]!;
    const [n, h, w] = x.shape as [number, number, number];
    const y = wasm.makeOutput([n, h, w, d.cout], 'float32');
    const at = (t: TensorInfo): number => wasm.typedArrayFromHeap(t).byteOffset;
    const xLines = sampledLines(x.shape, [h, w], [1, 1], preferImages(r, n));
    const yLines = denseLinesLike(xLines, d.cout);
    if (xs.length === 1) {
      runGemm(r, at(x), xLines, at(filter), d.cin, d.cout, at(y), yLines, 'relu');
      return y;
    }
    const ops = wasmOps(tf, wasm);
    try {
      runGemmReluParts(r, ops, xs.map(at), xLines, at(filter), d.part, d.cout, ops.address(y), yLines);
    } finally {
      ops.dispose();
    }
    return y;
  };
}

/**
 * The backward kernel for a backend: on wasm, `dx = dy·Wᵀ` zero where x ≤ 0 (a `gemmMasked` per
 * part of x) and `dW = max(x, 0)ᵀ·dy` (a `gemmTNRelu` per part, into one set of partial sums);
 * plain JS otherwise.
 *
 * @param tf - the tfjs namespace (for the wasm kernel toolkit).
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function reluPointwiseGradKernel(tf: TF, backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const xs = partsOf(inputs);
    const [dy, filter] = [inputs['dy'], inputs['filter']] as TensorInfo[];
    const d = dimsOf(RELU_POINTWISE_GRAD_KERNEL, xs, filter!, dy!);
    const { storage: s, simd } = fusedBackend(backendName, backend, RELU_POINTWISE_GRAD_KERNEL, context.pool);
    if (simd === undefined || !simdFits(d)) return backwardJs(s, dy!, xs, filter!, d);
    const { wasm, r } = simd;
    const ops = wasmOps(tf, wasm);
    try {
      const x = xs[0]!;
      const [n, h, w] = x.shape as [number, number, number];
      const wTs = transposedPointwiseFilterParts(ops, filter!, xs.length);
      const dxs = xs.map(() => ops.empty(x.shape));
      const xLines = sampledLines(x.shape, [h, w], [1, 1], preferImages(r, n));
      const dyLines = denseLinesLike(xLines, d.cout);
      xs.forEach((xi, i) => {
        runGemm(r, ops.address(dy!), dyLines, ops.address(wTs[i]!), d.cout, d.part, ops.address(dxs[i]!), xLines, 'masked', ops.address(xi) - ops.address(dxs[i]!));
      });
      const dw = runGemmTN(r, ops, xs.map((xi) => ops.address(xi)), xLines, ops.address(dy!), dyLines, d.part, d.cout, 'relu');
      const kept = dxs.map((dx) => ops.keep(dx));
      return [kept[0]!, ops.keep(ops.reshape(dw, filter!.shape)), ...kept.slice(1)];
    } finally {
      ops.dispose();
    }
  };
}
