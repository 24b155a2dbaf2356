import { describe, expect, it } from 'vitest';
import { dominates } from '../../src/index.js';
import type { Objective } from '../../src/index.js';
import { p2, two } from './fixtures.js';
import type { K2 } from './fixtures.js';

describe('dominates', () => {
  it.each([
    { name: 'better in both', a: p2('a', 1, 0.9), b: p2('b', 2, 0.8), ab: true, ba: false },
    { name: 'better in one, tied in the other', a: p2('a', 1, 0.9), b: p2('b', 2, 0.9), ab: true, ba: false },
    { name: 'a trade-off', a: p2('a', 1, 0.8), b: p2('b', 2, 0.9), ab: false, ba: false },
    { name: 'equal values (a tie)', a: p2('a', 1, 0.9), b: p2('b', 1, 0.9), ab: false, ba: false },
    { name: 'a NaN value', a: p2('a', 1, Number.NaN), b: p2('b', 2, 0.8), ab: false, ba: false },
  ])('$name', ({ a, b, ab, ba }) => {
    expect(dominates(a, b, two)).toBe(ab);
    expect(dominates(b, a, two)).toBe(ba);
  });
  it('follows each objective\'s direction', () => {
    const maxMax: readonly Objective<K2>[] = [{ name: 'flops', direction: 'max' }, { name: 'accuracy', direction: 'max' }];
    expect(dominates(p2('a', 2, 0.9), p2('b', 1, 0.8), maxMax)).toBe(true);
    expect(dominates(p2('a', 2, 0.9), p2('b', 1, 0.8), two)).toBe(false);
  });
});
