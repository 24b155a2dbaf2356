/**
 * The data a search run's candidates are re-trained and tested on.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { loadCifar10 } from './loadCifar10.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { SearchConfig } from '../search/searchConfig.js';
import type { RetrainData } from '../train/runRetrain.js';
import { groupDigits } from './format.js';
import { FASHION_MNIST_SPLIT_SEED } from '../data/fashionMnist.js';
import { fashionMnistOnce, loadSearchData, stratifiedSubset } from './searchData.js';

/**
 * Re-training data with a sentence saying where each part comes from.
 *
 * @since 0.1.0
 */
export interface RetrainDataSource extends RetrainData {
  /** Where the training and test data come from, for the user. */
  readonly description: string;
}

/**
 * Loads the data to re-train a search's candidates on, from the search's own data source:
 * - `cifar10`: the whole CIFAR-10 training set (50,000 images, `data.limit` ignored), tested on
 *   the CIFAR-10 test set (10,000), which the search never saw: the usual protocol.
 * - `fashion-mnist`: its training part (59,945 images; a class-stratified subset of `data.limit`
 *   of them, seeded with `config.seed`, when set), tested on its test part (10,000; a stratified
 *   subset of `data.testLimit`, the same for every seed, when set), which no search saw.
 * - `mnist` and `synthetic`: there is no separate test set (the `mnist` package holds only
 *   10,000 digits), so the search's split is kept: train on its training split (all of it,
 *   `data.limit` ignored), test on its held-out split. The search never trained on the held-out
 *   split, by ω or α, but it did use it to rank candidates, so the test figures are slightly optimistic.
 *
 * With `fromSearch: false` (an architecture re-trained on its own, `gold-nas retrain --genotype`),
 * the same split is made from `config.seed` and `data.heldOut`, and no search has seen it.
 *
 * @param config - the search's configuration (its `config.json`).
 * @param options - `fromSearch`: whether a search ranked candidates on the held-out split (default true).
 * @returns the training and test data and their description, or a `DataError`.
 *
 * @example
 * ```ts
 * import { loadRetrainData } from 'gold-nas/node';
 * import { SEARCH_PRESETS } from 'gold-nas';
 * const data = loadRetrainData(SEARCH_PRESETS['mnist-quick']); // Right({ train: 9,000 digits, test: 1,000, description })
 * ```
 * @since 0.1.0
 */
export function loadRetrainData(config: SearchConfig, options: { readonly fromSearch?: boolean } = {}): Either<GoldNasError, RetrainDataSource> {
  if (config.data.source === 'cifar10') {
    const path = config.data.path ?? '.';
    const train = loadCifar10(path, { split: 'train' });
    if (E.isLeft(train)) return train;
    const test = loadCifar10(path, { split: 'test' });
    if (E.isLeft(test)) return test;
    return E.right({
      train: train.right,
      test: test.right,
      description: `trained on the CIFAR-10 training set (${groupDigits(train.right.size)} images), tested on the CIFAR-10 test set (${groupDigits(test.right.size)})`,
    });
  }
  if (config.data.source === 'fashion-mnist') {
    const fashion = fashionMnistOnce();
    if (E.isLeft(fashion)) return fashion;
    const train = stratifiedSubset(fashion.right.train, config.data.limit, config.seed);
    if (E.isLeft(train)) return train;
    const test = stratifiedSubset(fashion.right.test, config.data.testLimit ?? 0, FASHION_MNIST_SPLIT_SEED);
    if (E.isLeft(test)) return test;
    const part = (n: number, of: number): string => (n === of ? `all ${groupDigits(of)}` : `${groupDigits(n)} (class-stratified) of the ${groupDigits(of)}`);
    return E.right({
      train: train.right,
      test: test.right,
      description: `trained on ${part(train.right.size, fashion.right.train.size)} Fashion-MNIST training images, tested on ${part(test.right.size, fashion.right.test.size)} test images, which no search saw`,
    });
  }
  if (config.data.heldOut === 0) {
    return E.left(goldNasError('DataError', 'data.heldOut',
      `the search trained on every ${config.data.source} example (heldOut 0) and ${config.data.source} has no separate test set here, so nothing is left to test on; ` +
      're-train the architecture with gold-nas retrain --genotype <its architectures/<hash>.json>, which holds out a test split'));
  }
  const split = loadSearchData({ ...config, data: { ...config.data, limit: 0 } });
  if (E.isLeft(split)) return split;
  const { train, heldOut } = split.right;
  const description = options.fromSearch === false
    ? `trained on ${groupDigits(train.size)} ${config.data.source} examples, tested on ${groupDigits(heldOut.size)} others held out with seed ${config.seed} ` +
      `(${config.data.source} has no separate test set here)`
    : `trained on the search's training split (${groupDigits(train.size)} ${config.data.source} examples), tested on its held-out split ` +
      `(${groupDigits(heldOut.size)}): never trained on during the search, but used there to rank candidates, since ${config.data.source} has no separate test set here`;
  return E.right({ train, test: heldOut, description });
}
