import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { hypervolume as hypervolumeE, SEARCH_OBJECTIVES } from '../../src/index.js';
import type { Objective } from '../../src/index.js';
import { p2, p3, two } from './fixtures.js';
import type { K2 } from './fixtures.js';

/** Exact hypervolume by a grid over every distinct coordinate (independent of the slicing code), minimisation. */
function gridHv(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const d = ref.length;
  const axes = ref.map((r, i) => [...new Set([...points.map((p) => p[i]!), r])].filter((x) => x <= r).sort((a, b) => a - b));
  let total = 0;
  const walk = (i: number, lo: number[], vol: number): void => {
    if (i === d) {
      if (points.some((p) => p.every((x, j) => x <= lo[j]!))) total += vol;
      return;
    }
    const axis = axes[i]!;
    for (let k = 0; k + 1 < axis.length; k++) walk(i + 1, [...lo, axis[k]!], vol * (axis[k + 1]! - axis[k]!));
  };
  walk(0, [], 1);
  return total;
}

/** The hypervolume of well-formed points (a Left fails the test). */
function hypervolume(...args: Parameters<typeof hypervolumeE>): number {
  const r = hypervolumeE(...args);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

describe('hypervolume', () => {
  it('2-D, hand computed: a staircase of three points', () => {
    // min flops, max accuracy; reference (10, 0). Strips: (10−2)(0.5) + (10−5)(0.8−0.5) + (10−8)(0.9−0.8) = 4 + 1.5 + 0.2.
    const front = [p2('a', 2, 0.5), p2('b', 5, 0.8), p2('c', 8, 0.9)];
    expect(hypervolume(front, two, { flops: 10, accuracy: 0 })).toBeCloseTo(5.7, 12);
  });
  it('2-D: dominated points, duplicates and ties add nothing', () => {
    const front = [p2('a', 2, 0.5), p2('b', 5, 0.8), p2('c', 8, 0.9)];
    const noisy = [...front, p2('a', 2, 0.5), p2('dom', 6, 0.7), p2('tie', 5, 0.8), p2('edge', 8, 0.8)];
    expect(hypervolume(noisy, two, { flops: 10, accuracy: 0 })).toBeCloseTo(5.7, 12);
  });
  it('2-D: points outside or on the reference box add nothing', () => {
    const ref = { flops: 10, accuracy: 0 };
    expect(hypervolume([p2('out', 12, 0.9), p2('on', 10, 0.9), p2('below', 5, -0.1), p2('nan', Number.NaN, 1)], two, ref)).toBe(0);
    expect(hypervolume([], two, ref)).toBe(0);
  });
  it('2-D: both directions the same way', () => {
    const minMin: readonly Objective<K2>[] = [{ name: 'flops', direction: 'min' }, { name: 'accuracy', direction: 'min' }];
    // Points (1,3), (2,1) under ref (4,4): 3·1 + 2·2 = 7.
    expect(hypervolume([p2('a', 1, 3), p2('b', 2, 1)], minMin, { flops: 4, accuracy: 4 })).toBeCloseTo(7, 12);
    const maxMax: readonly Objective<K2>[] = [{ name: 'flops', direction: 'max' }, { name: 'accuracy', direction: 'max' }];
    // Points (3,1), (2,3) over ref (0,0): 3·1 + 2·2 = 7.
    expect(hypervolume([p2('a', 3, 1), p2('b', 2, 3)], maxMax, { flops: 0, accuracy: 0 })).toBeCloseTo(7, 12);
  });
  it('3-D, hand computed on the search triple (inclusion–exclusion)', () => {
    const ref = { flops: 10, params: 10, accuracy: 0 };
    // Boxes: a 8·4·0.5 = 16; b 4·8·0.8 = 25.6; c 6·6·0.6 = 21.6.
    // Pairwise: a∩b 4·4·0.5 = 8; a∩c 6·4·0.5 = 12; b∩c 4·6·0.6 = 14.4; a∩b∩c 4·4·0.5 = 8.
    const a = p3('a', 2, 6, 0.5);
    const b = p3('b', 6, 2, 0.8);
    const c = p3('c', 4, 4, 0.6);
    expect(hypervolume([a], SEARCH_OBJECTIVES, ref)).toBeCloseTo(16, 12);
    expect(hypervolume([a, b], SEARCH_OBJECTIVES, ref)).toBeCloseTo(16 + 25.6 - 8, 12);
    expect(hypervolume([a, b, c], SEARCH_OBJECTIVES, ref)).toBeCloseTo(16 + 25.6 + 21.6 - 8 - 12 - 14.4 + 8, 12);
    // Duplicates, a dominated point and ties in the sliced axis change nothing.
    const noisy = [c, a, b, a, p3('dom', 7, 7, 0.3), p3('tie', 6, 2, 0.8), p3('same-acc', 9, 9, 0.8)];
    expect(hypervolume(noisy, SEARCH_OBJECTIVES, ref)).toBeCloseTo(36.8, 12);
  });
  it('3-D agrees with a brute-force grid on random point sets', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + (trial % 9);
      // Coarse values make ties frequent.
      const pts = Array.from({ length: n }, (_, i) => p3(`p${i}`, Math.round(rand() * 8), Math.round(rand() * 8), Math.round(rand() * 8) / 8));
      const ref = { flops: 8, params: 8, accuracy: 0 };
      const expected = gridHv(pts.map((p) => [p.values.flops, p.values.params, -p.values.accuracy]), [8, 8, 0]);
      expect(hypervolume(pts, SEARCH_OBJECTIVES, ref)).toBeCloseTo(expected, 10);
    }
  });
  it('4-D agrees with the brute-force grid too', () => {
    type K4 = 'a' | 'b' | 'c' | 'd';
    const four: readonly Objective<K4>[] = (['a', 'b', 'c', 'd'] as const).map((name) => ({ name, direction: 'min' as const }));
    const pts = [[1, 2, 3, 0], [2, 1, 0, 3], [0, 3, 2, 2], [3, 3, 1, 1]];
    const expected = gridHv(pts, [4, 4, 4, 4]);
    const hv = hypervolume(pts.map((v, i) => ({ id: `${i}`, values: { a: v[0]!, b: v[1]!, c: v[2]!, d: v[3]! } })), four, { a: 4, b: 4, c: 4, d: 4 });
    expect(hv).toBeCloseTo(expected, 10);
    expect(expected).toBeGreaterThan(0);
  });
});
