import { describe, expect, it } from 'vitest';
import type { Architecture, Genotype } from '../../src/index.js';
import {
  DARTS_V1, DARTS_V2, architectureToGenotype, cifarLayout, formatGenotype, genotypeToArchitecture, parseGenotype, reductionCells,
  checkArchitecture, OPERATORS, DARTS_PRIMITIVES,
} from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

const layout = cifarLayout({ channels: 36, cells: 20 });

describe('genotypeToArchitecture', () => {
  it('expands DARTS_V2 to every cell, node j taking entries 2j and 2j+1', () => {
    const arch = expectRight(genotypeToArchitecture(DARTS_V2, layout));
    expect(arch.nodes).toBe(4);
    expect(arch.cells).toHaveLength(20);
    expect(arch.cells.map((c) => c.reduction)).toEqual(Array.from({ length: 20 }, (_, i) => reductionCells(20).includes(i)));
    expect(arch.cells[0]!.edges).toEqual([
      { op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 1, to: 2 },
      { op: 'sep_conv_3x3', from: 0, to: 3 }, { op: 'sep_conv_3x3', from: 1, to: 3 },
      { op: 'sep_conv_3x3', from: 1, to: 4 }, { op: 'skip_connect', from: 0, to: 4 },
      { op: 'skip_connect', from: 0, to: 5 }, { op: 'dil_conv_3x3', from: 2, to: 5 },
    ]);
    expect(arch.cells[13]!.edges[2]).toEqual({ op: 'skip_connect', from: 2, to: 3 });
  });

  it('gives a valid architecture of the DARTS space', () => {
    for (const g of [DARTS_V1, DARTS_V2]) {
      const arch = expectRight(genotypeToArchitecture(g, layout));
      expectRight(checkArchitecture(arch, { mode: 'darts', layout, operators: DARTS_PRIMITIVES, table: OPERATORS }));
    }
  });

  const bad = (patch: Partial<Genotype>): Genotype => ({ ...DARTS_V2, ...patch });
  it.each([
    ['too few entries', bad({ normal: DARTS_V2.normal.slice(0, 6) }), 'normal', /has 6 entries; a layout with 4 nodes needs 8/],
    ['an unknown operator', bad({ reduce: [['conv_9x9', 0], ...DARTS_V2.reduce.slice(1)] }), 'reduce.0.0', /unknown operator 'conv_9x9'/],
    ['an input from a later node', bad({ normal: [...DARTS_V2.normal.slice(0, 3), ['skip_connect', 3], ...DARTS_V2.normal.slice(4)] }), 'normal.3.1', /feeds node 3 .* must read state 0\.\.2, got 3/],
    ['the same pair twice in a node', bad({ normal: [['skip_connect', 0], ['skip_connect', 0], ...DARTS_V2.normal.slice(2)] }), 'normal.1', /twice/],
    ['a NASNet-style concat subset', bad({ reduce_concat: [4, 5] }), 'reduce_concat', /only some nodes.*not supported/],
    ['a concat out of order', bad({ normal_concat: [5, 4, 3, 2] }), 'normal_concat', /must be \[2, 3, 4, 5\]/],
    ['a concat naming a missing node', bad({ normal_concat: [2, 3, 4, 5, 6] }), 'normal_concat', /must be \[2, 3, 4, 5\]/],
  ])('rejects %s, naming the genotype field', (_, genotype, path, message) => {
    const e = expectLeft(genotypeToArchitecture(genotype, layout));
    expect(e._tag).toBe('ArchitectureError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('rejects a genotype for another node count', () => {
    expect(expectLeft(genotypeToArchitecture(DARTS_V2, cifarLayout({ nodes: 3 }))).message).toMatch(/needs 6/);
  });

  it('accepts two operators from the same state (a valid gold architecture)', () => {
    const g = bad({ normal: [['skip_connect', 0], ['sep_conv_3x3', 0], ...DARTS_V2.normal.slice(2)] });
    expect(expectRight(genotypeToArchitecture(g, layout)).cells[0]!.edges.slice(0, 2)).toEqual([
      { op: 'skip_connect', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 0, to: 2 },
    ]);
  });
});

describe('architectureToGenotype', () => {
  it('round-trips DARTS_V2 text -> genotype -> architecture -> genotype -> text', () => {
    const text = formatGenotype(DARTS_V2);
    const g = expectRight(parseGenotype(text));
    const arch = expectRight(genotypeToArchitecture(g, layout));
    const back = expectRight(architectureToGenotype(arch, layout));
    expect(formatGenotype(back)).toBe(text);
  });
  it('round-trips DARTS_V1, whose node inputs are not in source order', () => {
    const small = cifarLayout({ cells: 5 });
    expect(expectRight(architectureToGenotype(expectRight(genotypeToArchitecture(DARTS_V1, small)), small))).toEqual(DARTS_V1);
  });

  const arch = expectRight(genotypeToArchitecture(DARTS_V2, layout));
  const withCell = (i: number, edges: Architecture['cells'][number]['edges']): Architecture => ({
    ...arch,
    cells: arch.cells.map((c, k) => (k === i ? { ...c, edges } : c)),
  });
  const e0 = arch.cells[0]!.edges;
  it.each([
    ['a node with three inputs', withCell(0, [...e0, { op: 'skip_connect', from: 1, to: 5 }]), 'cells.0.edges', /node 5 of cell 0 has 3 inputs/],
    ['two operators on one edge', withCell(0, [{ op: 'skip_connect', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 0, to: 2 }, ...e0.slice(2)]), 'cells.0.edges', /both inputs of node 2/],
    ['normal cells that differ', withCell(3, [{ op: 'skip_connect', from: 0, to: 2 }, ...e0.slice(1)]), 'cells.3', /differs from cell 0/],
    ['reduction cells that differ', withCell(13, arch.cells[0]!.edges), 'cells.13', /differs from cell 6/],
    ['a wrong reduction flag', { ...arch, cells: arch.cells.map((c, k) => (k === 2 ? { ...c, reduction: true } : c)) }, 'cells.2.reduction', /normal cell/],
  ])('refuses %s and says why', (_, a, path, message) => {
    const e = expectLeft(architectureToGenotype(a, layout));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(/cannot be written as a DARTS genotype/);
    expect(e.message).toMatch(message);
  });

  it('refuses a layout without normal cells', () => {
    const two = cifarLayout({ cells: 2 });
    const a = expectRight(genotypeToArchitecture(DARTS_V2, two));
    expect(expectLeft(architectureToGenotype(a, two)).message).toMatch(/only reduction cells/);
  });

  it('keeps edge order within a node when cells are identical up to order', () => {
    const shuffled: Architecture = { ...arch, cells: arch.cells.map((c, k) => (k === 5 ? { ...c, edges: [...c.edges].reverse() } : c)) };
    expect(expectRight(architectureToGenotype(shuffled, layout))).toEqual(DARTS_V2);
  });
});
