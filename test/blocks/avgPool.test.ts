import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { avgPoolExcludingPadding, globalAveragePool } from '../../src/blocks/avgPool.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** PyTorch AvgPool2d(count_include_pad=False) on one single-channel image, by hand. */
function byHand(img: number[][], size: number, stride: number, pad: number): number[][] {
  const h = img.length;
  const w = img[0]!.length;
  const oh = Math.floor((h + 2 * pad - size) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - size) / stride) + 1;
  return Array.from({ length: oh }, (_, i) =>
    Array.from({ length: ow }, (_, j) => {
      let sum = 0;
      let count = 0;
      for (let r = i * stride - pad; r < i * stride - pad + size; r++)
        for (let c = j * stride - pad; c < j * stride - pad + size; c++)
          if (r >= 0 && r < h && c >= 0 && c < w) {
            sum += img[r]![c]!;
            count++;
          }
      return sum / count;
    }),
  );
}

describe('avgPoolExcludingPadding', () => {
  const img = [
    [1, 2, 3, 4, 5],
    [6, 7, 8, 9, 10],
    [11, 12, 13, 14, 15],
    [16, 17, 18, 19, 20],
    [21, 22, 23, 24, 25],
  ];
  it.each([
    { size: 3, stride: 1, pad: 1 },
    { size: 3, stride: 2, pad: 1 },
    { size: 5, stride: 3, pad: 0 },
  ])('divides by the valid taps only (size $size, stride $stride, pad $pad)', ({ size, stride, pad }) => {
    const pool = avgPoolExcludingPadding(tf, size, stride, pad);
    const y = tf.tidy(() => pool.apply(tf.tensor4d(img.flat(), [1, 5, 5, 1])));
    const expected = byHand(img, size, stride, pad);
    expect(y.shape).toEqual([1, expected.length, expected[0]!.length, 1]);
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i]!, 4));
    // the corner of a padded 3x3 pool averages 4 pixels, (1 + 2 + 6 + 7) / 4
    if (pad === 1) expect(y.dataSync()[0]).toBeCloseTo(4, 5);
    y.dispose();
    pool.dispose();
  });

  it('has a gradient consistent with its forward pass at the borders (tfjs avgPool has not)', () => {
    const pool = avgPoolExcludingPadding(tf, 3, 1, 1);
    const x = tf.variable(seededTensor([1, 4, 4, 2], 1));
    const r = seededTensor([1, 4, 4, 2], 2);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(pool.apply(x as unknown as tf.Tensor4D), r)));
    const { mismatches } = gradientCheck(loss, [x], { coords: 16 });
    expect(mismatches).toEqual([]);
    // d/dx of sum(pool(x)) at the corner: 1/4 + 1/6 + 1/6 + 1/9
    const g = tf.grad((a: tf.Tensor) => tf.sum(pool.apply(a as tf.Tensor4D)))(tf.ones([1, 3, 3, 1]));
    expect(g.dataSync()[0]).toBeCloseTo(1 / 4 + 1 / 6 + 1 / 6 + 1 / 9, 5);
    tf.dispose([x, r, g]);
    pool.dispose();
  });
});

describe('globalAveragePool', () => {
  it('gives tf.mean over H and W, and its gradient, without building ones in JS', () => {
    const pool = globalAveragePool(tf);
    const x = seededTensor([2, 3, 5, 4], 1);
    const r = seededTensor([2, 4], 2);
    const before = tf.memory().numTensors;
    const values = (f: (t: tf.Tensor) => tf.Tensor): Float32Array[] => {
      const y = tf.tidy(() => f(x));
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), r)))(x);
      const out = [y.dataSync() as Float32Array, g.dataSync() as Float32Array];
      tf.dispose([y, g]);
      return out;
    };
    const ours = values(pool);
    const stock = values((t) => tf.mean(t, [1, 2]));
    expect(tf.memory().numTensors).toBe(before);
    for (const k of [0, 1] as const) {
      const a = ours[k]!;
      const b = stock[k]!;
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
    }
    const v = tf.variable(x);
    const { mismatches } = gradientCheck(() => tf.tidy(() => tf.sum(tf.mul(tf.square(pool(v)), r))), [v], { coords: 6 });
    expect(mismatches).toEqual([]);
    tf.dispose([x, r, v]);
  });
});
