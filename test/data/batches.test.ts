import { describe, expect, it } from 'vitest';
import type { Batch, BatchIteratorOptions } from '../../src/index.js';
import { batchIterator, datasetFromArrays, normaliseBatch, syntheticDataset } from '../../src/index.js';
import { left, right } from './helpers.js';
import { decodeBatchCursor, epochPermutation } from '../../src/data/batches.js';

// 10 examples of 2x2x1 whose pixels are all equal to the example's index.
const indexed = right(datasetFromArrays({
  height: 2, width: 2, channels: 1, classes: 10,
  x: Float32Array.from({ length: 40 }, (_, i) => Math.floor(i / 4)),
  y: Array.from({ length: 10 }, (_, i) => i),
}));
const ids = (b: Batch): number[] => Array.from(b.y);
const take = (opts: BatchIteratorOptions, count: number): Batch[] => {
  const it = right(batchIterator(indexed, opts));
  return Array.from({ length: count }, () => it.next());
};

describe('epochPermutation', () => {
  it('is a permutation that depends only on (seed, epoch)', () => {
    const p = epochPermutation(1000, 3, 2);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(epochPermutation(1000, 3, 2))).toEqual(Array.from(p));
    expect(Array.from(epochPermutation(1000, 3, 3))).not.toEqual(Array.from(p));
    expect(Array.from(epochPermutation(1000, 4, 2))).not.toEqual(Array.from(p));
  });
});

describe('batchIterator', () => {
  it('visits every example once per epoch, in a new order each epoch', () => {
    const batches = take({ batchSize: 3, seed: 1 }, 8); // 4 batches per epoch: 3, 3, 3, 1
    expect(batches.map((b) => b.n)).toEqual([3, 3, 3, 1, 3, 3, 3, 1]);
    const epoch0 = batches.slice(0, 4).flatMap(ids);
    const epoch1 = batches.slice(4).flatMap(ids);
    expect([...epoch0].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...epoch1].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch1).not.toEqual(epoch0);
    expect(epoch0).toEqual(Array.from(epochPermutation(10, 1, 0)));
  });
  it('keeps pixels with their labels and reports the tensor shape', () => {
    for (const b of take({ batchSize: 4, seed: 2 }, 3)) {
      expect(b.shape).toEqual([b.n, 2, 2, 1]);
      expect(b.x.length).toBe(b.n * 4);
      b.y.forEach((label, k) => expect(Array.from(b.x.subarray(4 * k, 4 * k + 4))).toEqual([label, label, label, label]));
    }
  });
  it('keeps dataset order without shuffle and drops the short batch with dropLast', () => {
    const it = right(batchIterator(indexed, { batchSize: 4, seed: 0, shuffle: false, dropLast: true }));
    expect(it.batchesPerEpoch).toBe(2);
    expect([ids(it.next()), ids(it.next()), ids(it.next())]).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 2, 3]]);
    expect(it.cursor()).toEqual({ epoch: 1, index: 1 });
  });
  it('resumes from a saved cursor with exactly the same batches, augmentation included', () => {
    const ds = right(syntheticDataset({ size: 50, seed: 1, height: 6, width: 6, channels: 2, classes: 3 }));
    const opts: BatchIteratorOptions = {
      batchSize: 8, seed: 11, augment: { cropPadding: 2, flip: true, cutoutLength: 3 }, normalise: { mean: [0.5, 0.4], std: [0.2, 0.3] },
    };
    const first = right(batchIterator(ds, opts));
    const straight = Array.from({ length: 20 }, () => first.next()); // crosses two epoch boundaries (7 batches per epoch)

    const again = right(batchIterator(ds, opts));
    for (let i = 0; i < 9; i++) again.next();
    const saved = JSON.parse(JSON.stringify(again.cursor())) as unknown;
    expect(saved).toEqual({ epoch: 1, index: 2 });
    const resumed = right(batchIterator(ds, { ...opts, start: right(decodeBatchCursor(saved)) }));
    for (let i = 9; i < 20; i++) {
      const b = resumed.next();
      expect(Array.from(b.y)).toEqual(Array.from(straight[i]!.y));
      expect(Array.from(b.x)).toEqual(Array.from(straight[i]!.x));
    }
    const random = right(first.batchAt({ epoch: 2, index: 3 }));
    expect(Array.from(random.x)).toEqual(Array.from(straight[17]!.x));
  });
  it('applies crop and flip, then normalisation, then Cutout (the DARTS order)', () => {
    const ds = right(syntheticDataset({ size: 16, seed: 2, height: 5, width: 5, channels: 3, classes: 2 }));
    const stats = { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
    const at = (opts: Partial<BatchIteratorOptions>): Batch => right(batchIterator(ds, { batchSize: 16, seed: 3, ...opts })).next();
    const plain = at({});
    const geometric = at({ augment: { cropPadding: 1, flip: true } });
    const normalised = at({ augment: { cropPadding: 1, flip: true }, normalise: stats });
    const full = at({ augment: { cropPadding: 1, flip: true, cutoutLength: 2 }, normalise: stats });
    expect(Array.from(normalised.x)).toEqual(Array.from(right(normaliseBatch(geometric, stats)).x));
    // Cutout comes last: every value is the normalised one or an exact 0 (a hole in normalised space).
    let holes = 0;
    full.x.forEach((v, i) => {
      if (v !== normalised.x[i]) {
        expect(v).toBe(0);
        holes++;
      }
    });
    expect(holes).toBeGreaterThan(0);
    expect(ids(full)).toEqual(ids(plain));
  });
  it.each([
    ['a zero batch size', { batchSize: 0, seed: 1 }, 'ConfigError', 'batchSize'],
    ['dropLast with too big a batch', { batchSize: 11, seed: 1, dropLast: true }, 'ConfigError', 'batchSize'],
    ['a cursor past the epoch', { batchSize: 5, seed: 1, start: { epoch: 0, index: 2 } }, 'ConfigError', 'start.index'],
    ['a negative cursor', { batchSize: 5, seed: 1, start: { epoch: -1, index: 0 } }, 'DecodeError', 'start.epoch'],
    ['crop padding as large as the image', { batchSize: 5, seed: 1, augment: { cropPadding: 2 } }, 'ConfigError', 'augment.cropPadding'],
    ['a negative cutout', { batchSize: 5, seed: 1, augment: { cutoutLength: -1 } }, 'ConfigError', 'augment.cutoutLength'],
    ['stats for the wrong channel count', { batchSize: 5, seed: 1, normalise: { mean: [0, 0], std: [1, 1] } }, 'ShapeError', 'normalise'],
    ['a zero std', { batchSize: 5, seed: 1, normalise: { mean: [0], std: [0] } }, 'ConfigError', 'normalise.std[0]'],
  ] as const)('rejects %s', (_, opts, tag, path) => {
    const e = left(batchIterator(indexed, opts));
    expect(e._tag).toBe(tag);
    expect(e.path).toBe(path);
  });
});

describe('decodeBatchCursor', () => {
  it.each([
    [null, 'cursor'],
    [{ epoch: 1 }, 'cursor.index'],
    [{ epoch: 1.5, index: 0 }, 'cursor.epoch'],
    [{ epoch: 0, index: '3' }, 'cursor.index'],
  ])('rejects %j', (value, path) => {
    const e = left(decodeBatchCursor(value));
    expect(e._tag).toBe('DecodeError');
    expect(e.path).toBe(path);
  });
});
