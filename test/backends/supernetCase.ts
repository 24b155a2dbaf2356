/**
 * A small super-network run shared by the cross-backend tests: the same seeded weights, α, input
 * and labels on whatever backend is active; returns the logits, the loss and every gradient as
 * plain arrays. Not a test file.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as tfc from '@tensorflow/tfjs-core';
import { DARTS_PRIMITIVES, GOLD_PRIMITIVES, OPERATORS, alphaCount, buildSupernet, cifarLayout, supernetLossAndGrads } from '../../src/index.js';
import type { SearchSpace } from '../../src/index.js';
import { randomValues } from './gradCheck.js';

export interface SupernetCase {
  readonly name: string;
  readonly space: SearchSpace;
  readonly batch: number;
}

export const SUPERNET_CASES: readonly SupernetCase[] = [
  {
    name: 'GOLD {skip, sep3x3}, 3 cells, C=4, 8x8',
    space: { mode: 'gold', layout: cifarLayout({ channels: 4, cells: 3, inputSize: 8, classes: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS },
    batch: 4,
  },
  {
    name: 'DARTS 8 operators (dil_conv, pools, sep5x5), 3 cells, C=4, 8x8',
    space: { mode: 'darts', layout: cifarLayout({ channels: 4, cells: 3, inputSize: 8, classes: 5 }), operators: DARTS_PRIMITIVES, table: OPERATORS },
    batch: 4,
  },
];

export interface SupernetRun {
  readonly logits: Float32Array;
  readonly loss: number;
  readonly grads: ReadonlyMap<string, Float32Array>;
  /** Tensors alive after the run minus before it (0 when nothing leaked). */
  readonly leaked: number;
}

/** Builds the case's super-network (seed 7), sets α to seeded values, and runs one forward and one loss-and-gradients pass. */
export function runSupernet(tf: typeof tfc, c: SupernetCase): SupernetRun {
  const before = tf.memory().numTensors;
  const built = buildSupernet(tf, c.space, { seed: 7 });
  if (E.isLeft(built)) throw new Error(built.left.message);
  const net = built.right;
  try {
    const a = randomValues(alphaCount(c.space), 11).map((v) => 0.5 * v);
    tf.tidy(() => net.alpha.variable.assign(tf.tensor1d(a)));
    const { layout } = c.space;
    const xShape = [c.batch, layout.inputSize, layout.inputSize, layout.inputChannels];
    const x = tf.tensor(randomValues(c.batch * layout.inputSize * layout.inputSize * layout.inputChannels, 12), xShape);
    const y = tf.tensor1d(Array.from({ length: c.batch }, (_, i) => i % layout.classes), 'int32');
    const logitsT = tf.tidy(() => net.forward(x, { training: true }).logits);
    const logits = logitsT.dataSync() as Float32Array;
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y);
    const out = new Map(Object.entries(grads).map(([k, g]) => [k, g.dataSync() as Float32Array]));
    const lossValue = loss.dataSync()[0]!;
    tf.dispose([x, y, logitsT, loss, grads]);
    net.dispose();
    return { logits, loss: lossValue, grads: out, leaked: tf.memory().numTensors - before };
  } catch (e) {
    net.dispose();
    throw e;
  }
}
