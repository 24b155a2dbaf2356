import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_FILES, classCounts } from '../../src/index.js';
import { loadCifar10 } from '../../src/node/index.js';
import { RECORDS, cifarBytes } from '../data/cifar10Bytes.js';
import { left, right } from '../data/helpers.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gold-nas-cifar-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function makeDir(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}
const fullSet = (): Record<string, Uint8Array> => Object.fromEntries([...CIFAR10_FILES.train, ...CIFAR10_FILES.test].map((f, i) => [f, cifarBytes(i)]));


describe('loadCifar10', () => {
  it('loads the five training files in order', () => {
    const dir = makeDir('valid', fullSet());
    const train = right(loadCifar10(dir, { recordsPerFile: RECORDS }));
    expect(train.name).toBe('cifar10-train');
    expect(train.size).toBe(15);
    expect(Array.from(train.y)).toEqual([0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6]);
    expect(train.x.length).toBe(15 * 3072);
    const test = right(loadCifar10(dir, { recordsPerFile: RECORDS, split: 'test' }));
    expect(Array.from(test.y)).toEqual([5, 6, 7]);
    expect(classCounts(test)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  });
  it('finds the files inside an extracted cifar-10-batches-bin directory', () => {
    makeDir('parent/cifar-10-batches-bin', fullSet());
    expect(right(loadCifar10(join(root, 'parent'), { recordsPerFile: RECORDS, split: 'test' })).size).toBe(3);
  });
  it('names a truncated file with the size found and the size expected', () => {
    const files = fullSet();
    files['data_batch_3.bin'] = cifarBytes(2).subarray(0, 5000);
    const dir = makeDir('truncated', files);
    const e = left(loadCifar10(dir, { recordsPerFile: RECORDS }));
    expect(e._tag).toBe('DataError');
    expect(e.path).toBe(join(dir, 'data_batch_3.bin'));
    expect(e.message).toMatch(/is 5000 bytes, expected 9219 \(3 records of 1 label byte \+ 3072 pixel bytes\)/);
    expect(e.message).toMatch(/truncated/);
  });
  it('names an oversized file', () => {
    const files = fullSet();
    files['test_batch.bin'] = cifarBytes(0, 4);
    const e = left(loadCifar10(makeDir('oversized', files), { recordsPerFile: RECORDS, split: 'test' }));
    expect(e.message).toMatch(/is 12292 bytes, expected 9219/);
  });
  it('names a missing file of the split', () => {
    const files = fullSet();
    delete files['data_batch_5.bin'];
    const dir = makeDir('missing', files);
    const e = left(loadCifar10(dir, { recordsPerFile: RECORDS }));
    expect(e.path).toBe(join(dir, 'data_batch_5.bin'));
    expect(e.message).toMatch(/is missing/);
    expect(right(loadCifar10(dir, { recordsPerFile: RECORDS, split: 'test' })).size).toBe(3);
  });
  it('says which files an empty directory should hold and where to get them', () => {
    const e = left(loadCifar10(makeDir('empty', {})));
    expect(e._tag).toBe('DataError');
    expect(e.message).toMatch(/data_batch_1\.bin.*data_batch_5\.bin, test_batch\.bin/);
    expect(e.message).toMatch(/cifar-10-binary\.tar\.gz/);
  });
  it('says when the directory does not exist', () => {
    const e = left(loadCifar10(join(root, 'nope')));
    expect(e.path).toBe(join(root, 'nope'));
    expect(e.message).toMatch(/is not a directory.*test_batch\.bin/);
  });
});
