import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/index.js';
import { batchIterator, classCounts, splitDataset, syntheticDataset } from '../../src/index.js';
import { left, right } from './helpers.js';

/** Accuracy on `test` of the nearest class mean computed on `train`. */
function nearestMeanAccuracy(train: Dataset, test: Dataset): number {
  const per = train.x.length / train.size;
  const k = train.shape.classes;
  const means = new Float64Array(k * per);
  const counts = classCounts(train);
  for (let n = 0; n < train.size; n++) for (let i = 0; i < per; i++) means[train.y[n]! * per + i] += train.x[n * per + i]! / counts[train.y[n]!]!;
  let correct = 0;
  for (let n = 0; n < test.size; n++) {
    let best = -1;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      let d = 0;
      for (let i = 0; i < per; i++) d += (test.x[n * per + i]! - means[c * per + i]!) ** 2;
      if (d < bestD) [best, bestD] = [c, d];
    }
    if (best === test.y[n]) correct++;
  }
  return correct / test.size;
}

describe('syntheticDataset', () => {
  it('is deterministic in the seed, balanced, and in [0, 1]', () => {
    const a = right(syntheticDataset({ size: 103, seed: 4, height: 5, width: 7, channels: 2, classes: 4 }));
    const b = right(syntheticDataset({ size: 103, seed: 4, height: 5, width: 7, channels: 2, classes: 4 }));
    const c = right(syntheticDataset({ size: 103, seed: 5, height: 5, width: 7, channels: 2, classes: 4 }));
    expect(a.shape).toEqual({ height: 5, width: 7, channels: 2, classes: 4 });
    expect(a.x.length).toBe(103 * 70);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    expect(classCounts(a)).toEqual([26, 26, 26, 25]);
    expect(Math.min(...a.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.x)).toBeLessThanOrEqual(1);
  });
  it.each([
    ['MNIST-like', { height: 28, width: 28, channels: 1, classes: 10 }],
    ['CIFAR-like', { height: 32, width: 32, channels: 3, classes: 10 }],
    ['default 8x8x3', {}],
  ])('is learnable (%s): a nearest-class-mean classifier beats 90%% on held-out data', (_, shape) => {
    const ds = right(syntheticDataset({ size: 600, seed: 1, ...shape }));
    const split = right(splitDataset(ds, { heldOut: 0.25, seed: 2 }));
    expect(nearestMeanAccuracy(split.train, split.heldOut)).toBeGreaterThan(0.9);
  });
  it.each([
    ['a negative size', { size: -1 }, 'size'],
    ['zero classes', { size: 10, classes: 0 }, 'classes'],
    ['a negative noise', { size: 10, noise: -0.1 }, 'noise'],
  ])('rejects %s', (_, opts, path) => {
    const e = left(syntheticDataset({ seed: 0, ...opts }));
    expect(e._tag).toBe('ConfigError');
    expect(e.path).toBe(path);
  });
});

describe('syntheticDataset with tfjs batches', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('trains a softmax classifier from iterator batches without leaking tensors', () => {
    const ds = right(syntheticDataset({ size: 640, seed: 3, classes: 4, noise: 0.25 }));
    const { train, heldOut } = right(splitDataset(ds, { heldOut: 128, seed: 1 }));
    const batches = right(batchIterator(train, { batchSize: 32, seed: 5, augment: { cropPadding: 1 }, normalise: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } }));
    const features = 8 * 8 * 3;
    const w = tf.variable(tf.zeros([features, 4]));
    const bias = tf.variable(tf.zeros([4]));
    const opt = tf.train.sgd(0.1);
    const logits = (x: tf.Tensor4D): tf.Tensor2D => tf.add(tf.matMul(tf.reshape(x, [-1, features]), w), bias);
    const accuracy = (): number => {
      const evalIt = right(batchIterator(heldOut, { batchSize: 128, seed: 0, shuffle: false, normalise: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } }));
      const b = evalIt.next();
      return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits(tf.tensor4d(b.x, [...b.shape])), 1), tf.tensor1d(b.y, 'int32')), 'float32')).dataSync()[0]!);
    };
    const before = accuracy();
    const tensors = tf.memory().numTensors;
    for (let step = 0; step < 60; step++) {
      const b = batches.next();
      tf.tidy(() => {
        opt.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(b.y, 'int32'), 4), logits(tf.tensor4d(b.x, [...b.shape]))) as tf.Scalar);
      });
      expect(tf.memory().numTensors).toBe(tensors);
    }
    const after = accuracy();
    expect(before).toBeLessThan(0.5);
    expect(after).toBeGreaterThan(0.9);
    tf.dispose([w, bias]);
    opt.dispose();
  });
});
