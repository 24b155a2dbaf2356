/**
 * The log-shaped resource penalty of the reference GOLD-NAS implementation (METHOD.md §3):
 * R = Σ_o log(1 + n·w_o)·(r + μ·FLOPs_o) over the operators with w_o > ξ, where w_o = g_o / Σ g
 * over the live operators entering the same node and n is the number of them with w > ξ.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { LiveMask } from '../space/liveSet.js';
import { liveInputsPerNode, nodeKey } from '../space/liveSet.js';
import type { OperatorSlot } from '../space/searchSpace.js';
import type { GatePenalty } from './penalty.js';
import { liveConstants } from './penalty.js';

/**
 * Options of {@link logPenalty}.
 *
 * @since 0.1.0
 */
export interface LogPenaltyOptions {
  /** The constant per-operator term r (default 1, as the reference). */
  readonly r?: number;
  /** The weight μ of each operator's FLOPs (default 0, as the reference). */
  readonly mu?: number;
  /**
   * Per-slot FLOPs in the unit μ is meant for; required when μ ≠ 0. [R] gives millions of
   * multiply-adds: `slotCosts(space).macs` divided by 1e6.
   */
  readonly flops?: ArrayLike<number>;
  /**
   * ξ, the node-normalised weight an operator must exceed to count (default 0: every live operator).
   * [R] uses ξ_min (0.01): an operator with w ≤ ξ_min adds no term and is not counted in n, as in
   * its `model_search.py` (lines 250-254). The indicator has no gradient, as in [R], where n is a
   * plain integer.
   */
  readonly xiMin?: number;
}

/**
 * The log-shaped penalty R = Σ_o log(1 + n·w_o)·(r + μ·FLOPs_o) over live slots whose weight
 * w_o exceeds `xiMin` (ξ), with n the number of such slots entering the same node. With
 * ξ = ξ_min = 0.01 this is [R]'s penalty term for term (`model_search.py`, lines 221-264). Node
 * sums are plain matrix products with constant 0/1 membership matrices (no gather or segment ops,
 * so it runs, and differentiates, on every backend); the indicator "w exceeds ξ" is a `step`, whose
 * gradient is 0. The penalty's `evaluate` throws when given gates or a live mask of another length
 * than `slots` (see {@link GatePenalty}).
 *
 * @param tf - the injected tfjs namespace.
 * @param slots - `operatorSlots(space)`.
 * @param options - r, μ and the FLOPs vector.
 * @returns the penalty, or a `ConfigError` (μ ≠ 0 without FLOPs, FLOPs of the wrong length, non-finite values, ξ outside [0, 1)).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { logPenalty, operatorSlots, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const penalty = logPenalty(tf, operatorSlots(space)); // r = 1, μ = 0
 * ```
 * @since 0.1.0
 */
export function logPenalty(tf: TF, slots: readonly OperatorSlot[], options: LogPenaltyOptions = {}): Either<GoldNasError, GatePenalty> {
  const r = options.r ?? 1;
  const mu = options.mu ?? 0;
  const xiMin = options.xiMin ?? 0;
  const n = slots.length;
  if (!Number.isFinite(r) || !Number.isFinite(mu)) return E.left(goldNasError('ConfigError', 'r', `r and mu must be finite, got r: ${r}, mu: ${mu}`));
  if (!(xiMin >= 0 && xiMin < 1)) return E.left(goldNasError('ConfigError', 'xiMin', `must be in [0, 1), got ${xiMin}`));
  if (mu !== 0 && options.flops === undefined) {
    return E.left(goldNasError('ConfigError', 'flops', 'mu ≠ 0 needs per-slot FLOPs; pass flops (e.g. slotCosts(space).macs divided by 1e6: millions of multiply-adds)'));
  }
  const flops = options.flops ?? new Float64Array(n);
  if (flops.length !== n) return E.left(goldNasError('ConfigError', 'flops', `flops has ${flops.length} entries but the space has ${n} slots`));
  for (let i = 0; i < n; i++) if (!Number.isFinite(flops[i]!)) return E.left(goldNasError('ConfigError', `flops.${i}`, `must be finite, got ${flops[i]}`));

  const nodeIndex = new Map<number, number>();
  for (const s of slots) if (!nodeIndex.has(nodeKey(s))) nodeIndex.set(nodeKey(s), nodeIndex.size);
  const nodes = nodeIndex.size;
  const make = (live: LiveMask): readonly [Tensor2D, Tensor2D, Tensor1D, Tensor1D, Tensor1D] => {
    const member = new Float32Array(n * nodes);
    const memberT = new Float32Array(nodes * n);
    for (const s of slots) {
      const j = nodeIndex.get(nodeKey(s))!;
      memberT[j * n + s.index] = 1;
      if (live[s.index]) member[s.index * nodes + j] = 1;
    }
    const counts = liveInputsPerNode(slots, live);
    const coef = Float32Array.from(slots, (s) => (live[s.index] ? r + mu * flops[s.index]! : 0));
    const liveVector = Float32Array.from(slots, (s) => (live[s.index] ? 1 : 0));
    return [tf.tensor2d(member, [n, nodes]), tf.tensor2d(memberT, [nodes, n]), tf.tensor1d(Float32Array.from(counts)), tf.tensor1d(coef), tf.tensor1d(liveVector)];
  };
  const constants = liveConstants(tf, make);
  return E.right({
    kind: 'log',
    evaluate: (gates: Tensor1D, live) => {
      if (gates.shape[0] !== n || live.length !== n) throw new Error(`logPenalty: expected ${n} gates and mask entries, got ${gates.shape[0]} and ${live.length}`);
      const [member, memberT, counts, coef, liveVector] = constants.get(live);
      const g = tf.reshape(gates, [1, n]) as Tensor2D;
      const perSlotSum = tf.reshape(tf.matMul(tf.matMul(g, member), memberT), [n]);
      const w = tf.div(gates, perSlotSum);
      if (xiMin === 0) return tf.sum(tf.mul(tf.log1p(tf.mul(w, counts)), coef)) as Scalar;
      // Only operators with w > ξ count, in the sum and in n: [R]'s rule. `step` is 1 above 0 and
      // 0 at or below it, with a zero gradient, so the indicator is a constant for backprop.
      const above = tf.mul(tf.step(tf.sub(w, xiMin)), liveVector) as Tensor1D;
      const countsAbove = tf.reshape(tf.matMul(tf.matMul(tf.reshape(above, [1, n]), member), memberT), [n]);
      return tf.sum(tf.mul(tf.mul(tf.log1p(tf.mul(w, countsAbove)), coef), above)) as Scalar;
    },
    dispose: constants.dispose,
  });
}
