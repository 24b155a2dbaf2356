/**
 * GOLD-NAS's variable constraint (METHOD.md §4, step 3): how λ and Δλ move after a pruning round.
 *
 * @module
 */
import type { GoldPruningConfig } from './goldConfig.js';
import type { LambdaReason } from './scheduler.js';

/**
 * λ and its increment Δλ.
 *
 * @since 0.1.0
 */
export interface LambdaState {
  readonly lambda: number;
  readonly deltaLambda: number;
}

/**
 * Adjusts the constraint after a round that pruned `pruned` operators:
 * - if `pruned ≥ n0`: λ ← λ / c0 and Δλ ← λ0 (the network shrinks fast enough: relax);
 * - otherwise: Δλ ← c0·Δλ, then λ ← λ + Δλ (tighten, faster and faster).
 *
 * The second branch is applied in the order METHOD.md writes it: Δλ grows first and λ grows by the
 * new Δλ. From λ = 0, Δλ = λ0, rounds without pruning give λ = 2λ0, 6λ0, 14λ0, … (with c0 = 2).
 *
 * @param current - λ and Δλ before the round.
 * @param pruned - how many operators the round pruned.
 * @param config - n0, λ0 and c0.
 * @returns the new λ and Δλ, and which branch was taken.
 *
 * @example
 * ```ts
 * import { updateLambda } from 'gold-nas';
 * const cfg = { n0: 4, lambda0: 1e-5, c0: 2 };
 * updateLambda({ lambda: 0, deltaLambda: 1e-5 }, 0, cfg); // { lambda: 2e-5, deltaLambda: 2e-5, reason: 'pruned-fewer-than-n0' }
 * updateLambda({ lambda: 8e-5, deltaLambda: 4e-5 }, 5, cfg); // { lambda: 4e-5, deltaLambda: 1e-5, reason: 'pruned-at-least-n0' }
 * ```
 * @since 0.1.0
 */
export function updateLambda(
  current: LambdaState,
  pruned: number,
  config: Pick<GoldPruningConfig, 'n0' | 'lambda0' | 'c0'>,
): LambdaState & { readonly reason: LambdaReason } {
  if (pruned >= config.n0) {
    return { lambda: current.lambda / config.c0, deltaLambda: config.lambda0, reason: 'pruned-at-least-n0' };
  }
  const deltaLambda = config.c0 * current.deltaLambda;
  return { lambda: current.lambda + deltaLambda, deltaLambda, reason: 'pruned-fewer-than-n0' };
}
