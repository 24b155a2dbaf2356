/**
 * Batch normalisation over the channels of an NHWC tensor, with an analytic gradient written
 * with reductions and broadcasting only. tfjs's `batchNorm` cannot be differentiated without a
 * scale and an offset, and its gradient uses `Tile`, which is slow on some backends.
 *
 * @module
 */
import type { GradSaveFunc, Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';

/** PyTorch's default `eps` of `BatchNorm2d`. */
export const BATCH_NORM_EPSILON = 1e-5;

/** PyTorch's default `momentum` of `BatchNorm2d`: `running ← (1 − m)·running + m·batch`. */
export const BATCH_NORM_MOMENTUM = 0.1;

const AXES = [0, 1, 2];

/**
 * Receives a training batch's per-channel mean and biased variance, and the number of values per
 * channel they were computed over. Called during the forward pass, inside the batch norm's own
 * kernel scope: no gradient tape records what it does, and tensors it creates are freed when it
 * returns (assign them to variables to keep them).
 */
export type BatchStatsSink = (mean: Tensor1D, variance: Tensor1D, count: number) => void;

/** Batch normalisation with batch statistics, as differentiable functions. */
export interface BatchNormOps {
  /** `(x − mean) / √(var + eps)` over the batch, without scale or shift (the DARTS search network). */
  readonly plain: (x: Tensor4D) => Tensor4D;
  /** The same, then `· gamma + beta` (γ and β are `[C]`). */
  readonly affine: (x: Tensor4D, gamma: Tensor1D, beta: Tensor1D) => Tensor4D;
}

/**
 * Batch normalisation with batch statistics and a hand-written gradient.
 *
 * With x̂ the normalised input, r = 1/√(var + eps) and M = N·H·W values per channel, the gradient is
 * dβ = Σ dy, dγ = Σ dy·x̂ and dx = γ·r·(dy − dβ/M − x̂·dγ/M): two reductions and a few broadcast
 * element-wise operations.
 *
 * @param tf - the injected tfjs namespace.
 * @param onStats - optional: receives each training batch's mean and variance (to update running statistics).
 * @returns the plain and the affine batch norm.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { batchNormOps } from 'gold-nas';
 * const bn = batchNormOps(tf);
 * const x = tf.randomNormal([2, 4, 4, 3]) as tf.Tensor4D;
 * const dx = tf.grad((t: tf.Tensor) => bn.plain(t as tf.Tensor4D).square().sum())(x);
 * ```
 */
export function batchNormOps(tf: TF, onStats?: BatchStatsSink): BatchNormOps {
  const normalise = (x: Tensor4D): { xhat: Tensor4D; rstd: Tensor1D } => {
    const mean = tf.mean(x, AXES) as Tensor1D;
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), AXES) as Tensor1D;
    if (onStats !== undefined) onStats(mean, variance, x.size / x.shape[3]);
    const rstd = tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON)) as Tensor1D;
    return { xhat: tf.mul(centred, rstd) as Tensor4D, rstd };
  };

  const plain = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const save = args[1] as GradSaveFunc;
    const { xhat, rstd } = normalise(x);
    save([xhat, rstd]);
    return {
      value: xhat,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sr] = saved as [Tensor4D, Tensor1D];
        const meanDy = tf.mean(dy, AXES);
        const meanDyXhat = tf.mean(tf.mul(dy, sx), AXES);
        return tf.mul(tf.sub(dy, tf.add(tf.mul(sx, meanDyXhat), meanDy)), sr);
      },
    };
  }) as (x: Tensor4D) => Tensor4D;

  const affine = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const gamma = args[1] as Tensor1D;
    const beta = args[2] as Tensor1D;
    const save = args[3] as GradSaveFunc;
    const { xhat, rstd } = normalise(x);
    save([xhat, rstd, gamma]);
    return {
      value: tf.add(tf.mul(xhat, gamma), beta) as Tensor4D,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sr, sg] = saved as [Tensor4D, Tensor1D, Tensor1D];
        const m = sx.size / sx.shape[3];
        const dBeta = tf.sum(dy, AXES);
        const dGamma = tf.sum(tf.mul(dy, sx), AXES);
        const scale = tf.mul(sg, sr);
        const dx = tf.mul(tf.sub(dy, tf.add(tf.mul(sx, tf.div(dGamma, m)), tf.div(dBeta, m))), scale);
        return [dx, dGamma, dBeta];
      },
    };
  }) as (x: Tensor4D, gamma: Tensor1D, beta: Tensor1D) => Tensor4D;

  return { plain, affine };
}
