/**
 * DARTS-PT's perturbation criterion inside GOLD-NAS's loop: a pruning round removes the operators
 * whose removal hurts the held-out accuracy least, instead of those with the smallest gates. The
 * scheduler still says when to prune and how many (and moves λ as it would); this criterion says which.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import type { Batch } from '../data/dataset.js';
import type { GoldNasError } from '../errors.js';
import type { LiveMask } from '../space/liveSet.js';
import { liveInputsPerNode, nodeKey, nodeNormalisedWeights } from '../space/liveSet.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import type { PerturbationDecision } from './perturbationDecision.js';
import { accuracyWithGates, perturbationAccuracies } from './perturbationSelection.js';

/**
 * What {@link pruneByPerturbation} is asked to do.
 *
 * @since 0.2.0
 */
export interface PerturbationPruningRequest {
  /** How many operators to remove (a GOLD-NAS round: as many as its ξ rules would). */
  readonly count: number;
  /**
   * How many operators to measure: the `pool` removable operators with the smallest node-normalised
   * weights (ties: the lower slot). 0 measures every removable operator (one held-out evaluation each).
   * At least `count` are always measured.
   */
  readonly pool: number;
}

/**
 * What {@link pruneByPerturbation} chose.
 *
 * @since 0.2.0
 */
export interface PerturbationPruning {
  /** The live set after the removals (a new array). */
  readonly live: LiveMask;
  /** The round's decision, for traces and reports (`kind: 'prune'`). */
  readonly decision: Extract<PerturbationDecision, { kind: 'prune' }>;
}

/**
 * Chooses `count` operators to prune from measured accuracies: the highest accuracy without the
 * operator first (its removal hurts least; ties: the smaller node-normalised weight, then the lower
 * slot), never a node's last live input. Pure; {@link pruneByPerturbation} measures and calls it.
 *
 * @param net - the slots and live set (only read).
 * @param accuracies - one accuracy per slot; NaN for operators not measured (never removed).
 * @param weights - node-normalised weights, one per slot (for ties).
 * @param count - how many to remove.
 * @returns the slots to remove, in the order they were taken.
 *
 * @example
 * ```ts
 * import { chooseByPerturbation, operatorSlots, fullLiveMask, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 1 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * const live = fullLiveMask(slots);
 * chooseByPerturbation({ slots, live }, [0.9, 0.5, 0.95, 0.2], [0.25, 0.25, 0.25, 0.25], 2); // [2, 0]
 * ```
 * @since 0.2.0
 */
export function chooseByPerturbation(
  net: Pick<SupernetState, 'slots' | 'live'>,
  accuracies: ArrayLike<number>,
  weights: ArrayLike<number>,
  count: number,
): number[] {
  const order = net.slots
    .filter((s) => net.live[s.index] && Number.isFinite(accuracies[s.index]!))
    .map((s) => s.index)
    .sort((a, b) => accuracies[b]! - accuracies[a]! || weights[a]! - weights[b]! || a - b);
  const counts = new Map<number, number>();
  const inputs = liveInputsPerNode(net.slots, net.live);
  for (const s of net.slots) if (net.live[s.index]) counts.set(nodeKey(s), inputs[s.index]!);
  const removed: number[] = [];
  for (const i of order) {
    if (removed.length >= count) break;
    const node = nodeKey(net.slots[i]!);
    if (counts.get(node)! < 2) continue;
    counts.set(node, counts.get(node)! - 1);
    removed.push(i);
  }
  return removed;
}

/**
 * One GOLD-NAS pruning round by DARTS-PT's criterion (Wang et al., ICLR 2021, applied to
 * operators): measures the held-out accuracy of the super-network with each candidate operator
 * removed alone (its gate 0, every other gate as α gives it), then removes the `count` whose removal
 * hurts least (see {@link chooseByPerturbation}), never a node's last input. The candidates are the
 * live operators of nodes with another live input, or the `pool` of them with the smallest
 * node-normalised weights. The super-network is not changed: the caller prunes it to `live`.
 *
 * Cost: `1 + min(pool, removable)` held-out evaluations (the first is the accuracy before the round).
 *
 * @param tf - the injected tfjs namespace.
 * @param net - the trained super-network (`gold` mode; its live set and α are only read).
 * @param heldOut - the held-out batches, the same at every call (as candidates are scored).
 * @param request - how many to remove and how many to measure.
 * @returns the new live set and the decision, or the error of a held-out batch.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { pruneByPerturbation } from 'gold-nas';
 * import type { Batch, SupernetState } from 'gold-nas';
 * declare const net: SupernetState;
 * declare const heldOut: readonly Batch[];
 * const round = await pruneByPerturbation(tf, net, () => heldOut, { count: 2, pool: 8 });
 * if (round._tag === 'Right') console.log(round.right.decision.removed);
 * ```
 * @since 0.2.0
 */
export async function pruneByPerturbation(
  tf: TF,
  net: SupernetState,
  heldOut: () => Iterable<Batch>,
  request: PerturbationPruningRequest,
): Promise<Either<GoldNasError, PerturbationPruning>> {
  const gates = (await net.snapshot()).gates;
  const weights = nodeNormalisedWeights(net.slots, gates, net.live);
  const inputs = liveInputsPerNode(net.slots, net.live);
  const removable = net.slots
    .filter((s) => net.live[s.index] && inputs[s.index]! >= 2)
    .map((s) => s.index)
    .sort((a, b) => weights[a]! - weights[b]! || a - b);
  const size = request.pool > 0 ? Math.max(request.pool, request.count) : removable.length;
  const measured = removable.slice(0, size);
  const base = await accuracyWithGates(tf, net, heldOut, Float32Array.from(gates));
  if (E.isLeft(base)) return base;
  const accuracies = await perturbationAccuracies(tf, net, heldOut, measured);
  if (E.isLeft(accuracies)) return accuracies;
  const removed = chooseByPerturbation(net, accuracies.right, weights, request.count);
  const live = Uint8Array.from(net.live);
  for (const i of removed) live[i] = 0;
  const record: Record<string, number> = {};
  for (const i of measured) if (Number.isFinite(accuracies.right[i]!)) record[String(i)] = accuracies.right[i]!;
  return E.right({ live, decision: { kind: 'prune', base: base.right, accuracies: record, removed, proposed: request.count } });
}
