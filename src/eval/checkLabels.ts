/**
 * Checking class labels on the host before they reach a one-hot encoding, which would silently
 * turn an out-of-range label into an all-zero row (no loss, and a top-k "hit").
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * Checks that every label is an integer in [0, classes). Reads host memory only.
 *
 * @param labels - the labels (e.g. a batch's or a dataset's `y`).
 * @param classes - the number of classes the model scores.
 * @param path - where the labels sit, for the error (e.g. `batches.3.y`).
 * @returns nothing, or a `DataError` at `<path>.<i>` for the first bad label.
 *
 * @example
 * ```ts
 * import { checkLabelRange, formatError } from 'gold-nas';
 * const r = checkLabelRange(new Int32Array([0, 3, 10]), 10, 'y');
 * if (r._tag === 'Left') console.log(formatError(r.left)); // y.2: label 10 is not an integer in [0, 10) ...
 * ```
 * @since 0.2.0
 */
export function checkLabelRange(labels: ArrayLike<number>, classes: number, path: string): Either<GoldNasError, void> {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < classes && Number.isInteger(label))) {
      return E.left(goldNasError('DataError', `${path}.${i}`,
        `label ${label} is not an integer in [0, ${classes}): the model scores ${classes} classes; fix the labels or the layout's classes`));
    }
  }
  return E.right(undefined);
}
