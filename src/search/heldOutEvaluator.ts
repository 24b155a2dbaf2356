/**
 * The default candidate evaluator: held-out top-1 accuracy of the super-network restricted to the
 * candidate (inference mode, batch statistics), an estimate of how good the architecture is.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { evaluateAccuracy } from '../eval/accuracy.js';
import type { PartEntry } from './partEntry.js';
import { fixedPartEntry } from './partEntry.js';
import type { CandidateEvaluator } from './strategy.js';

/**
 * `held-out`: scores `{ accuracy }`, the top-1 accuracy of the super-network restricted to the
 * candidate on the held-out split (never trained on), batch by batch in a fixed order.
 *
 * @example
 * ```ts
 * import { HELD_OUT_EVALUATOR } from 'gold-nas';
 * HELD_OUT_EVALUATOR.name; // 'held-out'
 * ```
 * @since 0.2.0
 */
export const HELD_OUT_EVALUATOR: CandidateEvaluator = {
  name: 'held-out',
  evaluate: async ({ tf, net, heldOut }) => {
    const acc = await evaluateAccuracy(tf, (x) => net.forward(x, { training: false }).logits, heldOut(), { k: 1 });
    return E.map((a: { readonly top1: number }) => ({ accuracy: a.top1 }))(acc);
  },
};

/** The registry entry of {@link HELD_OUT_EVALUATOR} (no options; the held-out batches follow `evaluation`). */
export const HELD_OUT_ENTRY: PartEntry<CandidateEvaluator> = fixedPartEntry(
  'held-out top-1 accuracy of the super-network restricted to the candidate (an estimate)',
  HELD_OUT_EVALUATOR,
);
