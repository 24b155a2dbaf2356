/**
 * Named re-training configurations. Each is a full {@link RetrainConfig}; a config file given with
 * a preset only needs the fields it changes.
 *
 * @module
 */
import type { RetrainConfig } from './retrainConfig.js';
import { RETRAIN_DEFAULTS } from './retrainConfig.js';

/**
 * - `darts`: the DARTS CIFAR-10 recipe (METHOD.md §5; {@link RETRAIN_DEFAULTS}): 600 epochs, batch 96,
 *   lr 0.025 cosine, weight decay 3e-4, clipping 5, crop 4 + flip + Cutout 16, drop-path 0.2, auxiliary 0.4.
 *   Needs a GPU (`--backend tensorflow`) to finish in days rather than years.
 * - `mnist`: the same recipe shrunk for the MNIST quick start on a 2-core CPU: a few minutes per
 *   candidate on wasm (10 epochs, batch 64, lr 0.05, crop 2, no flip, no Cutout, drop-path 0.1, no
 *   auxiliary head: the 7x7 map after cell floor(2L/3) is too small for it).
 * - `synthetic-tiny`: seconds on seeded synthetic data, for tests and smoke checks.
 *
 * @since 0.1.0
 */
export type RetrainPresetName = 'darts' | 'mnist' | 'synthetic-tiny';

/**
 * The re-training presets by name.
 *
 * @since 0.1.0
 */
export const RETRAIN_PRESETS: Readonly<Record<RetrainPresetName, RetrainConfig>> = {
  darts: RETRAIN_DEFAULTS,
  mnist: {
    ...RETRAIN_DEFAULTS,
    epochs: 10,
    batchSize: 64,
    optimizer: { ...RETRAIN_DEFAULTS.optimizer, lr: 0.05 },
    dropPath: 0.1,
    auxiliaryWeight: 0,
    data: { cropPadding: 2, flip: false, cutoutLength: 0, normalise: true },
    evaluation: { batchSize: 250, everyEpochs: 1 },
    logEvery: 10,
  },
  'synthetic-tiny': {
    ...RETRAIN_DEFAULTS,
    seed: 1,
    epochs: 3,
    batchSize: 16,
    optimizer: { ...RETRAIN_DEFAULTS.optimizer, lr: 0.05 },
    auxiliaryWeight: 0,
    data: { cropPadding: 0, flip: false, cutoutLength: 0, normalise: true },
    evaluation: { batchSize: 64, everyEpochs: 1 },
    logEvery: 5,
  },
};
