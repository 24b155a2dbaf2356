/**
 * The default candidate evaluator: the shared-weight held-out accuracy, top-1 of the super-network
 * restricted to the candidate on the held-out split (inference mode, batch statistics), after
 * recovery steps for a candidate that has barely trained with its own live set. An estimate of how
 * good the architecture is, not its accuracy after re-training.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { closedType, integerCodec } from '../codecs.js';
import { evaluateAccuracy } from '../eval/accuracy.js';
import type { PartEntry } from './partEntry.js';
import { partEntry } from './partEntry.js';
import type { CandidateEvaluator } from './strategy.js';

/**
 * Options of {@link heldOutEvaluator}.
 *
 * @since 0.2.0
 */
export interface HeldOutEvaluatorConfig {
  /**
   * A candidate is scored only after its weights have trained at least this many steps with exactly
   * its live set. The search's own steps since the live set last changed count; the missing ones run
   * as recovery steps on a copy of ω (`EvaluationContext.recover`). 0 scores at once.
   */
  readonly recoverySteps: number;
}

/**
 * The default number of recovery steps, 20. Right after a prune the shared weights were trained for
 * a network that had the pruned operators, and the accuracy of the restricted super-network drops
 * (on the quick start, by up to several points, which it recovers within a few dozen steps). 20
 * steps is under one pruning period of the quick start (25 steps) and a few per cent of an epoch on
 * CIFAR-10, so candidates recorded before a prune (which have trained a full period with their mask)
 * need none, and the final one costs little.
 * @since 0.2.0
 */
export const HELD_OUT_DEFAULTS: HeldOutEvaluatorConfig = { recoverySteps: 20 };

/**
 * The `held-out` evaluator: scores `{ accuracy }`, the shared-weight held-out accuracy (top-1 of the
 * super-network restricted to the candidate on the held-out split, never trained on, batch by batch
 * in a fixed order), after `max(0, recoverySteps − stepsWithMask)` recovery steps.
 *
 * @param config - the recovery steps.
 * @returns the evaluator.
 *
 * @example
 * ```ts
 * import { heldOutEvaluator } from 'gold-nas';
 * const noRecovery = heldOutEvaluator({ recoverySteps: 0 }); // scores straight after a prune, as gold-nas 0.1 did
 * ```
 * @since 0.2.0
 */
export function heldOutEvaluator(config: HeldOutEvaluatorConfig = HELD_OUT_DEFAULTS): CandidateEvaluator {
  return {
    name: 'held-out',
    evaluate: async ({ tf, net, heldOut, stepsWithMask, recover }) =>
      recover(Math.max(0, config.recoverySteps - stepsWithMask), async () => {
        const acc = await evaluateAccuracy(tf, (x) => net.forward(x, { training: false }).logits, heldOut(), { k: 1 });
        return E.map((a: { readonly top1: number }) => ({ accuracy: a.top1 }))(acc);
      }),
  };
}

/**
 * {@link heldOutEvaluator} with the default recovery ({@link HELD_OUT_DEFAULTS}).
 *
 * @since 0.1.0
 */
export const HELD_OUT_EVALUATOR: CandidateEvaluator = heldOutEvaluator();

/** The registry entry of `held-out`: option `recoverySteps`, a whole number ≥ 0 (default 20). */
export const HELD_OUT_ENTRY: PartEntry<CandidateEvaluator> = partEntry(
  `held-out: the shared-weight held-out accuracy of the super-network restricted to the candidate, an estimate (option recoverySteps = ${HELD_OUT_DEFAULTS.recoverySteps})`,
  closedType('held-out options', {}, { recoverySteps: integerCodec({ min: 0 }) }),
  (o) => E.right(heldOutEvaluator({ ...HELD_OUT_DEFAULTS, ...o })),
);
