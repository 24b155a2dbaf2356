/**
 * Seeded augmentation of typed-array batches: crop, flip, AutoAugment and Cutout composed in the
 * order of DARTS and [R].
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Rng } from '../random.js';
import { autoAugmentInPlace } from './autoAugment.js';
import { randomCropInto } from './crop.js';
import { cutoutInPlace } from './cutout.js';
import type { Batch, BatchShape } from './dataset.js';
import { randomFlipInPlace } from './flip.js';

/**
 * Which augmentations to apply. Leave a field out to skip that step.
 *
 * @example
 * ```ts
 * import type { AugmentOptions } from 'gold-nas';
 * // DARTS CIFAR-10 re-training: pad-4 crop, horizontal flip, Cutout 16.
 * const darts: AugmentOptions = { cropPadding: 4, flip: true, cutoutLength: 16 };
 * // MNIST: digits must not be mirrored.
 * const mnist: AugmentOptions = { cropPadding: 2 };
 * ```
 * @since 0.1.0
 */
export interface AugmentOptions {
  /** Random crop with this much zero padding per side (a whole number ≥ 0). */
  readonly cropPadding?: number;
  /** Mirror each image left–right with probability 0.5. */
  readonly flip?: boolean;
  /** Cutout with this hole side (a whole number ≥ 0). */
  readonly cutoutLength?: number;
  /**
   * AutoAugment's CIFAR-10 policy ([R]'s search), after crop and flip and before normalisation, on
   * the images' 8-bit levels (values in [0, 1] read as ×255): `'cifar10'`, or leave it out.
   */
  readonly autoAugment?: 'cifar10';
}

/**
 * Checks augmentation options against an image shape.
 *
 * @internal
 */
export function checkAugmentOptions(options: AugmentOptions, height: number, width: number, path: string): Either<GoldNasError, AugmentOptions> {
  const { cropPadding, cutoutLength } = options;
  if (cropPadding !== undefined && !(Number.isInteger(cropPadding) && cropPadding >= 0 && cropPadding < Math.min(height, width))) {
    return E.left(goldNasError('ConfigError', `${path}.cropPadding`, `must be a whole number in [0, ${Math.min(height, width)}) for ${height}×${width} images, got ${cropPadding}`));
  }
  if (cutoutLength !== undefined && !(Number.isInteger(cutoutLength) && cutoutLength >= 0)) {
    return E.left(goldNasError('ConfigError', `${path}.cutoutLength`, `must be a whole number ≥ 0, got ${cutoutLength}`));
  }
  if (options.autoAugment !== undefined && options.autoAugment !== 'cifar10') {
    return E.left(goldNasError('ConfigError', `${path}.autoAugment`, `must be 'cifar10' (the CIFAR-10 policy) or left out, got ${String(options.autoAugment)}`));
  }
  return E.right(options);
}

/**
 * The part of an augmentation before normalisation (crop, flip, AutoAugment) from `src` into `dst`.
 * With a crop the two must not overlap; without one `dst` may be `src` itself (the rest then works
 * in place). Draws, in order, the crop offsets, the flips, then AutoAugment's choices.
 *
 * @internal
 */
export function geometricAugmentInto(src: Float32Array, dst: Float32Array, shape: BatchShape, options: AugmentOptions, rng: Rng): void {
  if (options.cropPadding !== undefined) randomCropInto(src, dst, shape, options.cropPadding, rng);
  else if (src !== dst) dst.set(src);
  if (options.flip === true) randomFlipInPlace(dst, shape, 0.5, rng);
  if (options.autoAugment === 'cifar10') autoAugmentInPlace(dst, shape, rng);
}

/**
 * Augments a batch: random crop, then horizontal flip, then AutoAugment, then Cutout, each only if asked for.
 * `augmentBatch(b, { cropPadding: p, flip: true, cutoutLength: L }, rng)` gives the same result as
 * `cutout(randomFlip(randomCrop(b, p, rng), 0.5, rng), L, rng)`. The same rng state always gives
 * the same output.
 *
 * @param batch - the batch (not modified).
 * @param options - which augmentations to apply.
 * @param rng - the random generator.
 * @returns a new batch with the same labels.
 *
 * @example
 * ```ts
 * import { augmentBatch, createRng } from 'gold-nas';
 * import type { Batch } from 'gold-nas';
 * declare const batch: Batch;
 * const augmented = augmentBatch(batch, { cropPadding: 4, flip: true, cutoutLength: 16 }, createRng(42));
 * ```
 * @since 0.1.0
 */
export function augmentBatch(batch: Batch, options: AugmentOptions, rng: Rng): Batch {
  const x = new Float32Array(batch.x.length);
  geometricAugmentInto(batch.x, x, batch.shape, options, rng);
  if (options.cutoutLength !== undefined) cutoutInPlace(x, batch.shape, options.cutoutLength, rng);
  return { ...batch, x };
}
