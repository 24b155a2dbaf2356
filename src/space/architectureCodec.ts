/**
 * The io-ts codec of the `Architecture` value (its JSON form). It checks the shape only; the
 * space's rules (operators, edge ranges, constraint mode) are checked by `decodeArchitecture`.
 *
 * @module
 */
import * as t from 'io-ts';
import { closedType, integerCodec } from '../codecs.js';
import type { Architecture } from './architecture.js';

const EdgeCodec = closedType('ArchEdge', {
  op: t.string,
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
