/**
 * `Sum` and `Mean` for tfjs-wasm over a block of adjacent axes that is not innermost (batch-norm
 * statistics over N, H, W; global pooling over H, W). The stock kernels first transpose the
 * reduced axes to the back, and tfjs-wasm's transpose is 10-40× slower when a row count is a
 * multiple of 1024 (N·H·W usually is); here one pass accumulates in float64. Innermost
 * reductions, non-adjacent axes and non-float32 tensors go to the stock kernels.
 *
 * @module
 */
import type { KernelFunc, SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';
import { asWasmBackend } from './wasmKernelOps.js';

/**
 * Reduces the middle axis of `[outer, reduce, inner]`: `dst[o·inner + i] = scale · Σ_r src[(o·reduce + r)·inner + i]`.
 *
 * @param src - the values.
 * @param outer - the product of the axes before the block.
 * @param reduce - the product of the reduced axes.
 * @param inner - the product of the axes after the block.
 * @param scale - 1 for a sum, 1/reduce for a mean.
 * @param dst - the output, `outer·inner` values.
 */
export function reduceMiddle(src: Float32Array, outer: number, reduce: number, inner: number, scale: number, dst: Float32Array): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    let p = o * reduce * inner;
    for (let r = 0; r < reduce; r++) {
      for (let i = 0; i < inner; i++) acc[i]! += src[p + i]!;
      p += inner;
    }
    for (let i = 0; i < inner; i++) dst[o * inner + i] = acc[i]! * scale;
  }
}

/**
 * The `Sum` or `Mean` kernel function (registered by `registerWasmTrainingKernels`).
 *
 * @param tf - the tfjs namespace (for `util`).
 * @param kind - which reduction.
 * @param stock - the stock kernel, for the cases this one leaves alone.
 * @returns the kernel function.
 */
export function reduceWasm(tf: TF, kind: 'Sum' | 'Mean', stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const a = args.attrs as unknown as SumAttrs;
    const axes = [...tf.util.parseAxisParam(a.axis, x.shape)].sort((p, q) => p - q);
    const rank = x.shape.length;
    const first = axes[0];
    const last = axes[axes.length - 1];
    const adjacent = first !== undefined && last !== undefined && axes.every((v, i) => v === first + i);
    if (x.dtype !== 'float32' || !adjacent || tf.util.sizeFromShape(x.shape) === 0) return stock(args);
    const inner = tf.util.sizeFromShape(x.shape.slice(last + 1));
    if (inner === 1 && last === rank - 1) return stock(args);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, first));
    const reduce = tf.util.sizeFromShape(x.shape.slice(first, last + 1));
    const b = asWasmBackend(args.backend, kind);
    const outShape = a.keepDims
      ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : x.shape.filter((_, i) => i < first || i > last);
    const out = b.makeOutput(outShape, 'float32');
    reduceMiddle(b.typedArrayFromHeap(x) as Float32Array, outer, reduce, inner, kind === 'Mean' ? 1 / reduce : 1, b.typedArrayFromHeap(out) as Float32Array);
    return out;
  };
}
