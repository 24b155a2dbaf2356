import { describe, expect, it } from 'vitest';
import { estimateAgreement, kendallTau } from '../../src/index.js';

describe('kendallTau', () => {
  it.each([
    { name: 'the same order', xs: [1, 2, 3, 4], ys: [10, 20, 30, 40], tau: 1 },
    { name: 'the reverse order', xs: [1, 2, 3, 4], ys: [4, 3, 2, 1], tau: -1 },
    // Pairs (1,2) C, (1,3) C, (2,3) D: (2 − 1) / 3.
    { name: 'one swap among three', xs: [1, 2, 3], ys: [1, 3, 2], tau: 1 / 3 },
    // C: (1,2) (1,5) (2,5) (3,4) (3,5) (4,5) = 6; D: (1,3) (1,4) (2,3) (2,4) = 4; (6 − 4) / 10.
    { name: 'five points, six concordant and four discordant pairs', xs: [1, 2, 3, 4, 5], ys: [3, 4, 1, 2, 5], tau: 0.2 },
    // A tie in x: n0 = 3, n1 = 1, n2 = 0, C = 2, D = 0: 2 / √(2·3).
    { name: 'a tie in x (τ-b, not τ-a = 2/3)', xs: [1, 1, 2], ys: [1, 2, 3], tau: 2 / Math.sqrt(6) },
    // One tie in x (pair 2,3), one in y (pair 1,2); C = 4, D = 0, n0 = 6: 4 / √(5·5).
    { name: 'a tie in each', xs: [1, 2, 2, 3], ys: [1, 1, 2, 3], tau: 0.8 },
  ])('gives τ-b by hand for $name', ({ xs, ys, tau }) => {
    const r = kendallTau(xs, ys);
    expect(r.n).toBe(xs.length);
    expect(r.tau).toBeCloseTo(tau, 12);
  });

  it('is undefined (NaN) for fewer than two points or when one side is all tied', () => {
    expect(kendallTau([1], [2]).tau).toBeNaN();
    expect(kendallTau([0.9, 0.9, 0.9], [1, 2, 3]).tau).toBeNaN();
  });

  it('is symmetric in its two lists', () => {
    expect(kendallTau([3, 1, 2, 2], [1, 2, 2, 4]).tau).toBeCloseTo(kendallTau([1, 2, 2, 4], [3, 1, 2, 2]).tau, 12);
  });
});

describe('estimateAgreement', () => {
  it('correlates the candidates that have both an estimate and a re-trained accuracy, from three of them', () => {
    const pairs = [
      { estimate: 0.9, retrained: 0.95 }, { estimate: 0.8, retrained: 0.97 }, { estimate: 0.7, retrained: 0.93 },
      { estimate: 0.6, retrained: null }, { estimate: null, retrained: 0.9 },
    ];
    expect(estimateAgreement(pairs)).toEqual({ tau: expect.closeTo(1 / 3, 12), n: 3 });
    expect(estimateAgreement(pairs.slice(1))).toBeNull();
    expect(estimateAgreement([{ estimate: Number.NaN, retrained: 0.9 }, ...pairs.slice(1, 3)])).toBeNull();
  });
});
