import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { evaluateAccuracy } from '../../src/eval/accuracy.js';
import type { Batch } from '../../src/data/dataset.js';
import * as E from 'fp-ts/lib/Either.js';

function orThrow<A>(e: E.Either<{ message: string }, A>): A {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Batches whose "images" are the logits themselves (1x1 spatial, channels = classes). */
function batch(logits: number[][], labels: number[]): Batch {
  return { x: Float32Array.from(logits.flat()), y: Int32Array.from(labels), n: labels.length, shape: [labels.length, 1, 1, logits[0]!.length] };
}

describe('evaluateAccuracy', () => {
  it('counts top-1 and top-k over several batches with one read', async () => {
    const before = tf.memory().numTensors;
    const batches = [
      batch([[3, 2, 1], [1, 3, 2]], [0, 2]), // top1: yes, no (2 is second)
      batch([[1, 2, 3], [5, 1, 0]], [0, 2]), // top1: no (0 is third), no (2 is third)
    ];
    const acc = await evaluateAccuracy(tf, (x) => tf.reshape(x, [x.shape[0]!, -1]), batches, { k: 2 });
    expect(acc).toEqual(E.right({ top1: 0.25, topK: 0.5, k: 2, examples: 4 }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('caps k at the number of classes and reports NaN for no examples', async () => {
    const acc = orThrow(await evaluateAccuracy(tf, (x) => tf.reshape(x, [x.shape[0]!, -1]), [batch([[0, 1]], [0])], { k: 5 }));
    expect(acc.k).toBe(2);
    expect(acc.topK).toBe(1);
    expect(orThrow(await evaluateAccuracy(tf, (x) => x, [])).examples).toBe(0);
  });

  it.each([[[0, 3]], [[-1, 0]], [[0, 100]]])('refuses a hand-made batch with labels %j outside the 3 classes instead of counting them', async (labels) => {
    const before = tf.memory().numTensors;
    const batches = [batch([[3, 2, 1], [1, 3, 2]], [0, 1]), batch([[1, 2, 3], [5, 1, 0]], labels)];
    const acc = await evaluateAccuracy(tf, (x) => tf.reshape(x, [x.shape[0]!, -1]), batches, { k: 3 });
    expect(E.isLeft(acc) && acc.left._tag === 'DataError' && acc.left.path).toBe(`batches.1.y.${labels[0] === 0 ? 1 : 0}`);
    expect(E.isLeft(acc) && acc.left.message).toMatch(/not an integer in \[0, 3\)/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
