/**
 * A Pareto tracker: the candidates a search recorded, de-duplicated by architecture hash, as a
 * plain value that every addition replaces (so it can be checkpointed as JSON when its payloads are).
 *
 * @module
 */
import type { Objective, ParetoPoint } from './objective.js';
import { nonDominated } from './paretoFront.js';

/**
 * The candidates recorded so far (one per id, in order of first sighting) and the objectives they are compared on.
 *
 * @since 0.1.0
 */
export interface ParetoTracker<K extends string = string, P = unknown> {
  readonly objectives: readonly Objective<K>[];
  readonly candidates: readonly ParetoPoint<K, P>[];
}

/**
 * An empty tracker.
 *
 * @param objectives - the objectives and their directions.
 * @returns a tracker with no candidates.
 *
 * @example
 * ```ts
 * import { paretoTracker, SEARCH_OBJECTIVES } from 'gold-nas';
 * const tracker = paretoTracker(SEARCH_OBJECTIVES);
 * tracker.candidates.length; // 0
 * ```
 * @since 0.1.0
 */
export function paretoTracker<K extends string, P = unknown>(objectives: readonly Objective<K>[]): ParetoTracker<K, P> {
  return { objectives, candidates: [] };
}

/**
 * Adds a candidate and returns a new tracker (the input is not changed). When a candidate with
 * the same id is already there, the one with the higher `fidelity` is kept (absent counts as 0);
 * on equal fidelity the new one wins, since a later evaluation of the same architecture comes from
 * a longer-trained super-network. The kept point takes the position of the first sighting.
 *
 * @param tracker - the tracker.
 * @param point - the candidate.
 * @returns the new tracker.
 *
 * @example
 * ```ts
 * import { paretoTracker, addCandidate, SEARCH_OBJECTIVES } from 'gold-nas';
 * let t = paretoTracker(SEARCH_OBJECTIVES);
 * t = addCandidate(t, { id: 'arch-1', values: { flops: 3e8, params: 2e6, accuracy: 0.90 } });
 * t = addCandidate(t, { id: 'arch-1', values: { flops: 3e8, params: 2e6, accuracy: 0.92 } });
 * t.candidates.length; // 1, with accuracy 0.92
 * ```
 * @since 0.1.0
 */
export function addCandidate<K extends string, P>(tracker: ParetoTracker<K, P>, point: ParetoPoint<K, P>): ParetoTracker<K, P> {
  const at = tracker.candidates.findIndex((c) => c.id === point.id);
  if (at < 0) return { objectives: tracker.objectives, candidates: [...tracker.candidates, point] };
  const old = tracker.candidates[at]!;
  if ((point.fidelity ?? 0) < (old.fidelity ?? 0)) return tracker;
  const candidates = tracker.candidates.slice();
  candidates[at] = point;
  return { objectives: tracker.objectives, candidates };
}

/**
 * The tracker's current Pareto front (see `paretoFront`), in order of first sighting. A candidate
 * without a number for every objective is left out.
 *
 * @param tracker - the tracker.
 * @returns the non-dominated candidates.
 *
 * @example
 * ```ts
 * import { paretoTracker, addCandidate, trackerFront, SEARCH_OBJECTIVES } from 'gold-nas';
 * const t = addCandidate(paretoTracker(SEARCH_OBJECTIVES), { id: 'a', values: { flops: 1, params: 1, accuracy: 0.5 } });
 * trackerFront(t).length; // 1
 * ```
 * @since 0.1.0
 */
export function trackerFront<K extends string, P>(tracker: ParetoTracker<K, P>): ParetoPoint<K, P>[] {
  return nonDominated(tracker.candidates, tracker.objectives);
}
