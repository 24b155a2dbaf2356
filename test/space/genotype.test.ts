import { describe, expect, it } from 'vitest';
import { DARTS_V1, DARTS_V2, GOLD_NAS_S1, PUBLISHED_GENOTYPES, formatGenotype, parseGenotype, GenotypeCodec, decodeWith } from '../../src/index.js';
import { expectLeft, expectRight } from './expectEither.js';

/** DARTS_V2 exactly as DARTS' genotypes.py prints it (Python 3 repr of range). */
const DARTS_V2_TEXT =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
const DARTS_V1_TEXT =
  "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])";

describe('published genotypes', () => {
  it('DARTS_V2 and DARTS_V1 equal the text of DARTS genotypes.py', () => {
    expect(expectRight(parseGenotype(DARTS_V2_TEXT))).toEqual(DARTS_V2);
    expect(expectRight(parseGenotype(DARTS_V1_TEXT))).toEqual(DARTS_V1);
  });
  it('lists them by name, with DARTS as an alias of DARTS_V2', () => {
    expect(PUBLISHED_GENOTYPES).toEqual({ DARTS_V1, DARTS_V2, DARTS: DARTS_V2, s1: GOLD_NAS_S1 });
  });
});

describe('formatGenotype', () => {
  it('writes DARTS_V2 exactly as Python prints it', () => {
    expect(formatGenotype(DARTS_V2)).toBe(DARTS_V2_TEXT);
    expect(formatGenotype(DARTS_V1)).toBe(DARTS_V1_TEXT);
  });
  it.each(['python', 'json'] as const)('round-trips through parseGenotype in %s style', (style) => {
    for (const g of [DARTS_V1, DARTS_V2]) expect(expectRight(parseGenotype(formatGenotype(g, style)))).toEqual(g);
  });
  it('writes JSON that JSON.parse reads', () => {
    expect(JSON.parse(formatGenotype(DARTS_V2, 'json'))).toEqual(DARTS_V2);
  });
  it('quotes operator names the way Python does', () => {
    const g = { normal: [["it's", 0] as const], normal_concat: [2], reduce: [['a\\b', 1] as const], reduce_concat: [2] };
    const text = formatGenotype(g);
    expect(text).toContain(`("it's", 0)`);
    expect(expectRight(parseGenotype(text))).toEqual(g);
  });
});

describe('parseGenotype', () => {
  const multiline = `
    # searched with DARTS, second order
    DARTS_V2 = Genotype(
        normal=[("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
                ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
                ("sep_conv_3x3", 1), ("skip_connect", 0),
                ("skip_connect", 0), ("dil_conv_3x3", 2),],
        normal_concat=range(2, 6),
        reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),
                ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],
        reduce_concat=list(range(2, 6)),
    )
  `;
  it.each([
    ['a multi-line assignment with double quotes, comments, trailing commas and range()', multiline],
    ['the form without the Genotype( wrapper', DARTS_V2_TEXT.slice('Genotype('.length, -1)],
    ['positional fields', `genotypes.Genotype(${DARTS_V2_TEXT.slice('Genotype('.length, -1).replace(/\w+_?\w*=/g, '')})`],
    ['the JSON form', JSON.stringify(DARTS_V2)],
    ['pretty JSON', JSON.stringify(DARTS_V2, null, 2)],
  ])('reads %s', (_, text) => {
    expect(expectRight(parseGenotype(text))).toEqual(DARTS_V2);
  });

  it.each([
    ['an empty text', '', '1:1', /empty/],
    ['an unclosed call', 'Genotype(normal=[("a", 0)], normal_concat=[2]', '1:46', /expected ',' or '\)'/],
    ['a missing comma', "Genotype(normal=[('a', 0)]\n  normal_concat=[2])", '2:3', /expected ',' or '\)'/],
    ['an unterminated string', "Genotype(normal=[('a, 0)])", '1:19', /unterminated string/],
    ['an unknown call', 'Genotype(normal=foo(1))', '1:17', /unknown call 'foo/],
    ['a bare name', 'Genotype(normal=PRIMITIVES)', '1:17', /'PRIMITIVES' is not a literal/],
    ['an unknown field', 'Genotype(nromal=[])', '1:10', /no field 'nromal'/],
    ['a field given twice', 'Genotype(normal=[], normal=[])', '1:21', /given twice/],
    ['several values', '[1], [2]', '1:6', /single value/],
    ['range with a float', 'Genotype(normal_concat=range(2.5, 6))', '1:30', /integers/],
  ])('reports %s with its line:column', (_, text, path, message) => {
    const e = expectLeft(parseGenotype(text));
    expect(e._tag).toBe('DecodeError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it.each([
    ['a missing field', "Genotype(normal=[('a', 0)], normal_concat=[2], reduce=[])", 'reduce_concat', /missing/],
    ['a negative input', "Genotype(normal=[('a', -1)], normal_concat=[2], reduce=[], reduce_concat=[2])", 'normal.0.1', /integer >= 0, got -1/],
    ['a pair with three elements', '{"normal": [["a", 0, 3]], "normal_concat": [2], "reduce": [], "reduce_concat": [2]}', 'normal.0', /2 elements/],
    ['an operator that is not a string', '{"normal": [[3, 0]], "normal_concat": [2], "reduce": [], "reduce_concat": [2]}', 'normal.0.0', /expected string, got 3/],
    ['an unknown JSON field', '{"normal": [], "normal_concat": [], "reduce": [], "reduce_concat": [], "extra": 1}', 'extra', /unknown field 'extra'/],
    ['a list instead of a genotype', '[1, 2]', '', /expected an object \(Genotype\)/],
  ])('reports %s with a field path', (_, text, path, message) => {
    const e = expectLeft(parseGenotype(text));
    expect(e._tag).toBe('DecodeError');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('keeps a __proto__ key as data', () => {
    const e = expectLeft(parseGenotype('{"__proto__": {"normal": []}}'));
    expect(e.path).toBe('__proto__');
    expect(({} as Record<string, unknown>).normal).toBeUndefined();
  });
});

describe('GenotypeCodec', () => {
  it('encodes to plain JSON that decodes back', () => {
    expect(expectRight(decodeWith(GenotypeCodec, JSON.parse(JSON.stringify(GenotypeCodec.encode(DARTS_V1)))))).toEqual(DARTS_V1);
  });
});
