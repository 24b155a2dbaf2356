import { describe, expect, it } from 'vitest';
import { countArchitectures, cifarLayout, OPERATORS, GOLD_PRIMITIVES, DARTS_PRIMITIVES } from '../../src/index.js';

describe('countArchitectures', () => {
  it('reproduces METHOD.md: one GOLD cell with K=2 has (2^4-1)(2^6-1)(2^8-1)(2^10-1) = 246,517,425 architectures', () => {
    const c = countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 1 });
    expect(c.exact).toBe(246_517_425n);
    expect(c.exact).toBe(15n * 63n * 255n * 1023n);
    expect(c.log10).toBeCloseTo(8.39, 2);
  });

  it.each([
    [14, 117.49],
    [20, 167.84],
  ])('reproduces METHOD.md: %i GOLD cells give 10^%f', (cells, log10) => {
    const c = countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells });
    expect(c.exact).toBe(246_517_425n ** BigInt(cells));
    expect(Number(c.log10.toFixed(2))).toBe(log10);
  });

  it('computes log10 from the exact count (digit count agrees)', () => {
    const c = countArchitectures({ mode: 'gold', nodes: 4, operators: 8, cells: 20 });
    const digits = c.exact.toString().length;
    expect(Math.floor(c.log10)).toBe(digits - 1);
    // Exact per cell (2^16-1)(2^24-1)(2^32-1)(2^40-1); 20 cells: compare against a sum of float logs.
    const perCell = [16, 24, 32, 40].reduce((s, b) => s + Math.log10(2 ** b - 1), 0);
    expect(c.log10).toBeCloseTo(20 * perCell, 9);
  });

  it('counts the DARTS space with 8 operators: 180·8^8 ≈ 10^9.48 per cell type, squared for normal × reduction', () => {
    const perType = 1n * 3n * 6n * 10n * 8n ** 8n;
    expect(perType).toBe(3_019_898_880n);
    const c = countArchitectures({ mode: 'darts', nodes: 4, operators: 8, cells: 8 });
    expect(c.exact).toBe(perType * perType);
    expect(c.log10).toBeCloseTo(2 * Math.log10(3_019_898_880), 10);
    // DARTS' own ~10^18 figure excludes 'none': 7 operators.
    expect(countArchitectures({ mode: 'darts', nodes: 4, operators: 7, cells: 8 }).log10).toBeCloseTo(18.03, 2);
  });

  it('ignores the cell count in darts mode except for which cell types exist', () => {
    const big = countArchitectures({ mode: 'darts', nodes: 4, operators: 8, cells: 20 });
    const small = countArchitectures({ mode: 'darts', nodes: 4, operators: 8, cells: 5 });
    expect(big.exact).toBe(small.exact);
    // 1 or 2 cells: only reduction cells (floor(L/3) and floor(2L/3) cover them all)
    expect(countArchitectures({ mode: 'darts', nodes: 4, operators: 8, cells: 2 }).exact).toBe(3_019_898_880n);
    expect(countArchitectures({ mode: 'darts', nodes: 4, operators: 8, cells: 0 }).exact).toBe(1n);
  });

  it('accepts a SearchSpace', () => {
    const gold = countArchitectures({ mode: 'gold', layout: cifarLayout({ cells: 14 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
    expect(gold.exact).toBe(246_517_425n ** 14n);
    const darts = countArchitectures({ mode: 'darts', layout: cifarLayout(), operators: DARTS_PRIMITIVES, table: OPERATORS });
    expect(darts.exact).toBe(3_019_898_880n ** 2n);
  });

  it.each([
    ['no operators', { mode: 'gold', nodes: 4, operators: 0, cells: 3 }, 0n],
    ['one node, one operator', { mode: 'gold', nodes: 1, operators: 1, cells: 1 }, 3n],
    ['one node, darts', { mode: 'darts', nodes: 1, operators: 3, cells: 3 }, 81n],
  ] as const)('edge case: %s', (_, options, exact) => {
    const c = countArchitectures(options);
    expect(c.exact).toBe(exact);
    expect(c.log10).toBe(exact === 0n ? -Infinity : Math.log10(Number(exact)));
  });

  it.each([
    ['negative nodes', { mode: 'gold', nodes: -1, operators: 2, cells: 1 }],
    ['fractional operators', { mode: 'gold', nodes: 4, operators: 1.5, cells: 1 }],
    ['NaN cells', { mode: 'darts', nodes: 4, operators: 2, cells: Number.NaN }],
  ] as const)('rejects %s with a RangeError', (_, options) => {
    expect(() => countArchitectures(options)).toThrow(RangeError);
  });
});
