/**
 * The prune step of GOLD-NAS's Algorithm 1 (METHOD.md §4, step 2): repeated sweeps of the
 * ξ_min rule and the ξ_max rule over node-normalised weights.
 *
 * @module
 */
import type { GoldPruningConfig } from './goldConfig.js';
import type { PruneEvent } from './scheduler.js';
import type { LiveMask } from '../space/liveSet.js';
import { liveInputsPerNode, nodeNormalisedWeights } from '../space/liveSet.js';
import type { OperatorSlot } from '../space/searchSpace.js';
import { dropKeepingOneInput } from './dropKeepingOneInput.js';

/**
 * The outcome of {@link goldPrune}.
 *
 * @since 0.1.0
 */
export interface GoldPruneResult {
  /** The new live set (a new array). */
  readonly live: LiveMask;
  /** One `prune` event per rule per sweep that removed something, in order. */
  readonly events: readonly Extract<PruneEvent, { type: 'prune' }>[];
  /** How many operators were removed in all. */
  readonly pruned: number;
  /** How many sweeps ran (the last one may have removed nothing). */
  readonly sweeps: number;
}

/**
 * GOLD's prune step: up to `n0` sweeps, each of which
 * 1. recomputes every live operator's node-normalised weight w over the current live set
 *    (`nodeNormalisedWeights`: the gate over the sum of gates of the live operators entering the same node);
 * 2. drops every live operator with w ≤ ξ_min;
 * 3. then drops the single weakest live operator of the whole network if its w ≤ ξ_max.
 *
 * Interpretation of the points METHOD.md leaves open:
 * - Both rules of one sweep use the weights computed at the start of that sweep; the ξ_max rule
 *   chooses among the operators the ξ_min rule left live. The next sweep recomputes the weights, whose
 *   denominators shrank with every removal; that is why the step repeats.
 * - "Keep at least one live operator entering each node": when every live input of a node falls under
 *   ξ_min in the same sweep, the strongest of them (highest w, then lowest slot index) stays. The ξ_max rule
 *   only considers operators whose node has another live input, so "the weakest" means the weakest
 *   removable one. Ties for the weakest go to the lowest slot index.
 * - A sweep that removes nothing ends the repetition early. This is not a choice of semantics: the gates
 *   do not change during the step, so every further sweep would see the same live set and the same
 *   weights, and remove nothing too.
 * - Operators with a non-finite gate (NaN) are never pruned by either rule.
 *
 * @param slots - the space's operator slots.
 * @param gates - one gate per slot (σ(α)); entries of pruned slots are ignored.
 * @param live - the current live set (not mutated).
 * @param config - ξ_min, ξ_max and n0.
 * @returns the new live set, the prune events, and counts.
 *
 * @example
 * ```ts
 * import { goldPrune, operatorSlots, fullLiveMask, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 1 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * // node 2: four operators with weights 0.005, 0.04, 0.455, 0.5
 * const gates = new Float32Array([0.005, 0.04, 0.455, 0.5]);
 * const out = goldPrune(slots, gates, fullLiveMask(slots), { xiMin: 0.01, xiMax: 0.05, n0: 4 });
 * Array.from(out.live); // [0, 0, 1, 1]: slot 0 by ξ_min, then slot 1 by ξ_max
 * ```
 * @since 0.1.0
 */
export function goldPrune(
  slots: readonly OperatorSlot[],
  gates: ArrayLike<number>,
  live: LiveMask,
  config: Pick<GoldPruningConfig, 'xiMin' | 'xiMax' | 'n0'>,
): GoldPruneResult {
  const next = Uint8Array.from(live);
  const events: Extract<PruneEvent, { type: 'prune' }>[] = [];
  let pruned = 0;
  let sweeps = 0;
  for (let sweep = 0; sweep < config.n0; sweep++) {
    sweeps++;
    const w = nodeNormalisedWeights(slots, gates, next);
    const weak: number[] = [];
    for (const s of slots) if (next[s.index] && w[s.index]! <= config.xiMin) weak.push(s.index);
    const droppedMin = dropKeepingOneInput(slots, next, weak, w);
    if (droppedMin.length > 0) events.push({ type: 'prune', slots: droppedMin, reason: 'xi-min', sweep });

    const counts = liveInputsPerNode(slots, next);
    let weakest = -1;
    for (const s of slots) {
      const i = s.index;
      if (!next[i] || counts[i]! < 2 || !(w[i]! <= config.xiMax)) continue;
      if (weakest < 0 || w[i]! < w[weakest]!) weakest = i;
    }
    if (weakest >= 0) {
      next[weakest] = 0;
      events.push({ type: 'prune', slots: [weakest], reason: 'xi-max', sweep });
    }
    const removed = droppedMin.length + (weakest >= 0 ? 1 : 0);
    pruned += removed;
    if (removed === 0) break;
  }
  return { live: next, events, pruned, sweeps };
}
