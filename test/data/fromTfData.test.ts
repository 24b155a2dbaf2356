import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TfDataOptions, TfDataSource } from '../../src/index.js';
import { classCounts, datasetFromTfData } from '../../src/index.js';
import { left, right } from './helpers.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** A tf.data dataset that makes its elements (fresh tensors) when read. */
const generated = (make: (i: number) => unknown, count: number): TfDataSource => tf.data.generator(function* () {
  for (let i = 0; i < count; i++) yield make(i) as tf.TensorContainer;
});

/** Runs `read` and checks that it leaves no tensor behind. */
async function noLeak<A>(read: () => Promise<A>): Promise<A> {
  const before = tf.memory().numTensors;
  const result = await read();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

const image = (i: number, shape: number[] = [2, 3, 1]): tf.Tensor => tf.fill(shape, i / 10);

describe('datasetFromTfData', () => {
  it('reads single examples {xs [h, w, c], ys scalar} in order and disposes every tensor', async () => {
    const ds = right(await noLeak(() => datasetFromTfData(generated((i) => ({ xs: image(i), ys: tf.scalar(i % 3, 'int32') }), 5), { classes: 3 })));
    expect([ds.name, ds.size, ds.shape]).toEqual(['tf-data', 5, { height: 2, width: 3, channels: 1, classes: 3 }]);
    expect(Array.from(ds.y)).toEqual([0, 1, 2, 0, 1]);
    expect(ds.x[4 * 6]).toBeCloseTo(0.4, 6);
  });

  it('reads batches {xs [n, h, w, c], ys one-hot [n, classes]} and plain numbers as labels', async () => {
    const batches = generated((b) => ({ xs: tf.fill([2, 1, 1, 3], b), ys: tf.tidy(() => tf.oneHot(tf.tensor1d([b, 2], 'int32'), 3)), weight: tf.scalar(1) }), 2);
    const ds = right(await noLeak(() => datasetFromTfData(batches, { classes: 3, name: 'batched' })));
    expect([ds.name, ds.size, ds.shape.channels]).toEqual(['batched', 4, 3]);
    expect(Array.from(ds.y)).toEqual([0, 2, 1, 2]);
    expect(Array.from(ds.x.subarray(6, 9))).toEqual([1, 1, 1]);
    const numbers = right(await noLeak(() => datasetFromTfData(generated((i) => ({ xs: tf.zeros([4, 4]), ys: i }), 2), { classes: 2 })));
    expect([numbers.shape.channels, classCounts(numbers)]).toEqual([1, [1, 1]]);
  });

  it('reads tf.data.array (whose elements are clones) without touching the caller\'s tensors', async () => {
    const xs = [image(1), image(2)];
    const ys = [tf.scalar(0, 'int32'), tf.scalar(1, 'int32')];
    const ds = right(await noLeak(() => datasetFromTfData(tf.data.array(xs.map((x, i) => ({ xs: x, ys: ys[i]! }))), { classes: 2 })));
    expect(ds.size).toBe(2);
    expect(xs.every((x) => !x.isDisposed)).toBe(true);
    tf.dispose([...xs, ...ys]);
  });

  const bad: [string, (i: number) => unknown, TfDataOptions, string, string, RegExp][] = [
    ['an image of another size', (i) => ({ xs: image(i, i === 2 ? [3, 3, 1] : [2, 3, 1]), ys: tf.scalar(0, 'int32') }), { classes: 2 }, 'ShapeError', 'element[2].xs', /\[3, 3, 1\].*earlier elements have \[2, 3, 1\]/],
    ['a size the options do not ask for', (i) => ({ xs: image(i), ys: tf.scalar(0, 'int32') }), { classes: 2, channels: 3 }, 'ShapeError', 'element[0].xs', /options ask for \[2, 3, 3\]/],
    ['a first image of another size than the options give', (i) => ({ xs: image(i), ys: tf.scalar(0, 'int32') }), { classes: 2, height: 2, width: 2, channels: 1 }, 'ShapeError', 'element[0].xs', /\[2, 3, 1\] \(h, w, c\) but the options ask for \[2, 2, 1\]/],
    ['a rank-1 image', () => ({ xs: tf.zeros([6]), ys: tf.scalar(0, 'int32') }), { classes: 2 }, 'ShapeError', 'element[0].xs', /has shape \[6\]/],
    ['a label out of range', (i) => ({ xs: image(i), ys: tf.scalar(i === 1 ? 2 : 0, 'int32') }), { classes: 2 }, 'DataError', 'element[1].ys', /label 2 of example 0 is not an integer in \[0, 2\)/],
    ['a fractional label', (i) => ({ xs: image(i), ys: tf.scalar(0.5) }), { classes: 2 }, 'DataError', 'element[0].ys', /label 0.5/],
    ['a row that is not one-hot', (i) => ({ xs: image(i), ys: tf.tensor1d(i === 3 ? [0.5, 0.5] : [1, 0]) }), { classes: 2 }, 'DataError', 'element[3].ys', /not one-hot/],
    ['labels of the wrong shape', () => ({ xs: tf.zeros([2, 2, 2, 1]), ys: tf.zeros([3], 'int32') }), { classes: 2 }, 'DataError', 'element[0].ys', /shape \[3\]; for 2 examples/],
    ['a value that is not finite', (i) => ({ xs: i === 1 ? tf.tensor3d([0, 1, NaN, 0, 0, 0], [2, 3, 1]) : image(i), ys: tf.scalar(0, 'int32') }), { classes: 2 }, 'DataError', 'element[1].xs', /value NaN of example 0 \(flat index 2\)/],
    ['an element without ys', (i) => ({ xs: image(i), label: tf.scalar(0) }), { classes: 2 }, 'DataError', 'element[0]', /expected an object \{ xs, ys \}, got an object with xs, label/],
    ['a complex tensor', () => ({ xs: tf.complex([[[1]]], [[[1]]]), ys: 0 }), { classes: 2 }, 'DataError', 'element[0].xs', /dtype complex64/],
  ];
  it.each(bad)('refuses %s, naming the element, and leaves no tensor behind', async (_, make, options, tag, path, message) => {
    const e = left(await noLeak(() => datasetFromTfData(generated(make, 5), options)));
    expect([e._tag, e.path]).toEqual([tag, path]);
    expect(e.message).toMatch(message);
  });

  it('reports a dataset that throws while read, after disposing what it read', async () => {
    const throwing = tf.data.generator(function* () {
      yield { xs: image(0), ys: tf.scalar(0, 'int32') };
      throw new Error('disk on fire');
    });
    const e = left(await noLeak(() => datasetFromTfData(throwing, { classes: 2 })));
    expect(e.path).toBe('element[1]');
    expect(e.message).toMatch(/disk on fire/);
  });

  it('refuses an empty dataset and a bad class count', async () => {
    expect(left(await datasetFromTfData(tf.data.array<tf.TensorContainer>([]), { classes: 2 })).message).toMatch(/no elements/);
    expect(left(await datasetFromTfData(generated(() => ({}), 0), { classes: 0 })).path).toBe('classes');
    expect(left(await datasetFromTfData(generated(() => ({}), 0), { classes: 2, width: -1 })).path).toBe('width');
  });
});
