/**
 * The training loss of a discrete network and its gradients: cross-entropy with optional label
 * smoothing, plus the auxiliary head's weighted cross-entropy, differentiated w.r.t. every
 * trainable weight in one backward pass.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { NamedTensorMap, Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import { GoldNasException } from '../errors.js';
import type { NetworkState } from '../network/buildNetwork.js';
import type { Rng } from '../random.js';
import { namedVariableGrads } from '../backends/variableGradsFreeing.js';
import { checkLabels } from '../blocks/checkInput.js';
import { macroLoss } from '../blocks/macroNetwork.js';
import { topOneHits } from '../eval/accuracy.js';

/**
 * Options of {@link networkLossAndGrads}.
 *
 * @since 0.1.0
 */
export interface NetworkLossOptions {
  /** Weight of the auxiliary head's cross-entropy when the network has the head (default 0.4, as DARTS). */
  readonly auxiliaryWeight?: number;
  /** Label smoothing ε in [0, 1) for both heads (default 0). */
  readonly labelSmoothing?: number;
  /** Drop-path probability of this step (default 0). */
  readonly dropPath?: number;
  /** Where the drop-path masks come from (default: the network's own stream). */
  readonly rng?: Rng;
}

/**
 * A training step's loss, the gradients by stable variable name, and the number of correctly classified examples.
 *
 * @since 0.1.0
 */
export interface NetworkLossAndGrads {
  readonly loss: Scalar;
  readonly grads: NamedTensorMap;
  /** Top-1 hits of the main head on the batch (int32 scalar), from the same forward pass. */
  readonly correct: Scalar;
}

/**
 * Runs the network in training mode on one batch (batch statistics, running averages updated,
 * drop-path, auxiliary logits) and returns the loss, its gradients w.r.t. `net.variables` keyed
 * by stable name, and the batch's top-1 hits. Reads nothing back; the caller disposes everything
 * (or calls it inside `tidy`).
 *
 * @param tf - the injected tfjs namespace.
 * @param net - the discrete network.
 * @param x - an input batch `[N, H, W, C]`.
 * @param labels - class indices, int32 `[N]`, each in [0, classes): they are not read back to be checked (a label
 *   out of range would add nothing to the loss); check host labels with `checkLabelRange` (the search and
 *   re-training loops check their datasets before training).
 * @param options - auxiliary weight, label smoothing, drop-path.
 * @returns the loss, the gradients and the hit count.
 * @throws GoldNasException (`ShapeError`) before any computation if the inputs do not fit the network.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildNetwork, networkLossAndGrads, createSgd, cifarLayout } from 'gold-nas';
 * import type { Architecture } from 'gold-nas';
 * const cell = (reduction: boolean) => ({ reduction, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 1, to: 2 }] });
 * const architecture: Architecture = { nodes: 1, cells: [cell(false), cell(true), cell(true)] };
 * const built = buildNetwork(tf, { architecture, layout: cifarLayout({ channels: 4, cells: 3, nodes: 1, inputSize: 8 }), seed: 0 });
 * if (built._tag === 'Right') {
 *   const net = built.right;
 *   const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
 *   tf.tidy(() => {
 *     const { grads } = networkLossAndGrads(tf, net, tf.randomNormal([4, 8, 8, 3]), tf.tensor1d([0, 1, 2, 3], 'int32'), { labelSmoothing: 0.1 });
 *     sgd.apply(net.variables, grads, 0.025)?.dispose();
 *   });
 *   sgd.dispose();
 *   net.dispose();
 * }
 * ```
 * @since 0.1.0
 */
export function networkLossAndGrads(tf: TF, net: NetworkState, x: Tensor, labels: Tensor, options: NetworkLossOptions = {}): NetworkLossAndGrads {
  const checked = net.checkInput(x);
  if (E.isLeft(checked)) throw new GoldNasException(checked.left);
  const y = checkLabels(labels, checked.right.shape[0]);
  if (E.isLeft(y)) throw new GoldNasException(y.left);
  const auxWeight = options.auxiliaryWeight ?? 0.4;
  const smoothing = options.labelSmoothing ?? 0;
  const classes = net.plan.layout.classes;
  let logits: Tensor2D | null = null;
  // The backward pass frees saved activations as it goes (about half the peak memory of tf.variableGrads).
  const { value, grads } = namedVariableGrads(tf, () => {
    const out = net.forward(checked.right, {
      training: true,
      ...(options.dropPath !== undefined ? { dropPath: options.dropPath } : {}),
      ...(options.rng !== undefined ? { rng: options.rng } : {}),
    });
    // Kept past the gradient scope for the hit count; disposed below.
    logits = tf.keep(out.logits);
    return macroLoss(tf, y.right, classes, out, { auxiliaryWeight: auxWeight, labelSmoothing: smoothing });
  }, net.variables);
  const kept = logits as Tensor2D | null;
  if (kept === null) throw new Error('networkLossAndGrads: the forward pass produced no logits');
  const correct = tf.tidy(() => topOneHits(tf, kept, y.right));
  kept.dispose();
  return { loss: value, grads, correct };
}
