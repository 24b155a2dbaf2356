/** A tiny layout, architecture and synthetic data for re-training tests. */
import * as E from 'fp-ts/lib/Either.js';
import { cifarLayout, splitDataset, syntheticDataset } from '../../src/index.js';
import type { Architecture, MacroLayout, RetrainData } from '../../src/index.js';

export function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

export const tinyLayout: MacroLayout = cifarLayout({ channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 });

const cell = (reduction: boolean) => ({
  reduction,
  edges: [
    { op: 'sep_conv_3x3', from: 0, to: 2 },
    { op: 'skip_connect', from: 1, to: 2 },
    { op: 'sep_conv_3x3', from: 2, to: 3 },
    { op: 'skip_connect', from: 0, to: 3 },
  ],
});

export const tinyArchitecture: Architecture = { nodes: 2, cells: [cell(false), cell(true), cell(true)] };

export function tinyData(size = 256, heldOut = 64, inputSize = 8): RetrainData {
  const ds = orThrow(syntheticDataset({ size, height: inputSize, width: inputSize, channels: 3, classes: 4, seed: 1 }));
  const split = orThrow(splitDataset(ds, { heldOut, seed: 1 }));
  return { train: split.train, test: split.heldOut };
}
