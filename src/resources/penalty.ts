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
 */
export interface GatePenalty {
  /** Which penalty this is (`linear` and `log` for the built-in ones; a penalty of your own names itself). */
  readonly kind: string;
  /**
   * R as a scalar tensor, differentiable w.r.t. the gates. Call inside `tidy` (or dispose the result).
   *
   * @param gates - every slot's gate, `[slots]`, in `operatorSlots` order (e.g. `supernet.gates()`).
   * @param live - the live mask; pruned slots contribute nothing.
   */
  evaluate(gates: Tensor1D, live: LiveMask): Scalar;
  /** Frees the cached constants. */
  dispose(): void;
}

/**
 * Caches tensors derived from a live mask: rebuilt (and the old ones freed) only when the mask's
 * contents change. The tensors are kept, so a rebuild inside `tidy` is safe.
 *
 * @internal
 */
export function liveConstants<T extends readonly Tensor[]>(tf: TF, make: (live: LiveMask) => T): { get: (live: LiveMask) => T; dispose: () => void } {
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
