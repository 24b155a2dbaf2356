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
import { preferImages, runGemm, runGemmTN, transposedPointwiseFilter } from '../wasm/pointwise.js';
import type { TF } from '../../tf.js';

/** Pixels `p`, input channels `cin`, output channels `cout`. */
interface Dims { readonly p: number; readonly cin: number; readonly cout: number }

function dimsOf(name: string, x: TensorInfo, filter: TensorInfo, dy?: TensorInfo): Dims {
  expectFloat32(name, [x, filter, dy]);
  const [n, h, w, cin] = x.shape as [number, number, number, number];
  const cout = filter.shape[3] ?? 0;
  if (x.shape.length !== 4 || filter.shape.length !== 4 || filter.shape[0] !== 1 || filter.shape[1] !== 1 || filter.shape[2] !== cin) {
    throw new Error(`gold-nas ${name}: expected x [n, h, w, c] and a filter [1, 1, c, cout], got [${x.shape.join(', ')}] and [${filter.shape.join(', ')}].`);
  }
  if (dy !== undefined && (dy.shape.length !== 4 || dy.shape.some((v, i) => v !== [n, h, w, cout][i]))) {
    throw new Error(`gold-nas ${name}: expected dy [${n}, ${h}, ${w}, ${cout}], got [${dy.shape.join(', ')}].`);
  }
  return { p: n * h * w, cin, cout };
}

function forwardJs(s: FloatStorage, x: TensorInfo, filter: TensorInfo, d: Dims): TensorInfo {
  const y = s.output([...x.shape.slice(0, 3), d.cout]);
  const [xv, wv, yv] = [s.values(x), s.values(filter), s.values(y)];
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

function backwardJs(s: FloatStorage, dy: TensorInfo, x: TensorInfo, filter: TensorInfo, d: Dims): TensorInfo[] {
  const dx = s.output(x.shape);
  const g = new Float64Array(d.cin * d.cout);
  const [dyv, xv, wv, dxv] = [s.values(dy), s.values(x), s.values(filter), s.values(dx)];
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
  const dw = s.output(filter.shape);
  s.values(dw).set(g);
  return [dx, dw];
}

/** Whether the matrix-product loops can run it: channels multiples of 4. */
const simdFits = (d: Dims): boolean => d.cin % 4 === 0 && d.cout % 4 === 0 && d.p > 0;

/**
 * The forward kernel for a backend: on wasm one `gemmRelu` (shared among a kernel pool's threads);
 * plain JS otherwise.
 *
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function reluPointwiseKernel(backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const [x, filter] = [inputs['x'], inputs['filter']] as TensorInfo[];
    const d = dimsOf(RELU_POINTWISE_KERNEL, x!, filter!);
    const { storage: s, simd } = fusedBackend(backendName, backend, RELU_POINTWISE_KERNEL, context.pool);
    if (simd === undefined || !simdFits(d)) return forwardJs(s, x!, filter!, d);
    const { wasm, r } = simd;
    const [n, h, w] = x!.shape as [number, number, number];
    const y = wasm.makeOutput([n, h, w, d.cout], 'float32');
    const at = (t: TensorInfo): number => wasm.typedArrayFromHeap(t).byteOffset;
    const xLines = sampledLines(x!.shape, [h, w], [1, 1], preferImages(r, n));
    runGemm(r, at(x!), xLines, at(filter!), d.cin, d.cout, at(y), denseLinesLike(xLines, d.cout), 'relu');
    return y;
  };
}

/**
 * The backward kernel for a backend: on wasm, `dx = dy·Wᵀ` zero where x ≤ 0 (a `gemmMasked`) and `dW = max(x, 0)ᵀ·dy` (a `gemmTNRelu`); plain JS otherwise.
 *
 * @param tf - the tfjs namespace (for the wasm kernel toolkit).
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function reluPointwiseGradKernel(tf: TF, backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const [dy, x, filter] = [inputs['dy'], inputs['x'], inputs['filter']] as TensorInfo[];
    const d = dimsOf(RELU_POINTWISE_GRAD_KERNEL, x!, filter!, dy!);
    const { storage: s, simd } = fusedBackend(backendName, backend, RELU_POINTWISE_GRAD_KERNEL, context.pool);
    if (simd === undefined || !simdFits(d)) return backwardJs(s, dy!, x!, filter!, d);
    const { wasm, r } = simd;
    const ops = wasmOps(tf, wasm);
    try {
      const [n, h, w] = x!.shape as [number, number, number];
      const wT = transposedPointwiseFilter(ops, filter!);
      const dx = ops.empty(x!.shape);
      const xLines = sampledLines(x!.shape, [h, w], [1, 1], preferImages(r, n));
      const dyLines = denseLinesLike(xLines, d.cout);
      runGemm(r, ops.address(dy!), dyLines, ops.address(wT), d.cout, d.cin, ops.address(dx), xLines, 'masked', ops.address(x!) - ops.address(dx));
      const dw = runGemmTN(r, ops, ops.address(x!), xLines, ops.address(dy!), dyLines, d.cin, d.cout, 'relu');
      return [ops.keep(dx), ops.keep(ops.reshape(dw, filter!.shape))];
    } finally {
      ops.dispose();
    }
  };
}
