/**
 * The non-dominated subset of a set of points.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { checkPoints } from './checkPoints.js';
import { comparable, dominates } from './dominates.js';
import type { Objective, ParetoPoint } from './objective.js';

/**
 * The Pareto front: every point that no other point dominates, in input order. Points with equal
 * values (ties) do not dominate each other, so all of them stay; de-duplicate by id first (a
 * `ParetoTracker` does) if the same candidate may appear twice. Points with a NaN objective value
 * are left out. O(n²·objectives).
 *
 * @param points - the candidates; each needs a number (NaN for "cannot be compared") for every objective.
 * @param objectives - the objectives and their directions.
 * @returns the non-dominated points, in their input order, or a `ConfigError` naming the argument,
 *   objective or point value that is missing or malformed (a point missing an objective never dominates).
 *
 * @example
 * ```ts
 * import { paretoFront } from 'gold-nas';
 * const objectives = [{ name: 'flops', direction: 'min' }, { name: 'accuracy', direction: 'max' }] as const;
 * const front = paretoFront([
 *   { id: 'big', values: { flops: 500, accuracy: 0.97 } },
 *   { id: 'bad', values: { flops: 400, accuracy: 0.90 } },
 *   { id: 'small', values: { flops: 300, accuracy: 0.95 } },
 * ], objectives);
 * if (front._tag === 'Right') console.log(front.right.map((p) => p.id)); // ['big', 'small']
 * ```
 * @since 0.1.0
 */
export function paretoFront<K extends string, P>(points: readonly ParetoPoint<K, P>[], objectives: readonly Objective<K>[]): Either<GoldNasError, ParetoPoint<K, P>[]> {
  const checked = checkPoints('paretoFront', points, objectives);
  return E.isLeft(checked) ? checked : E.right(nonDominated(points, objectives));
}

/**
 * {@link paretoFront} of points already known to be well-formed (a tracker's); a point whose value
 * for an objective is not a number (or NaN) is left out.
 *
 * @internal
 */
export function nonDominated<K extends string, P>(points: readonly ParetoPoint<K, P>[], objectives: readonly Objective<K>[]): ParetoPoint<K, P>[] {
  const candidates = points.filter((p) => comparable(p, objectives));
  return candidates.filter((p) => !candidates.some((q) => q !== p && dominates(q, p, objectives)));
}
