/**
 * The tiny GOLD-NAS search of the search tests: synthetic 8x8 images, 3 cells of 2 nodes, 60 steps
 * with a pruning round every 5.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { SEARCH_DEFAULTS } from '../../src/search/searchConfig.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { splitDataset } from '../../src/data/split.js';
import type { DatasetSplit } from '../../src/data/split.js';

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

export function tinyConfig(overrides: object = {}): SearchConfig {
  return orThrow(decodeSearchConfig({
    seed: 3,
    space: { layout: { channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 } },
    batchSize: 16,
    maxSteps: 60,
    weights: { lr: 0.05 },
    pruning: { periodSteps: 5, options: { lambda0: 0.05, record: 'every-change' } },
    evaluation: { batchSize: 32 },
    logEvery: 5,
    ...overrides,
  }, SEARCH_DEFAULTS));
}

export function tinyData(): DatasetSplit {
  const ds = orThrow(syntheticDataset({ size: 256, height: 8, width: 8, channels: 3, classes: 4, seed: 1 }));
  return orThrow(splitDataset(ds, { heldOut: 64, seed: 1 }));
}
