/**
 * The default update rule: GOLD-NAS's one-level optimisation (METHOD.md §3). ω and α are updated
 * from the same mini-batch and one backward pass of CE + λ·R(gates).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Scalar } from '@tensorflow/tfjs-core';
import { supernetLossAndGrads } from '../supernet/lossAndGrads.js';
import type { PartEntry } from './partEntry.js';
import { fixedPartEntry } from './partEntry.js';
import type { UpdateRule } from './strategy.js';

/**
 * `one-level`: per step, the loss and the gradients of ω and α from one batch and one backward
 * pass; ω takes an optimiser step at the scheduled learning rate, α at `alpha.lr`. No state.
 *
 * @example
 * ```ts
 * import { ONE_LEVEL_UPDATE } from 'gold-nas';
 * ONE_LEVEL_UPDATE.name; // 'one-level'
 * ```
 * @since 0.2.0
 */
export const ONE_LEVEL_UPDATE: UpdateRule = {
  name: 'one-level',
  create: ({ tf, net, penalty, optimizers, config }) => {
    const { weights, alpha } = optimizers;
    return E.right({
      step: ({ batch, lr, lambda }) => tf.tidy((): Scalar => {
        const x = tf.tensor4d(batch.x, [...batch.shape]);
        const y = tf.tensor1d(batch.y, 'int32');
        const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda, penalty, auxiliaryWeight: config.auxiliaryWeight });
        weights.apply(net.weights, grads, lr)?.dispose();
        alpha.apply([net.alpha], grads, config.alpha.lr)?.dispose();
        return loss;
      }),
      state: () => null,
      restore: () => E.right(undefined),
      dispose: () => undefined,
    });
  },
};

/** The registry entry of {@link ONE_LEVEL_UPDATE} (no options). */
export const ONE_LEVEL_ENTRY: PartEntry<UpdateRule> = fixedPartEntry(
  'one-level: ω and α from the same batch and one backward pass (GOLD-NAS)',
  ONE_LEVEL_UPDATE,
);
