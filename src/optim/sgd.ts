/**
 * SGD with momentum, decoupled-from-tfjs state keyed by stable names. PyTorch semantics:
 * the gradient is optionally clipped by its global norm, then weight decay is added
 * (`g + wd·w`), then `buf ← m·buf + g`, `w ← w − lr·buf`.
 *
 * tfjs's own `MomentumOptimizer` keys its accumulators by position in the gradient list, which
 * breaks as soon as pruning removes variables; this one keys them by name, forgets pruned
 * variables, and can save and restore its state for checkpoints. When the active backend has
 * gold-nas's fused SGD kernel (`SGD_KERNEL`, which `readyBackend` installs on cpu and wasm), a
 * whole update is one kernel instead of about ten per variable.
 *
 * @module
 */
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { NamedVariable } from '../namedVariable.js';
import { SGD_KERNEL, type SgdKernelAttrs } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';

export type { NamedVariable } from '../namedVariable.js';

/**
 * Settings of one SGD optimiser.
 *
 * @since 0.1.0
 */
export interface SgdConfig {
  /** Momentum factor m (0 for plain SGD). */
  readonly momentum: number;
  /** L2 weight decay added to the gradient (PyTorch's `weight_decay`). */
  readonly weightDecay: number;
  /** Clip the global gradient norm to this value before weight decay; 0 or undefined for no clipping. */
  readonly clipNorm?: number;
}

/**
 * An SGD optimiser. It owns its momentum buffers; call `dispose()` when done.
 *
 * @since 0.1.0
 */
export interface SgdOptimizer {
  readonly config: SgdConfig;
  /**
   * One update. Runs in its own `tidy`; reads nothing back from the device.
   *
   * @param params - the variables to update, by stable name.
   * @param grads - their gradients, by the same names (missing names are skipped).
   * @param learningRate - the step's learning rate.
   * @returns the pre-clipping global gradient norm as a scalar tensor the caller must dispose, or null without clipping.
   */
  apply(params: readonly NamedVariable[], grads: NamedTensorMap, learningRate: number): Scalar | null;
  /**
   * The weights one step would give, without changing anything: w − lr·(m·buf + g + wd·w), with
   * buf = 0 before the first step and no clipping. This is DARTS's unrolled model ω′
   * (`architect.py`, `_compute_unrolled_model`), which the second-order α gradient differentiates through.
   *
   * @param params - the variables, by stable name.
   * @param grads - their gradients, by the same names (missing names are left out of the result).
   * @param learningRate - the step's learning rate.
   * @returns the would-be weights by name (new tensors the caller disposes, or calls this inside `tidy`).
   */
  virtualStep(params: readonly NamedVariable[], grads: NamedTensorMap, learningRate: number): NamedTensorMap;
  /** Drops the buffers of these names (their variables were pruned). */
  forget(names: readonly string[]): void;
  /** The momentum buffers' values, by name (one read per buffer). */
  exportState(): Promise<Record<string, Float32Array>>;
  /** Replaces the momentum buffers with saved values; shapes are taken from the matching variables. */
  importState(state: Readonly<Record<string, Float32Array>>, params: readonly NamedVariable[]): void;
  /** Frees every buffer and cached constant. */
  dispose(): void;
}

/**
 * Creates an SGD optimiser with momentum, weight decay and optional global-norm clipping.
 *
 * @param tf - the injected tfjs namespace.
 * @param config - momentum, weight decay, clipping.
 * @returns the optimiser.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createSgd } from 'gold-nas';
 * const w = tf.variable(tf.ones([3]));
 * const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
 * const { value, grads } = tf.variableGrads(() => w.square().sum(), [w]);
 * sgd.apply([{ name: 'w', variable: w }], { w: grads[w.name]! }, 0.025)?.dispose();
 * tf.dispose([value, grads]);
 * ```
 * @since 0.1.0
 */
export function createSgd(tf: TF, config: SgdConfig): SgdOptimizer {
  const buffers = new Map<string, Variable>();
  const clip = config.clipNorm !== undefined && config.clipNorm > 0 ? config.clipNorm : 0;

  /** The per-variable update's constants: made on its first use, kept until `dispose()`. */
  interface Constants {
    readonly one: Scalar;
    readonly clip: Scalar;
    readonly epsilon: Scalar;
    readonly momentum: Scalar;
    readonly weightDecay: Scalar | null;
  }
  let constants: Constants | null = null;
  const constantsOf = (): Constants => {
    // Kept: the update usually runs inside the caller's `tidy`.
    constants ??= {
      one: tf.keep(tf.scalar(1)),
      clip: tf.keep(tf.scalar(clip)),
      epsilon: tf.keep(tf.scalar(1e-6)),
      momentum: tf.keep(tf.scalar(config.momentum)),
      weightDecay: config.weightDecay !== 0 ? tf.keep(tf.scalar(config.weightDecay)) : null,
    };
    return constants;
  };
  const disposeConstants = (): void => {
    if (constants === null) return;
    const { one, clip: c, epsilon, momentum, weightDecay } = constants;
    tf.dispose([one, c, epsilon, momentum, ...(weightDecay === null ? [] : [weightDecay])]);
    constants = null;
  };

  /** The whole update in one kernel (`SGD_KERNEL`, see `kernels/names`); the new weights and buffers are assigned. */
  const applyFused = (present: readonly NamedVariable[], grads: NamedTensorMap, learningRate: number): Scalar | undefined => {
    const inputs: NamedTensorMap = {};
    present.forEach((p, i) => {
      inputs[`w${i}`] = p.variable;
      inputs[`g${i}`] = grads[p.name]!;
      const buf = config.momentum !== 0 ? buffers.get(p.name) : undefined;
      if (buf !== undefined) inputs[`b${i}`] = buf;
    });
    const k = present.length;
    const attrs: SgdKernelAttrs = { lr: learningRate, momentum: config.momentum, weightDecay: config.weightDecay, clipNorm: clip, count: k };
    const outs = tf.engine().runKernel(SGD_KERNEL, inputs, { ...attrs }) as Tensor[];
    present.forEach((p, i) => {
      p.variable.assign(outs[i]!);
      if (config.momentum === 0) return;
      const buf = buffers.get(p.name);
      if (buf === undefined) buffers.set(p.name, tf.variable(outs[k + i]!, false));
      else buf.assign(outs[k + i]!);
    });
    return clip > 0 ? (outs[outs.length - 1] as Scalar) : undefined;
  };

  const apply: SgdOptimizer['apply'] = (params, grads, learningRate) => {
    const norm = tf.tidy((): Scalar | undefined => {
      const present = params.filter((p) => grads[p.name] !== undefined);
      if (present.length > 0 && hasKernels(tf, [SGD_KERNEL])) return applyFused(present, grads, learningRate);
      const c = constantsOf();
      let norm: Scalar | null = null;
      let scale: Scalar | null = null;
      if (clip > 0 && present.length > 0) {
        const squares = present.map((p) => tf.sum(tf.square(grads[p.name]!)));
        norm = tf.sqrt(squares.length === 1 ? squares[0]! : tf.addN(squares)) as Scalar;
        scale = tf.minimum(c.one, tf.div(c.clip, tf.add(norm, c.epsilon))) as Scalar;
      }
      const lr = tf.scalar(-learningRate);
      const m = c.momentum;
      const wd = c.weightDecay;
      for (const p of present) {
        let g: Tensor = grads[p.name]!;
        if (scale !== null) g = tf.mul(g, scale);
        if (wd !== null) g = tf.add(g, tf.mul(p.variable, wd));
        let step = g;
        if (config.momentum !== 0) {
          let buf = buffers.get(p.name);
          if (buf === undefined) {
            // PyTorch initialises the buffer to the first gradient.
            buf = tf.variable(g, false);
            buffers.set(p.name, buf);
          } else {
            buf.assign(tf.add(tf.mul(buf, m), g));
          }
          step = buf;
        }
        p.variable.assign(tf.add(p.variable, tf.mul(step, lr)));
      }
      return norm ?? undefined;
    });
    return norm ?? null;
  };

  const virtualStep: SgdOptimizer['virtualStep'] = (params, grads, learningRate) => {
    const out: NamedTensorMap = {};
    for (const p of params) {
      const g = grads[p.name];
      if (g === undefined) continue;
      out[p.name] = tf.tidy(() => {
        let d: Tensor = config.weightDecay !== 0 ? tf.add(g, tf.mul(p.variable, config.weightDecay)) : g;
        const buf = config.momentum !== 0 ? buffers.get(p.name) : undefined;
        if (buf !== undefined) d = tf.add(d, tf.mul(buf, config.momentum));
        return tf.sub(p.variable, tf.mul(d, learningRate));
      });
    }
    return out;
  };

  return {
    config,
    apply,
    virtualStep,
    forget(names) {
      for (const n of names) {
        buffers.get(n)?.dispose();
        buffers.delete(n);
      }
    },
    async exportState() {
      const out: Record<string, Float32Array> = {};
      for (const [name, buf] of buffers) out[name] = (await buf.data()) as Float32Array;
      return out;
    },
    importState(state, params) {
      for (const buf of buffers.values()) buf.dispose();
      buffers.clear();
      const shapes = new Map(params.map((p) => [p.name, p.variable.shape] as const));
      for (const [name, values] of Object.entries(state)) {
        const shape = shapes.get(name);
        if (shape === undefined) continue;
        buffers.set(name, tf.tidy(() => tf.variable(tf.tensor(values, shape), false)));
      }
    },
    dispose() {
      for (const buf of buffers.values()) buf.dispose();
      buffers.clear();
      disposeConstants();
    },
  };
}
