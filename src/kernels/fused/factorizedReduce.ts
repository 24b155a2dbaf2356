/**
 * FactorizedReduce's ReLU, two strided 1×1 convolutions and their concatenation as one kernel,
 * forward and backward. The first half of the output reads the pixels `(2i, 2j)`, the second half
 * the pixels `(2i + 1, 2j + 1)` (zero past the edge of an odd-sized input). Composed from tfjs ops,
 * the same layer is a `relu`, a `slice` (a copy of the input shifted by one pixel), two
 * convolutions and a `concat`; its gradient is two slices of dy, four convolution gradients, a
 * `pad` of the shifted input's gradient (mostly zeros), a sum and the ReLU's mask. Here nothing is
 * copied or stored: the matrix-product loops apply the ReLU as they read x, read the shifted pixels
 * in place and write each half of the output (or of dx) where it belongs.
 * The contracts are documented with the names, `FACTORIZED_REDUCE_KERNEL` and
 * `FACTORIZED_REDUCE_GRAD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { zeroFill } from '../support/kernelPool.js';
import type { KernelContext } from '../support/kernelContext.js';
import { type FloatStorage, expectFloat32, fusedBackend } from '../support/backendStorage.js';
import type { PixelLines } from '../support/pixelLines.js';
import { sampledLines } from '../support/pixelLines.js';
import { wasmOps } from '../support/wasmOps.js';
import { FACTORIZED_REDUCE_GRAD_KERNEL, FACTORIZED_REDUCE_KERNEL } from '../names/kernelNames.js';
import { runGemm, runGemmTN, transposedPointwiseFilter } from '../wasm/pointwise.js';
import type { TF } from '../../tf.js';

/** The layer's sizes: input `[n, h, w, c]`, `half` output channels per convolution, output `[n, ho, wo, 2·half]`. */
interface Dims { readonly n: number; readonly h: number; readonly w: number; readonly c: number; readonly half: number; readonly ho: number; readonly wo: number }

function dimsOf(name: string, x: TensorInfo, w1: TensorInfo, w2: TensorInfo, dy?: TensorInfo): Dims {
  expectFloat32(name, [x, w1, w2, dy]);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const half = w1.shape[3] ?? 0;
  const filter = (t: TensorInfo): boolean => t.shape.length === 4 && t.shape[0] === 1 && t.shape[1] === 1 && t.shape[2] === c && t.shape[3] === half;
  if (x.shape.length !== 4 || !filter(w1) || !filter(w2)) {
    throw new Error(`gold-nas ${name}: expected x [n, h, w, c] and two filters [1, 1, c, half], got [${x.shape.join(', ')}], [${w1.shape.join(', ')}], [${w2.shape.join(', ')}].`);
  }
  const d = { n, h, w, c, half, ho: Math.ceil(h / 2), wo: Math.ceil(w / 2) };
  if (dy !== undefined && (dy.shape.length !== 4 || dy.shape.some((v, i) => v !== [n, d.ho, d.wo, 2 * half][i]))) {
    throw new Error(`gold-nas ${name}: expected dy [${n}, ${d.ho}, ${d.wo}, ${2 * half}], got [${dy.shape.join(', ')}].`);
  }
  return d;
}

/** Calls `f(out, p, shifted)` for every output pixel: `out` its first value, `p` the first value of the input pixel its half reads. */
function eachPixel(d: Dims, f: (out: number, p: number, shifted: boolean) => void): void {
  for (let b = 0; b < d.n; b++) {
    for (let i = 0; i < d.ho; i++) {
      for (let j = 0; j < d.wo; j++) {
        const out = ((b * d.ho + i) * d.wo + j) * 2 * d.half;
        f(out, ((b * d.h + 2 * i) * d.w + 2 * j) * d.c, false);
        if (2 * i + 1 < d.h && 2 * j + 1 < d.w) f(out + d.half, ((b * d.h + 2 * i + 1) * d.w + 2 * j + 1) * d.c, true);
      }
    }
  }
}

function forwardJs(s: FloatStorage, x: TensorInfo, w1: TensorInfo, w2: TensorInfo, d: Dims): TensorInfo {
  const y = s.zeros([d.n, d.ho, d.wo, 2 * d.half]);
  const [xv, a, b, yv] = [s.values(x), s.values(w1), s.values(w2), s.values(y)];
  eachPixel(d, (out, p, shifted) => {
    const wv = shifted ? b : a;
    for (let o = 0; o < d.half; o++) {
      let sum = 0;
      for (let k = 0; k < d.c; k++) sum += Math.max(xv[p + k]!, 0) * wv[k * d.half + o]!;
      yv[out + o] = sum;
    }
  });
  return y;
}

function backwardJs(s: FloatStorage, dy: TensorInfo, x: TensorInfo, w1: TensorInfo, w2: TensorInfo, d: Dims): TensorInfo[] {
  const dx = s.zeros(x.shape);
  const g1 = new Float64Array(d.c * d.half);
  const g2 = new Float64Array(d.c * d.half);
  const [dyv, xv, a, b, dxv] = [s.values(dy), s.values(x), s.values(w1), s.values(w2), s.values(dx)];
  eachPixel(d, (out, p, shifted) => {
    const [wv, g] = shifted ? [b, g2] : [a, g1];
    for (let k = 0; k < d.c; k++) {
      const xr = Math.max(xv[p + k]!, 0);
      let sum = 0;
      for (let o = 0; o < d.half; o++) {
        sum += dyv[out + o]! * wv[k * d.half + o]!;
        g[k * d.half + o] += xr * dyv[out + o]!;
      }
      dxv[p + k] = xr > 0 ? sum : 0;
    }
  });
  const dw1 = s.output(w1.shape);
  s.values(dw1).set(g1);
  const dw2 = s.output(w2.shape);
  s.values(dw2).set(g2);
  return [dx, dw1, dw2];
}

/** The pixels of x (and dx) each half reads (h and w even): `(2i, 2j)`, and the same lines one row and one column on. */
function inputLines(d: Dims): PixelLines {
  return sampledLines([d.n, d.h, d.w, d.c], [d.ho, d.wo], [2, 2], false);
}

/** Bytes from a pixel `(i, j)` to `(i + 1, j + 1)`: where the second half's pixels start. */
const shiftBytes = (d: Dims): number => 4 * (d.w + 1) * d.c;

/** One half of the output (or of dy): `half` of every `2·half` channels, in the same lines as {@link inputLines}. */
function halfLines(d: Dims): PixelLines {
  const pix = 8 * d.half;
  return { units: d.n * d.ho, lineLen: d.wo, linesPerImg: d.ho, img: d.ho * d.wo * pix, line: d.wo * pix, pix };
}

/** Whether the matrix-product loops can run it: even sizes (no zero edge), channels and halves multiples of 4. */
const simdFits = (d: Dims): boolean => d.h % 2 === 0 && d.w % 2 === 0 && d.c % 4 === 0 && d.half % 4 === 0 && d.n * d.ho * d.wo > 0;

/**
 * The forward kernel for a backend: on wasm, two `gemmRelu`s (shared among a kernel pool's
 * threads) that write the halves of the output in place; plain JS otherwise.
 *
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function factorizedReduceKernel(backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const [x, w1, w2] = [inputs['x'], inputs['w1'], inputs['w2']] as TensorInfo[];
    const d = dimsOf(FACTORIZED_REDUCE_KERNEL, x!, w1!, w2!);
    const { storage: s, simd } = fusedBackend(backendName, backend, FACTORIZED_REDUCE_KERNEL, context.pool);
    if (simd === undefined || !simdFits(d)) return forwardJs(s, x!, w1!, w2!, d);
    const { wasm, r } = simd;
    const y = wasm.makeOutput([d.n, d.ho, d.wo, 2 * d.half], 'float32');
    const at = (t: TensorInfo): number => wasm.typedArrayFromHeap(t).byteOffset;
    const [xLines, yLines] = [inputLines(d), halfLines(d)];
    runGemm(r, at(x!), xLines, at(w1!), d.c, d.half, at(y), yLines, 'relu');
    runGemm(r, at(x!) + shiftBytes(d), xLines, at(w2!), d.c, d.half, at(y) + 4 * d.half, yLines, 'relu');
    return y;
  };
}

/**
 * The backward kernel for a backend: on wasm, dx is zeroed and each half of dy is multiplied by its
 * filter's transpose into the pixels that half read, zero where x ≤ 0 (two `gemmMasked`s: the
 * ReLU's gradient); each filter's gradient is a `gemmTNRelu` of those pixels with its half of dy. Plain
 * JS otherwise.
 *
 * @param tf - the tfjs namespace (for the wasm kernel toolkit).
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function factorizedReduceGradKernel(tf: TF, backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const [dy, x, w1, w2] = [inputs['dy'], inputs['x'], inputs['w1'], inputs['w2']] as TensorInfo[];
    const d = dimsOf(FACTORIZED_REDUCE_GRAD_KERNEL, x!, w1!, w2!, dy!);
    const { storage: s, simd } = fusedBackend(backendName, backend, FACTORIZED_REDUCE_GRAD_KERNEL, context.pool);
    if (simd === undefined || !simdFits(d)) return backwardJs(s, dy!, x!, w1!, w2!, d);
    const { wasm, r } = simd;
    const ops = wasmOps(tf, wasm);
    try {
      const [t1, t2] = [transposedPointwiseFilter(ops, w1!), transposedPointwiseFilter(ops, w2!)];
      const dx = ops.empty(x!.shape);
      zeroFill(r, ops.address(dx), d.n * d.h * d.w * d.c);
      const shift = shiftBytes(d);
      // x and dx share their layout, so their pixels share the lines, and the ReLU's mask for a value
      // of dx is at the same place in x.
      const [xLines, dyHalf] = [inputLines(d), halfLines(d)];
      const [xAt, dxAt, dyAt] = [ops.address(x!), ops.address(dx), ops.address(dy!)];
      runGemm(r, dyAt, dyHalf, ops.address(t1), d.half, d.c, dxAt, xLines, 'masked', xAt - dxAt);
      runGemm(r, dyAt + 4 * d.half, dyHalf, ops.address(t2), d.half, d.c, dxAt + shift, xLines, 'masked', xAt - dxAt);
      const dw1 = runGemmTN(r, ops, xAt, xLines, dyAt, dyHalf, d.c, d.half, 'relu');
      const dw2 = runGemmTN(r, ops, xAt + shift, xLines, dyAt + 4 * d.half, dyHalf, d.c, d.half, 'relu');
      return [ops.keep(dx), ops.keep(ops.reshape(dw1, w1!.shape)), ops.keep(ops.reshape(dw2, w2!.shape))];
    } finally {
      ops.dispose();
    }
  };
}
