import { describe, expect, it } from 'vitest';
import { mnistFromDigits } from '../../src/index.js';
import { left, right } from './helpers.js';

describe('mnistFromDigits', () => {
  const image = (v: number): number[] => new Array(784).fill(v);
  it('concatenates the digits in order with their labels', () => {
    const digits = Array.from({ length: 10 }, (_, d) => (d === 3 ? [...image(0.3), ...image(0.6)] : d === 5 ? [] : image(d / 10)));
    const ds = right(mnistFromDigits(digits));
    expect(ds.size).toBe(10);
    expect(Array.from(ds.y)).toEqual([0, 1, 2, 3, 3, 4, 6, 7, 8, 9]);
    expect(ds.x[4 * 784]).toBeCloseTo(0.6, 6);
  });
  it.each([
    ['nine arrays', Array.from({ length: 9 }, () => image(0)), 'digits', /expected 10 arrays/],
    ['a partial image', Array.from({ length: 10 }, (_, d) => (d === 2 ? image(0).slice(1) : image(0))), 'digits[2]', /784·n/],
    ['a value above 1', Array.from({ length: 10 }, (_, d) => (d === 8 ? image(2) : image(0))), 'digits[8]', /not a number in \[0, 1\]/],
  ])('rejects %s', (_, digits, path, message) => {
    const e = left(mnistFromDigits(digits));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});
