/**
 * The `Architecture` value: which operators live on which edge of which cell. Plain JSON.
 *
 * @module
 */

/**
 * One live operator on one edge, in DARTS state numbering (inputs 0 and 1, nodes 2..nodes+1).
 *
 * @since 0.1.0
 */
export interface ArchEdge {
  /** The operator's name in the operator table. */
  readonly op: string;
  /** The state the edge reads: 0, 1, or an earlier node. */
  readonly from: number;
  /** The node it feeds: 2..(nodes+1). */
  readonly to: number;
}

/**
 * The live operators of one cell. A node's value is the sum of its live edges; the cell output concatenates all nodes.
 *
 * @since 0.1.0
 */
export interface CellArchitecture {
  /** Whether this is a reduction cell (must match the layout's reduction positions). */
  readonly reduction: boolean;
  /** Live operators; several may share a (from, to) pair in `gold` mode. */
  readonly edges: readonly ArchEdge[];
}

/**
 * A discrete architecture: one entry per cell of the layout, in order. In `darts` mode all normal
 * cells are equal and all reduction cells are equal.
 *
 * @example
 * ```ts
 * import type { Architecture } from 'gold-nas';
 * const tiny: Architecture = {
 *   nodes: 1,
 *   cells: [{ reduction: false, edges: [{ op: 'skip_connect', from: 0, to: 2 }, { op: 'sep_conv_3x3', from: 1, to: 2 }] }],
 * };
 * ```
 * @since 0.1.0
 */
export interface Architecture {
  /** Intermediate nodes per cell. */
  readonly nodes: number;
  /** One entry per cell. */
  readonly cells: readonly CellArchitecture[];
}
