/**
 * Seeded mini-batches with an explicit, serialisable cursor. Epoch `e`'s order is a pure function
 * of `(seed, e)` and batch `(e, k)`'s augmentation of `(seed, e, k)`, so the cursor `{epoch, index}`
 * is all a checkpoint needs to resume at the same batch.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { createRng } from '../random.js';
import type { AugmentOptions } from './augment.js';
import { checkAugmentOptions, geometricAugmentInto } from './augment.js';
import { cutoutInPlace } from './cutout.js';
import type { Batch, BatchShape, Dataset } from './dataset.js';
import { gatherExamples, gatherExamplesInto } from './dataset.js';
import type { ChannelStats } from './normalise.js';
import { checkChannelStats, normaliseInPlace } from './normalise.js';
import { SEED_TAG, deriveSeed } from './seeds.js';

/**
 * The position of a batch: batch `index` (0-based) of epoch `epoch` (0-based). Plain JSON.
 *
 * @example
 * ```ts
 * import type { BatchCursor } from 'gold-nas';
 * const start: BatchCursor = { epoch: 0, index: 0 };
 * ```
 * @since 0.1.0
 */
export interface BatchCursor {
  /** The epoch, from 0. */
  readonly epoch: number;
  /** The batch within the epoch, from 0 to `batchesPerEpoch - 1`. */
  readonly index: number;
}

/**
 * How {@link batchIterator} makes batches.
 *
 * @example
 * ```ts
 * import { CIFAR10_CHANNEL_STATS } from 'gold-nas';
 * import type { BatchIteratorOptions } from 'gold-nas';
 * const search: BatchIteratorOptions = {
 *   batchSize: 64, seed: 1, dropLast: true,
 *   augment: { cropPadding: 4, flip: true, cutoutLength: 16 }, normalise: CIFAR10_CHANNEL_STATS,
 * };
 * const evaluation: BatchIteratorOptions = { batchSize: 256, seed: 0, shuffle: false, normalise: CIFAR10_CHANNEL_STATS };
 * ```
 * @since 0.1.0
 */
export interface BatchIteratorOptions {
  /** Examples per batch, a positive integer. */
  readonly batchSize: number;
  /** The seed of every epoch's order and every batch's augmentation. */
  readonly seed: number;
  /** Visit the examples in a fresh seeded order each epoch (default `true`); `false` keeps dataset order. */
  readonly shuffle?: boolean;
  /** Drop each epoch's last, smaller batch (default `false`). Training with batch norm may want `true`. */
  readonly dropLast?: boolean;
  /** Augmentations, applied as crop → flip → AutoAugment → normalise → Cutout (the DARTS and [R] transform order). */
  readonly augment?: AugmentOptions;
  /** Per-channel normalisation, applied after crop and flip and before Cutout. */
  readonly normalise?: ChannelStats;
  /** Where to start (a cursor saved from {@link BatchIterator.cursor}); default `{ epoch: 0, index: 0 }`. */
  readonly start?: BatchCursor;
}

/**
 * An endless source of batches over a dataset, epoch after epoch.
 *
 * @example
 * ```ts
 * import type { BatchIterator } from 'gold-nas';
 * declare const batches: BatchIterator;
 * const batch = batches.next();
 * const saved = JSON.stringify(batches.cursor()); // store in the checkpoint
 * ```
 * @since 0.1.0
 */
export interface BatchIterator {
  /** The dataset batches are drawn from. */
  readonly dataset: Dataset;
  /** Batches in one epoch. */
  readonly batchesPerEpoch: number;
  /** The position of the batch the next call to `next()` returns. */
  cursor(): BatchCursor;
  /** Returns the batch at the cursor and advances it (rolling over to the next epoch). */
  next(): Batch;
  /** The batch at any cursor, without moving: equal to what `next()` returns at that position. */
  batchAt(cursor: BatchCursor): Either<GoldNasError, Batch>;
}

/**
 * Epoch `epoch`'s visiting order: a permutation of `0..size-1` that depends only on `(seed, epoch)`.
 *
 * @param size - the number of examples.
 * @param seed - the iterator's seed.
 * @param epoch - the epoch.
 * @returns the permutation.
 */
export function epochPermutation(size: number, seed: number, epoch: number): Int32Array {
  const order = Array.from({ length: size }, (_, i) => i);
  createRng(deriveSeed(seed, SEED_TAG.permutation, epoch)).shuffle(order);
  return Int32Array.from(order);
}

/**
 * Checks a value read back from a checkpoint and returns it as a {@link BatchCursor}.
 *
 * @param value - the parsed JSON value.
 * @param path - where it came from, for the error (default `cursor`).
 * @returns the cursor, or a `DecodeError` if it is not `{epoch, index}` with whole numbers ≥ 0.
 */
export function decodeBatchCursor(value: unknown, path = 'cursor'): Either<GoldNasError, BatchCursor> {
  if (typeof value !== 'object' || value === null) return E.left(goldNasError('DecodeError', path, `expected {epoch, index}, got ${JSON.stringify(value)}`));
  const { epoch, index } = value as Record<string, unknown>;
  for (const [key, v] of [['epoch', epoch], ['index', index]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      return E.left(goldNasError('DecodeError', `${path}.${key}`, `expected a whole number ≥ 0, got ${JSON.stringify(v)}`));
    }
  }
  return E.right({ epoch: epoch as number, index: index as number });
}

/**
 * Makes a seeded batch iterator. Batch `(epoch, index)` is always the same for the same dataset
 * and options, whatever happened before: a run restarted with `start` set to a saved
 * {@link BatchIterator.cursor} continues with exactly the batches it would have seen.
 *
 * Each batch owns fresh arrays. Pipeline: gather in epoch order → crop → flip → AutoAugment → normalise → Cutout.
 *
 * @param ds - the dataset (not copied, not modified).
 * @param options - batch size, seed, order, augmentation, normalisation and start.
 * @returns the iterator, or a `ConfigError`/`ShapeError`/`DecodeError` naming the bad option.
 *
 * @example
 * ```ts
 * import { batchIterator, syntheticDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pipe } from 'fp-ts/lib/function.js';
 * const it = pipe(
 *   syntheticDataset({ size: 1000, seed: 1 }),
 *   E.flatMap((ds) => batchIterator(ds, { batchSize: 32, seed: 7, augment: { cropPadding: 1, flip: true } })),
 * );
 * if (E.isRight(it)) {
 *   const b = it.right.next(); // b.x: Float32Array of 32·8·8·3 values, b.y: Int32Array of 32 labels
 *   const saved = it.right.cursor(); // { epoch: 0, index: 1 }
 * }
 * ```
 * @since 0.1.0
 */
export function batchIterator(ds: Dataset, options: BatchIteratorOptions): Either<GoldNasError, BatchIterator> {
  const args = checkArguments('batchIterator', { ds: [ds, 'object', 'a dataset'], options: [options, 'object', '{ batchSize, … }'] });
  if (E.isLeft(args)) return args;
  const { batchSize, seed } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    return E.left(goldNasError('ConfigError', 'batchSize', `must be a positive integer, got ${batchSize}`));
  }
  if (!Number.isFinite(seed)) return E.left(goldNasError('ConfigError', 'seed', `must be a finite number, got ${seed}`));
  const shuffle = options.shuffle ?? true;
  const dropLast = options.dropLast ?? false;
  const batchesPerEpoch = dropLast ? Math.floor(ds.size / batchSize) : Math.ceil(ds.size / batchSize);
  if (batchesPerEpoch === 0) {
    return E.left(goldNasError('ConfigError', 'batchSize',
      ds.size === 0 ? `dataset ${ds.name} is empty` : `${batchSize} exceeds the ${ds.size} examples of ${ds.name} and dropLast is set, so an epoch has no batch`));
  }
  const { height, width, channels } = ds.shape;
  const augment = options.augment;
  if (augment !== undefined) {
    const ok = checkAugmentOptions(augment, height, width, 'augment');
    if (E.isLeft(ok)) return ok;
  }
  const normalise = options.normalise;
  if (normalise !== undefined) {
    const ok = checkChannelStats(normalise, channels, 'normalise');
    if (E.isLeft(ok)) return ok;
  }
  const checkCursor = (c: BatchCursor, path: string): Either<GoldNasError, BatchCursor> =>
    E.flatMap((d: BatchCursor) => d.index < batchesPerEpoch
      ? E.right(d)
      : E.left(goldNasError('ConfigError', `${path}.index`, `is ${d.index}, but an epoch has ${batchesPerEpoch} batches; was the cursor saved with another dataset or batch size?`)),
    )(decodeBatchCursor(c, path));
  let position: BatchCursor = { epoch: 0, index: 0 };
  if (options.start !== undefined) {
    const ok = checkCursor(options.start, 'start');
    if (E.isLeft(ok)) return ok;
    position = ok.right;
  }

  let cachedEpoch = -1;
  let cachedOrder: Int32Array | undefined;
  const orderOf = (epoch: number): Int32Array | undefined => {
    if (!shuffle) return undefined;
    if (epoch !== cachedEpoch) {
      cachedOrder = epochPermutation(ds.size, seed, epoch);
      cachedEpoch = epoch;
    }
    return cachedOrder;
  };

  const per = height * width * channels;
  /** Where shuffled examples are gathered before a crop writes them into the batch; made once, reused. */
  let scratch: Float32Array | undefined;

  const make = (c: BatchCursor): Batch => {
    const start = c.index * batchSize;
    const end = Math.min(ds.size, start + batchSize);
    const order = orderOf(c.epoch);
    const n = end - start;
    const shape: BatchShape = [n, height, width, channels];
    const rng = augment !== undefined ? createRng(deriveSeed(seed, SEED_TAG.augment, c.epoch, c.index)) : undefined;
    let x: Float32Array;
    let y: Int32Array;
    if (augment?.cropPadding !== undefined && rng !== undefined) {
      // A crop writes a fresh batch from its source, so the source need not be a private copy:
      // shuffled examples go through the scratch buffer, unshuffled ones are read in place.
      let src: Float32Array;
      if (order !== undefined) {
        scratch ??= new Float32Array(batchSize * per);
        src = scratch.subarray(0, n * per);
        y = gatherExamplesInto(ds, order, start, end, src);
      } else {
        src = ds.x.subarray(start * per, end * per);
        y = ds.y.slice(start, end);
      }
      x = new Float32Array(n * per);
      geometricAugmentInto(src, x, shape, augment, rng);
    } else {
      ({ x, y } = order !== undefined ? gatherExamples(ds, order, start, end) : { x: ds.x.slice(start * per, end * per), y: ds.y.slice(start, end) });
      if (augment !== undefined && rng !== undefined) geometricAugmentInto(x, x, shape, augment, rng);
    }
    if (normalise !== undefined) normaliseInPlace(x, normalise);
    if (augment?.cutoutLength !== undefined && rng !== undefined) cutoutInPlace(x, shape, augment.cutoutLength, rng);
    return { x, y, n, shape };
  };

  return E.right({
    dataset: ds,
    batchesPerEpoch,
    cursor: () => position,
    next: () => {
      const batch = make(position);
      position = position.index + 1 < batchesPerEpoch
        ? { epoch: position.epoch, index: position.index + 1 }
        : { epoch: position.epoch + 1, index: 0 };
      return batch;
    },
    batchAt: (c) => E.map(make)(checkCursor(c, 'cursor')),
  });
}
