/**
 * Loads the data a search configuration names and splits off the held-out part.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Dataset } from '../data/dataset.js';
import { subsetDataset } from '../data/dataset.js';
import type { FashionMnist } from '../data/fashionMnist.js';
import { loadCifar10 } from './loadCifar10.js';
import { loadFashionMnist } from './loadFashionMnist.js';
import { loadMnist } from './loadMnist.js';
import { splitDataset } from '../data/split.js';
import type { DatasetSplit } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import type { GoldNasError } from '../errors.js';
import type { SearchConfig } from '../search/searchConfig.js';

let fashionCache: FashionMnist | null = null;

/**
 * Fashion-MNIST, read once per process (a study's jobs all use it; it holds 280 MB).
 *
 * @returns the split dataset, or the loader's error.
 * @internal
 */
export function fashionMnistOnce(): Either<GoldNasError, FashionMnist> {
  if (fashionCache !== null) return E.right(fashionCache);
  const loaded = loadFashionMnist();
  if (E.isRight(loaded)) fashionCache = loaded.right;
  return loaded;
}

/**
 * A class-stratified, seeded subset of `size` examples of `ds` (all of it when `size` is 0 or not smaller).
 *
 * @internal
 */
export function stratifiedSubset(ds: Dataset, size: number, seed: number): Either<GoldNasError, Dataset> {
  if (size === 0 || size >= ds.size) return E.right(ds);
  return E.map((s: DatasetSplit) => s.heldOut)(splitDataset(ds, { heldOut: size, seed }));
}

/** Fashion-MNIST's search data: the held-out part carved from its training part, the rest trimmed to a stratified `limit`. */
function fashionSearchData(config: SearchConfig): Either<GoldNasError, DatasetSplit> {
  const { data } = config;
  const fashion = fashionMnistOnce();
  if (E.isLeft(fashion)) return fashion;
  const all = fashion.right.train;
  if (data.heldOut === 0) {
    const train = stratifiedSubset(all, data.limit, config.seed);
    if (E.isLeft(train)) return train;
    const indices = Int32Array.from({ length: train.right.size }, (_, i) => i);
    return E.right({ train: train.right, heldOut: train.right, trainIndices: indices, heldOutIndices: indices });
  }
  const split = splitDataset(all, { heldOut: data.heldOut, seed: config.seed });
  if (E.isLeft(split)) return split;
  if (data.limit === 0 || data.limit >= split.right.train.size) return split;
  const picked = splitDataset(split.right.train, { heldOut: data.limit, seed: config.seed });
  if (E.isLeft(picked)) return picked;
  const trainIndices = picked.right.heldOutIndices.map((i) => split.right.trainIndices[i]!);
  return E.right({ ...split.right, train: picked.right.heldOut, trainIndices });
}

/**
 * Reads the configured dataset (MNIST from the `mnist` package, CIFAR-10 binaries from
 * `data.path`, or seeded synthetic data), trims it to `data.limit` training examples, and splits
 * off the held-out part with the run's seed. Fashion-MNIST (the `fashion-mnist` package) uses its
 * training part only: the held-out part is carved from it with the run's seed, and `data.limit`
 * keeps a class-stratified seeded subset of the rest; its test part is never seen by a search. With `data.heldOut` 0 ([R]: search on every training
 * image) nothing is held out: the search trains on every example and its candidates are scored on
 * training examples (`heldOut` is then the training data itself, and `heldOutIndices` all of them).
 *
 * @param config - the search configuration.
 * @returns the training and held-out splits, or a `DataError` saying what is missing.
 *
 * @example
 * ```ts
 * import { loadSearchData } from 'gold-nas/node';
 * import { SEARCH_PRESETS } from 'gold-nas';
 * const split = loadSearchData(SEARCH_PRESETS['mnist-quick']); // Right({ train: 9000 digits, heldOut: 1000 })
 * ```
 * @since 0.1.0
 */
export function loadSearchData(config: SearchConfig): Either<GoldNasError, DatasetSplit> {
  const { data, space } = config;
  if (data.source === 'fashion-mnist') return fashionSearchData(config);
  let ds: Either<GoldNasError, Dataset>;
  if (data.source === 'mnist') ds = loadMnist();
  else if (data.source === 'cifar10') ds = loadCifar10(data.path ?? '.', { split: 'train' });
  else {
    const { layout } = space;
    ds = syntheticDataset({
      size: data.syntheticSize, seed: config.seed, height: layout.inputSize, width: layout.inputSize,
      channels: layout.inputChannels, classes: layout.classes,
    });
  }
  if (E.isLeft(ds)) return ds;
  if (data.heldOut === 0) {
    const size = data.limit === 0 ? ds.right.size : Math.min(data.limit, ds.right.size);
    const indices = Int32Array.from({ length: size }, (_, i) => i);
    const train = size === ds.right.size ? E.right(ds.right) : subsetDataset(ds.right, Array.from(indices));
    return E.map((t: Dataset): DatasetSplit => ({ train: t, heldOut: t, trainIndices: indices, heldOutIndices: indices }))(train);
  }
  const split = splitDataset(ds.right, { heldOut: data.heldOut, seed: config.seed });
  if (E.isLeft(split) || data.limit === 0 || data.limit >= split.right.train.size) return split;
  const train = subsetDataset(split.right.train, Array.from({ length: data.limit }, (_, i) => i));
  return E.isLeft(train) ? train : E.right({ ...split.right, train: train.right, trainIndices: split.right.trainIndices.subarray(0, data.limit) });
}
