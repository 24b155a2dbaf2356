/**
 * Pareto dominance between two points under objectives with directions.
 *
 * @module
 */
import type { Objective, ParetoPoint } from './objective.js';

/**
 * Whether `a` dominates `b`: `a` is no worse than `b` in every objective and strictly better in
 * at least one. Equal points do not dominate each other; a NaN value on either side, or a value
 * that is not a number (a point missing an objective), makes the pair incomparable (false).
 *
 * @param a - the first point.
 * @param b - the second point.
 * @param objectives - the objectives and their directions.
 * @returns true when `a` dominates `b`.
 *
 * @example
 * ```ts
 * import { dominates } from 'gold-nas';
 * const objectives = [{ name: 'flops', direction: 'min' }, { name: 'accuracy', direction: 'max' }] as const;
 * dominates({ id: 'a', values: { flops: 1, accuracy: 0.9 } }, { id: 'b', values: { flops: 2, accuracy: 0.9 } }, objectives); // true
 * dominates({ id: 'a', values: { flops: 1, accuracy: 0.8 } }, { id: 'b', values: { flops: 2, accuracy: 0.9 } }, objectives); // false
 * ```
 * @since 0.1.0
 */
export function dominates<K extends string, T extends Pick<ParetoPoint<K>, 'values'>>(a: T, b: T, objectives: readonly Objective<K>[]): boolean {
  if (!comparable(a, objectives) || !comparable(b, objectives)) return false;
  let strictly = false;
  for (const { name, direction } of objectives) {
    const x = a.values[name];
    const y = b.values[name];
    const better = direction === 'min' ? x < y : x > y;
    const worse = direction === 'min' ? x > y : x < y;
    if (worse) return false;
    if (better) strictly = true;
  }
  return strictly;
}

/**
 * Whether a point can be compared on the objectives: it has a number, not NaN, for each of them.
 *
 * @internal
 */
export function comparable<K extends string>(p: Pick<ParetoPoint<K>, 'values'> | null | undefined, objectives: readonly Objective<K>[]): boolean {
  const values: unknown = p?.values;
  if (typeof values !== 'object' || values === null || !Array.isArray(objectives)) return false;
  return objectives.every((o) => {
    const v = (values as Record<string, unknown>)[o.name];
    return typeof v === 'number' && !Number.isNaN(v);
  });
}
