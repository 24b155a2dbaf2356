/**
 * DARTS discretisation over a live mask: per node, the top-k incoming edges by their strongest
 * non-`none` operator, and that one operator on each kept edge.
 *
 * @module
 */
import type { LiveMask } from '../space/liveSet.js';
import { nodeKey } from '../space/liveSet.js';
import type { OperatorSlot } from '../space/searchSpace.js';

/**
 * Options of {@link dartsArgmaxMask}.
 *
 * @since 0.1.0
 */
export interface DartsArgmaxOptions {
  /** Incoming edges kept per node (2 in DARTS). */
  readonly k: number;
  /** The operator that never counts as an edge's choice (`none` in DARTS). */
  readonly noneOp: string;
}

/**
 * DARTS's genotype derivation as a live mask. For each node of each cell:
 * 1. each incoming edge's choice is its live non-`none` operator with the highest gate (ties: lowest slot index);
 * 2. the `k` edges with the strongest choices are kept (ties: lowest edge index), each with its choice only;
 * 3. every other operator entering the node is pruned.
 *
 * The result is darts-valid (one operator per edge, k inputs per node) when every node has at
 * least `k` edges with a live non-`none` operator, which holds from a full mask. Otherwise a node
 * keeps the edges it can; a node with no such edge keeps its strongest live operator, so that no
 * node is left without an input. In `darts` mode, cells of one type share their gates, so they
 * receive the same choices.
 *
 * @param slots - the space's operator slots.
 * @param gates - one value per slot: σ(α) in `gold` mode, the edge softmax in `darts` mode.
 * @param live - the current live set (not mutated).
 * @param options - k and the name of the `none` operator.
 * @returns the discretised live set (a new array).
 *
 * @example
 * ```ts
 * import { dartsArgmaxMask, operatorSlots, fullLiveMask, cifarLayout, OPERATORS } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 2 }), operators: ['none', 'skip_connect', 'sep_conv_3x3'], table: OPERATORS });
 * const gates = Float32Array.from(slots, (s) => (s.op === 'none' ? 0.9 : 0.1 * (s.opIndex + s.from)));
 * const mask = dartsArgmaxMask(slots, gates, fullLiveMask(slots), { k: 2, noneOp: 'none' });
 * mask.reduce((a, b) => a + b, 0); // 4: two edges per node, one operator each
 * ```
 * @since 0.1.0
 */
export function dartsArgmaxMask(slots: readonly OperatorSlot[], gates: ArrayLike<number>, live: LiveMask, options: DartsArgmaxOptions): LiveMask {
  // Per node: per edge, the best live non-none slot; and the strongest live slot of any kind as a fallback.
  const nodes = new Map<number, { edges: Map<number, number>; fallback: number }>();
  const better = (i: number, j: number): boolean => j < 0 || gates[i]! > gates[j]! || (gates[i] === gates[j] && i < j);
  for (const s of slots) {
    if (!live[s.index]) continue;
    const key = nodeKey(s);
    let node = nodes.get(key);
    if (node === undefined) {
      node = { edges: new Map(), fallback: -1 };
      nodes.set(key, node);
    }
    if (better(s.index, node.fallback)) node.fallback = s.index;
    if (s.op === options.noneOp) continue;
    const best = node.edges.get(s.edge) ?? -1;
    if (better(s.index, best)) node.edges.set(s.edge, s.index);
  }
  const next = new Uint8Array(slots.length);
  for (const node of nodes.values()) {
    const choices = [...node.edges.entries()].sort(([ea, a], [eb, b]) => (gates[b]! - gates[a]! || ea - eb));
    if (choices.length === 0) next[node.fallback] = 1;
    for (const [, i] of choices.slice(0, options.k)) next[i] = 1;
  }
  return next;
}
