/**
 * Loads the data a search configuration names and splits off the held-out part.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Dataset } from '../data/dataset.js';
import { subsetDataset } from '../data/dataset.js';
import { loadCifar10 } from './loadCifar10.js';
import { loadMnist } from './loadMnist.js';
import { splitDataset } from '../data/split.js';
import type { DatasetSplit } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import type { GoldNasError } from '../errors.js';
import type { SearchConfig } from '../search/searchConfig.js';

/**
 * Reads the configured dataset (MNIST from the `mnist` package, CIFAR-10 binaries from
 * `data.path`, or seeded synthetic data), trims it to `data.limit` training examples, and splits
 * off the held-out part with the run's seed. With `data.heldOut` 0 ([R]: search on every training
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
