import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { checkInputBatch, checkLabels, cifarLayout, formatError } from '../../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('checkInputBatch', () => {
  const layout = cifarLayout();
  it.each([
    { shape: [32, 32, 3], message: /expected \[N, 32, 32, 3\].*got \[32, 32, 3\].*add a batch dimension/ },
    { shape: [4, 3, 32, 32], message: /got \[4, 3, 32, 32\].*NCHW/ },
    { shape: [4, 32, 32, 1], message: /got \[4, 32, 32, 1\].*inputChannels: 3.*1 channels/ },
    { shape: [4, 28, 28, 3], message: /got \[4, 28, 28, 3\].*inputSize: 32/ },
    { shape: [0, 32, 32, 3], message: /batch is empty/ },
  ])('rejects $shape with a message naming expected and actual shapes', ({ shape, message }) => {
    const x = tf.zeros(shape);
    const r = checkInputBatch(x, layout);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left._tag).toBe('ShapeError');
      expect(formatError(r.left)).toMatch(message);
    }
    x.dispose();
  });

  it('rejects an int32 batch and accepts a float32 one', () => {
    const i = tf.zeros([2, 32, 32, 3], 'int32');
    expect(E.isLeft(checkInputBatch(i, layout))).toBe(true);
    const f = tf.zeros([2, 32, 32, 3]);
    expect(E.isRight(checkInputBatch(f, layout))).toBe(true);
    tf.dispose([i, f]);
  });
});

describe('checkLabels', () => {
  it.each([
    { make: () => tf.tensor1d([0, 1, 2], 'float32'), message: /labels: expected int32 class indices of shape \[3\], got float32 \[3\]/ },
    { make: () => tf.tensor1d([0, 1], 'int32'), message: /shape \[3\], got int32 \[2\]/ },
    { make: () => tf.tensor2d([[0], [1], [2]], [3, 1], 'int32'), message: /shape \[3\], got int32 \[3, 1\]/ },
  ])('rejects $message', ({ make, message }) => {
    const y = make();
    const r = checkLabels(y, 3);
    expect(E.isLeft(r) && r.left._tag).toBe('ShapeError');
    if (E.isLeft(r)) expect(formatError(r.left)).toMatch(message);
    y.dispose();
  });

  it('accepts int32 class indices [N]', () => {
    const y = tf.tensor1d([0, 1, 2], 'int32');
    expect(E.isRight(checkLabels(y, 3))).toBe(true);
    y.dispose();
  });
});
