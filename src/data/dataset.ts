/**
 * The `Dataset` and `Batch` values: NHWC float32 examples with integer labels, as plain typed
 * arrays. No tfjs here; the trainer turns a {@link Batch} into tensors.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * The shape of one example and the number of classes.
 *
 * @example
 * ```ts
 * import type { DataShape } from 'gold-nas';
 * const cifar: DataShape = { height: 32, width: 32, channels: 3, classes: 10 };
 * ```
 * @since 0.1.0
 */
export interface DataShape {
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Channels per pixel (1 for MNIST, 3 for CIFAR-10). */
  readonly channels: number;
  /** Number of classes; labels are integers in [0, classes). */
  readonly classes: number;
}

/**
 * A labelled image dataset held in memory.
 *
 * - `x` holds `size` examples in NHWC order (`size·height·width·channels` float32 values),
 *   example `i` starting at `i·height·width·channels`.
 * - `y` holds one integer label per example.
 *
 * The arrays are shared, never copied, by functions that only read them: treat them as read-only.
 *
 * @example
 * ```ts
 * import { syntheticDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const ds = syntheticDataset({ size: 100, seed: 1 });
 * if (E.isRight(ds)) console.log(ds.right.size, ds.right.shape.classes);
 * ```
 * @since 0.1.0
 */
export interface Dataset {
  /** A short name for reports and error messages (`mnist`, `cifar10-train`, `synthetic`). */
  readonly name: string;
  /** Example shape and class count. */
  readonly shape: DataShape;
  /** Number of examples. */
  readonly size: number;
  /** The examples, NHWC, float32. */
  readonly x: Float32Array;
  /** The labels, one per example, in [0, classes). */
  readonly y: Int32Array;
}

/**
 * A batch's tensor shape, `[n, height, width, channels]`, ready for `tf.tensor4d(batch.x, batch.shape)`.
 *
 * @example
 * ```ts
 * import type { BatchShape } from 'gold-nas';
 * const s: BatchShape = [32, 28, 28, 1];
 * ```
 * @since 0.1.0
 */
export type BatchShape = readonly [n: number, height: number, width: number, channels: number];

/**
 * A mini-batch as typed arrays: `n` examples in NHWC order and their integer labels.
 * Every batch owns fresh arrays; changing them does not change the dataset.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { Batch } from 'gold-nas';
 * function toTensors(b: Batch): { x: tf.Tensor4D; y: tf.Tensor1D } {
 *   return { x: tf.tensor4d(b.x, [...b.shape]), y: tf.tensor1d(b.y, 'int32') };
 * }
 * ```
 * @since 0.1.0
 */
export interface Batch {
  /** `n·height·width·channels` values, NHWC. */
  readonly x: Float32Array;
  /** `n` labels. */
  readonly y: Int32Array;
  /** Number of examples in this batch (the last batch of an epoch may be smaller). */
  readonly n: number;
  /** `[n, height, width, channels]`. */
  readonly shape: BatchShape;
}

/**
 * The arrays and shape from which {@link datasetFromArrays} builds a {@link Dataset}.
 *
 * @example
 * ```ts
 * import type { DatasetArrays } from 'gold-nas';
 * const a: DatasetArrays = { x: new Float32Array(2 * 4), y: [0, 1], height: 2, width: 2, channels: 1, classes: 2 };
 * ```
 * @since 0.1.0
 */
export interface DatasetArrays {
  /** NHWC pixel values. A `Float32Array` is used as is (not copied); other array-likes are copied. */
  readonly x: Float32Array | ArrayLike<number>;
  /** Integer labels. An `Int32Array` is used as is (not copied); other array-likes are copied. */
  readonly y: Int32Array | ArrayLike<number>;
  /** Image height. */
  readonly height: number;
  /** Image width. */
  readonly width: number;
  /** Channels per pixel. */
  readonly channels: number;
  /** Number of classes. */
  readonly classes: number;
  /** A name for reports; defaults to `dataset`. */
  readonly name?: string;
}

/**
 * The number of float values in one example: `height·width·channels`.
 *
 * @param shape - the dataset's shape.
 * @returns values per example.
 *
 * @example
 * ```ts
 * import { exampleLength } from 'gold-nas';
 * exampleLength({ height: 32, width: 32, channels: 3, classes: 10 }); // 3072
 * ```
 * @since 0.1.0
 */
export function exampleLength(shape: DataShape): number {
  return shape.height * shape.width * shape.channels;
}

const isPositiveInt = (v: number): boolean => Number.isInteger(v) && v > 0;

/**
 * Builds a {@link Dataset} from arrays already in memory (browser-safe), checking that the sizes agree,
 * that every label is an integer in [0, classes) and that every pixel value is finite.
 *
 * @param arrays - the pixel values (NHWC), the labels and the shape.
 * @returns the dataset, or a `DataError`/`ConfigError` naming the offending field.
 *
 * @example
 * ```ts
 * import { datasetFromArrays } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const ds = datasetFromArrays({ x: new Float32Array(3 * 2 * 2), y: [0, 1, 1], height: 2, width: 2, channels: 1, classes: 2 });
 * E.isRight(ds); // true
 * ```
 * @since 0.1.0
 */
export function datasetFromArrays(arrays: DatasetArrays): Either<GoldNasError, Dataset> {
  const args = checkArguments('datasetFromArrays', { arrays: [arrays, 'object', '{ x, y, height, width, channels, classes }'] });
  if (E.isLeft(args)) return args;
  const { height, width, channels, classes } = arrays;
  for (const [key, v] of [['height', height], ['width', width], ['channels', channels], ['classes', classes]] as const) {
    if (!isPositiveInt(v)) return E.left(goldNasError('ConfigError', key, `must be a positive integer, got ${v}`));
  }
  const shape: DataShape = { height, width, channels, classes };
  const per = exampleLength(shape);
  const size = arrays.y.length;
  if (arrays.x.length !== size * per) {
    return E.left(goldNasError('DataError', 'x',
      `has ${arrays.x.length} values, expected ${size * per} (${size} labels × ${height}×${width}×${channels}); x and y disagree on the number of examples or the shape is wrong`));
  }
  const y = arrays.y instanceof Int32Array ? arrays.y : Int32Array.from(arrays.y);
  for (let i = 0; i < size; i++) {
    const label = y[i]!;
    if (label < 0 || label >= classes || label !== arrays.y[i]) {
      return E.left(goldNasError('DataError', `y[${i}]`, `label ${arrays.y[i]} is not an integer in [0, ${classes})`));
    }
  }
  const x = arrays.x instanceof Float32Array ? arrays.x : Float32Array.from(arrays.x);
  const bad = firstNonFinite(x);
  if (bad >= 0) return E.left(goldNasError('DataError', `x[${bad}]`, `value ${x[bad]} is not finite (example ${Math.floor(bad / per)})`));
  return E.right({ name: arrays.name ?? 'dataset', shape, size, x, y });
}

/** The index of the first value that is not finite, or -1. */
function firstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return i;
  return -1;
}

const isTyped = (u: unknown, name: 'Float32Array' | 'Int32Array'): boolean => Object.prototype.toString.call(u) === `[object ${name}]`;

/**
 * Checks a {@link Dataset} that may not come from {@link datasetFromArrays} (a value built by hand,
 * or read from elsewhere) before a run trains on it: its shape is positive integers, `x` is a
 * `Float32Array` of `size` examples of that shape, `y` an `Int32Array` of `size` labels, and every
 * pixel value is finite. The labels' range is the caller's to check (against the network's classes).
 *
 * @param ds - the dataset as given.
 * @param path - where it sits, for the error (e.g. `data.train`).
 * @returns nothing, or a `DataError` at `<path>`, `<path>.shape.<field>`, `<path>.x`, `<path>.y` or `<path>.x.<i>`.
 * @internal
 */
export function checkDatasetArrays(ds: unknown, path: string): Either<GoldNasError, void> {
  const fail = (at: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('DataError', at, message));
  if (typeof ds !== 'object' || ds === null) return fail(path, `must be a dataset ({ name, shape, size, x, y }, e.g. from datasetFromArrays), got ${ds === null ? 'null' : typeof ds}`);
  const d = ds as Partial<Record<keyof Dataset, unknown>>;
  const shape = (typeof d.shape === 'object' && d.shape !== null ? d.shape : {}) as Partial<Record<keyof DataShape, unknown>>;
  for (const key of ['height', 'width', 'channels', 'classes'] as const) {
    const v = shape[key];
    if (typeof v !== 'number' || !isPositiveInt(v)) return fail(`${path}.shape.${key}`, `must be a positive integer, got ${String(v)}`);
  }
  const size = d.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return fail(`${path}.size`, `must be a count of examples, got ${String(size)}`);
  if (!isTyped(d.x, 'Float32Array')) return fail(`${path}.x`, 'must be a Float32Array of NHWC pixel values (datasetFromArrays converts other arrays)');
  if (!isTyped(d.y, 'Int32Array')) return fail(`${path}.y`, 'must be an Int32Array of labels (datasetFromArrays converts other arrays)');
  const x = d.x as Float32Array;
  const y = d.y as Int32Array;
  const per = exampleLength(shape as DataShape);
  if (y.length !== size) return fail(`${path}.y`, `has ${y.length} labels for ${size} examples`);
  if (x.length !== size * per) {
    const { height, width, channels } = shape as DataShape;
    return fail(`${path}.x`, `has ${x.length} values, expected ${size * per} (${size} examples of ${height}×${width}×${channels}); the images, the labels and the shape disagree`);
  }
  const bad = firstNonFinite(x);
  return bad < 0 ? E.right(undefined) : fail(`${path}.x.${bad}`, `value ${x[bad]} is not finite (example ${Math.floor(bad / per)}); clean the data or build it with datasetFromArrays`);
}

/**
 * Copies the examples at `indices` (in that order) into a new array pair. Internal: callers
 * guarantee the indices are in range.
 *
 * @internal
 */
export function gatherExamples(ds: Dataset, indices: ArrayLike<number>, start = 0, end = indices.length): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array((end - start) * exampleLength(ds.shape));
  return { x, y: gatherExamplesInto(ds, indices, start, end, x) };
}

/**
 * {@link gatherExamples} writing the images into `x` (at least `(end - start)` examples long, e.g.
 * a reused scratch buffer) and returning the labels in a new array. Internal: callers guarantee the
 * indices are in range.
 *
 * @internal
 */
export function gatherExamplesInto(ds: Dataset, indices: ArrayLike<number>, start: number, end: number, x: Float32Array): Int32Array {
  const per = exampleLength(ds.shape);
  const n = end - start;
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[start + k]!;
    x.set(ds.x.subarray(i * per, (i + 1) * per), k * per);
    y[k] = ds.y[i]!;
  }
  return y;
}

/**
 * A new dataset holding copies of the examples at `indices`, in that order.
 *
 * @param ds - the source dataset.
 * @param indices - example indices, each in [0, ds.size); repeats are allowed.
 * @param name - the new dataset's name; defaults to `ds.name`.
 * @returns the subset, or a `ConfigError` naming the first index out of range.
 *
 * @example
 * ```ts
 * import { subsetDataset, syntheticDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pipe } from 'fp-ts/lib/function.js';
 * const firstTen = pipe(syntheticDataset({ size: 100, seed: 1 }), E.flatMap((ds) => subsetDataset(ds, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])));
 * ```
 * @since 0.1.0
 */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>, name: string = ds.name): Either<GoldNasError, Dataset> {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= ds.size) {
      return E.left(goldNasError('ConfigError', `indices[${k}]`, `index ${i} is not an integer in [0, ${ds.size}) for dataset ${ds.name}`));
    }
  }
  const { x, y } = gatherExamples(ds, indices);
  return E.right({ name, shape: ds.shape, size: indices.length, x, y });
}

/**
 * The number of examples of each class.
 *
 * @param ds - the dataset.
 * @returns an array of `classes` counts.
 *
 * @example
 * ```ts
 * import { classCounts, datasetFromArrays } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const ds = datasetFromArrays({ x: new Float32Array(3), y: [0, 1, 1], height: 1, width: 1, channels: 1, classes: 3 });
 * if (E.isRight(ds)) classCounts(ds.right); // [1, 2, 0]
 * ```
 * @since 0.1.0
 */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.shape.classes).fill(0);
  for (let i = 0; i < ds.size; i++) counts[ds.y[i]!]!++;
  return counts;
}
