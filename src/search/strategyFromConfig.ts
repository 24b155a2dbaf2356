/**
 * The strategy a configuration names: every part looked up in a registry and its options decoded
 * by that part's entry, with errors at the part's path in the configuration.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { SearchRegistry } from './registry.js';
import { DEFAULT_SEARCH_REGISTRY, partFromEntry, schedulerFromConfig } from './registry.js';
import type { SearchConfig } from './searchConfig.js';
import type { ObjectivePart, SearchStrategy } from './strategy.js';

/**
 * Builds the strategy a configuration names. Nothing is made on the device: factories run when the search starts.
 *
 * @param config - a decoded configuration.
 * @param registry - what the names mean (default {@link DEFAULT_SEARCH_REGISTRY}).
 * @returns the strategy, or the first error: an unknown name
 *   (`pruning.scheduler.name: unknown scheduler 'x'; known: gold, …`), bad options (`penalty.flops: …`),
 *   or repeated objectives.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { strategyFromConfig, SEARCH_PRESETS } from 'gold-nas';
 * const strategy = strategyFromConfig(SEARCH_PRESETS['mnist-quick']);
 * if (E.isRight(strategy)) console.log(strategy.right.scheduler.rule.name); // gold
 * ```
 * @since 0.2.0
 */
export function strategyFromConfig(config: SearchConfig, registry: SearchRegistry = DEFAULT_SEARCH_REGISTRY): Either<GoldNasError, SearchStrategy> {
  const scheduler = schedulerFromConfig(registry, config.pruning.scheduler, 'pruning.scheduler');
  if (E.isLeft(scheduler)) return scheduler;
  const penalty = partFromEntry(registry.penalties, 'penalty', config.penalty, 'penalty');
  if (E.isLeft(penalty)) return penalty;
  const objectives: ObjectivePart[] = [];
  for (const [i, o] of config.objectives.entries()) {
    const part = partFromEntry(registry.objectives, 'objective', o, `objectives.${i}`);
    if (E.isLeft(part)) return part;
    if (objectives.some((p) => p.name === part.right.name)) {
      return E.left({ _tag: 'ConfigError', path: `objectives.${i}`, message: `objective '${part.right.name}' is listed twice` });
    }
    objectives.push(part.right);
  }
  if (objectives.length === 0) return E.left({ _tag: 'ConfigError', path: 'objectives', message: 'needs at least one objective, e.g. ["flops", "params", "accuracy"]' });
  const evaluator = partFromEntry(registry.evaluators, 'evaluator', config.evaluator, 'evaluator');
  if (E.isLeft(evaluator)) return evaluator;
  const weights = partFromEntry(registry.optimizers, 'optimizer', config.weights.optimizer, 'weights.optimizer');
  if (E.isLeft(weights)) return weights;
  const alpha = partFromEntry(registry.optimizers, 'optimizer', config.alpha.optimizer, 'alpha.optimizer');
  if (E.isLeft(alpha)) return alpha;
  const update = partFromEntry(registry.updates, 'update rule', config.update, 'update');
  if (E.isLeft(update)) return update;
  const selections = registry.selections ?? DEFAULT_SEARCH_REGISTRY.selections ?? {};
  const selection = config.selection === undefined ? E.right(undefined) : partFromEntry(selections, 'selection', config.selection, 'selection');
  if (E.isLeft(selection)) return selection;
  return E.right({
    scheduler: scheduler.right,
    penalty: penalty.right,
    objectives,
    evaluator: evaluator.right,
    optimizers: { weights: weights.right, alpha: alpha.right },
    update: update.right,
    ...(selection.right !== undefined ? { selection: selection.right } : {}),
  });
}
