/**
 * Batch normalisation over the channels of an NHWC tensor, with an analytic gradient written
 * with reductions and broadcasting only. tfjs's `batchNorm` cannot be differentiated without a
 * scale and an offset, and its gradient uses `Tile`, which is slow on some backends.
 *
 * @module
 */
import type { GradSaveFunc, NamedTensorMap, Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, BATCH_NORM_RUNNING_KERNEL, type BatchNormAttrs, type BatchNormGradAttrs, type BatchNormRunningAttrs } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';

/** PyTorch's default `eps` of `BatchNorm2d`. */
export const BATCH_NORM_EPSILON = 1e-5;

/** PyTorch's default `momentum` of `BatchNorm2d`: `running ← (1 − m)·running + m·batch`. */
export const BATCH_NORM_MOMENTUM = 0.1;

const AXES = [0, 1, 2];

/** The fused kernels `batchNormOps` runs when the active backend has both. */
const FUSED = [BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL];

/** The fused running-average update, used with the fused kernels when the backend has it too. */
const RUNNING = [BATCH_NORM_RUNNING_KERNEL];

/**
 * A batch norm's running averages, updated in training as PyTorch does (momentum
 * {@link BATCH_NORM_MOMENTUM}, the unbiased batch variance). The update is not recorded on any
 * gradient tape.
 */
export interface RunningAverages {
  readonly mean: Variable;
  readonly variance: Variable;
}

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
  /** Frees the constants the running-average update keeps. */
  readonly dispose: () => void;
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
 * @param running - optional: the running averages each training batch updates (with the fused
 *   kernels, in one kernel, `BATCH_NORM_RUNNING_KERNEL`, when the backend has it).
 * @returns the plain, the affine and the scalar-scaled batch norm.
 */
export function batchNormOps(tf: TF, running?: RunningAverages): BatchNormOps {
  const m = BATCH_NORM_MOMENTUM;
  // The running averages with the stock update's momentum constants, made once and owned by the ops.
  const avg = running === undefined ? undefined : { ...running, keep: tf.keep(tf.scalar(1 - m)), take: tf.keep(tf.scalar(m)) };
  /** The running averages' update from a batch's mean and biased variance over `count` values per channel, in stock ops. */
  const update = (mean: Tensor1D, variance: Tensor1D, count: number): void => {
    if (avg === undefined) return;
    const unbiased = count > 1 ? tf.mul(variance, count / (count - 1)) : variance;
    avg.mean.assign(tf.add(tf.mul(avg.mean, avg.keep), tf.mul(mean, avg.take)));
    avg.variance.assign(tf.add(tf.mul(avg.variance, avg.keep), tf.mul(unbiased, avg.take)));
  };
  /** The same update from the fused kernel's `[3, C]` statistics: one kernel when the backend has it. */
  const updateFromStats = (stats: Tensor2D, count: number): void => {
    if (avg === undefined) return;
    if (hasKernels(tf, RUNNING)) {
      const attrs: BatchNormRunningAttrs = { momentum: m, count };
      const [mean, variance] = tf.engine().runKernel(BATCH_NORM_RUNNING_KERNEL, { stats, mean: avg.mean, variance: avg.variance }, { ...attrs }) as [Tensor1D, Tensor1D];
      avg.mean.assign(mean);
      avg.variance.assign(variance);
      return;
    }
    const c = stats.shape[1];
    update(tf.reshape(tf.slice(stats, [0, 0], [1, c]), [c]) as Tensor1D, tf.reshape(tf.slice(stats, [1, 0], [1, c]), [c]) as Tensor1D, count);
  };
  const normalise = (x: Tensor4D): { xhat: Tensor4D; rstd: Tensor1D } => {
    const mean = tf.mean(x, AXES) as Tensor1D;
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), AXES) as Tensor1D;
    update(mean, variance, x.size / x.shape[3]);
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
    updateFromStats(stats, x.size / x.shape[3]);
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
    dispose: () => {
      if (avg !== undefined) tf.dispose([avg.keep, avg.take]);
    },
  };
}
