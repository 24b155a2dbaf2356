/**
 * Decoding a search configuration completely: its shape (`decodeSearchConfigShape`) and its parts,
 * each name looked up in a registry and its options checked by that part, so every error comes
 * with its path before anything runs or is written.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { OperatorTable } from '../space/operators.js';
import type { SearchRegistry } from './registry.js';
import { DEFAULT_SEARCH_REGISTRY } from './registry.js';
import type { SearchConfig } from './searchConfig.js';
import { SEARCH_DEFAULTS, decodeSearchConfigShape } from './searchConfig.js';
import { strategyFromConfig } from './strategyFromConfig.js';

/**
 * Options of {@link decodeSearchConfig}.
 *
 * @since 0.2.0
 */
export interface DecodeSearchConfigOptions {
  /** What part names mean (default `DEFAULT_SEARCH_REGISTRY`). */
  readonly registry?: SearchRegistry;
  /** The operator table `space.operators` are looked up in (default `OPERATORS`). */
  readonly table?: OperatorTable;
}

/**
 * Decodes a search configuration (for example parsed JSON), filling every missing field from
 * `base` (deeply: `{ "space": { "operators": [...] } }` keeps the base's layout), converting the
 * old spellings, and checking every part against the registry: names
 * (`pruning.scheduler.name: unknown scheduler 'x'; known: …`) and options (`pruning.scheduler.xiMax: …`).
 *
 * @param input - the user's configuration.
 * @param base - the defaults to fill in ({@link SEARCH_DEFAULTS} or a preset).
 * @param options - the registry and the operator table.
 * @returns the full configuration, or a `DecodeError`/`ConfigError` with the field's path.
 *
 * @example
 * ```ts
 * import { decodeSearchConfig, SEARCH_DEFAULTS } from 'gold-nas';
 * decodeSearchConfig({ batchSize: 64, weights: { lr: 0.05 } }, SEARCH_DEFAULTS); // Right
 * decodeSearchConfig({ batchSize: -1 }, SEARCH_DEFAULTS); // Left: batchSize: must be an integer >= 2, got -1 (…)
 * decodeSearchConfig({ pruning: { scheduler: { name: 'gold', xiMax: 2 } } }); // Left: pruning.scheduler.xiMax: …
 * ```
 * @since 0.1.0
 */
export function decodeSearchConfig(input: unknown, base: SearchConfig = SEARCH_DEFAULTS, options: DecodeSearchConfigOptions = {}): Either<GoldNasError, SearchConfig> {
  const args = checkArguments('decodeSearchConfig', { base: [base, 'object?', 'a configuration to fill from'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  const config = decodeSearchConfigShape(input, base, options.table === undefined ? {} : { table: options.table });
  if (E.isLeft(config)) return config;
  const strategy = strategyFromConfig(config.right, options.registry ?? DEFAULT_SEARCH_REGISTRY);
  return E.isLeft(strategy) ? strategy : config;
}
