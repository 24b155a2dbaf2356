/**
 * One-level loss and gradients of a super-network: cross-entropy (+ auxiliary) + λ·R(gates),
 * differentiated w.r.t. the weights and α in one backward pass.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { NamedTensorMap, Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import { namedVariableGrads } from '../backends/variableGradsFreeing.js';
import { checkLabels } from '../blocks/checkInput.js';
import { macroLoss } from '../blocks/macroNetwork.js';
import { GoldNasException, goldNasError } from '../errors.js';
import type { GatePenalty } from '../resources/penalty.js';
import type { SupernetState } from './buildSupernet.js';

/**
 * Options of {@link supernetLossAndGrads}.
 *
 * @since 0.1.0
 */
export interface SupernetLossOptions {
  /** The penalty weight λ (default 0: no penalty term). */
  readonly lambda?: number;
  /** The resource penalty R; required for `λ > 0`. */
  readonly penalty?: GatePenalty;
  /** Weight of the auxiliary head's cross-entropy when the network has one (default 0.4, as DARTS). */
  readonly auxiliaryWeight?: number;
  /**
   * Fixed gates, `[slots]`, to use instead of α's (e.g. a partly discretised network whose α is
   * frozen, as DARTS-PT fine-tunes it). The loss then does not depend on α. Not disposed by the loss.
   *
   * @since 0.2.0
   */
  readonly gates?: Tensor1D;
}

/**
 * A loss value and the gradients of every live weight and of α, keyed by stable name (`alpha` for α).
 *
 * @since 0.1.0
 */
export interface LossAndGrads {
  readonly loss: Scalar;
  readonly grads: NamedTensorMap;
}

/**
 * Computes the one-level loss on one batch and its gradients w.r.t. the live weights and α from a
 * single backward pass, which frees saved activations and intermediate gradients as it goes
 * ({@link variableGradsFreeing}). Reads nothing back from the device. The caller owns (and disposes) the
 * loss and the gradients, e.g. after `sgd.apply(net.weights, grads, lr)` and `sgd.apply([net.alpha], grads, lrAlpha)`.
 *
 * @param tf - the injected tfjs namespace.
 * @param net - the super-network.
 * @param x - an input batch `[N, H, W, C]`.
 * @param labels - class indices, int32 `[N]`, each in [0, classes): they are not read back to be checked (a label
 *   out of range would add nothing to the loss); check host labels with `checkLabelRange` (the search and
 *   re-training loops check their datasets before training).
 * @param options - λ, the penalty, the auxiliary weight.
 * @returns the loss and the gradients by stable name.
 * @throws GoldNasException (`ShapeError`, `ConfigError`) before any computation if the inputs do not fit or `λ > 0` has no penalty.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildSupernet, supernetLossAndGrads, logPenalty, operatorSlots, createSgd, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ channels: 4, cells: 3, inputSize: 8 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const built = buildSupernet(tf, space, { seed: 0 });
 * const penalty = logPenalty(tf, operatorSlots(space));
 * if (built._tag === 'Right' && penalty._tag === 'Right') {
 *   const net = built.right;
 *   const sgdWeights = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
 *   const sgdAlpha = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
 *   const x = tf.randomNormal([4, 8, 8, 3]);
 *   const y = tf.tensor1d([0, 1, 2, 3], 'int32');
 *   const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: 1e-3, penalty: penalty.right });
 *   sgdWeights.apply(net.weights, grads, 0.01)?.dispose();
 *   sgdAlpha.apply([net.alpha], grads, 1)?.dispose();
 *   tf.dispose([loss, grads, x, y]);
 * }
 * ```
 * @since 0.1.0
 */
export function supernetLossAndGrads(tf: TF, net: SupernetState, x: Tensor, labels: Tensor, options: SupernetLossOptions = {}): LossAndGrads {
  const loss = supernetLoss(tf, net, x, labels, options);
  const { value, grads } = namedVariableGrads(tf, loss, [...net.weights, net.alpha]);
  return { loss: value, grads };
}

/**
 * The loss of {@link supernetLossAndGrads} as a function to differentiate, for update rules that
 * take gradients with respect to some variables only (bilevel DARTS: α on one batch, ω on another).
 * The inputs are checked now, before any computation; the returned function runs one training
 * forward pass (one gate graph, shared by the pass and the penalty) each time it is called.
 *
 * @param tf - the injected tfjs namespace.
 * @param net - the super-network.
 * @param x - an input batch `[N, H, W, C]`.
 * @param labels - class indices, int32 `[N]`, each in [0, classes) (not read back to be checked).
 * @param options - λ, the penalty, the auxiliary weight.
 * @returns a function computing cross-entropy (+ auxiliary) + λ·R(gates) at the variables' current values.
 * @throws GoldNasException (`ShapeError`, `ConfigError`) if the inputs do not fit or λ \> 0 has no penalty.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildSupernet, supernetLoss, cifarLayout, OPERATORS, DARTS_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'darts', layout: cifarLayout({ channels: 4, cells: 3, inputSize: 8 }), operators: DARTS_PRIMITIVES, table: OPERATORS } as const;
 * const built = buildSupernet(tf, space, { seed: 0 });
 * if (built._tag === 'Right') {
 *   const net = built.right;
 *   const x = tf.randomNormal([4, 8, 8, 3]);
 *   const y = tf.tensor1d([0, 1, 2, 3], 'int32');
 *   const { value, grads } = tf.variableGrads(supernetLoss(tf, net, x, y), [net.alpha.variable]); // ∇α only
 *   tf.dispose([value, grads, x, y]);
 *   net.dispose();
 * }
 * ```
 * @since 0.2.0
 */
export function supernetLoss(tf: TF, net: SupernetState, x: Tensor, labels: Tensor, options: SupernetLossOptions = {}): () => Scalar {
  const checked = net.checkInput(x);
  if (E.isLeft(checked)) throw new GoldNasException(checked.left);
  const y = checkLabels(labels, checked.right.shape[0]);
  if (E.isLeft(y)) throw new GoldNasException(y.left);
  const lambda = options.lambda ?? 0;
  const penalty = options.penalty;
  if (lambda !== 0 && penalty === undefined) throw new GoldNasException(goldNasError('ConfigError', 'penalty', `lambda is ${lambda} but no penalty was given`));
  const auxWeight = options.auxiliaryWeight ?? 0.4;
  const classes = net.plan.layout.classes;
  return () => {
    // One gate graph per pass, shared by the forward pass and the penalty.
    const gates = options.gates ?? net.gates();
    const out = net.forward(checked.right, { training: true, gates });
    let loss = macroLoss(tf, y.right, classes, out, { auxiliaryWeight: auxWeight });
    if (penalty !== undefined && lambda !== 0) loss = tf.add(loss, tf.mul(penalty.evaluate(gates, net.live), lambda));
    return loss;
  };
}
