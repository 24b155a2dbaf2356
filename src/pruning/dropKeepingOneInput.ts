/**
 * Internal: removes a set of slots from a live mask while keeping at least one live operator
 * entering every node (the GOLD relaxation's only structural rule).
 *
 * @module
 * @internal
 */
import type { LiveMask } from '../space/liveSet.js';
import { liveInputsPerNode, nodeKey } from '../space/liveSet.js';
import type { OperatorSlot } from '../space/searchSpace.js';

/**
 * Clears `candidates` in `live` (a working copy, mutated), except that when a node would lose
 * every live input, the candidate with the highest `strength` survives (ties: the lowest slot index).
 * Candidates that are already pruned are ignored.
 *
 * @param slots - the space's operator slots.
 * @param live - the working mask, mutated in place.
 * @param candidates - slot indices to remove.
 * @param strength - per-slot strength used to pick the survivor (the node-normalised weight, or the gate).
 * @returns the slot indices actually removed, ascending.
 * @internal
 */
export function dropKeepingOneInput(
  slots: readonly OperatorSlot[],
  live: LiveMask,
  candidates: readonly number[],
  strength: ArrayLike<number>,
): number[] {
  const counts = liveInputsPerNode(slots, live);
  const byNode = new Map<number, number[]>();
  for (const i of candidates) {
    if (!live[i]) continue;
    const key = nodeKey(slots[i]!);
    const group = byNode.get(key);
    if (group === undefined) byNode.set(key, [i]);
    else group.push(i);
  }
  const dropped: number[] = [];
  for (const group of byNode.values()) {
    let keep = -1;
    if (group.length >= counts[group[0]!]!) {
      // Every live input of this node is a candidate: the strongest one stays.
      for (const i of group) {
        if (keep < 0 || strength[i]! > strength[keep]! || (strength[i] === strength[keep] && i < keep)) keep = i;
      }
    }
    for (const i of group) if (i !== keep) dropped.push(i);
  }
  dropped.sort((a, b) => a - b);
  for (const i of dropped) live[i] = 0;
  return dropped;
}
