/**
 * One training step of the weights ω alone on one batch (α is not differentiated), as recovery
 * training and DARTS-PT's fine-tuning take them.
 *
 * @module
 * @internal
 */
import type { TF } from '../backends/tf.js';
import { namedVariableGrads } from '../backends/variableGradsFreeing.js';
import type { Batch } from '../data/dataset.js';
import type { TrainingOptimizer } from '../loop/trainingOptimizer.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import { supernetLoss } from '../supernet/lossAndGrads.js';
import type { SupernetLossOptions } from '../supernet/lossAndGrads.js';

/**
 * Takes one optimiser step of ω on the batch's loss (no penalty unless `options` gives one), in its own `tidy`.
 *
 * @param tf - the injected tfjs namespace.
 * @param net - the super-network.
 * @param optimizer - the weights' optimiser.
 * @param batch - the training batch.
 * @param lr - the learning rate.
 * @param options - the loss options (auxiliary weight, fixed gates).
 * @internal
 */
export function weightStep(tf: TF, net: SupernetState, optimizer: TrainingOptimizer, batch: Batch, lr: number, options: SupernetLossOptions): void {
  tf.tidy(() => {
    const x = tf.tensor4d(batch.x, [...batch.shape]);
    const y = tf.tensor1d(batch.y, 'int32');
    const { grads } = namedVariableGrads(tf, supernetLoss(tf, net, x, y, options), net.weights);
    optimizer.apply(net.weights, grads, lr)?.dispose();
  });
}
