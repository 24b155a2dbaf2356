import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';

it('runs tfjs on a real WebGL2 backend in Chromium', async () => {
  expect(await tf.setBackend('webgl')).toBe(true);
  expect(tf.getBackend()).toBe('webgl');
  const y = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])));
  expect(Array.from(await y.data())).toEqual([3, 3, 3, 3]);
  y.dispose();
});
