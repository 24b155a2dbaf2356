/**
 * What a search's recorded accuracy is, in words, for the files and pages that show it: with the
 * built-in evaluator, the shared-weight held-out accuracy, an estimate.
 *
 * @module
 */
import { accuracyOn } from './accuracyOn.js';
import { HELD_OUT_DEFAULTS } from './heldOutEvaluator.js';
import type { SearchConfig } from './searchConfig.js';

/**
 * Describes the accuracy a search records for its candidates (`sharedWeightAccuracy`), from its
 * configuration's evaluator and evaluation settings.
 *
 * @param config - the configuration (its evaluator, `evaluation`, and `data.heldOut`: without a
 *   held-out split, as [R] searches, candidates are scored on training examples and it says so).
 * @returns one sentence, e.g. "shared-weight held-out accuracy: top-1 of the super-network restricted
 *   to the candidate on 1000 held-out examples, after at least 20 steps of training with its own
 *   live set; an estimate, not the accuracy of the architecture re-trained from scratch".
 *
 * @example
 * ```ts
 * import { describeAccuracyEstimate, SEARCH_PRESETS } from 'gold-nas';
 * describeAccuracyEstimate(SEARCH_PRESETS['mnist-quick']); // 'shared-weight held-out accuracy: top-1 of …'
 * ```
 * @since 0.2.0
 */
export function describeAccuracyEstimate(config: Pick<SearchConfig, 'evaluator' | 'evaluation'> & { readonly data: { readonly heldOut: number } }): string {
  if (config.evaluator.name !== 'held-out') {
    return `the accuracy score of the evaluator '${config.evaluator.name}', recorded during the search; an estimate unless that evaluator re-trains candidates from scratch`;
  }
  const steps = typeof config.evaluator.recoverySteps === 'number' ? config.evaluator.recoverySteps : HELD_OUT_DEFAULTS.recoverySteps;
  const examples = config.evaluation.maxExamples > 0 ? `at most ${config.evaluation.maxExamples}` : 'all the';
  const training = accuracyOn(config.data) === 'training';
  const split = training ? 'training examples (data.heldOut is 0: the super-network trained on them)' : 'held-out examples';
  return `shared-weight ${training ? 'training' : 'held-out'} accuracy: top-1 of the super-network restricted to the candidate on ${examples} ${split}, ` +
    `after at least ${steps} steps of training with its own live set; an estimate, not the accuracy of the architecture re-trained from scratch`;
}
