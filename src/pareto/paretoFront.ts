/**
 * The non-dominated subset of a set of points.
 *
 * @module
 */
import { dominates } from './dominates.js';
import type { Objective, ParetoPoint } from './objective.js';

/**
 * The Pareto front: every point that no other point dominates, in input order. Points with equal
 * values (ties) do not dominate each other, so all of them stay; de-duplicate by id first (a
 * `ParetoTracker` does) if the same candidate may appear twice. Points with a NaN objective value
 * are left out. O(n²·objectives).
 *
 * @param points - the candidates.
 * @param objectives - the objectives and their directions.
 * @returns the non-dominated points, in their input order.
 *
 * @example
 * ```ts
 * import { paretoFront } from 'gold-nas';
 * const objectives = [{ name: 'flops', direction: 'min' }, { name: 'accuracy', direction: 'max' }] as const;
 * paretoFront([
 *   { id: 'big', values: { flops: 500, accuracy: 0.97 } },
 *   { id: 'bad', values: { flops: 400, accuracy: 0.90 } },
 *   { id: 'small', values: { flops: 300, accuracy: 0.95 } },
 * ], objectives).map((p) => p.id); // ['big', 'small']
 * ```
 * @since 0.1.0
 */
export function paretoFront<K extends string, P>(points: readonly ParetoPoint<K, P>[], objectives: readonly Objective<K>[]): ParetoPoint<K, P>[] {
  const comparable = points.filter((p) => objectives.every((o) => !Number.isNaN(p.values[o.name])));
  return comparable.filter((p) => !comparable.some((q) => q !== p && dominates(q, p, objectives)));
}
