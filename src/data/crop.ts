/**
 * Random crop with zero padding (CIFAR's `RandomCrop(32, padding=4)`), on typed-array batches.
 *
 * @module
 */
import type { Rng } from '../random.js';
import type { Batch, BatchShape } from './dataset.js';

/**
 * Writes each image of `src` shifted by `(dy[b], dx[b])` into `dst`: `dst(r, c) = src(r + dy, c + dx)`,
 * zero where that falls outside the image. This is a crop of the zero-padded image at offset
 * `(padding + dy, padding + dx)`.
 *
 * @internal
 */
export function shiftInto(src: Float32Array, dst: Float32Array, shape: BatchShape, dy: Int32Array, dx: Int32Array): void {
  const [n, h, w, c] = shape;
  const rowLen = w * c;
  const imageLen = h * rowLen;
  for (let b = 0; b < n; b++) {
    const base = b * imageLen;
    const sy = dy[b]!;
    const sx = dx[b]!;
    const lo = Math.min(rowLen, Math.max(0, -sx) * c);
    const hi = Math.max(lo, Math.min(w, w - sx) * c);
    const shift = sx * c;
    for (let r = 0; r < h; r++) {
      const out = base + r * rowLen;
      const sr = r + sy;
      if (sr < 0 || sr >= h) {
        dst.fill(0, out, out + rowLen);
        continue;
      }
      const inp = base + sr * rowLen + shift;
      if (lo > 0) dst.fill(0, out, out + lo);
      for (let q = lo; q < hi; q++) dst[out + q] = src[inp + q]!;
      if (hi < rowLen) dst.fill(0, out + hi, out + rowLen);
    }
  }
}

/**
 * Draws one crop offset per image and writes the cropped images into `dst`. Draws, per image,
 * `rng.int(2p + 1)` for the row, then for the column.
 *
 * @internal
 */
export function randomCropInto(src: Float32Array, dst: Float32Array, shape: BatchShape, padding: number, rng: Rng): void {
  const n = shape[0];
  const p = Math.max(0, Math.floor(padding));
  const dy = new Int32Array(n);
  const dx = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    dy[b] = rng.int(2 * p + 1) - p;
    dx[b] = rng.int(2 * p + 1) - p;
  }
  shiftInto(src, dst, shape, dy, dx);
}

/**
 * Random crop with zero padding: each image is padded by `padding` zero pixels on every side and
 * a window of the original size is cut at a uniformly random position (as `RandomCrop(32, padding=4)`
 * in DARTS). A crop at offset `(padding, padding)` returns the image unchanged.
 *
 * @param batch - the batch (not modified).
 * @param padding - pixels of zero padding per side; non-integers are floored and negatives act as 0.
 * @param rng - the random generator; two draws per image.
 * @returns a new batch with the cropped images and the same labels.
 *
 * @example
 * ```ts
 * import { createRng, randomCrop } from 'gold-nas';
 * import type { Batch } from 'gold-nas';
 * declare const batch: Batch;
 * const cropped = randomCrop(batch, 4, createRng(1));
 * ```
 * @since 0.1.0
 */
export function randomCrop(batch: Batch, padding: number, rng: Rng): Batch {
  const x = new Float32Array(batch.x.length);
  randomCropInto(batch.x, x, batch.shape, padding, rng);
  return { ...batch, x };
}
