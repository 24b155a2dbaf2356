import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/index.js';
import { expectRight } from './expectEither.js';
import { architectureHash, canonicalArchitecture, genotypeToArchitecture, DARTS_V1, DARTS_V2, cifarLayout } from '../../src/index.js';
import { fnv1a64 } from '../../src/space/architectureHash.js';

/** Reference FNV-1a 64 with BigInt, to check the two-halves arithmetic. */
function fnvReference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

const tiny: Architecture = {
  nodes: 2,
  cells: [
    {
      reduction: false,
      edges: [
        { op: 'skip_connect', from: 0, to: 2 },
        { op: 'sep_conv_3x3', from: 0, to: 2 },
        { op: 'sep_conv_3x3', from: 2, to: 3 },
        { op: 'skip_connect', from: 1, to: 3 },
      ],
    },
  ],
};


describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published FNV-1a 64 test vector for %j', (text, hex) => {
    expect(fnv1a64(text)).toBe(hex);
  });
  it.each(['sep_conv_3x3', 'ünïcødé ✓', 'x'.repeat(1000), JSON.stringify(DARTS_V2)])('agrees with a BigInt reference for %#', (text) => {
    expect(fnv1a64(text)).toBe(fnvReference(text));
  });
});

describe('canonicalArchitecture', () => {
  it('sorts edges by to, then from, then op name and drops extra fields', () => {
    const withExtra = { ...tiny, note: 'x', cells: tiny.cells.map((c) => ({ ...c, extra: 1 })) } as unknown as Architecture;
    expect(canonicalArchitecture(withExtra)).toEqual({
      nodes: 2,
      cells: [
        {
          reduction: false,
          edges: [
            { op: 'sep_conv_3x3', from: 0, to: 2 },
            { op: 'skip_connect', from: 0, to: 2 },
            { op: 'skip_connect', from: 1, to: 3 },
            { op: 'sep_conv_3x3', from: 2, to: 3 },
          ],
        },
      ],
    });
  });
  it('does not modify its input', () => {
    const before = JSON.stringify(tiny);
    canonicalArchitecture(tiny);
    expect(JSON.stringify(tiny)).toBe(before);
  });
});

describe('architectureHash', () => {
  it('is 16 lowercase hex digits', () => {
    expect(architectureHash(tiny)).toMatch(/^[0-9a-f]{16}$/);
  });
  it('is stable under edge reordering', () => {
    const reversed: Architecture = { ...tiny, cells: tiny.cells.map((c) => ({ ...c, edges: [...c.edges].reverse() })) };
    expect(architectureHash(reversed)).toBe(architectureHash(tiny));
  });
  it('is a fixed value for a fixed architecture (stable across runs and platforms)', () => {
    expect(architectureHash(tiny)).toBe(fnvReference(JSON.stringify(canonicalArchitecture(tiny))));
    expect(architectureHash(tiny)).toBe(architectureHash(JSON.parse(JSON.stringify(tiny)) as Architecture));
  });
  it.each([
    ['an operator removed', { ...tiny, cells: [{ reduction: false, edges: tiny.cells[0]!.edges.slice(1) }] }],
    ['an operator renamed', { ...tiny, cells: [{ reduction: false, edges: [{ op: 'max_pool_3x3', from: 0, to: 2 }, ...tiny.cells[0]!.edges.slice(1)] }] }],
    ['the cell type flipped', { ...tiny, cells: [{ ...tiny.cells[0]!, reduction: true }] }],
    ['a source changed', { ...tiny, cells: [{ reduction: false, edges: [{ op: 'skip_connect', from: 1, to: 2 }, ...tiny.cells[0]!.edges.slice(1)] }] }],
    ['the node count changed', { ...tiny, nodes: 3 }],
  ] as const)('changes when %s', (_, other) => {
    expect(architectureHash(other)).not.toBe(architectureHash(tiny));
  });
  it('tells DARTS_V1 and DARTS_V2 apart', () => {
    const layout = cifarLayout({ cells: 20 });
    const v1 = expectRight(genotypeToArchitecture(DARTS_V1, layout));
    const v2 = expectRight(genotypeToArchitecture(DARTS_V2, layout));
    expect(architectureHash(v1)).not.toBe(architectureHash(v2));
  });
});
