/**
 * What the training loops need of an optimiser: an update, forgetting pruned variables, and its
 * buffers as checkpoint arrays. `createSgd` gives one; a search strategy may bring another.
 *
 * @module
 */
import type { NamedTensorMap, Scalar } from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../optim/sgd.js';

/**
 * An optimiser the search and re-training loops can drive and checkpoint.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createSgd } from 'gold-nas';
 * import type { TrainingOptimizer } from 'gold-nas';
 * const opt: TrainingOptimizer = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
 * opt.dispose();
 * ```
 * @since 0.2.0
 */
export interface TrainingOptimizer {
  /**
   * One update, in its own `tidy`, reading nothing back from the device.
   *
   * @param params - the variables to update, by stable name.
   * @param grads - their gradients by the same names (missing names are skipped).
   * @param learningRate - the step's learning rate.
   * @returns a scalar the caller disposes (e.g. a gradient norm), or null.
   */
  apply(params: readonly NamedVariable[], grads: NamedTensorMap, learningRate: number): Scalar | null;
  /**
   * The weights one step would give, without changing anything (optional). Second-order DARTS
   * differentiates through this step (its unrolled model ω′); `createSgd` provides it.
   *
   * @param params - the variables, by stable name.
   * @param grads - their gradients by the same names.
   * @param learningRate - the step's learning rate.
   * @returns the would-be values by name, new tensors the caller disposes.
   */
  virtualStep?(params: readonly NamedVariable[], grads: NamedTensorMap, learningRate: number): NamedTensorMap;
  /**
   * Drops the buffers of pruned variables.
   *
   * @param names - the variables' stable names.
   */
  forget(names: readonly string[]): void;
  /**
   * The buffers' values by name, for a checkpoint.
   *
   * @returns one array per buffer.
   */
  exportState(): Promise<Record<string, Float32Array>>;
  /**
   * Replaces the buffers with saved values; shapes come from the matching variables.
   *
   * @param state - the arrays of `exportState`.
   * @param params - the variables the buffers belong to.
   */
  importState(state: Readonly<Record<string, Float32Array>>, params: readonly NamedVariable[]): void;
  /** Frees every buffer. */
  dispose(): void;
}
