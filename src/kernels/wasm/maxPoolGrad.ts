/**
 * A correct `MaxPoolGrad` for tfjs-wasm. The stock kernel (tfjs-backend-wasm 4.22) starts each
 * window's running maximum at `FLT_MIN`, the smallest *positive* float, so a window whose values
 * are all ≤ 0 sends its gradient to the wrong pixel, and on ties it picks the last maximum where
 * tfjs's cpu and webgl backends pick the first. This one is a plain loop over the wasm heap with
 * cpu's semantics (first maximum in row-major window order), and is also a little faster.
 *
 * @module
 */
import type { KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { asWasmBackend } from '../support/wasmBackend.js';

/** Pooling geometry, NHWC. */
export interface PoolGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * Adds each output gradient to the first maximum of its window (row-major order), into `dx`.
 *
 * @param x - the pooled input, NHWC.
 * @param dy - the output gradient, NHWC.
 * @param dx - the input gradient, zero-filled, NHWC.
 * @param g - the geometry.
 */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, dx: Float32Array, g: PoolGeometry): void {
  const c = g.channels;
  const best = new Float32Array(c);
  const arg = new Int32Array(c);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      const y0 = oy * g.strideHeight - g.padTop;
      const ya = Math.max(0, y0);
      const yb = Math.min(g.inHeight, y0 + g.filterHeight);
      for (let ox = 0; ox < g.outWidth; ox++) {
        const x0 = ox * g.strideWidth - g.padLeft;
        const xa = Math.max(0, x0);
        const xb = Math.min(g.inWidth, x0 + g.filterWidth);
        arg.fill(-1);
        for (let yy = ya; yy < yb; yy++) {
          for (let xx = xa; xx < xb; xx++) {
            const base = ((b * g.inHeight + yy) * g.inWidth + xx) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch]!;
              if (arg[ch]! < 0 || v > best[ch]!) { best[ch] = v; arg[ch] = base + ch; }
            }
          }
        }
        const o = ((b * g.outHeight + oy) * g.outWidth + ox) * c;
        for (let ch = 0; ch < c; ch++) if (arg[ch]! >= 0) dx[arg[ch]!] += dy[o + ch]!;
      }
    }
  }
}

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util`).
 * @returns the kernel function.
 */
export function maxPoolGradWasm(tf: TF): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, 'MaxPoolGrad');
    const input = inputs['input'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    const a = attrs as unknown as MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const dx = b.makeOutput([...input.shape], 'float32');
    // Views after the allocation: it may grow (and move) the heap.
    const dxv = b.typedArrayFromHeap(dx) as Float32Array;
    dxv.fill(0);
    maxPoolBackprop(b.typedArrayFromHeap(input) as Float32Array, b.typedArrayFromHeap(dy) as Float32Array, dxv, {
      batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, channels: info.inChannels,
      outHeight: dy.shape[1]!, outWidth: dy.shape[2]!, filterHeight: info.effectiveFilterHeight, filterWidth: info.effectiveFilterWidth,
      strideHeight: info.strideHeight, strideWidth: info.strideWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
    });
    return dx;
  };
}
