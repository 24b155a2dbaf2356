import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '../../src/index.js';
import {
  DARTS_PRIMITIVES, DARTS_V2, GOLD_PRIMITIVES, OPERATORS, architectureFromMask, canonicalArchitecture, cifarLayout, fullLiveMask,
  genotypeToArchitecture, maskFromArchitecture, operatorSlots,
} from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

const gold: SearchSpace = { mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS };
const darts: SearchSpace = { mode: 'darts', layout: cifarLayout({ cells: 5 }), operators: DARTS_PRIMITIVES, table: OPERATORS };

describe('architectureFromMask', () => {
  it('reads the full super-network in gold mode: every operator on every edge', () => {
    const arch = expectRight(architectureFromMask(gold, fullLiveMask(operatorSlots(gold))));
    expect(arch.cells).toHaveLength(5);
    expect(arch.cells.map((c) => c.reduction)).toEqual([false, true, false, true, false]);
    expect(arch.cells.every((c) => c.edges.length === 28)).toBe(true);
    expect(arch.cells[0]!.edges.slice(0, 2)).toEqual([{ op: 'skip_connect', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 0, to: 2 }]);
  });

  it('refuses a full mask in darts mode, and reads it as gold', () => {
    const full = fullLiveMask(operatorSlots(darts));
    expect(expectLeft(architectureFromMask(darts, full)).message).toMatch(/darts mode needs exactly 2/);
    expectRight(architectureFromMask({ ...darts, mode: 'gold' }, full));
  });

  it.each([
    ['a mask of the wrong length', new Uint8Array(3), 'ConfigError', 'mask', /3 entries but the space has 140 operator slots/],
    ['a byte other than 0/1', (() => { const m = fullLiveMask(operatorSlots(gold)); m[7] = 2; return m; })(), 'ConfigError', 'mask.7', /0 or 1, got 2/],
    ['a node left without input', (() => {
      const m = fullLiveMask(operatorSlots(gold));
      for (const s of operatorSlots(gold)) if (s.cell === 2 && s.to === 4) m[s.index] = 0;
      return m;
    })(), 'ArchitectureError', 'cells.2.edges', /node 4 of cell 2 has no live input/],
  ])('rejects %s', (_, mask, tag, path, message) => {
    const e = expectLeft(architectureFromMask(gold, mask));
    expect(e._tag).toBe(tag);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

describe('maskFromArchitecture', () => {
  it('round-trips DARTS_V2 through a darts mask: one slot per genotype entry', () => {
    const arch = expectRight(genotypeToArchitecture(DARTS_V2, darts.layout));
    const mask = expectRight(maskFromArchitecture(darts, arch));
    expect(mask).toHaveLength(5 * 14 * 8);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(5 * 8);
    const slots = operatorSlots(darts);
    const first = slots.find((s) => s.cell === 0 && s.from === 2 && s.to === 5 && s.op === 'dil_conv_3x3')!;
    expect(mask[first.index]).toBe(1);
    expect(canonicalArchitecture(expectRight(architectureFromMask(darts, mask)))).toEqual(canonicalArchitecture(arch));
  });

  it('round-trips a pruned gold mask', () => {
    const slots = operatorSlots(gold);
    // keep sep_conv_3x3 on edges from state 0 or 1, and skip_connect on node-to-node edges
    const mask = Uint8Array.from(slots, (s) => Number(s.from < 2 ? s.op === 'sep_conv_3x3' : s.op === 'skip_connect'));
    const arch = expectRight(architectureFromMask(gold, mask));
    expect(expectRight(maskFromArchitecture(gold, arch))).toEqual(mask);
  });

  it('refuses an architecture outside the space', () => {
    const arch = expectRight(genotypeToArchitecture(DARTS_V2, gold.layout));
    const e = expectLeft(maskFromArchitecture(gold, arch));
    expect(e._tag).toBe('ArchitectureError');
    expect(e.message).toMatch(/is not a candidate of this space/);
  });
});
