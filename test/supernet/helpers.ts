/** Shared fixtures of the super-network tests. */
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import { OPERATORS, buildSupernet, cifarLayout } from '../../src/index.js';
import type { ConstraintMode, LayoutOptions, SearchSpace, SupernetState } from '../../src/index.js';

export function space(mode: ConstraintMode, operators: readonly string[], layout: LayoutOptions): SearchSpace {
  return { mode, layout: cifarLayout(layout), operators, table: OPERATORS };
}

/** A super-network that must build. */
export function supernet(s: SearchSpace, seed = 1, auxiliary = false): SupernetState {
  const built = buildSupernet(tf, s, { seed, auxiliary });
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
}

/** Labels 0, 1, 2, ... modulo `classes`. */
export function labels(n: number, classes: number): tf.Tensor1D {
  return tf.tensor1d(Array.from({ length: n }, (_, i) => i % classes), 'int32');
}
