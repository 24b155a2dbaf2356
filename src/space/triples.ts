/**
 * The per-cell triple form of an architecture, as GOLD-NAS code prints independent cells: one
 * list per cell of `(op, input, node)` triples in DARTS state numbering (inputs 0 and 1, nodes
 * 2..nodes+1), e.g. `[[('sep_conv_3x3', 0, 2), ('skip_connect', 1, 2), ...], ...]`.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { integerCodec, strictTuple } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import type { Architecture } from './architecture.js';
import { checkArchitecture } from './decodeArchitecture.js';
import type { MacroLayout } from './layout.js';
import { reductionCells } from './layout.js';
import type { OperatorTable } from './operators.js';
import { OPERATORS } from './operators.js';
import { parseLiteral, pythonString } from './pythonLiteral.js';
import { openSpace } from './searchSpace.js';

/**
 * One live operator: its name, the state it reads, and the node it feeds (DARTS state numbering).
 *
 * @since 0.1.0
 */
export type ArchTriple = readonly [op: string, input: number, node: number];

/**
 * One list of triples per cell, in cell order.
 *
 * @since 0.1.0
 */
export type ArchitectureTriples = readonly (readonly ArchTriple[])[];

const State = integerCodec({ min: 0 });
const Inner = t.array(t.array(strictTuple([t.string, State, State], '[op, input, node]'), '[op, input, node][]'), 'ArchitectureTriples');

/**
 * The codec of the triple form's JSON: `[[["sep_conv_3x3", 0, 2], ...], ...]`.
 *
 * @example
 * ```ts
 * import { TriplesCodec, decodeWith } from 'gold-nas';
 * decodeWith(TriplesCodec, [[['skip_connect', 0, 2]]]); // Right
 * ```
 * @since 0.1.0
 */
export const TriplesCodec: t.Type<ArchitectureTriples, ArchitectureTriples, unknown> = new t.Type<ArchitectureTriples, ArchitectureTriples, unknown>(
  'ArchitectureTriples',
  (u): u is ArchitectureTriples => Inner.is(u),
  (u, c) => Inner.validate(u, c),
  (a) => a.map((cell) => cell.map(([op, input, node]): ArchTriple => [op, input, node])),
);

/**
 * Parses the triple form from Python text (`[[('sep_conv_3x3', 0, 2), ...], ...]`, either
 * quote, any whitespace, `#` comments, an optional `NAME =`) or JSON (`[[["sep_conv_3x3", 0, 2], ...], ...]`).
 *
 * @param text - the text.
 * @returns the triples, or a `DecodeError` (syntax errors: path `line:column`; shape errors: a path like `3.5.2`, cell 3, triple 5, node).
 *
 * @example
 * ```ts
 * import { parseTriples } from 'gold-nas';
 * parseTriples("[[('skip_connect', 0, 2), ('sep_conv_3x3', 1, 2)]]"); // Right([[['skip_connect', 0, 2], ['sep_conv_3x3', 1, 2]]])
 * ```
 * @since 0.1.0
 */
export function parseTriples(text: string): E.Either<GoldNasError, ArchitectureTriples> {
  const args = checkArguments('parseTriples', { text: [text, 'string', 'the triples text'] });
  if (E.isLeft(args)) return args;
  const value = parseLiteral(text);
  return E.isLeft(value) ? value : decodeWith(TriplesCodec, value.right);
}

/**
 * Formats triples as Python text (`'python'`, the default) or JSON (`'json'`), one cell per line.
 * {@link parseTriples} reads both back.
 *
 * @param triples - the triples (see {@link architectureToTriples}).
 * @param style - `'python'` or `'json'`.
 * @returns the text.
 *
 * @example
 * ```ts
 * import { formatTriples } from 'gold-nas';
 * formatTriples([[['skip_connect', 0, 2]]]); // "[\n  [('skip_connect', 0, 2)]\n]"
 * ```
 * @since 0.1.0
 */
export function formatTriples(triples: ArchitectureTriples, style: 'python' | 'json' = 'python'): string {
  const triple =
    style === 'json'
      ? ([op, input, node]: ArchTriple): string => `[${JSON.stringify(op)}, ${input}, ${node}]`
      : ([op, input, node]: ArchTriple): string => `(${pythonString(op)}, ${input}, ${node})`;
  if (triples.length === 0) return '[]';
  return `[\n${triples.map((cell) => `  [${cell.map(triple).join(', ')}]`).join(',\n')}\n]`;
}

/**
 * The triple form of an architecture: per cell, its edges as `(op, from, to)`, in edge order.
 *
 * @param arch - the architecture.
 * @returns the triples.
 *
 * @example
 * ```ts
 * import { architectureToTriples } from 'gold-nas';
 * architectureToTriples({ nodes: 1, cells: [{ reduction: true, edges: [{ op: 'skip_connect', from: 1, to: 2 }] }] }); // [[['skip_connect', 1, 2]]]
 * ```
 * @since 0.1.0
 */
export function architectureToTriples(arch: Architecture): ArchitectureTriples {
  return arch.cells.map((cell) => cell.edges.map((e): ArchTriple => [e.op, e.from, e.to]));
}

/**
 * Builds an architecture from triples for a layout (reduction flags come from the layout) and
 * checks it with `gold` rules against every operator of the table: one list per cell, nodes in
 * range, edges reading earlier states, no repeated triple, at least one input per node.
 *
 * @param triples - one list of `(op, input, node)` per cell.
 * @param layout - the macro layout.
 * @param table - where operator names are looked up (default `OPERATORS`).
 * @returns the architecture, or an `ArchitectureError` with a path like `cells.3.edges.5.from` (cell 3, triple 5).
 *
 * @example
 * ```ts
 * import { triplesToArchitecture, cifarLayout } from 'gold-nas';
 * triplesToArchitecture([[['skip_connect', 0, 2]], [['skip_connect', 1, 2]], [['sep_conv_3x3', 0, 2]]], cifarLayout({ cells: 3, nodes: 1 }));
 * ```
 * @since 0.1.0
 */
export function triplesToArchitecture(
  triples: ArchitectureTriples,
  layout: MacroLayout,
  table: OperatorTable = OPERATORS,
): E.Either<GoldNasError, Architecture> {
  const reductions = reductionCells(layout.cells);
  const arch: Architecture = {
    nodes: layout.nodes,
    cells: triples.map((cell, i) => ({ reduction: reductions.includes(i), edges: cell.map(([op, from, to]) => ({ op, from, to })) })),
  };
  return checkArchitecture(arch, openSpace(layout, table));
}
