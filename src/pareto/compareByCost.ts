/**
 * The one order in which fronts and candidate lists are shown: cheapest first.
 *
 * @module
 */

/**
 * Orders candidates by increasing FLOPs, then increasing parameters, then id (code-unit order, so
 * the result does not depend on the locale). Every place that numbers a front (`#1` = fewest
 * FLOPs) sorts with it, so a candidate gets the same number everywhere, ties included.
 *
 * @param a - a candidate: its FLOPs, parameters and id (the architecture's hash).
 * @param b - another candidate.
 * @returns negative, zero or positive, as for `Array.prototype.sort`.
 *
 * @example
 * ```ts
 * import { compareByCost } from 'gold-nas';
 * const front = [
 *   { id: 'b', flops: 2e8, params: 1e6 },
 *   { id: 'a', flops: 2e8, params: 1e6 },
 *   { id: 'c', flops: 1e8, params: 3e6 },
 * ];
 * [...front].sort(compareByCost).map((c) => c.id); // ['c', 'a', 'b']
 * ```
 * @since 0.1.0
 */
export function compareByCost(
  a: { readonly flops: number; readonly params: number; readonly id: string },
  b: { readonly flops: number; readonly params: number; readonly id: string },
): number {
  if (a.flops !== b.flops) return a.flops - b.flops;
  if (a.params !== b.params) return a.params - b.params;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
