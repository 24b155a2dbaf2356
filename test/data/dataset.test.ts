import { describe, expect, it } from 'vitest';
import { classCounts, datasetFromArrays, exampleLength, subsetDataset } from '../../src/index.js';
import { left, right } from './helpers.js';

const base = { height: 2, width: 2, channels: 1, classes: 3 };

describe('datasetFromArrays', () => {
  it('shares a Float32Array and Int32Array without copying', () => {
    const x = new Float32Array(8);
    const y = new Int32Array([0, 2]);
    const ds = right(datasetFromArrays({ ...base, x, y, name: 'tiny' }));
    expect(ds.x).toBe(x);
    expect(ds.y).toBe(y);
    expect(ds.size).toBe(2);
    expect(ds.name).toBe('tiny');
    expect(exampleLength(ds.shape)).toBe(4);
  });
  it('copies plain arrays', () => {
    const ds = right(datasetFromArrays({ ...base, x: [0, 0.5, 1, 0], y: [1] }));
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(Array.from(ds.y)).toEqual([1]);
  });
  it.each([
    ['x length disagrees with y', { ...base, x: new Float32Array(7), y: [0, 1] }, 'DataError', 'x', /has 7 values, expected 8/],
    ['label out of range', { ...base, x: new Float32Array(8), y: [0, 3] }, 'DataError', 'y[1]', /label 3 is not an integer in \[0, 3\)/],
    ['negative label', { ...base, x: new Float32Array(4), y: [-1] }, 'DataError', 'y[0]', /label -1/],
    ['fractional label', { ...base, x: new Float32Array(4), y: [1.5] }, 'DataError', 'y[0]', /label 1.5/],
    ['NaN pixel', { ...base, x: [0, Number.NaN, 0, 0], y: [0] }, 'DataError', 'x[1]', /not finite/],
    ['zero height', { ...base, height: 0, x: [], y: [] }, 'ConfigError', 'height', /positive integer/],
    ['fractional classes', { ...base, classes: 2.5, x: [], y: [] }, 'ConfigError', 'classes', /positive integer/],
  ] as const)('rejects %s', (_, arrays, tag, path, message) => {
    const e = left(datasetFromArrays(arrays));
    expect(e._tag).toBe(tag);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

describe('subsetDataset', () => {
  const ds = right(datasetFromArrays({ height: 1, width: 1, channels: 2, classes: 3, x: [0, 1, 10, 11, 20, 21], y: [0, 1, 2] }));
  it('copies the examples in the order given, repeats allowed', () => {
    const sub = right(subsetDataset(ds, [2, 0, 2], 'sub'));
    expect(Array.from(sub.x)).toEqual([20, 21, 0, 1, 20, 21]);
    expect(Array.from(sub.y)).toEqual([2, 0, 2]);
    expect(sub.name).toBe('sub');
    sub.x[0] = -1;
    expect(ds.x[4]).toBe(20);
  });
  it('names the first index out of range', () => {
    const e = left(subsetDataset(ds, [0, 3]));
    expect(e.path).toBe('indices[1]');
  });
  it('counts classes', () => {
    expect(classCounts(ds)).toEqual([1, 1, 1]);
  });
});
