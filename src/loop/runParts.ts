/**
 * The run parts the search loop and the re-training loop share: checking the data against the layout,
 * the augmented training batches (normalised with the training data's own statistics), the
 * fixed-order evaluation batches, and moving variables and optimiser buffers into and out of
 * checkpoint arrays. Browser-safe; reads the device only where a checkpoint needs the values.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import { batchIterator } from '../data/batches.js';
import type { BatchCursor, BatchIterator } from '../data/batches.js';
import type { Batch, Dataset } from '../data/dataset.js';
import { checkDatasetArrays } from '../data/dataset.js';
import { channelStats } from '../data/normalise.js';
import type { ChannelStats } from '../data/normalise.js';
import type { GoldNasError } from '../errors.js';
import { GoldNasException, goldNasError } from '../errors.js';
import { checkLabelRange } from '../eval/checkLabels.js';
import type { NamedVariable } from '../optim/sgd.js';
import type { TrainingOptimizer } from './trainingOptimizer.js';
import type { MacroLayout } from '../space/layout.js';

/** One named array of a checkpoint. @internal */
export type CheckpointArray = CheckpointContents['arrays'][number];

/** A checkpoint array-name prefix and the variables stored under it (e.g. `['w/', weights]`). @internal */
export type VariableGroup = readonly [prefix: string, variables: readonly NamedVariable[]];

/**
 * Checks that every dataset is well-formed (`checkDatasetArrays`: arrays that agree with its shape
 * and size, finite pixel values; a dataset need not come from `datasetFromArrays`), fits the layout
 * (image size, channels, classes), that every label is a class of the layout (one pass over the
 * labels, before any training), and that the training dataset, the first, holds at least one batch.
 *
 * @param datasets - `[name, dataset]` pairs, the training dataset first; `name` goes into the error path `data.<name>`.
 * @param layout - the network's layout.
 * @param batchSize - the training batch size.
 * @param noun - what the messages call a dataset (`split`, `data`).
 * @returns nothing, or a `DataError` at `data.<name>…` (a malformed dataset, a value that is not
 *   finite, a label out of range), a `ShapeError` at `data.<name>` or a `ConfigError` at `batchSize`.
 * @internal
 */
export function checkRunData(
  datasets: readonly (readonly [string, Dataset])[],
  layout: MacroLayout,
  batchSize: number,
  noun: string,
): Either<GoldNasError, void> {
  for (const [name, ds] of datasets) {
    const arrays = checkDatasetArrays(ds, `data.${name}`);
    if (E.isLeft(arrays)) return arrays;
    const s = ds.shape;
    if (s.height !== layout.inputSize || s.width !== layout.inputSize || s.channels !== layout.inputChannels || s.classes !== layout.classes) {
      return E.left(goldNasError('ShapeError', `data.${name}`,
        `the ${name} ${noun} has ${s.height}x${s.width}x${s.channels} images and ${s.classes} classes, but the layout expects ` +
        `${layout.inputSize}x${layout.inputSize}x${layout.inputChannels} and ${layout.classes} classes`));
    }
    const labels = checkLabelRange(ds.y, layout.classes, `data.${name}.y`);
    if (E.isLeft(labels)) return labels;
  }
  const train = datasets[0]?.[1];
  if (train !== undefined && train.size < batchSize) {
    return E.left(goldNasError('ConfigError', 'batchSize', `the training ${noun} has ${train.size} examples, fewer than one batch of ${batchSize}`));
  }
  return E.right(undefined);
}

/**
 * The normalisation statistics of a run: computed from the training data only, when asked for.
 *
 * @param normalise - whether the run normalises its inputs.
 * @param train - the training data.
 * @returns the statistics (undefined when not normalising), or a `DataError` (e.g. a constant channel).
 * @internal
 */
export function trainingNormalisation(normalise: boolean, train: Dataset): Either<GoldNasError, ChannelStats | undefined> {
  return normalise ? channelStats(train) : E.right(undefined);
}

/** What {@link trainingBatches} reads of a run's configuration. @internal */
export interface TrainingBatchSettings {
  readonly batchSize: number;
  readonly seed: number;
  readonly data: { readonly cropPadding: number; readonly flip: boolean; readonly cutoutLength: number; readonly autoAugment?: 'cifar10' };
}

/**
 * The training batches of a run: shuffled by the run's seed, the last partial batch dropped,
 * augmented as configured, normalised with `normalise`, starting at `start` (a resumed cursor).
 *
 * @param train - the training data.
 * @param settings - batch size, seed and augmentations.
 * @param normalise - the statistics from {@link trainingNormalisation}.
 * @param start - where to start; default the beginning.
 * @returns the iterator, or the error of `batchIterator`.
 * @internal
 */
export function trainingBatches(
  train: Dataset,
  settings: TrainingBatchSettings,
  normalise: ChannelStats | undefined,
  start: BatchCursor | undefined,
): Either<GoldNasError, BatchIterator> {
  const { cropPadding, flip, cutoutLength, autoAugment } = settings.data;
  return batchIterator(train, {
    batchSize: settings.batchSize,
    seed: settings.seed,
    dropLast: true,
    augment: { cropPadding, flip, cutoutLength, ...(autoAugment === undefined ? {} : { autoAugment }) },
    ...(normalise ? { normalise } : {}),
    ...(start ? { start } : {}),
  });
}

/**
 * Epoch 0 of an evaluation iterator, batch by batch in its fixed order (the same for every
 * evaluation), stopping once `maxExamples` examples have been given (0: all of them).
 *
 * @param batches - the evaluation iterator.
 * @param maxExamples - the example budget, 0 for no limit (default 0).
 * @returns the batches, made as they are read.
 * @throws GoldNasException if a batch cannot be made.
 * @internal
 */
export function* fixedOrderBatches(batches: BatchIterator, maxExamples = 0): Generator<Batch> {
  let n = 0;
  for (let index = 0; index < batches.batchesPerEpoch && (maxExamples === 0 || n < maxExamples); index++) {
    const b = batches.batchAt({ epoch: 0, index });
    if (E.isLeft(b)) throw new GoldNasException(b.left);
    n += b.right.n;
    yield b.right;
  }
}

/**
 * Copies checkpoint arrays into variables: every variable of every group must have the array
 * `prefix + name` with its shape. All are checked before any is assigned.
 *
 * @param tf - the injected tfjs namespace.
 * @param contents - the checkpoint.
 * @param groups - the prefixes and their variables.
 * @param describe - what the error calls a missing array, e.g. `` (prefix, name) => `array '${prefix}${name}'` ``.
 * @returns nothing, or a `CheckpointError` at the first missing variable's name (nothing assigned then).
 * @internal
 */
export function restoreVariables(
  tf: TF,
  contents: CheckpointContents,
  groups: readonly VariableGroup[],
  describe: (prefix: string, name: string) => string,
): Either<GoldNasError, void> {
  const arrays = new Map(contents.arrays.map((a) => [a.name, a] as const));
  for (const [prefix, vars] of groups) {
    for (const v of vars) {
      const a = arrays.get(prefix + v.name);
      const shape = v.variable.shape;
      if (a === undefined || a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i])) {
        return E.left(goldNasError('CheckpointError', v.name, `the checkpoint has no ${describe(prefix, v.name)} of shape [${shape.join(', ')}]`));
      }
    }
  }
  for (const [prefix, vars] of groups) {
    for (const v of vars) tf.tidy(() => v.variable.assign(tf.tensor(arrays.get(prefix + v.name)!.values, v.variable.shape)));
  }
  return E.right(undefined);
}

/**
 * The checkpoint arrays under a prefix, keyed by the rest of their name (e.g. an optimiser's
 * buffers for `importState`).
 *
 * @param contents - the checkpoint.
 * @param prefix - the prefix, e.g. `m/`.
 * @returns the values by name without the prefix.
 * @internal
 */
export function prefixedArrays(contents: CheckpointContents, prefix: string): Record<string, Float32Array> {
  return Object.fromEntries(contents.arrays.filter((a) => a.name.startsWith(prefix)).map((a) => [a.name.slice(prefix.length), a.values]));
}

/**
 * Reads variables into checkpoint arrays named `prefix + name`, group after group, one read per variable.
 *
 * @param groups - the prefixes and their variables.
 * @returns the arrays, in group and variable order.
 * @internal
 */
export async function variableArrays(groups: readonly VariableGroup[]): Promise<CheckpointArray[]> {
  const arrays: CheckpointArray[] = [];
  for (const [prefix, vars] of groups) {
    for (const v of vars) arrays.push({ name: prefix + v.name, shape: v.variable.shape, values: (await v.variable.data()) as Float32Array });
  }
  return arrays;
}

/**
 * An optimiser's buffers as checkpoint arrays named `prefix + name`, shaped as the variable of the
 * same name in `params` (flat when there is none).
 *
 * @param prefix - the prefix, e.g. `m/`.
 * @param optimizer - the optimiser.
 * @param params - the variables its buffers belong to.
 * @returns the arrays.
 * @internal
 */
export async function optimizerArrays(prefix: string, optimizer: TrainingOptimizer, params: readonly NamedVariable[]): Promise<CheckpointArray[]> {
  const shapes = new Map(params.map((v) => [v.name, v.variable.shape] as const));
  return Object.entries(await optimizer.exportState()).map(([name, values]) => ({ name: prefix + name, shape: shapes.get(name) ?? [values.length], values }));
}
