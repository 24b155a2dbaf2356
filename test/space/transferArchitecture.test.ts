import { describe, expect, it } from 'vitest';
import { DARTS_V2, architectureToGenotype, cifarLayout, formatGenotype, genotypeToArchitecture, networkCost, transferArchitecture } from '../../src/index.js';
import type { Architecture } from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

describe('transferArchitecture', () => {
  it("moves a DARTS genotype found on 8 cells, C=16 to the evaluation network (20 cells, C=36) with DARTS_V2's published size", () => {
    const searched = expectRight(genotypeToArchitecture(DARTS_V2, cifarLayout({ channels: 16, cells: 8 })));
    const layout = cifarLayout({ channels: 36, cells: 20 });
    const moved = expectRight(transferArchitecture(searched, layout));
    expect(moved.cells).toHaveLength(20);
    expect(moved.cells.filter((c) => c.reduction).length).toBe(2);
    expect(formatGenotype(expectRight(architectureToGenotype(moved, layout)))).toBe(formatGenotype(DARTS_V2));
    expect(expectRight(networkCost(moved, layout)).params).toBe(3_349_342);
  });

  it('moves GOLD cells too when they are shared by type', () => {
    const normal = { reduction: false, edges: [{ op: 'skip_connect', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 1, to: 2 }] };
    const reduction = { reduction: true, edges: [{ op: 'sep_conv_3x3', from: 1, to: 2 }] };
    const arch: Architecture = { nodes: 1, cells: [normal, reduction, reduction] };
    const moved = expectRight(transferArchitecture(arch, cifarLayout({ cells: 6, nodes: 1 })));
    expect(moved.cells.map((c) => c.edges.length)).toEqual([3, 3, 1, 3, 1, 3]);
  });

  it('refuses cells that differ within a type, naming the cell, and another number of nodes', () => {
    const a = { reduction: false, edges: [{ op: 'skip_connect', from: 0, to: 2 }] };
    const b = { reduction: false, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }] };
    const r = { reduction: true, edges: [{ op: 'skip_connect', from: 0, to: 2 }] };
    const e = expectLeft(transferArchitecture({ nodes: 1, cells: [a, r, r, b] }, cifarLayout({ cells: 8, nodes: 1 })));
    expect(e).toMatchObject({ _tag: 'ArchitectureError', path: 'cells.3' });
    expect(e.message).toMatch(/shared by type/);
    expect(expectLeft(transferArchitecture({ nodes: 1, cells: [a, r, r] }, cifarLayout({ cells: 8, nodes: 4 }))).path).toBe('nodes');
  });
});
