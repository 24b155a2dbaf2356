/**
 * Named search configurations. Each is a full {@link SearchConfig}; a config file given with a
 * preset only needs the fields it changes.
 *
 * @module
 */
import type { SearchConfig } from './searchConfig.js';
import { SEARCH_DEFAULTS } from './searchConfig.js';

/**
 * - `mnist-quick`: the README's quick start. A complete GOLD-NAS search on MNIST (5 cells, C=8,
 *   `{skip, sep3x3}`) from the full super-network down to FLOPs_min, sized for a few minutes on a
 *   2-core CPU with the wasm backend.
 * - `cifar10`: the reference settings ([R], METHOD.md §3–§4): 14 cells, C=36, batch 96, one pruning
 *   round per epoch, auxiliary head 0.4, [R]'s penalty (r = 1, μ = 0, ξ_min = 0.01), FLOPs_min 240M
 *   multiply-adds, and [R]'s data and cells: all 50,000 training images (no held-out split;
 *   candidates are scored on 5,000 training images, and labelled so), crop, flip, AutoAugment's
 *   CIFAR-10 policy and Cutout 16, `skip_connect` as a non-affine batch norm, non-affine cell batch
 *   norms in the evaluation network. Needs the CIFAR-10 binary files (`data.path`) and a GPU.
 * - `synthetic-tiny`: a seconds-long search on seeded synthetic data, for tests and smoke checks.
 *
 * @since 0.1.0
 */
export type PresetName = 'mnist-quick' | 'cifar10' | 'synthetic-tiny';

/**
 * The presets by name.
 *
 * @since 0.1.0
 */
export const SEARCH_PRESETS: Readonly<Record<PresetName, SearchConfig>> = {
  'mnist-quick': {
    ...SEARCH_DEFAULTS,
    seed: 1,
    space: {
      mode: 'gold',
      layout: { kind: 'cifar', channels: 8, cells: 5, nodes: 4, inputSize: 28, inputChannels: 1, classes: 10, stemMultiplier: 3 },
      operators: ['skip_connect', 'sep_conv_3x3'],
    },
    data: { ...SEARCH_DEFAULTS.data, source: 'mnist', heldOut: 1000, cropPadding: 2 },
    batchSize: 64,
    weights: { ...SEARCH_DEFAULTS.weights, lr: 0.05 },
    penalty: { name: 'log', r: 1, mu: 0, xiMin: 0.01 },
    pruning: { scheduler: { name: 'gold', lambda0: 1e-3, flopsMin: 3.5e6, record: 'every-change' }, periodSteps: 25, lambdaMax: 1000 },
    maxSteps: 3000,
    evaluation: { batchSize: 100, maxExamples: 1000 },
    checkpointEvery: 100,
    logEvery: 5,
  },
  cifar10: {
    ...SEARCH_DEFAULTS,
    space: {
      mode: 'gold',
      layout: { kind: 'cifar', channels: 36, cells: 14, nodes: 4, inputSize: 32, inputChannels: 3, classes: 10, stemMultiplier: 3 },
      operators: ['skip_connect', 'sep_conv_3x3'],
      skipConnect: 'batch-norm',
      cellBatchNorm: 'none',
    },
    data: { ...SEARCH_DEFAULTS.data, source: 'cifar10', heldOut: 0, cropPadding: 4, flip: true, autoAugment: 'cifar10', cutoutLength: 16 },
    batchSize: 96,
    auxiliaryWeight: 0.4,
    penalty: { name: 'log', r: 1, mu: 0, xiMin: 0.01 },
    pruning: { scheduler: { name: 'gold', flopsMin: 240e6 }, periodSteps: 0, lambdaMax: 1000 },
    evaluation: { batchSize: 100, maxExamples: 5000 },
    checkpointEvery: 500,
    logEvery: 20,
  },
  'synthetic-tiny': {
    ...SEARCH_DEFAULTS,
    seed: 3,
    space: {
      mode: 'gold',
      layout: { kind: 'cifar', channels: 4, cells: 3, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 },
      operators: ['skip_connect', 'sep_conv_3x3'],
    },
    data: { ...SEARCH_DEFAULTS.data, source: 'synthetic', heldOut: 64, syntheticSize: 256 },
    batchSize: 16,
    weights: { ...SEARCH_DEFAULTS.weights, lr: 0.05 },
    pruning: { scheduler: { name: 'gold', lambda0: 0.05, record: 'every-change' }, periodSteps: 5, lambdaMax: 1000 },
    maxSteps: 60,
    evaluation: { batchSize: 32, maxExamples: 0 },
    checkpointEvery: 20,
    logEvery: 5,
  },
};
