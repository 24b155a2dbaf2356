import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_FILES, cifar10FromBinary, classCounts } from '../../src/index.js';
import { loadCifar10 } from '../../src/node/index.js';
import { left, right } from './helpers.js';

const RECORDS = 3;
const RECORD = 3073;

/** A file of RECORDS records; record r of file f has label (f + r) % 10 and pixel bytes that encode (r, channel, position). */
function cifarBytes(f: number, records = RECORDS): Uint8Array {
  const bytes = new Uint8Array(records * RECORD);
  for (let r = 0; r < records; r++) {
    bytes[r * RECORD] = (f + r) % 10;
    for (let ch = 0; ch < 3; ch++) for (let p = 0; p < 1024; p++) bytes[r * RECORD + 1 + ch * 1024 + p] = (r * 50 + ch * 20 + p) % 256;
  }
  return bytes;
}

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

describe('cifar10FromBinary', () => {
  it('decodes RGB planes into NHWC values in [0, 1]', () => {
    const ds = right(cifar10FromBinary([{ path: 'a.bin', bytes: cifarBytes(0) }], { recordsPerFile: RECORDS }));
    expect(ds.size).toBe(3);
    expect(ds.shape).toEqual({ height: 32, width: 32, channels: 3, classes: 10 });
    expect(Array.from(ds.y)).toEqual([0, 1, 2]);
    for (const [r, i, j, ch] of [[0, 0, 0, 0], [1, 0, 5, 2], [2, 31, 31, 1], [2, 7, 3, 0]] as const) {
      const p = i * 32 + j;
      expect(ds.x[((r * 32 + i) * 32 + j) * 3 + ch]).toBeCloseTo(((r * 50 + ch * 20 + p) % 256) / 255, 6);
    }
  });
  it('rejects a label above 9 naming the record', () => {
    const bytes = cifarBytes(0);
    bytes[RECORD] = 42;
    const e = left(cifar10FromBinary([{ path: 'x.bin', bytes }], { recordsPerFile: RECORDS }));
    expect(e._tag).toBe('DataError');
    expect(e.path).toBe('x.bin');
    expect(e.message).toMatch(/record 1 .* label 42/);
  });
  it('expects 30,730,000 bytes per file by default', () => {
    const e = left(cifar10FromBinary([{ path: 'small.bin', bytes: cifarBytes(0) }]));
    expect(e.message).toMatch(/is 9219 bytes, expected 30730000/);
  });
});

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
