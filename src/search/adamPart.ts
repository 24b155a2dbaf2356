/**
 * The `adam` optimiser part: Adam with PyTorch semantics, as DARTS updates α with it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { closedType, numberCodec } from '../codecs.js';
import type { AdamConfig } from '../optim/adam.js';
import { ADAM_DEFAULTS, createAdam } from '../optim/adam.js';
import type { PartEntry } from './partEntry.js';
import { partEntry } from './partEntry.js';
import type { OptimizerPart } from './strategy.js';

/**
 * The `adam` optimiser part.
 *
 * @param config - β1, β2, ε and weight decay (fields left out take PyTorch's defaults).
 * @returns the part.
 *
 * @example
 * ```ts
 * import { adamPart } from 'gold-nas';
 * const alpha = adamPart({ beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 }); // DARTS's α optimiser
 * ```
 * @since 0.2.0
 */
export function adamPart(config: Partial<AdamConfig> = {}): OptimizerPart {
  return { name: 'adam', create: (tf) => createAdam(tf, config) };
}

const unit = numberCodec({ min: 0, max: 1, exclusiveMax: true });

/** The `adam` entry: options `beta1`, `beta2` in [0, 1), `epsilon` > 0, `weightDecay` ≥ 0 (defaults 0.9, 0.999, 1e-8, 0). */
export const ADAM_ENTRY: PartEntry<OptimizerPart> = partEntry(
  `Adam, PyTorch semantics (options beta1 = ${ADAM_DEFAULTS.beta1}, beta2 = ${ADAM_DEFAULTS.beta2}, epsilon = ${ADAM_DEFAULTS.epsilon}, weightDecay = 0; DARTS's α: beta1 0.5, weightDecay 1e-3)`,
  closedType('adam options', {}, {
    beta1: unit,
    beta2: unit,
    epsilon: numberCodec({ min: 0, exclusiveMin: true }),
    weightDecay: numberCodec({ min: 0 }),
  }),
  (o) => E.right(adamPart(o)),
);
