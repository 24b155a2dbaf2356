/**
 * The super-network of the DARTS-PT tests, where the right choice is known: 3 cells (cell 0 normal,
 * cells 1 and 2 reduction), one node fed by edges 0 (state 0) and 1 (state 1). Its only signal path
 * runs through X on the normal cell's edge 0: Y is zeroed there, the normal edge 1 and the reduction
 * cells' edge 0 (from two cells back) are zeroed whole. Zeroed operators output 0 before and after
 * any SGD step (every gradient of them is a product with a zero).
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { batchIterator } from '../../src/data/batches.js';
import type { Batch } from '../../src/data/dataset.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { fixedOrderBatches } from '../../src/loop/runParts.js';
import { sgdPart } from '../../src/search/sgdPart.js';
import { weightStep } from '../../src/search/weightStep.js';
import { OPERATORS } from '../../src/space/operators.js';
import type { ConstraintMode, OperatorSlot } from '../../src/space/searchSpace.js';
import { buildSupernet } from '../../src/supernet/buildSupernet.js';
import type { SupernetState } from '../../src/supernet/buildSupernet.js';

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

/** The operator α favours. */
export const Y = 'dil_conv_3x3';
/** The operator that carries the signal on the normal cell's edge 0. */
export const X = 'sep_conv_3x3';

const ds = orThrow(syntheticDataset({ size: 192, height: 8, width: 8, channels: 3, classes: 4, seed: 3, noise: 0.3 }));
const heldOutIterator = orThrow(batchIterator(ds, { batchSize: 64, seed: 7 }));

/** The held-out batches: 128 examples in a fixed order. */
export const heldOut = (): Iterable<Batch> => fixedOrderBatches(heldOutIterator, 128);

/** A fresh source of training batches. */
export function trainSource(): () => Batch {
  const it = orThrow(batchIterator(ds, { batchSize: 16, seed: 1, dropLast: true }));
  return () => it.next();
}

/**
 * Builds the network in a space of this mode and these operators, sets α slot by slot, zeroes the
 * dead operators and trains ω for 60 steps.
 */
export function knownSignalNetwork(mode: ConstraintMode, operators: readonly string[], alphaOf: (slot: OperatorSlot) => number): SupernetState {
  const net = orThrow(buildSupernet(tf, {
    mode,
    layout: { kind: 'cifar', channels: 4, cells: 3, nodes: 1, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 },
    operators,
    table: OPERATORS,
  }, { seed: 5 }));
  const alpha = new Float32Array(net.alpha.variable.size);
  for (const s of net.slots) alpha[s.alpha] = alphaOf(s);
  net.alpha.variable.assign(tf.tensor1d(alpha));
  const dead: [number, number, string][] = [[0, 0, Y], [0, 1, X], [0, 1, Y], [1, 0, X], [1, 0, Y], [2, 0, X], [2, 0, Y]];
  for (const [cell, edge, op] of dead) {
    const vars = net.weights.filter((w) => w.name.startsWith(`cells.${cell}.edges.${edge}.${op}`));
    expect(vars.length).toBeGreaterThan(0);
    for (const w of vars) w.variable.assign(tf.zerosLike(w.variable));
  }
  const optimizer = sgdPart({ momentum: 0.9, weightDecay: 0, clipNorm: 5 }).create(tf);
  const next = trainSource();
  for (let i = 0; i < 60; i++) weightStep(tf, net, optimizer, next(), 0.05, { auxiliaryWeight: 0 });
  optimizer.dispose();
  return net;
}
