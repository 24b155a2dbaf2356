import { describe, expect, it } from 'vitest';
import type { ArchitectureTriples } from '../../src/index.js';
import {
  architectureToTriples, cifarLayout, formatTriples, genotypeToArchitecture, parseTriples, triplesToArchitecture, DARTS_V2,
} from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

const layout = cifarLayout({ cells: 3, nodes: 2 }); // cells 1 and 2 are reductions
const triples: ArchitectureTriples = [
  [['sep_conv_3x3', 0, 2], ['skip_connect', 0, 2], ['skip_connect', 2, 3]],
  [['max_pool_3x3', 1, 2], ['sep_conv_3x3', 0, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 2, 3]],
  [['skip_connect', 1, 2], ['dil_conv_3x3', 2, 3]],
];

describe('parseTriples / formatTriples', () => {
  it.each(['python', 'json'] as const)('round-trip in %s style', (style) => {
    const text = formatTriples(triples, style);
    expect(expectRight(parseTriples(text))).toEqual(triples);
  });
  it('formats Python text one cell per line', () => {
    expect(formatTriples([[['skip_connect', 0, 2]], [['sep_conv_3x3', 1, 2], ['skip_connect', 0, 2]]])).toBe(
      "[\n  [('skip_connect', 0, 2)],\n  [('sep_conv_3x3', 1, 2), ('skip_connect', 0, 2)]\n]",
    );
    expect(formatTriples([])).toBe('[]');
  });
  it('formats JSON that JSON.parse reads', () => {
    expect(JSON.parse(formatTriples(triples, 'json'))).toEqual(triples);
  });
  it('reads Python text with double quotes, comments and an assignment', () => {
    const text = `arch = [  # cell 0
      [("sep_conv_3x3", 0, 2), ("skip_connect", 0, 2), ("skip_connect", 2, 3),],
      [('max_pool_3x3', 1, 2), ('sep_conv_3x3', 0, 3), ('sep_conv_3x3', 1, 3), ('skip_connect', 2, 3)],
      [('skip_connect', 1, 2), ('dil_conv_3x3', 2, 3)]]`;
    expect(expectRight(parseTriples(text))).toEqual(triples);
  });
  it.each([
    ['a missing bracket', "[[('a', 0, 2)]", '1:15', /expected ',' or ']'/],
    ['a triple with two elements', "[[('a', 0)]]", '0.0', /3 elements/],
    ['a negative node', "[[('a', 0, -2)]]", '0.0.2', /integer >= 0, got -2/],
    ['a flat list', "[('a', 0, 2)]", '0.0', /expected \[op, input, node\] \(3 elements\), got "a"/],
  ])('reports %s', (_, text, path, message) => {
    const e = expectLeft(parseTriples(text));
    expect(e._tag).toBe('DecodeError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

describe('triplesToArchitecture / architectureToTriples', () => {
  it('round-trips', () => {
    const arch = expectRight(triplesToArchitecture(triples, layout));
    expect(arch.cells.map((c) => c.reduction)).toEqual([false, true, true]);
    expect(arch.cells[1]!.edges[0]).toEqual({ op: 'max_pool_3x3', from: 1, to: 2 });
    expect(architectureToTriples(arch)).toEqual(triples);
  });
  it('writes a DARTS genotype as triples of every cell', () => {
    const l = cifarLayout({ cells: 8 });
    const t = architectureToTriples(expectRight(genotypeToArchitecture(DARTS_V2, l)));
    expect(t).toHaveLength(8);
    expect(t[0]![7]).toEqual(['dil_conv_3x3', 2, 5]);
    expect(expectRight(triplesToArchitecture(t, l))).toEqual(expectRight(genotypeToArchitecture(DARTS_V2, l)));
  });
  it.each([
    ['a missing cell', triples.slice(0, 2), 'cells', /2 cells but the layout has 3/],
    ['an unknown operator', [[['conv_9x9', 0, 2], ['skip_connect', 2, 3]], triples[1]!, triples[2]!], 'cells.0.edges.0.op', /unknown operator 'conv_9x9'/],
    ['a node beyond the cell', [[['skip_connect', 0, 2], ['skip_connect', 0, 4]], triples[1]!, triples[2]!], 'cells.0.edges.1.to', /node 4 does not exist/],
    ['an edge reading its own node', [[['skip_connect', 0, 2], ['skip_connect', 3, 3]], triples[1]!, triples[2]!], 'cells.0.edges.1.from', /earlier state, 0\.\.2; got 3/],
    ['a node without input', [[['skip_connect', 0, 2]], triples[1]!, triples[2]!], 'cells.0.edges', /node 3 of cell 0 has no live input/],
    ['a repeated triple', [[['skip_connect', 0, 2], ['skip_connect', 2, 3], ['skip_connect', 0, 2]], triples[1]!, triples[2]!], 'cells.0.edges.2', /repeats cells\.0\.edges\.0/],
  ] as const)('rejects %s', (_, t, path, message) => {
    const e = expectLeft(triplesToArchitecture(t as ArchitectureTriples, layout));
    expect(e._tag).toBe('ArchitectureError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});
