import { describe, expect, it } from 'vitest';
import { CIFAR10_CHANNEL_STATS, channelStats, datasetFromArrays, normaliseBatch, syntheticDataset } from '../../src/index.js';
import { batchOf, left, right } from './helpers.js';

describe('channelStats', () => {
  it('computes per-channel mean and population std', () => {
    const ds = right(datasetFromArrays({ height: 1, width: 2, channels: 2, classes: 1, x: [0, 10, 2, 10, 4, 20, 6, 20], y: [0, 0] }));
    const s = right(channelStats(ds));
    expect(s.mean[0]).toBeCloseTo(3, 10);
    expect(s.mean[1]).toBeCloseTo(15, 10);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(5), 10);
    expect(s.std[1]).toBeCloseTo(5, 10);
  });
  it('makes a dataset zero-mean and unit-std per channel', () => {
    const ds = right(syntheticDataset({ size: 64, seed: 1, height: 4, width: 4, channels: 3, classes: 2 }));
    const s = right(channelStats(ds));
    const b = right(normaliseBatch({ x: ds.x, y: ds.y, n: ds.size, shape: [ds.size, 4, 4, 3] }, s));
    const again = right(channelStats({ ...ds, x: b.x }));
    again.mean.forEach((m) => expect(m).toBeCloseTo(0, 5));
    again.std.forEach((v) => expect(v).toBeCloseTo(1, 5));
  });
  it('rejects a constant channel and an empty dataset', () => {
    expect(left(channelStats(right(datasetFromArrays({ height: 1, width: 1, channels: 1, classes: 1, x: [1, 1], y: [0, 0] })))).message).toMatch(/constant/);
    expect(left(channelStats(right(datasetFromArrays({ height: 1, width: 1, channels: 1, classes: 1, x: [], y: [] })))).message).toMatch(/empty/);
  });
});

describe('normaliseBatch', () => {
  it('applies (x - mean) / std per channel without touching the input', () => {
    const b = batchOf(2, 2, 2, 3, (_, i, j, k) => (i + j + k) / 10);
    const out = right(normaliseBatch(b, CIFAR10_CHANNEL_STATS));
    for (let i = 0; i < b.x.length; i++) expect(out.x[i]).toBeCloseTo((b.x[i]! - CIFAR10_CHANNEL_STATS.mean[i % 3]!) / CIFAR10_CHANNEL_STATS.std[i % 3]!, 5);
    expect(b.x[1]).toBeCloseTo(0.1, 6);
  });
  it('rejects statistics for another channel count', () => {
    expect(left(normaliseBatch(batchOf(1, 1, 1, 1, () => 0), CIFAR10_CHANNEL_STATS))._tag).toBe('ShapeError');
  });
});
