/**
 * Dilated convolution filters as dense filters with zeros between the taps. tfjs has no gradient
 * for dilated (depthwise) convolutions and forbids a stride above 1 together with a dilation
 * above 1; a zero-dilated dense filter has neither problem and gives the same result.
 *
 * @module
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';

/**
 * Spreads a `[kH, kW, in, m]` filter to `[(kH−1)·d+1, (kW−1)·d+1, in, m]` with `d−1` zeros between
 * taps. Differentiable (reshape, pad and slice only, all of rank ≤ 4).
 *
 * @param tf - the injected tfjs namespace.
 * @param filter - the dense filter.
 * @param dilation - the dilation rate d (≥ 1).
 * @returns the spread filter (the input itself when `d = 1`).
 */
export function dilateFilter(tf: TF, filter: Tensor4D, dilation: number): Tensor4D {
  if (dilation === 1) return filter;
  const d = dilation;
  const [kh, kw, c, m] = filter.shape;
  const h2 = (kh - 1) * d + 1;
  const w2 = (kw - 1) * d + 1;
  let f = tf.pad(tf.reshape(filter, [kh, 1, kw * c * m]), [[0, 0], [0, d - 1], [0, 0]]);
  f = tf.slice(tf.reshape(f, [kh * d, kw, c, m]), [0, 0, 0, 0], [h2, kw, c, m]);
  f = tf.pad(tf.reshape(f, [h2 * kw, 1, c * m]), [[0, 0], [0, d - 1], [0, 0]]);
  return tf.slice(tf.reshape(f, [h2, kw * d, c, m]), [0, 0, 0, 0], [h2, w2, c, m]) as Tensor4D;
}
