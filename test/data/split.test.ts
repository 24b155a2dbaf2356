import { describe, expect, it } from 'vitest';
import { classCounts, datasetFromArrays, splitDataset, syntheticDataset } from '../../src/index.js';
import { left, right } from './helpers.js';

// Unbalanced classes: 60 / 30 / 10, each example's pixel is its own index.
const ds = right(datasetFromArrays({
  height: 1, width: 1, channels: 1, classes: 3, name: 'toy',
  x: Float32Array.from({ length: 100 }, (_, i) => i),
  y: Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2)),
}));

describe('splitDataset', () => {
  it.each([
    ['a fraction', 0.2, 20],
    ['a count', 17, 17],
    ['zero', 0, 0],
    ['one example (1 is a count, not 100%)', 1, 1],
  ])('holds out %s as disjoint parts that cover the dataset', (_, heldOut, count) => {
    const s = right(splitDataset(ds, { heldOut, seed: 1 }));
    expect(s.heldOut.size).toBe(count);
    expect(s.train.size).toBe(100 - count);
    const all = [...s.trainIndices, ...s.heldOutIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(s.heldOut.x)).toEqual(Array.from(s.heldOutIndices));
    expect(Array.from(s.train.x)).toEqual(Array.from(s.trainIndices));
    expect(s.train.name).toBe('toy-train');
    expect(s.heldOut.name).toBe('toy-heldout');
  });
  it('is deterministic in the seed and differs across seeds', () => {
    const a = right(splitDataset(ds, { heldOut: 0.2, seed: 5 }));
    const b = right(splitDataset(ds, { heldOut: 0.2, seed: 5 }));
    const c = right(splitDataset(ds, { heldOut: 0.2, seed: 6 }));
    expect(Array.from(a.heldOutIndices)).toEqual(Array.from(b.heldOutIndices));
    expect(Array.from(a.heldOutIndices)).not.toEqual(Array.from(c.heldOutIndices));
  });
  it('keeps class proportions when stratified', () => {
    const s = right(splitDataset(ds, { heldOut: 0.2, seed: 3 }));
    expect(classCounts(s.heldOut)).toEqual([12, 6, 2]);
    expect(classCounts(s.train)).toEqual([48, 24, 8]);
  });
  it('allocates a count that does not divide evenly by largest remainder', () => {
    // 7 of 100: exact quotas 4.2, 2.1, 0.7 -> 4, 2, 1.
    const s = right(splitDataset(ds, { heldOut: 7, seed: 3 }));
    expect(classCounts(s.heldOut)).toEqual([4, 2, 1]);
  });
  it('draws uniformly over all examples when not stratified', () => {
    const s = right(splitDataset(ds, { heldOut: 30, seed: 3, stratified: false }));
    expect(s.heldOut.size).toBe(30);
    expect(classCounts(s.heldOut).reduce((a, b) => a + b, 0)).toBe(30);
  });
  it.each([[-1], [100], [2.5], [Number.NaN], [0.9999]])('rejects heldOut %s', (heldOut) => {
    const e = left(splitDataset(ds, { heldOut, seed: 0 }));
    expect(e._tag).toBe('ConfigError');
    expect(e.path).toBe('heldOut');
  });
  it('splits a balanced synthetic set evenly', () => {
    const syn = right(syntheticDataset({ size: 1000, seed: 1 }));
    const s = right(splitDataset(syn, { heldOut: 0.1, seed: 2 }));
    expect(classCounts(s.heldOut)).toEqual(Array(10).fill(10));
  });
});
