/**
 * Differentiable resource penalties R(gates) for the one-level loss `CE + λ·R` (METHOD.md §3).
 * A penalty turns the gates of all operator slots into a scalar tensor; the constants it needs
 * (costs masked by the live set, node memberships) are tensors made once per live set and
 * re-made only when the live set changes.
 *
 * @module
 */
import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { LiveMask } from '../space/liveSet.js';

/**
 * A differentiable resource penalty over operator slots.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linearPenalty, fullLiveMask } from 'gold-nas';
 * const p = linearPenalty(tf, { params: [10, 30], macs: [100, 300] }, { flops: 1 });
 * if (p._tag === 'Right') {
 *   const r = tf.tidy(() => p.right.evaluate(tf.tensor1d([0.5, 0.5]), new Uint8Array([1, 1])));
 *   r.dispose();
 *   p.right.dispose();
 * }
 * ```
 * @since 0.1.0
 */
export interface GatePenalty {
  /** Which penalty this is (`linear` and `log` for the built-in ones; a penalty of your own names itself). */
  readonly kind: string;
  /**
   * R as a scalar tensor, differentiable w.r.t. the gates. Call inside `tidy` (or dispose the result).
   *
   * @param gates - every slot's gate, `[slots]`, in `operatorSlots` order (e.g. `supernet.gates()`).
   * @param live - the live mask; pruned slots contribute nothing.
   * @throws Error if `gates` or `live` does not have one entry per slot of the space the penalty was
   *   made for (a penalty is evaluated every step: its arguments are the search's own, not user input).
   */
  evaluate(gates: Tensor1D, live: LiveMask): Scalar;
  /** Frees the cached constants. */
  dispose(): void;
}

/**
 * The cache {@link liveConstants} returns.
 *
 * @since 0.2.0
 */
export interface LiveConstants<T extends readonly Tensor[]> {
  /**
   * The tensors for this live mask: the cached ones when the mask's contents are those of the last
   * call, otherwise new ones from `make` (the old ones are disposed).
   */
  get(live: LiveMask): T;
  /** Disposes the cached tensors (a later `get` makes new ones). */
  dispose(): void;
}

/**
 * Caches the constant tensors a penalty derives from the live mask (costs zeroed on pruned slots,
 * node memberships, live-input counts): `make` runs again, and the old tensors are disposed, only
 * when the mask's contents change, which is once per pruning round rather than once per step. The
 * tensors are kept (`tf.keep`), so `get` may be called inside `tidy`, as a penalty's `evaluate` is.
 * `linearPenalty` and `logPenalty` are built on it; a penalty of your own can be too.
 *
 * @param tf - the injected tfjs namespace.
 * @param make - the tensors for a live mask (made when the mask changes; they become the cache's).
 * @returns the cache: `get(live)` and `dispose()` (call it from your penalty's `dispose`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { liveConstants } from 'gold-nas';
 * import type { GatePenalty } from 'gold-nas';
 *
 * // R = Σ live gates (each live operator costs 1).
 * const constants = liveConstants(tf, (live) => [tf.tensor1d(Float32Array.from(live))] as const);
 * const countPenalty: GatePenalty = {
 *   kind: 'live-count',
 *   evaluate: (gates, live) => tf.sum(tf.mul(gates, constants.get(live)[0])),
 *   dispose: constants.dispose,
 * };
 * ```
 * @since 0.2.0
 */
export function liveConstants<T extends readonly Tensor[]>(tf: TF, make: (live: LiveMask) => T): LiveConstants<T> {
  let mask: Uint8Array | null = null;
  let tensors: T | null = null;
  const same = (live: LiveMask): boolean => mask !== null && mask.length === live.length && mask.every((v, i) => v === live[i]);
  const dispose = (): void => {
    if (tensors !== null) for (const t of tensors) t.dispose();
    tensors = null;
    mask = null;
  };
  return {
    get: (live) => {
      if (tensors === null || !same(live)) {
        dispose();
        const made = make(live);
        for (const t of made) tf.keep(t);
        tensors = made;
        mask = Uint8Array.from(live);
      }
      return tensors;
    },
    dispose,
  };
}
