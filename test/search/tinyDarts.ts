/** darts-mnist's algorithm on a tiny DARTS space (2 nodes: 5 edges per cell type) and synthetic data, for search tests. */
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { DARTS_PRIMITIVES } from '../../src/space/operators.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { splitDataset } from '../../src/data/split.js';
import type { DatasetSplit } from '../../src/data/split.js';
import { orThrow } from '../train/fixtures.js';

/** The tiny search's own choices: steps, a round's length, recovery steps and the evaluation's size. */
export interface TinyDartsScale {
  readonly maxSteps: number;
  readonly periodSteps: number;
  readonly recoverySteps: number;
  readonly evaluation: { readonly batchSize: number; readonly maxExamples: number };
}

/**
 * The configuration: darts-mnist's preset on a 3-cell, 2-node, 4-channel 8×8 space with 128
 * synthetic images (32 held out), with `overrides` spread over it.
 */
export function tinyDartsConfig(scale: TinyDartsScale, overrides: object = {}): SearchConfig {
  return orThrow(decodeSearchConfig({
    space: { mode: 'darts', layout: { kind: 'cifar', channels: 4, cells: 3, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 }, operators: DARTS_PRIMITIVES },
    data: { source: 'synthetic', heldOut: 32, syntheticSize: 128, cropPadding: 0 },
    batchSize: 8, maxSteps: scale.maxSteps, checkpointEvery: 0, logEvery: 1,
    evaluator: { name: 'held-out', recoverySteps: scale.recoverySteps },
    pruning: { periodSteps: scale.periodSteps },
    evaluation: scale.evaluation,
    ...overrides,
  }, SEARCH_PRESETS['darts-mnist']));
}

/** The data `tinyDartsConfig` describes. */
export function tinyDartsData(): DatasetSplit {
  const ds = orThrow(syntheticDataset({ size: 128, height: 8, width: 8, channels: 3, classes: 4, seed: 1, noise: 1 }));
  return orThrow(splitDataset(ds, { heldOut: 32, seed: 1 }));
}
