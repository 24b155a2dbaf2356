/**
 * The built-in optimiser part: SGD with momentum, weight decay and optional global-norm clipping.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { closedType, numberCodec } from '../codecs.js';
import { createSgd } from '../optim/sgd.js';
import type { PartEntry } from './partEntry.js';
import { partEntry } from './partEntry.js';
import type { OptimizerPart } from './strategy.js';

/**
 * Options of the `sgd` optimiser part; defaults momentum 0.9, weight decay 0, no clipping.
 *
 * @since 0.2.0
 */
export interface SgdPartConfig {
  readonly momentum: number;
  readonly weightDecay: number;
  /** Clip the global gradient norm to this (0: no clipping). */
  readonly clipNorm: number;
}

/**
 * The defaults of the `sgd` part's options.
 *
 * @since 0.2.0
 */
export const SGD_PART_DEFAULTS: SgdPartConfig = { momentum: 0.9, weightDecay: 0, clipNorm: 0 };

/**
 * The `sgd` optimiser part.
 *
 * @param config - momentum, weight decay, clipping.
 * @returns the part.
 *
 * @example
 * ```ts
 * import { sgdPart } from 'gold-nas';
 * const weights = sgdPart({ momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
 * ```
 * @since 0.2.0
 */
export function sgdPart(config: SgdPartConfig): OptimizerPart {
  return { name: 'sgd', create: (tf) => createSgd(tf, config) };
}

/** The `sgd` entry: options `momentum` in [0, 1), `weightDecay` ≥ 0, `clipNorm` ≥ 0. */
export const SGD_ENTRY: PartEntry<OptimizerPart> = partEntry(
  'SGD with momentum, weight decay and global-norm clipping (options momentum = 0.9, weightDecay = 0, clipNorm = 0)',
  closedType('sgd options', {}, {
    momentum: numberCodec({ min: 0, max: 1, exclusiveMax: true }),
    weightDecay: numberCodec({ min: 0 }),
    clipNorm: numberCodec({ min: 0 }),
  }),
  (o) => E.right(sgdPart({ ...SGD_PART_DEFAULTS, ...o })),
);
