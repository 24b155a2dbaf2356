/**
 * The pruning schedulers a search configuration can name, behind one erased type.
 *
 * @module
 */
import type { PruningScheduler } from '../pruning/scheduler.js';
import { dartsArgmaxScheduler } from '../pruning/dartsArgmaxScheduler.js';
import { fixedThresholdScheduler } from '../pruning/fixedThresholdScheduler.js';
import { goldScheduler } from '../pruning/goldScheduler.js';
import type { PruningConfig } from './searchConfig.js';

/** A scheduler with its configuration and state types erased (both are plain JSON). */
export type AnyScheduler = PruningScheduler<unknown, unknown>;

/**
 * The scheduler a configuration names.
 *
 * @param name - `gold`, `fixed-threshold` or `darts-argmax`.
 * @returns the scheduler.
 *
 * @example
 * ```ts
 * import { schedulerNamed } from 'gold-nas';
 * schedulerNamed('gold').name; // 'gold'
 * ```
 */
export function schedulerNamed(name: PruningConfig['scheduler']): AnyScheduler {
  // Each scheduler only ever receives the config and state it produced itself, so erasing is safe.
  const table: Record<PruningConfig['scheduler'], unknown> = {
    gold: goldScheduler,
    'fixed-threshold': fixedThresholdScheduler,
    'darts-argmax': dartsArgmaxScheduler,
  };
  return table[name] as AnyScheduler;
}
