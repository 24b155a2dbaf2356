/**
 * How well a search's shared-weight estimates rank its candidates: Kendall's τ-b between the
 * estimate and the accuracy after re-training, over the candidates that have both.
 *
 * @module
 */
import type { KendallTau } from './kendallTau.js';
import { kendallTau } from './kendallTau.js';

/**
 * One candidate's estimate and re-trained accuracy (either may be missing).
 *
 * @since 0.2.0
 */
export interface EstimatePair {
  /** The shared-weight held-out accuracy the search recorded. */
  readonly estimate: number | null | undefined;
  /** The test accuracy after re-training from scratch. */
  readonly retrained: number | null | undefined;
}

/**
 * The fewest candidates with both figures for which a τ is reported.
 *
 * @since 0.2.0
 */
export const MIN_TAU_CANDIDATES = 3;

/**
 * Kendall's τ-b between the shared-weight estimates and the re-trained accuracies of the candidates
 * that have both (finite numbers), when there are at least {@link MIN_TAU_CANDIDATES} of them.
 *
 * @param pairs - the candidates' figures.
 * @returns τ-b and the number of candidates it is over, or null with fewer than three.
 *
 * @example
 * ```ts
 * import { estimateAgreement } from 'gold-nas';
 * estimateAgreement([{ estimate: 0.9, retrained: 0.95 }, { estimate: 0.8, retrained: 0.97 }, { estimate: 0.7, retrained: 0.93 }]); // { tau: 1/3, n: 3 }
 * estimateAgreement([{ estimate: 0.9, retrained: null }]); // null
 * ```
 * @since 0.2.0
 */
export function estimateAgreement(pairs: readonly EstimatePair[]): KendallTau | null {
  const both = pairs.filter((p): p is { estimate: number; retrained: number } => Number.isFinite(p.estimate) && Number.isFinite(p.retrained));
  if (both.length < MIN_TAU_CANDIDATES) return null;
  return kendallTau(both.map((p) => p.estimate), both.map((p) => p.retrained));
}
