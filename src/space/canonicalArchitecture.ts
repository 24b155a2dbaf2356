/**
 * The canonical form of an `Architecture`: the same network, written one way only.
 *
 * @module
 */
import type { ArchEdge, Architecture } from './architecture.js';

/**
 * Orders two edges by target node, then source state, then operator name.
 *
 * @param a - an edge.
 * @param b - another edge.
 * @returns negative, zero or positive, as for `Array.prototype.sort`.
 * @internal
 */
export function compareEdges(a: ArchEdge, b: ArchEdge): number {
  if (a.to !== b.to) return a.to - b.to;
  if (a.from !== b.from) return a.from - b.from;
  return a.op < b.op ? -1 : a.op > b.op ? 1 : 0;
}

/**
 * The canonical form of an architecture: every cell's edges sorted by target node, then source
 * state, then operator name, and nothing but the fields of `Architecture` (extra properties
 * are dropped). Two architectures describe the same network exactly when their canonical
 * forms are deeply equal. The input is not modified.
 *
 * @param arch - an architecture.
 * @returns a new, canonical architecture.
 *
 * @example
 * ```ts
 * import { canonicalArchitecture } from 'gold-nas';
 * canonicalArchitecture({
 *   nodes: 1,
 *   cells: [{ reduction: false, edges: [{ op: 'sep_conv_3x3', from: 1, to: 2 }, { op: 'skip_connect', from: 0, to: 2 }] }],
 * }).cells[0]!.edges[0]; // { op: 'skip_connect', from: 0, to: 2 }
 * ```
 * @since 0.1.0
 */
export function canonicalArchitecture(arch: Architecture): Architecture {
  return {
    nodes: arch.nodes,
    cells: arch.cells.map((cell) => ({
      reduction: cell.reduction,
      edges: cell.edges.map(({ op, from, to }) => ({ op, from, to })).sort(compareEdges),
    })),
  };
}
