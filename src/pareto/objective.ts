/**
 * Objectives that state their direction, and the points a Pareto front is made of.
 *
 * @module
 */

/**
 * One objective: a name (a key of every point's `values`) and whether larger (`max`) or smaller
 * (`min`) is better.
 *
 * @example
 * ```ts
 * import type { Objective } from 'gold-nas';
 * const accuracy: Objective<'accuracy'> = { name: 'accuracy', direction: 'max' };
 * ```
 * @since 0.1.0
 */
export interface Objective<K extends string = string> {
  readonly name: K;
  readonly direction: 'min' | 'max';
}

/**
 * A candidate: an identity (the architecture's hash), its objective values, and anything else
 * the caller wants to keep with it.
 *
 * @example
 * ```ts
 * import type { ParetoPoint } from 'gold-nas';
 * const p: ParetoPoint<'flops' | 'accuracy', { round: number }> = {
 *   id: 'a1b2', values: { flops: 3.1e8, accuracy: 0.94 }, fidelity: 10000, payload: { round: 12 },
 * };
 * ```
 * @since 0.1.0
 */
export interface ParetoPoint<K extends string = string, P = unknown> {
  /** Identity, e.g. a hash of the architecture. Points with equal ids are the same candidate. */
  readonly id: string;
  /** One value per objective. A NaN value makes the point incomparable (it never enters a front). */
  readonly values: Readonly<Record<K, number>>;
  /**
   * How much evidence the values rest on (e.g. validation images seen, or training steps of the
   * supernet when evaluated). A tracker keeps, per id, the point with the higher fidelity. Absent means 0.
   */
  readonly fidelity?: number;
  /** Anything to carry along (the architecture, the round, the cost breakdown). */
  readonly payload?: P;
}

/**
 * The names of the search's default objectives.
 *
 * @since 0.1.0
 */
export type SearchObjectiveName = 'flops' | 'params' | 'accuracy';

/**
 * The search's default objective triple: FLOPs (min), parameters (min), accuracy (max).
 *
 * @example
 * ```ts
 * import { SEARCH_OBJECTIVES, paretoFront } from 'gold-nas';
 * paretoFront([{ id: 'a', values: { flops: 1, params: 1, accuracy: 0.9 } }], SEARCH_OBJECTIVES); // Right: the one point
 * ```
 * @since 0.1.0
 */
export const SEARCH_OBJECTIVES: readonly Objective<SearchObjectiveName>[] = [
  { name: 'flops', direction: 'min' },
  { name: 'params', direction: 'min' },
  { name: 'accuracy', direction: 'max' },
];
