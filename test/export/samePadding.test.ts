import { describe, expect, it } from 'vitest';
import { createRng, windowOutputSize } from '../../src/index.js';
import { sameAxis } from '../../src/export/samePadding.js';

type Pool = (values: readonly number[]) => number;
const max: Pool = (v) => Math.max(...v);
const mean: Pool = (v) => v.reduce((a, b) => a + b, 0) / v.length;

/** PyTorch: symmetric padding whose values never count (max: −∞; average: count_include_pad=False). */
function torchPool(x: readonly number[], k: number, s: number, p: number, pool: Pool): number[] {
  return Array.from({ length: windowOutputSize(x.length, k, s, p) }, (_, o) => {
    const start = o * s - p;
    return pool(x.slice(Math.max(start, 0), Math.min(start + k, x.length)));
  });
}

/** Keras/TensorFlow `same`: out = ceil(n/s), padding split with the odd row at the end, padded values never count. */
function kerasSame(x: readonly number[], k: number, s: number, pool: Pool): number[] {
  const out = Math.ceil(x.length / s);
  const top = Math.floor(Math.max((out - 1) * s + k - x.length, 0) / 2);
  return Array.from({ length: out }, (_, o) => {
    const start = o * s - top;
    return pool(x.slice(Math.max(start, 0), Math.min(start + k, x.length)));
  });
}

describe('sameAxis', () => {
  const cases = [1, 2, 3].flatMap((s) => [3, 5, 7].flatMap((k) => [1, 2, 3].filter((p) => 2 * p < k + 1).flatMap((p) => Array.from({ length: 20 }, (_, i) => ({ n: i + 1, k, s, p })))))
    .filter((c) => windowOutputSize(c.n, c.k, c.s, c.p) >= 1);

  it('pools every axis of 1..20 like PyTorch (max and padding-excluding average) when it finds a form, and finds one for every DARTS pooling', () => {
    const rng = createRng(5);
    let found = 0;
    for (const { n, k, s, p } of cases) {
      const axis = sameAxis(n, k, s, p);
      if (k === 3 && p === 1 && s <= 2) expect(axis, `n=${n} s=${s}`).toBeDefined();
      if (axis === undefined) continue;
      found++;
      const x = Array.from({ length: n }, () => rng.normal());
      const extended = [...x, ...new Array<number>(axis.extend).fill(0)];
      for (const pool of [max, mean]) {
        const keras = kerasSame(extended, k, s, pool);
        expect(keras.slice(0, keras.length - axis.crop), `n=${n} k=${k} s=${s} p=${p}`).toEqual(torchPool(x, k, s, p, pool));
      }
    }
    expect(found).toBeGreaterThan(cases.length / 2);
  });

  it('gives up on a padding Keras cannot express', () => {
    expect(sameAxis(8, 3, 1, 2)).toBeUndefined();
  });
});
