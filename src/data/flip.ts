/**
 * Random horizontal flip, on typed-array batches.
 *
 * @module
 */
import type { Rng } from '../random.js';
import type { Batch, BatchShape } from './dataset.js';

/**
 * Mirrors, in place, each image whose draw `rng.next()` is below `probability` (one draw per image).
 *
 * @internal
 */
export function randomFlipInPlace(x: Float32Array, shape: BatchShape, probability: number, rng: Rng): void {
  const [n, h, w, c] = shape;
  const rowLen = w * c;
  for (let b = 0; b < n; b++) {
    if (!(rng.next() < probability)) continue;
    const base = b * h * rowLen;
    for (let r = 0; r < h; r++) {
      const row = base + r * rowLen;
      for (let j = 0, k = w - 1; j < k; j++, k--) {
        const a = row + j * c;
        const z = row + k * c;
        for (let ch = 0; ch < c; ch++) {
          const t = x[a + ch]!;
          x[a + ch] = x[z + ch]!;
          x[z + ch] = t;
        }
      }
    }
  }
}

/**
 * Random horizontal flip: each image is mirrored left–right with the given probability.
 *
 * @param batch - the batch (not modified).
 * @param probability - the chance that an image is flipped; 0.5 as in CIFAR training.
 * @param rng - the random generator; one draw per image.
 * @returns a new batch with the same labels.
 *
 * @example
 * ```ts
 * import { createRng, randomFlip } from 'gold-nas';
 * import type { Batch } from 'gold-nas';
 * declare const batch: Batch;
 * const flipped = randomFlip(batch, 0.5, createRng(1));
 * ```
 * @since 0.1.0
 */
export function randomFlip(batch: Batch, probability: number, rng: Rng): Batch {
  const x = batch.x.slice();
  randomFlipInPlace(x, batch.shape, probability, rng);
  return { ...batch, x };
}
