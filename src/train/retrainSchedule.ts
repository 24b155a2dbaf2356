/**
 * The per-epoch schedules of a re-training, as pure functions of the epoch: the learning rate
 * (cosine annealing stepped once per epoch, as DARTS' `CosineAnnealingLR`) and the drop-path
 * probability (DARTS' linear ramp `p · epoch / epochs`).
 *
 * @module
 */
import { learningRateAt } from '../optim/schedule.js';
import type { RetrainConfig } from './retrainConfig.js';

/**
 * The learning rate of epoch `epoch` (from 0): `minLr + (lr − minLr)·(1 + cos(π·epoch/epochs))/2`
 * for the cosine schedule, so epoch 0 trains at `lr` and the schedule would reach `minLr` after the last epoch.
 *
 * @param config - the re-training configuration (its `optimizer` and `epochs`).
 * @param epoch - the epoch, from 0.
 * @returns the learning rate used for every step of that epoch.
 */
export function retrainLearningRate(config: Pick<RetrainConfig, 'optimizer' | 'epochs'>, epoch: number): number {
  const o = config.optimizer;
  return o.schedule === 'cosine'
    ? learningRateAt({ kind: 'cosine', lr: o.lr, minLr: o.minLr, totalSteps: config.epochs }, epoch)
    : learningRateAt({ kind: 'constant', lr: o.lr }, epoch);
}

/**
 * The drop-path probability of epoch `epoch` (from 0): `dropPath · epoch / epochs`, from 0 in the
 * first epoch up to just below `dropPath` in the last, as DARTS sets `model.drop_path_prob`.
 *
 * @param config - the re-training configuration (its `dropPath` and `epochs`).
 * @param epoch - the epoch, from 0.
 * @returns the probability of dropping each non-identity operator's output for an example.
 */
export function dropPathProbability(config: Pick<RetrainConfig, 'dropPath' | 'epochs'>, epoch: number): number {
  return (config.dropPath * Math.min(epoch, config.epochs)) / config.epochs;
}
