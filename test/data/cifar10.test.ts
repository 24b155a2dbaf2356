import { describe, expect, it } from 'vitest';
import { cifar10FromBinary } from '../../src/index.js';
import { RECORDS, RECORD_BYTES, cifarBytes } from './cifar10Bytes.js';
import { left, right } from './helpers.js';

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
    bytes[RECORD_BYTES] = 42;
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
