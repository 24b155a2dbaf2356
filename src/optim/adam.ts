/**
 * Adam with PyTorch semantics (`torch.optim.Adam`, L2 weight decay added to the gradient), its
 * moments keyed by stable variable names, so that they survive pruning and go into checkpoints.
 * DARTS updates α with it (lr 3e-4, betas (0.5, 0.999), weight decay 1e-3).
 *
 * @module
 */
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { NamedVariable } from '../namedVariable.js';

/**
 * Settings of one Adam optimiser.
 *
 * @since 0.2.0
 */
export interface AdamConfig {
  /** β1, the decay of the first moment (PyTorch default 0.9; DARTS uses 0.5 for α). */
  readonly beta1: number;
  /** β2, the decay of the second moment (default 0.999). */
  readonly beta2: number;
  /** ε, added to the bias-corrected root of the second moment (default 1e-8). */
  readonly epsilon: number;
  /** L2 weight decay added to the gradient before the moments (PyTorch's `weight_decay`, not AdamW's). */
  readonly weightDecay: number;
}

/**
 * The PyTorch defaults (β1 0.9, β2 0.999, ε 1e-8, no weight decay).
 *
 * @since 0.2.0
 */
export const ADAM_DEFAULTS: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

/**
 * An Adam optimiser. It owns its moments; call `dispose()` when done.
 *
 * @since 0.2.0
 */
export interface AdamOptimizer {
  readonly config: AdamConfig;
  /**
   * One update per variable that has a gradient, in its own `tidy`; reads nothing back.
   *
   * @param params - the variables, by stable name.
   * @param grads - their gradients, by the same names (missing names are skipped and keep their step count).
   * @param learningRate - the step's learning rate.
   * @returns null (Adam reports no gradient norm).
   */
  apply(params: readonly NamedVariable[], grads: NamedTensorMap, learningRate: number): Scalar | null;
  /** Drops the moments of these names (their variables were pruned). */
  forget(names: readonly string[]): void;
  /** The moments and step counts, by `<name>/m`, `<name>/v` and `<name>/step` (one read per buffer). */
  exportState(): Promise<Record<string, Float32Array>>;
  /** Replaces the moments with saved ones (from {@link AdamOptimizer.exportState}); shapes come from the matching variables. */
  importState(state: Readonly<Record<string, Float32Array>>, params: readonly NamedVariable[]): void;
  /** Frees every buffer. */
  dispose(): void;
}

interface Moments {
  readonly m: Variable;
  readonly v: Variable;
  /** Updates taken so far (PyTorch's per-parameter `state['step']`). */
  step: number;
}

/**
 * Creates an Adam optimiser with PyTorch's update: `g ← g + wd·w`, `m ← β1·m + (1−β1)·g`,
 * `v ← β2·v + (1−β2)·g²`, `w ← w − lr·(m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)`.
 *
 * @param tf - the injected tfjs namespace.
 * @param config - β1, β2, ε and weight decay (fields left out take {@link ADAM_DEFAULTS}).
 * @returns the optimiser.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createAdam } from 'gold-nas';
 * const alpha = tf.variable(tf.zeros([4]));
 * const adam = createAdam(tf, { beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 }); // DARTS's α optimiser
 * const { value, grads } = tf.variableGrads(() => alpha.sub(1).square().sum(), [alpha]);
 * adam.apply([{ name: 'alpha', variable: alpha }], { alpha: grads[alpha.name]! }, 3e-4);
 * tf.dispose([value, grads]);
 * adam.dispose();
 * ```
 * @since 0.2.0
 */
export function createAdam(tf: TF, config: Partial<AdamConfig> = {}): AdamOptimizer {
  const c: AdamConfig = { ...ADAM_DEFAULTS, ...config };
  const moments = new Map<string, Moments>();

  const momentsOf = (p: NamedVariable): Moments => {
    let s = moments.get(p.name);
    if (s === undefined) {
      s = { m: tf.variable(tf.zerosLike(p.variable), false), v: tf.variable(tf.zerosLike(p.variable), false), step: 0 };
      moments.set(p.name, s);
    }
    return s;
  };

  const dropAll = (): void => {
    for (const s of moments.values()) tf.dispose([s.m, s.v]);
    moments.clear();
  };

  return {
    config: c,
    apply(params, grads, learningRate) {
      tf.tidy(() => {
        for (const p of params) {
          const g0 = grads[p.name];
          if (g0 === undefined) continue;
          const s = momentsOf(p);
          s.step += 1;
          const g: Tensor = c.weightDecay !== 0 ? tf.add(g0, tf.mul(p.variable, c.weightDecay)) : g0;
          const m = tf.add(tf.mul(s.m, c.beta1), tf.mul(g, 1 - c.beta1));
          const v = tf.add(tf.mul(s.v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2));
          s.m.assign(m);
          s.v.assign(v);
          const correction1 = 1 - Math.pow(c.beta1, s.step);
          const correction2 = 1 - Math.pow(c.beta2, s.step);
          const denominator = tf.add(tf.div(tf.sqrt(v), Math.sqrt(correction2)), c.epsilon);
          p.variable.assign(tf.sub(p.variable, tf.mul(tf.div(m, denominator), learningRate / correction1)));
        }
      });
      return null;
    },
    forget(names) {
      for (const n of names) {
        const s = moments.get(n);
        if (s === undefined) continue;
        tf.dispose([s.m, s.v]);
        moments.delete(n);
      }
    },
    async exportState() {
      const out: Record<string, Float32Array> = {};
      for (const [name, s] of moments) {
        out[`${name}/m`] = (await s.m.data()) as Float32Array;
        out[`${name}/v`] = (await s.v.data()) as Float32Array;
        out[`${name}/step`] = Float32Array.of(s.step);
      }
      return out;
    },
    importState(state, params) {
      dropAll();
      for (const p of params) {
        const m = state[`${p.name}/m`];
        const v = state[`${p.name}/v`];
        const step = state[`${p.name}/step`];
        if (m === undefined || v === undefined || step === undefined) continue;
        const shape = p.variable.shape;
        moments.set(p.name, {
          m: tf.tidy(() => tf.variable(tf.tensor(m, shape), false)),
          v: tf.tidy(() => tf.variable(tf.tensor(v, shape), false)),
          step: step[0]!,
        });
      }
    },
    dispose: dropAll,
  };
}
