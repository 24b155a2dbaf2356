/**
 * Seeded parameter initialisers, PyTorch-like. tfjs's own initialisers are unseeded, so every
 * gold-nas parameter is drawn here from a {@link Rng}.
 *
 * @module
 */
import type { Rng } from '../random.js';

/**
 * PyTorch's default initialisation of `Conv2d` and `Linear` weights (`kaiming_uniform_` with
 * `a = √5`), which is U(−1/√fanIn, 1/√fanIn); `Linear` biases use the same bound.
 *
 * @param rng - the seeded generator to draw from.
 * @param size - how many values.
 * @param fanIn - inputs per output: `inC·kH·kW` for a convolution, `kH·kW` for a depthwise one, `inF` for a linear layer.
 * @returns `size` values drawn uniformly from (−1/√fanIn, 1/√fanIn).
 */
export function kaimingUniform(rng: Rng, size: number, fanIn: number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * bound;
  return out;
}
