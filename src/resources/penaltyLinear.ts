/**
 * The linear resource penalty R = Σ_o g_o·(r + cost_o) over live operator slots (GOLD-NAS' basic
 * form, with [R]'s uniform per-operator term r).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor1D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { GatePenalty } from './penalty.js';
import { liveConstants } from './penalty.js';

/**
 * Per-slot costs, as `slotCosts(space)` gives them (any object with these two arrays fits).
 *
 * @since 0.1.0
 */
export interface PenaltyCosts {
  /** Parameters per slot. */
  readonly params: ArrayLike<number>;
  /** Multiply-adds per example per slot (what NAS papers, and gold-nas, call FLOPs). */
  readonly macs: ArrayLike<number>;
  /** Measured milliseconds per slot (`measureSlotLatency(...).ms`); needed when the spec weighs latency. */
  readonly latency?: ArrayLike<number>;
}

/**
 * Which costs the linear penalty weighs, and how much. Each cost vector is divided by its mean over
 * all slots before weighting, so the average slot costs `r + flops + params + latency` whatever the
 * units: λ then means the same for FLOPs, parameters or a mix, and for any network size.
 *
 * @since 0.1.0
 */
export interface CostSpec {
  /**
   * A uniform term every live operator pays, whatever it computes ([R]'s r). Without it an operator
   * that costs nothing (a stride-1 `skip_connect`) gets no penalty and no penalty gradient. Default 0.
   */
  readonly r?: number;
  /** Weight of the (mean-normalised) FLOPs (multiply-adds) of each slot. */
  readonly flops?: number;
  /** Weight of the (mean-normalised) parameters of each slot. */
  readonly params?: number;
  /** Weight of the (mean-normalised) measured latency of each slot. */
  readonly latency?: number;
}

function normalised(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  const mean = out.reduce((a, b) => a + b, 0) / Math.max(1, out.length);
  if (mean > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / mean;
  return out;
}

/**
 * The linear penalty R = Σ_o g_o·(r + cost_o) over live slots, with cost_o a weighted mix of the
 * slot's FLOPs, parameters and latency, each normalised by its mean over all slots, and r a uniform
 * per-operator term. The penalty's `evaluate` throws when given gates or a live mask of another
 * length than the cost vectors (see {@link GatePenalty}).
 *
 * @param tf - the injected tfjs namespace.
 * @param costs - per-slot params and MACs (e.g. `slotCosts(space)`).
 * @param spec - r and the weights of FLOPs, params and latency (default `{ flops: 1 }`).
 * @returns the penalty, or a `ConfigError` (vectors of different lengths, negative or all-zero weights and r, non-finite costs).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linearPenalty, slotCosts, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const penalty = linearPenalty(tf, slotCosts(space), { flops: 0.5, params: 0.5 });
 * ```
 * @since 0.1.0
 */
export function linearPenalty(tf: TF, costs: PenaltyCosts, spec: CostSpec = { flops: 1 }): Either<GoldNasError, GatePenalty> {
  const n = costs.params.length;
  if (costs.macs.length !== n) {
    return E.left(goldNasError('ConfigError', 'costs', `params has ${n} entries but macs has ${costs.macs.length}; give one entry per operator slot`));
  }
  const wf = spec.flops ?? 0;
  const wp = spec.params ?? 0;
  const wl = spec.latency ?? 0;
  const r = spec.r ?? 0;
  if (![r, wf, wp, wl].every((w) => w >= 0 && Number.isFinite(w)) || r + wf + wp + wl === 0) {
    return E.left(goldNasError('ConfigError', 'spec', `r and the cost weights must be finite, ≥ 0 and not all 0; got r: ${r}, flops: ${wf}, params: ${wp}, latency: ${wl}`));
  }
  const latency = costs.latency ?? new Float64Array(n);
  if (wl > 0 && costs.latency === undefined) {
    return E.left(goldNasError('ConfigError', 'costs.latency', 'the spec weighs latency but no latency table was given; measure one with measureSlotLatency'));
  }
  if (latency.length !== n) {
    return E.left(goldNasError('ConfigError', 'costs.latency', `latency has ${latency.length} entries but params has ${n}; give one entry per operator slot`));
  }
  for (const [name, v] of [['params', costs.params], ['macs', costs.macs], ['latency', latency]] as const) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i]!) || v[i]! < 0) return E.left(goldNasError('ConfigError', `costs.${name}.${i}`, `a cost must be finite and ≥ 0, got ${v[i]}`));
    }
  }
  const f = normalised(costs.macs);
  const p = normalised(costs.params);
  const l = normalised(latency);
  const base = Float32Array.from({ length: n }, (_, i) => r + wf * f[i]! + wp * p[i]! + wl * l[i]!);
  const constants = liveConstants(tf, (live) => [tf.tensor1d(base.map((c, i) => (live[i] ? c : 0)))] as const);
  return E.right({
    kind: 'linear',
    evaluate: (gates: Tensor1D, live) => {
      if (gates.shape[0] !== n || live.length !== n) throw new Error(`linearPenalty: expected ${n} gates and mask entries, got ${gates.shape[0]} and ${live.length}`);
      const [cost] = constants.get(live);
      return tf.sum(tf.mul(gates, cost)) as Scalar;
    },
    dispose: constants.dispose,
  });
}
