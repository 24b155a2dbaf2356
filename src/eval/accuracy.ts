/**
 * Classification accuracy of any model over a stream of batches: top-1 and top-k, with one data
 * read per evaluation.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { Batch } from '../data/dataset.js';
import type { GoldNasError } from '../errors.js';
import { checkLabelRange } from './checkLabels.js';

/**
 * Accuracy figures over the evaluated examples.
 *
 * @since 0.1.0
 */
export interface Accuracy {
  /** Fraction of examples whose top class is right. */
  readonly top1: number;
  /** Fraction whose right class is among the `k` highest scores. */
  readonly topK: number;
  readonly k: number;
  /** How many examples were evaluated. */
  readonly examples: number;
}

/**
 * How many examples' top-scoring class (the first on ties, as `argMax`) is their label: the
 * numerator of top-1 accuracy, kept on the device so that a loop can sum it over batches and read
 * it once. Call inside `tidy`. The labels are not range-checked: a label outside [0, classes) is
 * simply never a hit (check batches with `checkLabelRange` first).
 *
 * @param tf - the injected tfjs namespace.
 * @param logits - `[n, classes]` scores.
 * @param labels - class indices, int32 `[n]`.
 * @returns the hit count, an int32 scalar.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { topOneHits } from 'gold-nas';
 * const hits = tf.tidy(() => topOneHits(tf, tf.tensor2d([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), tf.tensor1d([1, 1, 1], 'int32')));
 * console.log(hits.dataSync()[0]); // 2
 * hits.dispose();
 * ```
 * @since 0.2.0
 */
export function topOneHits(tf: TF, logits: Tensor, labels: Tensor): Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')) as Scalar;
}

/**
 * Evaluates a classifier on batches. The model runs inside `tidy` per batch; correct counts stay on
 * the device and are read once at the end. Each batch's labels are checked on the host first: a
 * label outside [0, classes) would otherwise count as no loss and as a top-k hit.
 *
 * @param tf - the injected tfjs namespace.
 * @param logitsOf - the model: NHWC images to `[n, classes]` logits.
 * @param batches - the batches to evaluate (e.g. every held-out batch once).
 * @param options - `k` for top-k (default 5, capped at the number of classes).
 * @returns the accuracy, or a `DataError` at `batches.<b>.y.<i>` for a label that is not a class of the model.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { evaluateAccuracy } from 'gold-nas';
 * const batch = { x: new Float32Array(4), y: new Int32Array([1, 0]), n: 2, shape: [2, 1, 1, 2] as const };
 * const acc = await evaluateAccuracy(tf, (x) => tf.reshape(x, [-1, 2]), [batch], { k: 1 });
 * if (acc._tag === 'Right') acc.right.top1; // 0.5: both images are all zeros, so class 0 wins and only the second is right
 * ```
 * @since 0.1.0
 */
export async function evaluateAccuracy(
  tf: TF,
  logitsOf: (x: Tensor) => Tensor,
  batches: Iterable<Batch>,
  options: { readonly k?: number } = {},
): Promise<Either<GoldNasError, Accuracy>> {
  const args = checkArguments('evaluateAccuracy', { tf: [tf, 'object', 'the tfjs namespace'], logitsOf: [logitsOf, 'function', 'the network'], batches: [batches, 'iterable', 'the batches, e.g. an array or a generator'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  let correct1: Tensor | null = null;
  /** Stays unset while k is 1: top-1 is then top-k. */
  let correctK: Tensor | undefined;
  let examples = 0;
  let k = options.k ?? 5;
  let index = 0;
  let bad = null as GoldNasError | null;
  for (const b of batches) {
    const batchIndex = index++;
    // An empty list: the batch's labels are not classes of the model (the error is in `bad`).
    const [c1, ck]: Tensor[] = tf.tidy((): Tensor[] => {
      const logits = logitsOf(tf.tensor4d(b.x, [...b.shape]));
      const classes = logits.shape[1] ?? 1;
      const labelsOk = checkLabelRange(b.y, classes, `batches.${batchIndex}.y`);
      if (E.isLeft(labelsOk)) {
        bad = labelsOk.left;
        return [];
      }
      k = Math.min(k, classes);
      const labels = tf.tensor1d(b.y, 'int32');
      const top1 = topOneHits(tf, logits, labels);
      const sum1 = correct1 === null ? top1 : tf.add(correct1, top1);
      if (k === 1) return [sum1];
      // The label is in the top k when fewer than k classes score strictly higher (ties count for it).
      const labelScore = tf.sum(tf.mul(logits, tf.oneHot(labels, classes)), 1, true);
      const beaten = tf.sum(tf.cast(tf.greater(logits, labelScore), 'int32'), 1);
      const topK = tf.sum(tf.cast(tf.less(beaten, tf.scalar(k, 'int32')), 'int32'));
      return [sum1, correctK === undefined ? topK : tf.add(correctK, topK)];
    });
    if (c1 === undefined) break;
    correct1?.dispose();
    correctK?.dispose();
    correct1 = c1;
    correctK = ck;
    examples += b.n;
  }
  if (bad !== null) {
    correct1?.dispose();
    correctK?.dispose();
    return E.left(bad);
  }
  if (correct1 === null || examples === 0) {
    correctK?.dispose();
    return E.right({ top1: NaN, topK: NaN, k, examples: 0 });
  }
  const [n1, nk] = await Promise.all([correct1.data(), correctK === undefined ? null : correctK.data()]);
  correct1.dispose();
  correctK?.dispose();
  const top1 = n1[0]! / examples;
  return E.right({ top1, topK: nk === null ? top1 : nk[0]! / examples, k, examples });
}
