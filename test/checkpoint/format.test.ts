import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeCheckpoint, encodeCheckpoint, fnv1a32 } from '../../src/checkpoint/format.js';

const contents = {
  kind: 'search',
  fingerprint: 'f00d',
  state: { step: 12, rng: [1, 2, 3, 4], note: 'héllo' },
  arrays: [
    { name: 'a', shape: [2, 2], values: new Float32Array([1, 2, 3, 4]) },
    { name: 'b', shape: [3], values: new Float32Array([-1, 0.5, 1e-7]) },
  ],
};

describe('checkpoint format', () => {
  it('round-trips state and arrays exactly', () => {
    const back = decodeCheckpoint(encodeCheckpoint(contents), { kind: 'search', fingerprint: 'f00d' });
    expect(E.isRight(back)).toBe(true);
    if (E.isLeft(back)) return;
    expect(back.right.state).toEqual(contents.state);
    expect(back.right.arrays.map((a) => [a.name, a.shape, Array.from(a.values)])).toEqual(
      contents.arrays.map((a) => [a.name, a.shape, Array.from(a.values)]),
    );
  });

  it('decodes from an unaligned byte offset', () => {
    const bytes = encodeCheckpoint(contents);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(E.isRight(decodeCheckpoint(shifted.subarray(1), { kind: 'search' }))).toBe(true);
  });

  it.each([
    ['a truncated file', (b: Uint8Array) => b.subarray(0, b.length - 9), /checksum|corrupt/],
    ['a flipped bit', (b: Uint8Array) => { const c = b.slice(); c[40] = c[40]! ^ 1; return c; }, /corrupt/],
    ['another file', () => new TextEncoder().encode('{"not":"a checkpoint"}........'), /not a gold-nas checkpoint/],
    ['a tiny file', () => new Uint8Array(5), /too short/],
  ])('rejects %s with a clear message', (_name, mutate, message) => {
    const r = decodeCheckpoint(mutate(encodeCheckpoint(contents)), { kind: 'search' });
    expect(E.isLeft(r) && r.left._tag === 'CheckpointError' && message.test(r.left.message)).toBe(true);
  });

  it.each([
    [{ kind: 'retrain' }, /'search' checkpoint, not a 'retrain'/],
    [{ kind: 'search', fingerprint: 'beef' }, /different configuration/],
  ])('rejects a mismatched checkpoint (%o)', (expect_, message) => {
    const r = decodeCheckpoint(encodeCheckpoint(contents), expect_);
    expect(E.isLeft(r) && message.test(r.left.message)).toBe(true);
  });

  it('computes FNV-1a like the reference', () => {
    expect(fnv1a32(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(fnv1a32(new Uint8Array())).toBe(0x811c9dc5);
  });
});
