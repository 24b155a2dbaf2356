import { describe, expect, it } from 'vitest';
import type { OperatorTable } from '../../src/index.js';
import {
  DARTS_V2, OPERATORS, architectureToTriples, cifarLayout, formatGenotype, formatTriples, genotypeToArchitecture, parseArchitectureText,
} from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

const layout = cifarLayout({ cells: 8 });
const v2 = expectRight(genotypeToArchitecture(DARTS_V2, layout));

describe('parseArchitectureText', () => {
  it.each([
    ['Architecture JSON', JSON.stringify(v2)],
    ['pretty Architecture JSON', JSON.stringify(v2, null, 2)],
    ['DARTS genotype text', formatGenotype(DARTS_V2)],
    ['DARTS genotype text with an assignment and range()', `DARTS_V2 = ${formatGenotype(DARTS_V2).replace(/concat=\[2, 3, 4, 5\]/g, 'concat=range(2, 6)')}\n`],
    ['DARTS genotype JSON', formatGenotype(DARTS_V2, 'json')],
    ['triples text', formatTriples(architectureToTriples(v2))],
    ['triples JSON', formatTriples(architectureToTriples(v2), 'json')],
  ])('reads %s', (_, text) => {
    expect(expectRight(parseArchitectureText(text, layout))).toEqual(v2);
  });

  it('uses the given operator table', () => {
    const table: OperatorTable = { ...OPERATORS, my_op: { ...OPERATORS.skip_connect!, name: 'my_op' } };
    const text = formatGenotype({ ...DARTS_V2, normal: [['my_op', 0], ...DARTS_V2.normal.slice(1)] });
    expect(expectLeft(parseArchitectureText(text, layout)).message).toMatch(/unknown operator 'my_op'/);
    expect(expectRight(parseArchitectureText(text, layout, table)).cells[0]!.edges[0]).toEqual({ op: 'my_op', from: 0, to: 2 });
  });

  it.each([
    ['a syntax error', '{"nodes": 4,, "cells": []}', 'DecodeError', '1:13', /expected a quoted key/],
    ['an architecture for another layout', JSON.stringify({ ...v2, cells: v2.cells.slice(1) }), 'ArchitectureError', 'cells', /7 cells but the layout has 8/],
    ['a bad architecture field', JSON.stringify({ nodes: 4, cells: [{ reduction: 'no', edges: [] }] }), 'DecodeError', 'cells.0.reduction', /expected boolean/],
    ['a genotype with a concat subset', formatGenotype({ ...DARTS_V2, reduce_concat: [3, 4, 5] }), 'ArchitectureError', 'reduce_concat', /not supported/],
    ['a partial genotype', '{"normal": []}', 'DecodeError', 'normal_concat', /missing/],
    ['an object of another kind', '{"layout": {}}', 'DecodeError', '', /found an object with fields layout; expected one of/],
    ['a number', '42', 'DecodeError', '', /found 42; expected one of/],
    ['a bad triple', "[[('skip_connect', 0)]]", 'DecodeError', '0.0', /3 elements/],
  ])('reports %s', (_, text, tag, path, message) => {
    const e = expectLeft(parseArchitectureText(text, layout));
    expect(e._tag).toBe(tag);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

describe('parseArchitectureText on a search candidate file', () => {
  it('reads the architecture a run wrote to architectures/<hash>.json', async () => {
    const { parseArchitectureText } = await import('../../src/space/parseArchitectureText.js');
    const { cifarLayout } = await import('../../src/space/layout.js');
    const { readFileSync } = await import('node:fs');
    const pareto = JSON.parse(readFileSync('test/fixtures/quickstart-run/pareto.json', 'utf8')) as { front: { id: string; architecture: unknown }[] };
    const c = pareto.front[0]!;
    const layout = cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 });
    const r = parseArchitectureText(JSON.stringify({ id: c.id, step: 1, architecture: c.architecture }), layout);
    expect(r._tag).toBe('Right');
  });
});
