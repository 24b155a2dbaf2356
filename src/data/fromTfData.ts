/**
 * A {@link Dataset} from a `tf.data.Dataset` of `{xs, ys}` elements, read to its end with every
 * tensor disposed. Browser-safe; it needs no `tf` namespace (it only reads tensors).
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { DataType, Tensor } from '@tensorflow/tfjs-core';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { datasetFromArrays } from './dataset.js';

/**
 * What {@link datasetFromTfData} reads: anything with tf.data's `iterator()`, such as a
 * `tf.data.Dataset<{ xs: Tensor; ys: Tensor }>`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { TfDataSource } from 'gold-nas';
 * const source: TfDataSource = tf.data.array([{ xs: tf.zeros([2, 2, 1]), ys: tf.scalar(0, 'int32') }]);
 * ```
 * @since 0.2.0
 */
export interface TfDataSource {
  /** Starts a pass over the elements, as `tf.data.Dataset.iterator()` does. */
  iterator(): Promise<{ next(): Promise<IteratorResult<unknown>> }>;
}

/**
 * Options of {@link datasetFromTfData}. The image size is taken from the first element unless given.
 *
 * @example
 * ```ts
 * import type { TfDataOptions } from 'gold-nas';
 * const opts: TfDataOptions = { classes: 10, height: 28, width: 28, channels: 1, name: 'fashion' };
 * ```
 * @since 0.2.0
 */
export interface TfDataOptions {
  /** Number of classes; labels must be integers in [0, classes), or one-hot vectors of that length. */
  readonly classes: number;
  /** Expected image height (default: the first element's). */
  readonly height?: number;
  /** Expected image width (default: the first element's). */
  readonly width?: number;
  /** Expected channels (default: the first element's). */
  readonly channels?: number;
  /** The dataset's name; default `tf-data`. */
  readonly name?: string;
}

type Shape3 = readonly [height: number, width: number, channels: number];

const isTensor = (v: unknown): v is Tensor =>
  typeof v === 'object' && v !== null && Array.isArray((v as Tensor).shape) && typeof (v as Tensor).data === 'function' && typeof (v as Tensor).dispose === 'function';

/** Disposes every tensor in `value` (a tensor, or arrays and plain objects holding tensors). */
function disposeAll(value: unknown, depth = 0): void {
  if (isTensor(value)) value.dispose();
  else if (depth < 8 && typeof value === 'object' && value !== null) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) disposeAll(v, depth + 1);
  }
}

const READABLE: readonly DataType[] = ['float32', 'int32', 'bool'];
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** The example count and per-example shape of an `xs` tensor shape: rank 4 is a batch, rank 3 one example, rank 2 one grey example. */
function examplesOf(shape: readonly number[]): { n: number; example: Shape3 } | undefined {
  if (shape.length === 4) return { n: shape[0]!, example: [shape[1]!, shape[2]!, shape[3]!] };
  if (shape.length === 3) return { n: 1, example: [shape[0]!, shape[1]!, shape[2]!] };
  if (shape.length === 2) return { n: 1, example: [shape[0]!, shape[1]!, 1] };
  return undefined;
}

/** The labels of `n` examples from `ys`'s shape and values: class indices (`[n]`, `[n, 1]`, or `[]`, `[1]` for one) or one-hot rows of length `classes`. */
function labelsOf(shape: readonly number[], values: ArrayLike<number>, n: number, batched: boolean, classes: number): { labels: number[] } | { error: string } {
  const lead = batched ? [n] : [];
  const same = (s: readonly number[]): boolean => s.length === shape.length && s.every((d, i) => d === shape[i]);
  const indices = same(lead) || same([...lead, 1]);
  const oneHot = !indices && same([...lead, classes]);
  if (!indices && !oneHot) {
    const expected = [lead, [...lead, 1], [...lead, classes]].map(shapeText).join(', ');
    return { error: `ys has shape ${shapeText(shape)}; for ${n} example${n === 1 ? '' : 's'} expected class indices or one-hot rows: ${expected}` };
  }
  const labels: number[] = [];
  for (let e = 0; e < n; e++) {
    if (indices) {
      const v = values[e]!;
      if (!Number.isInteger(v) || v < 0 || v >= classes) return { error: `label ${v} of example ${e} is not an integer in [0, ${classes})` };
      labels.push(v);
    } else {
      let hot = -1;
      for (let c = 0; c < classes; c++) {
        const v = values[e * classes + c]!;
        if (v === 1 && hot === -1) hot = c;
        else if (v !== 0) return { error: `row ${e} of ys is not one-hot (value ${v} at class ${c}); pass one 1 and ${classes - 1} zeros, or class indices` };
      }
      if (hot === -1) return { error: `row ${e} of ys is all zeros; a one-hot row needs one 1` };
      labels.push(hot);
    }
  }
  return { labels };
}

/**
 * Reads a `tf.data.Dataset` to its end into a gold-nas {@link Dataset} (NHWC float32).
 *
 * Each element is `{ xs, ys }` (other fields are ignored and disposed):
 * - `xs`: one image `[h, w, c]` (or `[h, w]`, one channel) or a batch `[n, h, w, c]`; dtype
 *   float32, int32 or bool; every value finite. A batch of grey images must be `[n, h, w, 1]`.
 * - `ys`: the class index (a number, or a tensor `[]` or `[1]`; `[n]` or `[n, 1]` for a batch) or
 *   one-hot rows (`[classes]`, or `[n, classes]`), exactly one 1 per row.
 *
 * Every tensor read is disposed as soon as its values are copied. On a bad element the function
 * keeps reading to the end, disposing every element without converting it, so that no tensor is
 * left behind, and then returns the first error; only if the iterator itself throws does it stop
 * at once. Pass a finite dataset (`.take(n)`): an endless one never returns. Pixel values are
 * copied as they are (no scaling). Memory: the values are collected per element, then copied into
 * one array, so about twice the dataset's size at the end.
 *
 * @param source - the `tf.data.Dataset` (anything with its `iterator()`).
 * @param options - the number of classes, the expected image size (default: the first element's) and a name.
 * @returns the dataset, or an error whose path names the element (`element[12].ys`): a
 *   `ShapeError` for a shape that differs, a `DataError` for a bad value or label, an empty
 *   dataset or an iterator that threw; a `ConfigError` for bad options.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { datasetFromTfData, formatError } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const source = tf.data.generator(function* () {
 *   for (let i = 0; i < 4; i++) yield { xs: tf.fill([28, 28, 1], i / 4), ys: tf.scalar(i % 2, 'int32') };
 * });
 * const ds = await datasetFromTfData(source, { classes: 2 });
 * if (E.isLeft(ds)) console.error(formatError(ds.left));
 * else console.log(ds.right.size); // 4
 * ```
 * @since 0.2.0
 */
export async function datasetFromTfData(source: TfDataSource, options: TfDataOptions): Promise<Either<GoldNasError, Dataset>> {
  const args = checkArguments('datasetFromTfData', { source: [source, 'object', 'a tf.data.Dataset'], options: [options, 'object', '{ classes }'] });
  if (E.isLeft(args)) return args;
  const { classes } = options;
  if (!Number.isInteger(classes) || classes < 1) return E.left(goldNasError('ConfigError', 'classes', `must be a positive integer, got ${classes}`));
  for (const key of ['height', 'width', 'channels'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) return E.left(goldNasError('ConfigError', key, `must be a positive integer, got ${v}`));
  }
  /** The image shape every element must have: set by the first element read (with the options' fields). */
  let expected: Shape3 | undefined;
  const given: readonly (number | undefined)[] = [options.height, options.width, options.channels];

  let iterator: { next(): Promise<IteratorResult<unknown>> };
  try {
    iterator = await source.iterator();
  } catch (e) {
    return E.left(goldNasError('DataError', 'iterator', `the dataset's iterator() threw: ${(e as Error).message ?? String(e)}`));
  }
  const chunks: Float32Array[] = [];
  const labels: number[] = [];
  let firstError: GoldNasError | undefined;
  for (let index = 0; ; index++) {
    let result: IteratorResult<unknown>;
    try {
      result = await iterator.next();
    } catch (e) {
      return E.left(firstError ?? goldNasError('DataError', `element[${index}]`, `reading the element threw: ${(e as Error).message ?? String(e)}`));
    }
    if (result.done === true) break;
    const element: unknown = result.value;
    if (firstError !== undefined) {
      disposeAll(element);
      continue;
    }
    const read = await readElement(element, index, classes, expected, given);
    disposeAll(element);
    if ('error' in read) firstError = read.error;
    else {
      expected = read.shape;
      chunks.push(read.x);
      for (const l of read.labels) labels.push(l);
    }
  }
  if (firstError !== undefined) return E.left(firstError);
  if (expected === undefined || labels.length === 0) return E.left(goldNasError('DataError', 'dataset', 'the dataset has no elements (or only empty batches)'));
  const x = new Float32Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    x.set(c, offset);
    offset += c.length;
  }
  const [height, width, channels] = expected;
  return datasetFromArrays({ x, y: Int32Array.from(labels), height, width, channels, classes, name: options.name ?? 'tf-data' });
}

/** Reads one element's values (awaiting the tensors' data; the caller disposes them) and checks them. */
async function readElement(
  element: unknown, index: number, classes: number, expected: Shape3 | undefined, given: readonly (number | undefined)[],
): Promise<{ x: Float32Array; labels: number[]; shape: Shape3 } | { error: GoldNasError }> {
  const at = `element[${index}]`;
  const fail = (tag: 'DataError' | 'ShapeError', path: string, message: string) => ({ error: goldNasError(tag, path, message) });
  if (typeof element !== 'object' || element === null || !('xs' in element) || !('ys' in element)) {
    return fail('DataError', at, `expected an object { xs, ys }, got ${element === null ? 'null' : typeof element === 'object' ? `an object with ${Object.keys(element).join(', ') || 'no fields'}` : typeof element}`);
  }
  const { xs, ys } = element as { xs: unknown; ys: unknown };
  if (!isTensor(xs)) return fail('DataError', `${at}.xs`, 'is not a tensor');
  if (!isTensor(ys) && typeof ys !== 'number') return fail('DataError', `${at}.ys`, 'is neither a tensor nor a number');
  const layout = examplesOf(xs.shape);
  if (layout === undefined) return fail('ShapeError', `${at}.xs`, `has shape ${shapeText(xs.shape)}; expected [h, w, c], [h, w] or a batch [n, h, w, c]`);
  const { n, example } = layout;
  const wanted = expected ?? (example.map((d, i) => given[i] ?? d) as unknown as Shape3);
  if (example.some((d, i) => d !== wanted[i])) {
    return fail('ShapeError', `${at}.xs`, `holds images of ${shapeText(example)} (h, w, c) but ${expected === undefined ? 'the options ask for' : 'earlier elements have'} ${shapeText(wanted)}`);
  }
  if (!READABLE.includes(xs.dtype)) return fail('DataError', `${at}.xs`, `has dtype ${xs.dtype}; expected float32, int32 or bool`);
  if (isTensor(ys) && !READABLE.includes(ys.dtype)) return fail('DataError', `${at}.ys`, `has dtype ${ys.dtype}; expected int32, float32 or bool`);
  if (typeof ys === 'number' && xs.shape.length === 4) return fail('DataError', `${at}.ys`, `is one number but xs holds a batch of ${n}; pass a tensor [${n}] of labels`);
  const values = await xs.data();
  const yValues = typeof ys === 'number' ? [ys] : await ys.data();
  const yShape = typeof ys === 'number' ? [] : ys.shape;
  const x = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      const per = wanted[0] * wanted[1] * wanted[2];
      return fail('DataError', `${at}.xs`, `value ${x[i]} of example ${Math.floor(i / per)} (flat index ${i % per}) is not finite`);
    }
  }
  const read = labelsOf(yShape, yValues as ArrayLike<number>, n, xs.shape.length === 4, classes);
  if ('error' in read) return fail('DataError', `${at}.ys`, read.error);
  return { x, labels: read.labels, shape: wanted };
}
