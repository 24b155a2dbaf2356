/**
 * Checking an input batch against a macro layout before any computation.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { MacroLayout } from '../space/layout.js';

/**
 * Checks that `x` is a float32 NHWC batch `[N, inputSize, inputSize, inputChannels]` with N ≥ 1.
 * Reads only the shape: no computation, no device read.
 *
 * @param x - the batch.
 * @param layout - the network's layout.
 * @returns `x` typed as a 4-D tensor, or a `ShapeError` naming the expected and actual shapes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { checkInputBatch, cifarLayout, formatError } from 'gold-nas';
 * const r = checkInputBatch(tf.zeros([8, 28, 28, 1]), cifarLayout());
 * if (r._tag === 'Left') console.log(formatError(r.left)); // input: expected [N, 32, 32, 3] ... got [8, 28, 28, 1] ...
 * ```
 * @since 0.1.0
 */
export function checkInputBatch(x: Tensor, layout: MacroLayout): Either<GoldNasError, Tensor4D> {
  const s = layout.inputSize;
  const c = layout.inputChannels;
  // The message is built only on failure: this runs on every forward pass.
  const fail = (hint: string): Either<GoldNasError, Tensor4D> =>
    E.left(goldNasError('ShapeError', 'input', `expected [N, ${s}, ${s}, ${c}] (NHWC, N ≥ 1), got [${x.shape.join(', ')}]${hint === '' ? '' : `; ${hint}`}`));
  if (x.rank !== 4) {
    const hint = x.rank === 3 && x.shape[0] === s && x.shape[1] === s ? 'add a batch dimension with x.expandDims(0)' : 'the input must be a rank-4 batch of images';
    return fail(hint);
  }
  const [n, h, w, ch] = x.shape as [number, number, number, number];
  if (n < 1) return fail('the batch is empty');
  if (h !== s || w !== s || ch !== c) {
    if (h === c && w === s && ch === s) return fail('this looks like NCHW; transpose to NHWC with tf.transpose(x, [0, 2, 3, 1])');
    if (ch !== c && h === s && w === s) return fail(`the layout has inputChannels: ${c} but the images have ${ch} channels`);
    return fail(`the layout has inputSize: ${s}; resize the images or build the network for ${h}x${w}`);
  }
  if (x.dtype !== 'float32') return E.left(goldNasError('ShapeError', 'input', `expected a float32 batch, got ${x.dtype}; convert with tf.cast(x, 'float32')`));
  return E.right(x as Tensor4D);
}

/**
 * Checks that `labels` are int32 class indices `[N]` for a batch of `batch` examples. Reads only the
 * shape and dtype.
 *
 * @param labels - the labels.
 * @param batch - the batch size N of the inputs they go with.
 * @returns `labels` typed as a 1-D tensor, or a `ShapeError` at `labels`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { checkLabels } from 'gold-nas';
 * checkLabels(tf.tensor1d([0, 1], 'float32'), 2); // Left: expected int32 class indices of shape [2], got float32 [2]
 * ```
 * @since 0.1.0
 */
export function checkLabels(labels: Tensor, batch: number): Either<GoldNasError, Tensor1D> {
  if (labels.rank === 1 && labels.shape[0] === batch && labels.dtype === 'int32') return E.right(labels as Tensor1D);
  return E.left(goldNasError('ShapeError', 'labels', `expected int32 class indices of shape [${batch}], got ${labels.dtype} [${labels.shape.join(', ')}]`));
}
