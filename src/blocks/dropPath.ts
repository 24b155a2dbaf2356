/**
 * DARTS drop-path: zero a whole example's branch with probability p and scale survivors by 1/(1−p).
 *
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { Rng } from '../random.js';

/**
 * Drops each example of `x` with probability `prob` (a per-example Bernoulli mask drawn from
 * `rng`) and divides the kept ones by `1 − prob`, as DARTS' `drop_path`. Call inside `tidy`.
 *
 * @param tf - the injected tfjs namespace.
 * @param x - a batch, `[N, ...]`.
 * @param prob - the drop probability in [0, 1); 0 returns `x` unchanged and draws nothing.
 * @param rng - the seeded generator the mask comes from (N draws).
 * @returns the masked, rescaled batch.
 */
export function dropPath(tf: TF, x: Tensor, prob: number, rng: Rng): Tensor {
  if (prob <= 0) return x;
  const keep = 1 - prob;
  const n = x.shape[0]!;
  const mask = new Float32Array(n);
  for (let i = 0; i < n; i++) mask[i] = rng.next() < keep ? 1 / keep : 0;
  return tf.mul(x, tf.tensor(mask, [n, ...x.shape.slice(1).map(() => 1)]));
}
