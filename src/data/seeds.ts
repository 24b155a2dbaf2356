/**
 * Derived seeds: one 32-bit seed per (run seed, purpose, epoch, batch, ...) tuple, so every random
 * stream of the data pipeline is a pure function of its coordinates and a checkpoint needs no
 * generator state.
 *
 * @module
 * @internal
 */

/** The purposes a seeded stream (data pipeline, drop-path) can serve; distinct tags give independent streams. */
export const SEED_TAG = {
  permutation: 0x5045524d,
  augment: 0x41554720,
  split: 0x53504c54,
  synthetic: 0x53594e54,
  /** Re-training's per-step drop-path masks ('DRPT'). */
  dropPath: 0x44525054,
  /** A dataset's fixed train/test split, e.g. Fashion-MNIST's ('TEST'). */
  testSplit: 0x54455354,
} as const;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Mixes a seed with further integers into one 32-bit seed for `createRng`. For a fixed prefix,
 * distinct values of each further part give distinct results.
 *
 * @internal
 */
export function deriveSeed(seed: number, ...parts: readonly number[]): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  // Seeds above 2^32 still matter: fold in the high bits.
  h = fmix32((h ^ Math.floor(seed / 4294967296)) >>> 0);
  for (const p of parts) h = fmix32(((h ^ Math.imul(p >>> 0, 0x27d4eb2d)) + 0x165667b1) >>> 0);
  return h;
}
