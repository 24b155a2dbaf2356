/**
 * Cutout (DeVries & Taylor 2017, as in DARTS): one square hole per image, on typed-array batches.
 *
 * @module
 */
import type { Rng } from '../random.js';
import type { Batch, BatchShape } from './dataset.js';

/**
 * The hole Cutout makes for a centre `(cy, cx)`: rows `[y1, y2)` and columns `[x1, x2)`, the square
 * of side `2·⌊length/2⌋` around the centre clipped at the image borders (DARTS `utils.Cutout`).
 *
 * @param height - image height.
 * @param width - image width.
 * @param length - the hole's nominal side.
 * @param cy - the centre row.
 * @param cx - the centre column.
 * @returns the clipped bounds.
 */
export function cutoutBounds(height: number, width: number, length: number, cy: number, cx: number): { y1: number; y2: number; x1: number; x2: number } {
  const half = Math.max(0, Math.floor(length / 2));
  const clip = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  return { y1: clip(cy - half, height), y2: clip(cy + half, height), x1: clip(cx - half, width), x2: clip(cx + half, width) };
}

/**
 * Zeroes, in place, one clipped square per image. Draws, per image, `rng.int(height)` for the
 * centre row, then `rng.int(width)` for the centre column.
 *
 * @internal
 */
export function cutoutInPlace(x: Float32Array, shape: BatchShape, length: number, rng: Rng): void {
  const [n, h, w, c] = shape;
  const rowLen = w * c;
  for (let b = 0; b < n; b++) {
    const cy = rng.int(h);
    const cx = rng.int(w);
    const { y1, y2, x1, x2 } = cutoutBounds(h, w, length, cy, cx);
    const base = b * h * rowLen;
    for (let r = y1; r < y2; r++) x.fill(0, base + r * rowLen + x1 * c, base + r * rowLen + x2 * c);
  }
}

/**
 * Cutout: in each image, zeroes every channel of one square of side `2·⌊length/2⌋` whose centre is
 * drawn uniformly over the whole image; the square is clipped at the borders, so holes near an
 * edge are smaller. DARTS re-trains CIFAR-10 with `length = 16`.
 *
 * @param batch - the batch (not modified).
 * @param length - the hole's side in pixels; 0 or less leaves the images unchanged (the draws still happen).
 * @param rng - the random generator; two draws per image.
 * @returns a new batch with the same labels.
 *
 * @example
 * ```ts
 * import { createRng, cutout } from 'gold-nas';
 * import type { Batch } from 'gold-nas';
 * declare const batch: Batch;
 * const holed = cutout(batch, 16, createRng(1));
 * ```
 * @since 0.1.0
 */
export function cutout(batch: Batch, length: number, rng: Rng): Batch {
  const x = batch.x.slice();
  cutoutInPlace(x, batch.shape, length, rng);
  return { ...batch, x };
}
