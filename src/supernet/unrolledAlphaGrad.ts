/**
 * DARTS's second-order architecture gradient (Liu et al. 2019, eq. 7-8; quark0/darts
 * `cnn/architect.py`): the gradient of the validation loss after one virtual weight step,
 * with the Hessian-vector product taken by central finite differences.
 *
 * @module
 */
import type { NamedTensorMap, Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import { namedVariableGrads } from '../backends/variableGradsFreeing.js';
import type { NamedVariable } from '../namedVariable.js';

/**
 * What {@link unrolledAlphaGrad} needs besides the variables.
 *
 * @since 0.2.0
 */
export interface UnrolledAlphaGradOptions {
  /** L_train(ω, α) on the training batch, at the variables' current values. */
  readonly trainLoss: () => Scalar;
  /** L_val(ω, α) on the validation batch, at the variables' current values. */
  readonly valLoss: () => Scalar;
  /** The weights' learning rate η of this step (the virtual step's, and the factor of the Hessian term). */
  readonly lr: number;
  /**
   * The weights one optimiser step would give from these gradients, without changing anything
   * (`TrainingOptimizer.virtualStep`: ω − η·(m·buf + g + wd·ω) for SGD).
   */
  readonly virtualStep: (params: readonly NamedVariable[], grads: NamedTensorMap, lr: number) => NamedTensorMap;
  /** The finite-difference radius numerator r: ε = r / ‖∇ω′ L_val‖ (DARTS: 0.01). */
  readonly radius?: number;
}

/**
 * The second-order α gradient of DARTS, at the variables' current values, changing nothing:
 * 1. ω′ = the virtual step from ∇ω L_train(ω, α);
 * 2. at ω′: g = ∇α L_val(ω′, α) and v = ∇ω′ L_val(ω′, α);
 * 3. ε = r / ‖v‖ (the global norm over all weights), ω± = ω ± ε·v;
 * 4. H·v ≈ (∇α L_train(ω⁺, α) − ∇α L_train(ω⁻, α)) / (2ε);
 * 5. returns g − η·H·v.
 *
 * The weights hold ω′, ω⁺ and ω⁻ in turn (the forward passes read the variables) and get ω back
 * before it returns. Batch norms use batch statistics, so no running average is touched.
 *
 * @param tf - the injected tfjs namespace.
 * @param weights - the weights ω (the super-network's `weights`).
 * @param alpha - α (the super-network's `alpha`).
 * @param options - the two losses, η, the virtual step and r.
 * @returns the gradient, shaped as α (the caller disposes it, or calls this inside `tidy`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createSgd, unrolledAlphaGrad } from 'gold-nas';
 * const w = { name: 'w', variable: tf.variable(tf.tensor1d([0.5, -1])) };
 * const alpha = { name: 'alpha', variable: tf.variable(tf.tensor1d([0.1])) };
 * const loss = (t: number) => () => tf.sum(tf.square(tf.sub(tf.mul(w.variable, alpha.variable), t))) as tf.Scalar;
 * const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4 });
 * const g = unrolledAlphaGrad(tf, [w], alpha, { trainLoss: loss(1), valLoss: loss(2), lr: 0.025, virtualStep: sgd.virtualStep });
 * g.dispose();
 * ```
 * @since 0.2.0
 */
export function unrolledAlphaGrad(tf: TF, weights: readonly NamedVariable[], alpha: NamedVariable, options: UnrolledAlphaGradOptions): Tensor {
  const { lr } = options;
  const r = options.radius ?? 0.01;
  return tf.tidy(() => {
    const original = new Map(weights.map((w) => [w.name, w.variable.clone()] as const));
    const setWeights = (values: (w: NamedVariable) => Tensor): void => {
      for (const w of weights) w.variable.assign(values(w));
    };
    const alphaGrad = (loss: () => Scalar): Tensor => {
      const { value, grads } = namedVariableGrads(tf, loss, [alpha]);
      value.dispose();
      return grads[alpha.name] ?? tf.zerosLike(alpha.variable);
    };
    // 1. ω′ from the training gradient.
    const train = namedVariableGrads(tf, options.trainLoss, weights);
    const unrolled = options.virtualStep(weights, train.grads, lr);
    // 2. At ω′: ∇α and ∇ω′ of the validation loss.
    setWeights((w) => unrolled[w.name] ?? original.get(w.name)!);
    const val = namedVariableGrads(tf, options.valLoss, [...weights, alpha]);
    const dAlpha = val.grads[alpha.name] ?? tf.zerosLike(alpha.variable);
    const v = new Map(weights.map((w) => [w.name, val.grads[w.name] ?? tf.zerosLike(w.variable)] as const));
    // 3. ε = r / ‖v‖ (guarded: v = 0 gives a zero product, not NaN).
    const norm = tf.sqrt(tf.addN([...v.values()].map((g) => tf.sum(tf.square(g)))));
    const epsilon = tf.div(r, tf.maximum(norm, 1e-12));
    // 4. The Hessian-vector product by central differences on the training batch.
    setWeights((w) => tf.add(original.get(w.name)!, tf.mul(epsilon, v.get(w.name)!)));
    const plus = alphaGrad(options.trainLoss);
    setWeights((w) => tf.sub(original.get(w.name)!, tf.mul(epsilon, v.get(w.name)!)));
    const minus = alphaGrad(options.trainLoss);
    setWeights((w) => original.get(w.name)!);
    const hessianVector = tf.div(tf.sub(plus, minus), tf.mul(epsilon, 2));
    // 5.
    return tf.sub(dAlpha, tf.mul(hessianVector, lr));
  });
}
