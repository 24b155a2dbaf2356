/**
 * DARTS genotypes: the `Genotype` named tuple of DARTS' `genotypes.py`, as data, with its Python
 * text form (`Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], ...)`)
 * and its JSON form.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec, strictTuple } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { parseLiteral, pythonString } from './pythonLiteral.js';

/**
 * One entry of a genotype's cell list: an operator and the state it reads (0, 1 or an earlier node 2..).
 *
 * @since 0.1.0
 */
export type GenotypeEdge = readonly [op: string, input: number];

/**
 * A DARTS genotype. Node j (j = 0..n−1) of a cell takes the entries 2j and 2j+1 of its list;
 * `*_concat` lists the states (2..n+1) concatenated into the cell output. Field names follow
 * DARTS' Python namedtuple.
 *
 * @example
 * ```ts
 * import type { Genotype } from 'gold-nas';
 * const g: Genotype = {
 *   normal: [['sep_conv_3x3', 0], ['skip_connect', 1]],
 *   normal_concat: [2],
 *   reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1]],
 *   reduce_concat: [2],
 * };
 * ```
 * @since 0.1.0
 */
export interface Genotype {
  readonly normal: readonly GenotypeEdge[];
  readonly normal_concat: readonly number[];
  readonly reduce: readonly GenotypeEdge[];
  readonly reduce_concat: readonly number[];
}

/** The field names of DARTS' `Genotype` namedtuple, in positional order. */
export const GENOTYPE_FIELDS: readonly string[] = ['normal', 'normal_concat', 'reduce', 'reduce_concat'];

const State = integerCodec({ min: 0 });
const EdgeCodec = strictTuple([t.string, State], '[op, input]');
const Inner = closedType('Genotype', {
  normal: t.array(EdgeCodec, '[op, input][]'),
  normal_concat: t.array(State, 'number[]'),
  reduce: t.array(EdgeCodec, '[op, input][]'),
  reduce_concat: t.array(State, 'number[]'),
});

/**
 * The codec of a genotype's JSON form: `{"normal": [["sep_conv_3x3", 0], ...], "normal_concat": [2, 3, 4, 5], "reduce": [...], "reduce_concat": [...]}`.
 *
 * @example
 * ```ts
 * import { GenotypeCodec, decodeWith } from 'gold-nas';
 * decodeWith(GenotypeCodec, { normal: [['skip_connect', -1]], normal_concat: [2], reduce: [], reduce_concat: [] });
 * // Left: normal.0.1: must be an integer >= 0, got -1
 * ```
 * @since 0.1.0
 */
export const GenotypeCodec: t.Type<Genotype, Genotype, unknown> = new t.Type<Genotype, Genotype, unknown>(
  'Genotype',
  (u): u is Genotype => Inner.is(u),
  (u, c) => Inner.validate(u, c),
  (g) => ({
    normal: g.normal.map(([op, input]) => [op, input] as const),
    normal_concat: [...g.normal_concat],
    reduce: g.reduce.map(([op, input]) => [op, input] as const),
    reduce_concat: [...g.reduce_concat],
  }),
);

/**
 * Parses a genotype from its Python text (as DARTS prints it or writes it in `genotypes.py`) or
 * its JSON form. Accepted: single or double quotes, any whitespace and newlines, `#` comments,
 * `range(a, b)` for the concat lists, an optional `NAME =` assignment, an optional `Genotype(`
 * wrapper (a bare `normal=[...], ...` list works too), and positional fields.
 *
 * @param text - the genotype text.
 * @returns the genotype, or a `DecodeError`: syntax errors have the path `line:column`, shape errors a field path (`normal.3.1`).
 *
 * @example
 * ```ts
 * import { parseGenotype } from 'gold-nas';
 * const g = parseGenotype(`Genotype(
 *   normal=[("sep_conv_3x3", 0), ("skip_connect", 1)], normal_concat=range(2, 3),
 *   reduce=[("max_pool_3x3", 0), ("max_pool_3x3", 1)], reduce_concat=[2])`);
 * if (g._tag === 'Right') console.log(g.right.normal_concat); // [2]
 * ```
 * @since 0.1.0
 */
export function parseGenotype(text: string): E.Either<GoldNasError, Genotype> {
  const args = checkArguments('parseGenotype', { text: [text, 'string', 'the genotype text'] });
  if (E.isLeft(args)) return args;
  const value = parseLiteral(text, { namedTuples: { Genotype: GENOTYPE_FIELDS } });
  return E.isLeft(value) ? value : decodeWith(GenotypeCodec, value.right);
}

/**
 * Formats a genotype as DARTS' Python repr (`'python'`, the default):
 * `Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])`,
 * or as one line of JSON (`'json'`). {@link parseGenotype} reads both back.
 *
 * @param genotype - the genotype.
 * @param style - `'python'` or `'json'`.
 * @returns the text.
 *
 * @example
 * ```ts
 * import { formatGenotype, DARTS_V2 } from 'gold-nas';
 * formatGenotype(DARTS_V2).startsWith("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1),"); // true
 * ```
 * @since 0.1.0
 */
export function formatGenotype(genotype: Genotype, style: 'python' | 'json' = 'python'): string {
  if (style === 'json') {
    const edges = (l: readonly GenotypeEdge[]): string => `[${l.map(([op, i]) => `[${JSON.stringify(op)}, ${i}]`).join(', ')}]`;
    const ints = (l: readonly number[]): string => `[${l.join(', ')}]`;
    return `{"normal": ${edges(genotype.normal)}, "normal_concat": ${ints(genotype.normal_concat)}, "reduce": ${edges(genotype.reduce)}, "reduce_concat": ${ints(genotype.reduce_concat)}}`;
  }
  const edges = (l: readonly GenotypeEdge[]): string => `[${l.map(([op, i]) => `(${pythonString(op)}, ${i})`).join(', ')}]`;
  const ints = (l: readonly number[]): string => `[${l.join(', ')}]`;
  return `Genotype(normal=${edges(genotype.normal)}, normal_concat=${ints(genotype.normal_concat)}, reduce=${edges(genotype.reduce)}, reduce_concat=${ints(genotype.reduce_concat)})`;
}
