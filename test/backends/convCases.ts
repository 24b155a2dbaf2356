/**
 * The convolution-gradient cases shared by the node (cpu vs wasm) and browser (cpu vs webgl)
 * tests, and the function that computes them on the active backend. Not a test file.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import { randomValues, sizeOf } from './gradCheck.js';

export type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
export type Shape4 = [number, number, number, number];
export interface GradCase {
  readonly kind: 'conv2d' | 'depthwise';
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: number | [number, number];
  readonly pad: Pad;
}

/** The forward output and the gradients of sum(conv(x, f) ⊙ w) w.r.t. x and f on the active backend, as plain arrays. */
export function convGrads(tf: typeof tfc, c: GradCase, seed: number): { y: Float32Array; dx: Float32Array; df: Float32Array } {
  const xv = randomValues(sizeOf(c.x), seed);
  const fv = randomValues(sizeOf(c.filter), seed + 1);
  return tf.tidy(() => {
    const forward = (x: tfc.Tensor4D, f: tfc.Tensor4D): tfc.Tensor4D =>
      c.kind === 'conv2d' ? tf.conv2d(x, f, c.strides, c.pad) : tf.depthwiseConv2d(x, f, c.strides, c.pad);
    const x = tf.tensor4d(xv, c.x);
    const f = tf.tensor4d(fv, c.filter);
    const y = forward(x, f);
    const yShape = y.shape;
    const w = tf.tensor(randomValues(sizeOf(yShape), seed + 2), yShape);
    const [dx, df] = tf.grads((a: tfc.Tensor, b: tfc.Tensor) => forward(a as tfc.Tensor4D, b as tfc.Tensor4D).mul(w).sum())([x, f]);
    return { y: y.dataSync() as Float32Array, dx: dx!.dataSync() as Float32Array, df: df!.dataSync() as Float32Array };
  });
}

export const explicit = (t: number, b: number, l: number, r: number): Pad => [[0, 0], [t, b], [l, r], [0, 0]];

export const CONV_CASES: GradCase[] = [
  { kind: 'conv2d', x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { kind: 'conv2d', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { kind: 'conv2d', x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { kind: 'conv2d', x: [2, 9, 7, 3], filter: [3, 2, 3, 5], strides: [2, 1], pad: 'valid' },
  { kind: 'conv2d', x: [1, 10, 11, 2], filter: [5, 5, 2, 3], strides: 3, pad: 'valid' },
  { kind: 'conv2d', x: [2, 7, 7, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1 },
  { kind: 'conv2d', x: [1, 7, 7, 2], filter: [3, 3, 2, 2], strides: 2, pad: explicit(2, 2, 1, 1) },
  { kind: 'conv2d', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: explicit(0, 2, 2, 0) },
  { kind: 'conv2d', x: [2, 8, 8, 6], filter: [1, 1, 6, 4], strides: 1, pad: 'same' },
  { kind: 'conv2d', x: [2, 8, 8, 6], filter: [1, 1, 6, 4], strides: 2, pad: 'valid' },
  { kind: 'conv2d', x: [2, 9, 9, 6], filter: [1, 1, 6, 4], strides: 2, pad: 'same' },
  // 512 and 1024 output pixels: the contraction pads the rows before its transpose.
  { kind: 'conv2d', x: [2, 16, 16, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { kind: 'conv2d', x: [4, 16, 16, 7], filter: [1, 1, 7, 3], strides: 1, pad: 'valid' },
  { kind: 'depthwise', x: [2, 7, 9, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same' },
  { kind: 'depthwise', x: [2, 8, 8, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { kind: 'depthwise', x: [2, 9, 9, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'same' },
  { kind: 'depthwise', x: [2, 9, 9, 3], filter: [5, 5, 3, 1], strides: 2, pad: 'same' },
  { kind: 'depthwise', x: [2, 9, 7, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'valid' },
  { kind: 'depthwise', x: [1, 11, 10, 2], filter: [5, 3, 2, 1], strides: [2, 3], pad: 'valid' },
  { kind: 'depthwise', x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: 1, pad: 1 },
  { kind: 'depthwise', x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: 2, pad: explicit(1, 1, 2, 2) },
  { kind: 'depthwise', x: [2, 9, 7, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same' },
  { kind: 'depthwise', x: [2, 9, 7, 3], filter: [3, 3, 3, 3], strides: 2, pad: 'valid' },
  { kind: 'depthwise', x: [1, 8, 8, 2], filter: [3, 3, 2, 2], strides: 2, pad: explicit(1, 1, 1, 1) },
  // Channel counts that are multiples of 4 take wasm's SIMD loops (filter gradients; depthwise and strided 1x1 input gradients).
  { kind: 'conv2d', x: [2, 8, 8, 8], filter: [1, 1, 8, 4], strides: 2, pad: 'valid' },
  { kind: 'conv2d', x: [2, 9, 9, 4], filter: [1, 1, 4, 8], strides: 2, pad: 'same' },
  { kind: 'conv2d', x: [2, 7, 7, 8], filter: [1, 1, 8, 8], strides: 2, pad: explicit(0, 1, 0, 1) },
  { kind: 'conv2d', x: [1, 9, 8, 4], filter: [1, 1, 4, 4], strides: [2, 3], pad: explicit(1, 0, 1, 1) },
  { kind: 'conv2d', x: [2, 6, 6, 4], filter: [3, 3, 4, 8], strides: 2, pad: 1 },
  { kind: 'depthwise', x: [2, 8, 8, 8], filter: [3, 3, 8, 1], strides: 1, pad: 'same' },
  { kind: 'depthwise', x: [2, 9, 9, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { kind: 'depthwise', x: [2, 7, 9, 8], filter: [5, 5, 8, 1], strides: 2, pad: explicit(2, 2, 1, 3) },
  { kind: 'depthwise', x: [1, 11, 10, 4], filter: [5, 3, 4, 1], strides: [2, 3], pad: 'valid' },
  { kind: 'depthwise', x: [3, 16, 16, 12], filter: [3, 3, 12, 1], strides: 1, pad: 1 },
];

