/**
 * The configuration of a re-training from scratch: an io-ts codec in which every field is optional
 * and takes the DARTS recipe's default (METHOD.md §5), unknown fields are rejected, and every error
 * names its path.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Architecture } from '../space/architecture.js';
import { architectureHash, fnv1a64 } from '../space/architectureHash.js';
import type { CellBatchNorm, MacroLayout } from '../space/layout.js';
import type { SkipConnectKind } from '../space/operators.js';

/**
 * The SGD optimiser of a re-training and its learning-rate schedule (stepped once per epoch, as DARTS).
 *
 * @since 0.1.0
 */
export interface RetrainOptimConfig {
  /** The initial learning rate (DARTS: 0.025 at batch 96). */
  readonly lr: number;
  /** The cosine schedule's floor, reached after the last epoch (DARTS: 0). */
  readonly minLr: number;
  /** `cosine`: annealed per epoch from `lr` to `minLr` over the epochs (PyTorch's `CosineAnnealingLR`); `constant`: `lr` throughout. */
  readonly schedule: 'cosine' | 'constant';
  readonly momentum: number;
  /** L2 weight decay on every weight, batch-norm affine parameters included (DARTS: 3e-4). */
  readonly weightDecay: number;
  /** Clip the global gradient norm to this (DARTS: 5); 0 for none. */
  readonly clipNorm: number;
}

/**
 * Augmentation and normalisation of the training images.
 *
 * @since 0.1.0
 */
export interface RetrainDataConfig {
  /** Random crop with this much zero padding (DARTS CIFAR: 4; 0 for none). */
  readonly cropPadding: number;
  /** Random horizontal flips (DARTS CIFAR: on; off for digits). */
  readonly flip: boolean;
  /** Cutout hole side (DARTS: 16; 0 for none). */
  readonly cutoutLength: number;
  /** Standardise each channel with the training data's mean and deviation (applied to the test data too). */
  readonly normalise: boolean;
}

/**
 * When the test set is evaluated.
 *
 * @since 0.1.0
 */
export interface RetrainEvaluationConfig {
  readonly batchSize: number;
  /** Evaluate every this many epochs; the last epoch is always evaluated. */
  readonly everyEpochs: number;
}

/**
 * A whole re-training configuration.
 *
 * @since 0.1.0
 */
export interface RetrainConfig {
  /** Seeds the weights, the batch order, the augmentation and the drop-path masks. */
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: RetrainOptimConfig;
  /** The drop-path probability of the last epoch; epoch e (from 0) uses `dropPath · e / epochs` (DARTS' linear ramp). 0 for none. */
  readonly dropPath: number;
  /** Weight of the auxiliary head's loss; 0 builds no head. The head needs an 8×8 (CIFAR) or 7×7 (ImageNet) map after cell floor(2L/3). */
  readonly auxiliaryWeight: number;
  /** Label smoothing ε of the cross-entropy (targets (1 − ε)·one-hot + ε/classes); 0 for none. */
  readonly labelSmoothing: number;
  /**
   * The cells' batch norms: `affine` (DARTS, the default when left out) or `none` ([R]'s evaluation
   * network). Re-training a search run's candidates, it defaults to the run's `space.cellBatchNorm`.
   */
  readonly cellBatchNorm?: CellBatchNorm;
  /**
   * What `skip_connect` computes at stride 1: `identity` (DARTS, the default when left out) or a
   * batch norm of x ([R]). Re-training a search run's candidates, it defaults to the run's `space.skipConnect`.
   */
  readonly skipConnect?: SkipConnectKind;
  readonly data: RetrainDataConfig;
  readonly evaluation: RetrainEvaluationConfig;
  /** Also write a checkpoint every this many steps (0: only at the end of each epoch, when stopped, and at the end). */
  readonly checkpointEvery: number;
  /** Emit a step event (and read the loss back) every this many steps. */
  readonly logEvery: number;
}

/**
 * The DARTS CIFAR-10 recipe (METHOD.md §5): 600 epochs, batch 96, SGD momentum 0.9, lr 0.025 cosine
 * to 0 per epoch, weight decay 3e-4, gradient clipping at 5, Cutout 16 with crop 4 and flips,
 * drop-path 0.2 ramped linearly from 0, auxiliary head 0.4; no label smoothing.
 *
 * @since 0.1.0
 */
export const RETRAIN_DEFAULTS: RetrainConfig = {
  seed: 0,
  epochs: 600,
  batchSize: 96,
  optimizer: { lr: 0.025, minLr: 0, schedule: 'cosine', momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 },
  dropPath: 0.2,
  auxiliaryWeight: 0.4,
  labelSmoothing: 0,
  data: { cropPadding: 4, flip: true, cutoutLength: 16, normalise: true },
  evaluation: { batchSize: 250, everyEpochs: 1 },
  checkpointEvery: 0,
  logEvery: 20,
};

const nonNegInt = integerCodec({ min: 0 });
const posInt = integerCodec({ min: 1 });
const nonNeg = numberCodec({ min: 0 });
const probability = numberCodec({ min: 0, max: 1, exclusiveMax: true });

const optimFields = {
  lr: numberCodec({ min: 0, exclusiveMin: true }),
  minLr: nonNeg,
  schedule: t.keyof({ cosine: null, constant: null }, "'cosine' | 'constant'"),
  momentum: probability,
  weightDecay: nonNeg,
  clipNorm: nonNeg,
};
const dataFields = { cropPadding: nonNegInt, flip: t.boolean, cutoutLength: nonNegInt, normalise: t.boolean };
const evaluationFields = { batchSize: integerCodec({ min: 1 }), everyEpochs: posInt };
/** Fields that are left out unless set (so configurations without them keep their fingerprints). */
const optionalConfigFields = {
  cellBatchNorm: t.keyof({ affine: null, none: null }, "'affine' | 'none'"),
  skipConnect: t.keyof({ identity: null, 'batch-norm': null }, "'identity' | 'batch-norm'"),
};
const configFields = {
  seed: integerCodec({ min: 0, max: 2 ** 32 - 1 }),
  epochs: posInt,
  batchSize: integerCodec({ min: 2, hint: 'batch norm needs at least two examples' }),
  dropPath: probability,
  auxiliaryWeight: nonNeg,
  labelSmoothing: probability,
  checkpointEvery: nonNegInt,
  logEvery: posInt,
};

const PartialRetrainConfigCodec = closedType('RetrainConfig', {}, {
  ...configFields,
  ...optionalConfigFields,
  optimizer: closedType('RetrainOptimConfig', {}, optimFields),
  data: closedType('RetrainDataConfig', {}, dataFields),
  evaluation: closedType('RetrainEvaluationConfig', {}, evaluationFields),
});

/** The full codec: its `encode` writes every field in one fixed order, which makes the fingerprint canonical. */
const FullRetrainConfigCodec = closedType('RetrainConfig', {
  ...configFields,
  optimizer: closedType('RetrainOptimConfig', optimFields),
  data: closedType('RetrainDataConfig', dataFields),
  evaluation: closedType('RetrainEvaluationConfig', evaluationFields),
}, optionalConfigFields);

/**
 * Decodes a re-training configuration (for example parsed JSON), filling every missing field from
 * `base`, one level deep for the nested objects (`{ optimizer: { lr: 0.05 } }` changes only the
 * learning rate).
 *
 * @param input - the user's configuration.
 * @param base - the defaults to fill in ({@link RETRAIN_DEFAULTS} or a preset).
 * @returns the full configuration, or a `DecodeError`/`ConfigError` with the field's path.
 *
 * @example
 * ```ts
 * import { decodeRetrainConfig, RETRAIN_DEFAULTS } from 'gold-nas';
 * decodeRetrainConfig({ epochs: 20, optimizer: { lr: 0.05 } }, RETRAIN_DEFAULTS); // Right
 * decodeRetrainConfig({ dropPath: 1.5 }); // Left: dropPath: must be a finite number >= 0 and < 1, got 1.5
 * ```
 * @since 0.1.0
 */
export function decodeRetrainConfig(input: unknown, base: RetrainConfig = RETRAIN_DEFAULTS): Either<GoldNasError, RetrainConfig> {
  const args = checkArguments('decodeRetrainConfig', { base: [base, 'object?', 'a configuration to fill from'] });
  if (E.isLeft(args)) return args;
  const partial = decodeWith(PartialRetrainConfigCodec, input);
  if (E.isLeft(partial)) return partial;
  const p = partial.right;
  const config: RetrainConfig = {
    ...base,
    ...p,
    optimizer: { ...base.optimizer, ...p.optimizer },
    data: { ...base.data, ...p.data },
    evaluation: { ...base.evaluation, ...p.evaluation },
  };
  if (config.optimizer.minLr > config.optimizer.lr) {
    return E.left(goldNasError('ConfigError', 'optimizer.minLr', `must not exceed optimizer.lr (${config.optimizer.lr})`));
  }
  return E.right(config);
}

/**
 * A fingerprint of everything that shapes a re-training's trajectory: the configuration (not its
 * logging, checkpoint or evaluation settings), the architecture's hash and the layout. A resume
 * refuses a checkpoint whose fingerprint differs.
 *
 * @param config - a full configuration.
 * @param architecture - the architecture being re-trained.
 * @param layout - the macro layout it is built on.
 * @returns 16 hex digits.
 */
export function retrainFingerprint(config: RetrainConfig, architecture: Architecture, layout: MacroLayout): string {
  const encoded = FullRetrainConfigCodec.encode(config) as Record<string, unknown>;
  const { logEvery: _l, checkpointEvery: _c, evaluation: _e, ...withDefaults } = encoded;
  // The cell options at their defaults build the network they always did: leave them out.
  const shaping = Object.fromEntries(Object.entries(withDefaults).filter(([k, v]) =>
    v !== undefined && !(k === 'cellBatchNorm' && v === 'affine') && !(k === 'skipConnect' && v === 'identity')));
  const l = layout;
  // This key list must track MacroLayout by hand: a layout field missing here would let a checkpoint
  // resume on a different network. Any change to the list (even appending a new field) changes every
  // fingerprint, so existing checkpoints are refused: change it only together with MacroLayout.
  const layoutKey = [l.kind, l.channels, l.cells, l.nodes, l.inputSize, l.inputChannels, l.classes, l.stemMultiplier];
  return fnv1a64(JSON.stringify({ config: shaping, architecture: architectureHash(architecture), layout: layoutKey }));
}
