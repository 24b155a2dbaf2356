/**
 * Live masks over operator slots, and the node-normalised weights GOLD-NAS prunes by
 * (METHOD.md §3–§4): w_o = g_o / Σ g, the sum running over every live operator entering the
 * same node of the same cell.
 *
 * @module
 */
import type { OperatorSlot } from './searchSpace.js';

/**
 * One byte per operator slot: 1 if the operator is live, 0 if it was pruned.
 *
 * @since 0.1.0
 */
export type LiveMask = Uint8Array;

/**
 * A readout of the architecture's gates, one entry per operator slot.
 * `gates[i]` is σ(α) (gold) or the edge softmax (darts) for live slots and 0 for pruned ones;
 * `weights[i]` is the node-normalised weight of a live slot and 0 for pruned ones.
 *
 * @since 0.1.0
 */
export interface GateSnapshot {
  readonly gates: Float32Array;
  readonly weights: Float32Array;
}

/**
 * A mask with every slot live (the full super-network).
 *
 * @param slots - the space's operator slots.
 * @returns a mask of ones.
 *
 * @example
 * ```ts
 * import { fullLiveMask, operatorSlots, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * fullLiveMask(slots).length; // 140
 * ```
 * @since 0.1.0
 */
export function fullLiveMask(slots: readonly OperatorSlot[]): LiveMask {
  return new Uint8Array(slots.length).fill(1);
}

/**
 * A key naming the node a slot feeds: `cell * 65536 + to`. Slots with equal keys enter the same node.
 *
 * @param slot - an operator slot.
 * @returns the node key.
 *
 * @example
 * ```ts
 * import { nodeKey } from 'gold-nas';
 * nodeKey({ index: 0, cell: 2, edge: 0, from: 0, to: 3, strided: false, op: 'skip_connect', opIndex: 0, alpha: 0 }); // 131075
 * ```
 * @since 0.1.0
 */
export function nodeKey(slot: OperatorSlot): number {
  return slot.cell * 65536 + slot.to;
}

/**
 * Node-normalised weights: for each live slot, its gate divided by the sum of the gates of all
 * live slots entering the same node; 0 for pruned slots.
 *
 * @param slots - the space's operator slots.
 * @param gates - one gate per slot (σ(α) or softmax); entries of pruned slots are ignored.
 * @param live - the live mask.
 * @returns the weights, one per slot.
 *
 * @example
 * ```ts
 * import { nodeNormalisedWeights, operatorSlots, fullLiveMask, cifarLayout, OPERATORS } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 3, nodes: 1 }), operators: ['skip_connect'], table: OPERATORS });
 * nodeNormalisedWeights(slots, new Float32Array([0.5, 0.5, 0.2, 0.6, 1, 1]), fullLiveMask(slots)); // [0.5, 0.5, 0.25, 0.75, 0.5, 0.5]
 * ```
 * @since 0.1.0
 */
export function nodeNormalisedWeights(slots: readonly OperatorSlot[], gates: ArrayLike<number>, live: LiveMask): Float32Array {
  const sums = new Map<number, number>();
  for (const s of slots) if (live[s.index]) sums.set(nodeKey(s), (sums.get(nodeKey(s)) ?? 0) + gates[s.index]!);
  const w = new Float32Array(slots.length);
  for (const s of slots) {
    if (!live[s.index]) continue;
    const sum = sums.get(nodeKey(s))!;
    w[s.index] = sum > 0 ? gates[s.index]! / sum : 0;
  }
  return w;
}

/**
 * The number of live slots entering each slot's node, per slot (n in the log-shaped penalty,
 * and the guard that keeps every node's last input alive).
 *
 * @param slots - the space's operator slots.
 * @param live - the live mask.
 * @returns for each slot, the live count of its node (0 entries for pruned slots are still filled).
 *
 * @example
 * ```ts
 * import { liveInputsPerNode, operatorSlots, fullLiveMask, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 3 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * liveInputsPerNode(slots, fullLiveMask(slots))[0]; // 4: node 2 has edges from states 0 and 1, two operators each
 * ```
 * @since 0.1.0
 */
export function liveInputsPerNode(slots: readonly OperatorSlot[], live: LiveMask): Uint32Array {
  const counts = new Map<number, number>();
  for (const s of slots) if (live[s.index]) counts.set(nodeKey(s), (counts.get(nodeKey(s)) ?? 0) + 1);
  return Uint32Array.from(slots, (s) => counts.get(nodeKey(s)) ?? 0);
}
