import { describe, expect, it } from 'vitest';
import type { Architecture, SearchSpace } from '../../src/index.js';
import { DARTS_PRIMITIVES, DARTS_V2, GOLD_PRIMITIVES, OPERATORS, cifarLayout, decodeArchitecture, genotypeToArchitecture } from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

// 3 cells, 2 nodes: cell 0 normal, cells 1 and 2 reductions.
const layout = cifarLayout({ cells: 3, nodes: 2 });
const gold: SearchSpace = { mode: 'gold', layout, operators: GOLD_PRIMITIVES, table: OPERATORS };
const darts: SearchSpace = { mode: 'darts', layout, operators: DARTS_PRIMITIVES, table: OPERATORS };

const cellA = [
  { op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 1, to: 2 },
  { op: 'skip_connect', from: 0, to: 3 }, { op: 'sep_conv_3x3', from: 2, to: 3 },
];
const cellB = [
  { op: 'skip_connect', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 1, to: 2 },
  { op: 'sep_conv_3x3', from: 1, to: 3 }, { op: 'skip_connect', from: 2, to: 3 },
];
const ok: Architecture = {
  nodes: 2,
  cells: [
    { reduction: false, edges: cellA },
    { reduction: true, edges: cellB },
    { reduction: true, edges: [...cellB].reverse() },
  ],
};

/** `ok` with cell `i`'s edges replaced. */
function withEdges(i: number, edges: readonly unknown[]): unknown {
  return { ...ok, cells: ok.cells.map((c, k) => (k === i ? { ...c, edges } : c)) };
}

describe('decodeArchitecture', () => {
  it.each([
    ['gold', gold],
    ['darts', darts],
  ])('accepts a valid architecture in %s mode and keeps edge order', (_, space) => {
    expect(expectRight(decodeArchitecture(JSON.parse(JSON.stringify(ok)), space))).toEqual(ok);
  });

  it('accepts the free GOLD topologies: several operators on an edge, one or many inputs per node, distinct cells', () => {
    const free = withEdges(0, [
      { op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 0, to: 2 },
      { op: 'skip_connect', from: 0, to: 3 }, { op: 'skip_connect', from: 1, to: 3 }, { op: 'skip_connect', from: 2, to: 3 },
    ]);
    expectRight(decodeArchitecture(free, gold));
  });

  it('rejects unknown fields, naming the field', () => {
    const e = expectLeft(decodeArchitecture({ ...ok, genotype: 'x' }, gold));
    expect(e.path).toBe('genotype');
    expect(e.message).toMatch(/unknown field 'genotype'/);
  });

  it('accepts DARTS_V2 expanded to 20 cells in the DARTS space', () => {
    const l = cifarLayout({ cells: 20 });
    const arch = expectRight(genotypeToArchitecture(DARTS_V2, l));
    expectRight(decodeArchitecture(arch, { mode: 'darts', layout: l, operators: DARTS_PRIMITIVES, table: OPERATORS }));
  });

  it.each([
    // shape (DecodeError)
    ['not an object', 'arch', gold, 'DecodeError', '', /expected an object/],
    ['a missing nodes field', { cells: ok.cells }, gold, 'DecodeError', 'nodes', /missing/],
    ['an op that is not a string', withEdges(1, [{ op: 1, from: 0, to: 2 }]), gold, 'DecodeError', 'cells.1.edges.0.op', /expected string, got 1/],
    ['a fractional from', withEdges(2, [{ op: 'skip_connect', from: 0.5, to: 2 }]), gold, 'DecodeError', 'cells.2.edges.0.from', /integer >= 0, got 0\.5/],
    // space rules (ArchitectureError)
    ['a node count other than the layout', { ...ok, nodes: 3 }, gold, 'ArchitectureError', 'nodes', /3 nodes per cell but the layout has 2/],
    ['a cell count other than the layout', { ...ok, cells: ok.cells.slice(0, 2) }, gold, 'ArchitectureError', 'cells', /2 cells but the layout has 3/],
    ['a wrong reduction flag', { ...ok, cells: [{ ...ok.cells[0]!, reduction: true }, ...ok.cells.slice(1)] }, gold, 'ArchitectureError', 'cells.0.reduction', /normal cell in this layout \(reductions at 1, 2\); set reduction: false/],
    ['an unknown operator', withEdges(1, [{ op: 'conv_9x9', from: 0, to: 2 }, ...cellB.slice(1)]), gold, 'ArchitectureError', 'cells.1.edges.0.op', /unknown operator 'conv_9x9'; this space allows: skip_connect, sep_conv_3x3/],
    ['an operator outside the candidates', withEdges(0, [{ op: 'max_pool_3x3', from: 0, to: 2 }, ...cellA.slice(1)]), gold, 'ArchitectureError', 'cells.0.edges.0.op', /'max_pool_3x3' is not a candidate of this space; it allows: skip_connect, sep_conv_3x3/],
    ['an edge into a missing node', withEdges(0, [...cellA, { op: 'skip_connect', from: 0, to: 4 }]), gold, 'ArchitectureError', 'cells.0.edges.4.to', /node 4 does not exist: 'to' must be in 2\.\.3/],
    ['an edge into an input', withEdges(0, [...cellA, { op: 'skip_connect', from: 0, to: 1 }]), gold, 'ArchitectureError', 'cells.0.edges.4.to', /must be in 2\.\.3/],
    ['an edge pointing forward', withEdges(0, [...cellA, { op: 'skip_connect', from: 3, to: 2 }]), gold, 'ArchitectureError', 'cells.0.edges.4.from', /must read an earlier state, 0\.\.1; got 3/],
    ['a self loop', withEdges(0, [...cellA, { op: 'skip_connect', from: 3, to: 3 }]), gold, 'ArchitectureError', 'cells.0.edges.4.from', /earlier state, 0\.\.2; got 3/],
    ['a duplicated (op, from, to)', withEdges(2, [...cellB, { op: 'sep_conv_3x3', from: 1, to: 2 }]), gold, 'ArchitectureError', 'cells.2.edges.4', /repeats cells\.2\.edges\.1 \(sep_conv_3x3 1->2\)/],
    ['a node without live input (gold)', withEdges(0, cellA.slice(0, 2)), gold, 'ArchitectureError', 'cells.0.edges', /node 3 of cell 0 has no live input/],
    ['a cell without any edge (gold)', withEdges(0, []), gold, 'ArchitectureError', 'cells.0.edges', /node 2 of cell 0 has no live input/],
    ['a node with one input (darts)', withEdges(0, cellA.slice(1)), darts, 'ArchitectureError', 'cells.0.edges', /node 2 of cell 0 has 1 inputs; darts mode needs exactly 2/],
    ['a node with three inputs (darts)', withEdges(0, [...cellA, { op: 'skip_connect', from: 1, to: 3 }]), darts, 'ArchitectureError', 'cells.0.edges', /node 3 of cell 0 has 3 inputs/],
    ['two operators on one edge (darts)', withEdges(0, [{ op: 'skip_connect', from: 0, to: 2 }, ...cellA.slice(0, 1), ...cellA.slice(2)]), darts, 'ArchitectureError', 'cells.0.edges', /both inputs of node 2 in cell 0 read state 0/],
    ['reduction cells that differ (darts)', withEdges(2, cellA), darts, 'ArchitectureError', 'cells.2', /differs from cell 1; darts mode shares one reduction cell/],
  ] as const)('rejects %s', (_, value, space, tag, path, message) => {
    const e = expectLeft(decodeArchitecture(value, space));
    expect(e._tag).toBe(tag);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('rejects normal cells that differ in darts mode', () => {
    const l = cifarLayout({ cells: 5, nodes: 2 }); // reductions at 1 and 3
    const space: SearchSpace = { mode: 'darts', layout: l, operators: DARTS_PRIMITIVES, table: OPERATORS };
    const arch: Architecture = {
      nodes: 2,
      cells: [cellA, cellB, cellA, cellB, cellB].map((edges, i) => ({ reduction: i === 1 || i === 3, edges })),
    };
    const e = expectLeft(decodeArchitecture(arch, space));
    expect(e.path).toBe('cells.4');
    expect(e.message).toMatch(/differs from cell 0; darts mode shares one normal cell/);
  });

  it('never throws, whatever the input', () => {
    for (const value of [null, undefined, 0, [], {}, { nodes: 2, cells: null }, { nodes: 2, cells: [null] }, { nodes: 2, cells: [{ edges: [null] }] }]) {
      expect(decodeArchitecture(value, gold)._tag).toBe('Left');
    }
  });
});
