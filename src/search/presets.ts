/**
 * Named search configurations. Each is a full {@link SearchConfig}; a config file given with a
 * preset only needs the fields it changes.
 *
 * @module
 */
import { DARTS_PRIMITIVES } from '../space/operators.js';
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
 * - `darts`: DARTS itself (Liu et al. 2019, quark0/darts `cnn/train_search.py`) on CIFAR-10: the
 *   DARTS space (8 operators with `none`, softmax per edge, shared cells), 8 cells, C=16, batch 64;
 *   the bilevel first-order update with α on half of the training examples (Adam, lr 3e-4, betas
 *   (0.5, 0.999), weight decay 1e-3, α from 1e-3·N(0, 1)); ω by SGD (momentum 0.9, weight decay
 *   3e-4, clipping 5) with a cosine schedule from 0.025 to 0.001; 50 epochs of ω's half; the argmax
 *   top-2 genotype at the end. `{ "update": { "order": 2 } }` gives the second order. Needs
 *   `data.path` and a GPU (docs/darts.md).
 * - `darts-mnist`: the same algorithm on MNIST, small (4 cells, C=4, batch 16, 300 steps), for demos and CI.
 *
 * @since 0.1.0
 */
export type PresetName = 'mnist-quick' | 'cifar10' | 'synthetic-tiny' | 'darts' | 'darts-mnist';

/** DARTS's settings on CIFAR-10 (quark0/darts at f276dd3, `cnn/train_search.py`, `cnn/architect.py`). */
const DARTS_CIFAR10: SearchConfig = {
  ...SEARCH_DEFAULTS,
  seed: 2,
  space: {
    mode: 'darts',
    layout: { kind: 'cifar', channels: 16, cells: 8, nodes: 4, inputSize: 32, inputChannels: 3, classes: 10, stemMultiplier: 3 },
    operators: DARTS_PRIMITIVES,
  },
  // 5,000 held out for the shared-weight estimate of the genotype; the other 45,000 split 50/50 between ω and α.
  data: { ...SEARCH_DEFAULTS.data, source: 'cifar10', heldOut: 5000, cropPadding: 4, flip: true, cutoutLength: 0 },
  batchSize: 64,
  weights: { lr: 0.025, minLr: 0.001, schedule: 'cosine', optimizer: { name: 'sgd', momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 } },
  alpha: { lr: 3e-4, initStd: 1e-3, optimizer: { name: 'adam', beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 } },
  auxiliaryWeight: 0,
  // λ stays 0: plain DARTS has no resource penalty.
  pruning: { scheduler: { name: 'darts-argmax', atEnd: true }, periodSteps: 0, lambdaMax: 0 },
  update: { name: 'darts-bilevel', order: 1 },
  // 50 epochs of ω's 22,500 examples in batches of 64 (351 per epoch).
  maxSteps: 50 * 351,
  evaluation: { batchSize: 100, maxExamples: 0 },
  checkpointEvery: 500,
  logEvery: 20,
};

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
    // stableRounds 0: a round here is 25 steps, not [R]'s epoch, and under the paper's steady penalty
    // a stretch of more than 3 rounds without pruning never comes back after the first prune
    // (docs/quick-start.md), so the stable-point rule would record almost nothing.
    pruning: { scheduler: { name: 'gold', lambda0: 1e-3, flopsMin: 5e6, stableRounds: 0 }, periodSteps: 25, lambdaMax: 1000 },
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
  darts: DARTS_CIFAR10,
  'darts-mnist': {
    ...DARTS_CIFAR10,
    seed: 1,
    // Small enough for a CPU: 4 cells (reductions at 1 and 2), C=4; DARTS-style, re-train the genotype
    // on a larger layout (gold-nas retrain <run> --channels 8 --cells 5 is the quick start's).
    space: {
      mode: 'darts',
      layout: { kind: 'cifar', channels: 4, cells: 4, nodes: 4, inputSize: 28, inputChannels: 1, classes: 10, stemMultiplier: 3 },
      operators: DARTS_PRIMITIVES,
    },
    data: { ...SEARCH_DEFAULTS.data, source: 'mnist', heldOut: 1000, cropPadding: 2 },
    batchSize: 16,
    // Rounds only log the gates; the genotype is derived at the last one, at step 300.
    pruning: { scheduler: { name: 'darts-argmax', atEnd: true }, periodSteps: 50, lambdaMax: 0 },
    maxSteps: 300,
    evaluation: { batchSize: 100, maxExamples: 1000 },
    checkpointEvery: 50,
    logEvery: 5,
  },
};
