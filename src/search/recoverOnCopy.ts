/**
 * Recovery training before a candidate is scored: a few steps of the weights ω alone, with the
 * candidate's own live set, on a copy that is thrown away afterwards, so the search's trajectory
 * is the same whatever the number of recovery steps.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { BatchCursor, BatchIterator } from '../data/batches.js';
import type { GoldNasError } from '../errors.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import type { OptimizerPart } from './strategy.js';
import { weightStep } from './weightStep.js';

/** What recovery training works with. @internal */
export interface RecoverySetup {
  readonly tf: TF;
  /** The super-network, restricted to the candidate (its live set). */
  readonly net: SupernetState;
  /** Makes the optimiser of the recovery steps: a fresh one of the strategy's weights optimiser. */
  readonly optimizer: OptimizerPart;
  /** The loop's training batches: recovery reads the next ones by cursor and does not move it. */
  readonly batches: BatchIterator;
  /** The weights' learning rate at the step the candidate is recorded. */
  readonly lr: number;
  /** The auxiliary head's weight in the loss. */
  readonly auxiliaryWeight: number;
}

function advance(cursor: BatchCursor, perEpoch: number): BatchCursor {
  return cursor.index + 1 < perEpoch ? { epoch: cursor.epoch, index: cursor.index + 1 } : { epoch: cursor.epoch + 1, index: 0 };
}

/**
 * Trains ω alone for `steps` steps, scores, then puts ω back. The steps use the `steps` training
 * batches the loop will draw next (read by cursor, so the loop still draws them), the current
 * learning rate, a fresh optimiser of the strategy's weights part, and the loss without the
 * penalty (the penalty depends on α only, which recovery leaves alone). Batch norms use batch
 * statistics, so nothing else changes.
 *
 * @param setup - the network, the optimiser part, the batches, the learning rate, the auxiliary weight.
 * @param steps - how many steps (0: score at once).
 * @param score - what to do on the recovered weights.
 * @returns the score, or the error of a batch that cannot be made or of `score`.
 * @internal
 */
export async function recoverOnCopy<A>(
  setup: RecoverySetup,
  steps: number,
  score: () => Promise<Either<GoldNasError, A>>,
): Promise<Either<GoldNasError, A>> {
  if (steps <= 0) return score();
  const { tf, net, batches, lr } = setup;
  const saved: Tensor[] = tf.tidy(() => net.weights.map((w) => tf.keep(w.variable.clone())));
  const optimizer = setup.optimizer.create(tf);
  try {
    let cursor = batches.cursor();
    for (let i = 0; i < steps; i++) {
      const batch = batches.batchAt(cursor);
      if (E.isLeft(batch)) return batch;
      cursor = advance(cursor, batches.batchesPerEpoch);
      weightStep(tf, net, optimizer, batch.right, lr, { auxiliaryWeight: setup.auxiliaryWeight });
    }
    return await score();
  } finally {
    net.weights.forEach((w, i) => w.variable.assign(saved[i]!));
    tf.dispose(saved);
    optimizer.dispose();
  }
}
