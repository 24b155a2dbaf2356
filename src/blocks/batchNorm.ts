/**
 * Batch normalisation over the channels of an NHWC tensor, with an analytic gradient written
 * with reductions and broadcasting only. tfjs's `batchNorm` cannot be differentiated without a
 * scale and an offset, and its gradient uses `Tile`, which is slow on some backends.
 *
 * @module
 */
import type { GradSaveFunc, NamedTensorMap, Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, type BatchNormAttrs, type BatchNormGradAttrs } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';

/** PyTorch's default `eps` of `BatchNorm2d`. */
export const BATCH_NORM_EPSILON = 1e-5;

/** PyTorch's default `momentum` of `BatchNorm2d`: `running ← (1 − m)·running + m·batch`. */
export const BATCH_NORM_MOMENTUM = 0.1;

const AXES = [0, 1, 2];

/** The fused kernels `batchNormOps` runs when the active backend has both. */
const FUSED = [BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL];

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
  /**
   * The plain batch norm times a scalar, `plain(x)·s`, differentiable in both (the super-network's
   * gate on an operator that ends in a batch norm). With fused kernels the scalar costs nothing:
   * it is the batch norm's scale.
   */
  readonly scaled: (x: Tensor4D, s: Scalar) => Tensor4D;
}

/**
 * Batch normalisation with batch statistics and a hand-written gradient.
 *
 * With x̂ the normalised input, r = 1/√(var + eps) and M = N·H·W values per channel, the gradient is
 * dβ = Σ dy, dγ = Σ dy·x̂ and dx = γ·r·(dy − dβ/M − x̂·dγ/M): two reductions and a few broadcast
 * element-wise operations. When the active backend has gold-nas's fused batch-norm kernels
 * registered (`BATCH_NORM_KERNEL` and `BATCH_NORM_GRAD_KERNEL` of `gold-nas/kernels`, which
 * `readyBackend` installs on cpu and wasm), each direction is one kernel instead.
 *
 * @param tf - the injected tfjs namespace.
 * @param onStats - optional: receives each training batch's mean and variance (to update running statistics).
 * @returns the plain, the affine and the scalar-scaled batch norm.
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

  // Composite versions (any backend). A custom gradient's gradFunc runs outside tidy, so each one
  // tidies its own intermediates; otherwise they would live until the whole backward pass ends.
  const plainComposite = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const save = args[1] as GradSaveFunc;
    const { xhat, rstd } = normalise(x);
    save([xhat, rstd]);
    return {
      value: xhat,
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.tidy(() => {
        const [sx, sr] = saved as [Tensor4D, Tensor1D];
        const meanDy = tf.mean(dy, AXES);
        const meanDyXhat = tf.mean(tf.mul(dy, sx), AXES);
        return tf.mul(tf.sub(dy, tf.add(tf.mul(sx, meanDyXhat), meanDy)), sr);
      }),
    };
  }) as (x: Tensor4D) => Tensor4D;

  const affineComposite = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const gamma = args[1] as Tensor1D;
    const beta = args[2] as Tensor1D;
    const save = args[3] as GradSaveFunc;
    const { xhat, rstd } = normalise(x);
    save([xhat, rstd, gamma]);
    return {
      value: tf.add(tf.mul(xhat, gamma), beta) as Tensor4D,
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.tidy(() => {
        const [sx, sr, sg] = saved as [Tensor4D, Tensor1D, Tensor1D];
        const m = sx.size / sx.shape[3];
        const dBeta = tf.sum(dy, AXES);
        const dGamma = tf.sum(tf.mul(dy, sx), AXES);
        const scale = tf.mul(sg, sr);
        const dx = tf.mul(tf.sub(dy, tf.add(tf.mul(sx, tf.div(dGamma, m)), tf.div(dBeta, m))), scale);
        return [dx, dGamma, dBeta];
      }),
    };
  }) as (x: Tensor4D, gamma: Tensor1D, beta: Tensor1D) => Tensor4D;

  // Fused versions: one kernel each way (their contract: `kernels/names`). They save the input rather than
  // the output, which costs nothing extra: the input is a convolution's output that nothing else keeps.
  const fusedForward = (x: Tensor4D, affine?: { gamma: Tensor; beta?: Tensor1D }): { y: Tensor4D; stats: Tensor2D } => {
    const inputs: NamedTensorMap = affine === undefined ? { x } : affine.beta === undefined ? { x, gamma: affine.gamma } : { x, gamma: affine.gamma, beta: affine.beta };
    const attrs: BatchNormAttrs = { epsilon: BATCH_NORM_EPSILON };
    const [y, stats] = tf.engine().runKernel(BATCH_NORM_KERNEL, inputs, { ...attrs }) as [Tensor4D, Tensor2D];
    if (onStats !== undefined) {
      const c = x.shape[3];
      onStats(tf.reshape(tf.slice(stats, [0, 0], [1, c]), [c]) as Tensor1D, tf.reshape(tf.slice(stats, [1, 0], [1, c]), [c]) as Tensor1D, x.size / c);
    }
    return { y, stats };
  };
  /** The first `outputs` of [dx, dγ, dβ] from the saved [x, stats, γ?]. */
  const fusedBackward = (dy: Tensor, saved: Tensor[], outputs: number): Tensor[] => tf.tidy(() => {
    const [x, stats, gamma] = saved as [Tensor4D, Tensor2D, Tensor | undefined];
    const inputs: NamedTensorMap = gamma === undefined ? { dy, x, stats } : { dy, x, stats, gamma };
    const attrs: BatchNormGradAttrs = { outputs };
    return tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, { ...attrs }) as Tensor[];
  });

  const plainFused = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const save = args[1] as GradSaveFunc;
    const { y, stats } = fusedForward(x);
    save([x, stats]);
    return { value: y, gradFunc: (dy: Tensor, saved: Tensor[]) => fusedBackward(dy, saved, 1)[0]! };
  }) as (x: Tensor4D) => Tensor4D;

  const affineFused = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const gamma = args[1] as Tensor1D;
    const beta = args[2] as Tensor1D;
    const save = args[3] as GradSaveFunc;
    const { y, stats } = fusedForward(x, { gamma, beta });
    save([x, stats, gamma]);
    return { value: y, gradFunc: (dy: Tensor, saved: Tensor[]) => fusedBackward(dy, saved, 3) };
  }) as (x: Tensor4D, gamma: Tensor1D, beta: Tensor1D) => Tensor4D;

  const scaledFused = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const s = args[1] as Scalar;
    const save = args[2] as GradSaveFunc;
    // The kernels take a one-value γ for every channel, and give back its gradient.
    const { y, stats } = fusedForward(x, { gamma: s });
    save([x, stats, s]);
    return { value: y, gradFunc: (dy: Tensor, saved: Tensor[]) => fusedBackward(dy, saved, 2) };
  }) as (x: Tensor4D, s: Scalar) => Tensor4D;

  const fused = (): boolean => hasKernels(tf, FUSED);
  return {
    plain: (x) => (fused() ? plainFused(x) : plainComposite(x)),
    affine: (x, gamma, beta) => (fused() ? affineFused(x, gamma, beta) : affineComposite(x, gamma, beta)),
    scaled: (x, s) => (fused() ? scaledFused(x, s) : tf.mul(plainComposite(x), s)),
  };
}
