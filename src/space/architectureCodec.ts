/**
 * The io-ts codec of the `Architecture` value (its JSON form). It checks the shape only; the
 * space's rules (operators, edge ranges, constraint mode) are checked by `decodeArchitecture`.
 *
 * @module
 */
import * as t from 'io-ts';
import { closedType, integerCodec } from '../codecs.js';
import { describeValue } from '../decode.js';
import type { Architecture } from './architecture.js';

/** Whether a name is non-empty and free of control characters (C0 and DEL): a NUL or a newline breaks the report's diagrams and every text format. */
function isOperatorName(u: unknown): u is string {
  if (typeof u !== 'string' || u === '') return false;
  for (let i = 0; i < u.length; i++) {
    const code = u.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/** An operator name as files hold it: a non-empty string without control characters. */
const OperatorNameCodec = new t.Type<string, string, unknown>(
  'operator name',
  isOperatorName,
  (u, c) => (isOperatorName(u)
    ? t.success(u)
    : t.failure(u, c, typeof u === 'string'
      ? `expected an operator name (a non-empty string without control characters), got ${describeValue(u)}`
      : `expected string, got ${describeValue(u)}`)),
  t.identity,
);

const EdgeCodec = closedType('ArchEdge', {
  op: OperatorNameCodec,
  from: integerCodec({ min: 0 }),
  to: integerCodec({ min: 0 }),
});

const CellCodec = closedType('CellArchitecture', {
  reduction: t.boolean,
  edges: t.array(EdgeCodec, 'ArchEdge[]'),
});

const Inner = closedType('Architecture', {
  nodes: integerCodec({ min: 1 }),
  cells: t.array(CellCodec, 'CellArchitecture[]'),
});

/**
 * The codec of an {@link Architecture}'s JSON form: `{ nodes, cells: [{ reduction, edges: [{ op, from, to }] }] }`.
 * Unknown fields are rejected. Decode with `decodeArchitecture` to also check it against a space.
 *
 * @example
 * ```ts
 * import { ArchitectureCodec, decodeWith } from 'gold-nas';
 * decodeWith(ArchitectureCodec, { nodes: 1, cells: [{ reduction: false, edges: [{ op: 'skip_connect', from: 0, to: '2' }] }] });
 * // Left: cells.0.edges.0.to: must be an integer >= 0, got "2"
 * ```
 * @since 0.1.0
 */
export const ArchitectureCodec: t.Type<Architecture, Architecture, unknown> = new t.Type<Architecture, Architecture, unknown>(
  'Architecture',
  (u): u is Architecture => Inner.is(u),
  (u, c) => Inner.validate(u, c),
  (a) => Inner.encode({ nodes: a.nodes, cells: a.cells.map((cell) => ({ reduction: cell.reduction, edges: cell.edges.map((e) => ({ ...e })) })) }),
);
