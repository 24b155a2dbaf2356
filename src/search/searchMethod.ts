/**
 * What a search configuration runs, in words: GOLD-NAS, DARTS (first or second order), or the
 * softmax one-level search on the DARTS space that gold-nas 0.1 ran for a `darts` space (which is
 * not DARTS: DARTS is bilevel). Run summaries, the command line and the report print it.
 *
 * @module
 */
import type { SearchConfig } from './searchConfig.js';

/**
 * The name of the method a configuration runs:
 * - `GOLD-NAS (one-level, sigmoid gates)`: the `gold` space with the `one-level` update;
 * - `DARTS (bilevel, first order)` / `DARTS (bilevel, second order)`: the `darts` space with `darts-bilevel`;
 * - `softmax-one-level (the DARTS space trained one-level: not DARTS, which is bilevel)`: the `darts`
 *   space with the `one-level` update (ω and α on the same batch, SGD for α), what a `darts` space
 *   configuration has always run;
 * - otherwise the update rule's name and the space (`darts-bilevel update on the GOLD space`);
 *
 * followed by the selection when it is not the scheduler's own (`DARTS (bilevel, first order), DARTS-PT selection`;
 * in the `gold` space, where it chooses what each round prunes, `GOLD-NAS (one-level, sigmoid gates), DARTS-PT pruning criterion`).
 *
 * @param config - the configuration (its space mode, update rule and selection).
 * @returns the method's name.
 *
 * @example
 * ```ts
 * import { searchMethod, SEARCH_PRESETS } from 'gold-nas';
 * searchMethod(SEARCH_PRESETS['darts-mnist']); // 'DARTS (bilevel, first order)'
 * searchMethod({ space: { ...SEARCH_PRESETS['darts-mnist'].space }, update: { name: 'one-level' } }); // 'softmax-one-level (…)'
 * ```
 * @since 0.2.0
 */
export function searchMethod(config: Pick<SearchConfig, 'space' | 'update' | 'selection'>): string {
  const selection = config.selection?.name;
  const method = updateMethod(config);
  if (selection === undefined || selection === 'argmax') return method;
  // GOLD-NAS never discretises: there the part is the rounds' pruning criterion.
  return `${method}, ${selection === 'darts-pt' ? 'DARTS-PT' : selection} ${config.space.mode === 'gold' ? 'pruning criterion' : 'selection'}`;
}

function updateMethod(config: Pick<SearchConfig, 'space' | 'update'>): string {
  const mode = config.space.mode;
  const update = config.update.name;
  if (update === 'one-level') {
    return mode === 'gold' ? 'GOLD-NAS (one-level, sigmoid gates)' : 'softmax-one-level (the DARTS space trained one-level: not DARTS, which is bilevel)';
  }
  if (update === 'darts-bilevel' && mode === 'darts') return `DARTS (bilevel, ${config.update.order === 2 ? 'second' : 'first'} order)`;
  return `${update} update on the ${mode === 'gold' ? 'GOLD' : 'DARTS'} space`;
}
