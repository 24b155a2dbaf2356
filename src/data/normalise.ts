/**
 * Per-channel normalisation: `(x - mean[c]) / std[c]`.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Batch, Dataset } from './dataset.js';

/**
 * Per-channel mean and standard deviation.
 *
 * @example
 * ```ts
 * import type { ChannelStats } from 'gold-nas';
 * const mnist: ChannelStats = { mean: [0.1307], std: [0.3081] };
 * ```
 * @since 0.1.0
 */
export interface ChannelStats {
  /** One mean per channel. */
  readonly mean: readonly number[];
  /** One standard deviation per channel, each positive. */
  readonly std: readonly number[];
}

/**
 * The CIFAR-10 training-set statistics used by DARTS (`utils._data_transforms_cifar10`), for pixels in [0, 1].
 *
 * @example
 * ```ts
 * import { CIFAR10_CHANNEL_STATS } from 'gold-nas';
 * CIFAR10_CHANNEL_STATS.mean; // [0.49139968, 0.48215827, 0.44653124]
 * ```
 * @since 0.1.0
 */
export const CIFAR10_CHANNEL_STATS: ChannelStats = {
  mean: [0.49139968, 0.48215827, 0.44653124],
  std: [0.24703233, 0.24348505, 0.26158768],
};

/**
 * Computes each channel's mean and (population) standard deviation over a whole dataset.
 *
 * @param ds - the dataset, usually the training part of a split.
 * @returns the statistics, or a `DataError` if the dataset is empty or a channel is constant.
 *
 * @example
 * ```ts
 * import { channelStats, syntheticDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pipe } from 'fp-ts/lib/function.js';
 * const stats = pipe(syntheticDataset({ size: 200, seed: 3 }), E.flatMap(channelStats));
 * ```
 * @since 0.1.0
 */
export function channelStats(ds: Dataset): Either<GoldNasError, ChannelStats> {
  const args = checkArguments('channelStats', { ds: [ds, 'object', 'a dataset'] });
  if (E.isLeft(args)) return args;
  const c = ds.shape.channels;
  const pixels = ds.x.length / c;
  if (pixels === 0) return E.left(goldNasError('DataError', ds.name, 'cannot compute channel statistics of an empty dataset'));
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  const x = ds.x;
  for (let i = 0; i < x.length; i += c) {
    for (let k = 0; k < c; k++) {
      const v = x[i + k]!;
      sum[k] += v;
      sumSq[k] += v * v;
    }
  }
  const mean = Array.from(sum, (s) => s / pixels);
  const std = Array.from(sumSq, (s, k) => Math.sqrt(Math.max(0, s / pixels - mean[k]! ** 2)));
  const flat = std.findIndex((s) => !(s > 0));
  if (flat >= 0) return E.left(goldNasError('DataError', ds.name, `channel ${flat} is constant (std 0); it cannot be normalised`));
  return E.right({ mean, std });
}

/**
 * Checks that statistics fit a channel count.
 *
 * @internal
 */
export function checkChannelStats(stats: ChannelStats, channels: number, path: string): Either<GoldNasError, ChannelStats> {
  if (stats.mean.length !== channels || stats.std.length !== channels) {
    return E.left(goldNasError('ShapeError', path, `has ${stats.mean.length} means and ${stats.std.length} stds for ${channels} channels`));
  }
  const bad = stats.std.findIndex((s) => !(s > 0) || !Number.isFinite(s));
  if (bad >= 0) return E.left(goldNasError('ConfigError', `${path}.std[${bad}]`, `must be a finite number > 0, got ${stats.std[bad]}`));
  const badMean = stats.mean.findIndex((m) => !Number.isFinite(m));
  if (badMean >= 0) return E.left(goldNasError('ConfigError', `${path}.mean[${badMean}]`, `must be finite, got ${stats.mean[badMean]}`));
  return E.right(stats);
}

/**
 * Normalises NHWC values in place. Internal: the statistics were checked.
 *
 * @internal
 */
export function normaliseInPlace(x: Float32Array, stats: ChannelStats): void {
  const c = stats.mean.length;
  const mean = Float32Array.from(stats.mean);
  const inv = Float32Array.from(stats.std, (s) => 1 / s);
  for (let i = 0; i < x.length; i += c) {
    for (let k = 0; k < c; k++) x[i + k] = (x[i + k]! - mean[k]!) * inv[k]!;
  }
}

/**
 * Returns a normalised copy of a batch: `(x - mean[c]) / std[c]` for each channel `c`.
 *
 * @param batch - the batch.
 * @param stats - one mean and one std per channel.
 * @returns the new batch, or a `ShapeError`/`ConfigError` if the statistics do not fit.
 *
 * @example
 * ```ts
 * import { normaliseBatch, CIFAR10_CHANNEL_STATS } from 'gold-nas';
 * import type { Batch } from 'gold-nas';
 * declare const batch: Batch; // 32x32x3
 * const normalised = normaliseBatch(batch, CIFAR10_CHANNEL_STATS);
 * ```
 * @since 0.1.0
 */
export function normaliseBatch(batch: Batch, stats: ChannelStats): Either<GoldNasError, Batch> {
  const ok = checkChannelStats(stats, batch.shape[3], 'stats');
  if (E.isLeft(ok)) return ok;
  const x = batch.x.slice();
  normaliseInPlace(x, stats);
  return E.right({ ...batch, x });
}
