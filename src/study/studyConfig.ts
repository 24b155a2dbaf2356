/**
 * The configuration of a study (`gold-nas study --config study.json`): which methods, over which
 * seeds, with which search settings, re-trained with which one recipe, on which data. An io-ts
 * codec in which every field is optional and takes the preset's value, unknown fields are
 * rejected, and every error names its path.
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
import { decodeSearchConfig } from '../search/decodeSearchConfig.js';
import { SEARCH_PRESETS } from '../search/presets.js';
import type { SearchConfig } from '../search/searchConfig.js';
import { RETRAIN_PRESETS } from '../train/retrainPresets.js';
import type { RetrainConfig } from '../train/retrainConfig.js';
import { RETRAIN_DEFAULTS, decodeRetrainConfig } from '../train/retrainConfig.js';

/**
 * A method a study compares:
 * - `gold-nas`: one GOLD-NAS search per seed; its family is its Pareto front (`familySize` of it, spread over cost);
 * - `darts`: one DARTS search (bilevel, first order) per seed, its argmax genotype;
 * - `darts-pt`: the same DARTS search's super-network, its architecture chosen by DARTS-PT's perturbation-based selection;
 * - `random`: architectures sampled (seeded) from GOLD-NAS's space at the multiply-adds of GOLD-NAS's family.
 *
 * @since 0.2.0
 */
export type StudyMethod = 'gold-nas' | 'darts' | 'darts-pt' | 'random';

/**
 * Every method, in the order tables list them.
 *
 * @since 0.2.0
 */
export const STUDY_METHODS: readonly StudyMethod[] = ['gold-nas', 'darts', 'darts-pt', 'random'];

/**
 * Where a study's images come from, and how much of them each part uses.
 *
 * @since 0.2.0
 */
export interface StudyData {
  /** `fashion-mnist` (the `fashion-mnist` package), or `synthetic` (seeded, for tests). */
  readonly source: 'fashion-mnist' | 'synthetic';
  /** The searches' held-out set, carved from the training data (never from the test set): a fraction or a count. */
  readonly heldOut: number;
  /** Training images the searches use (a class-stratified seeded subset; 0 for all). */
  readonly searchLimit: number;
  /** Training images every re-training uses (a class-stratified seeded subset; 0 for all). */
  readonly retrainLimit: number;
  /** Test images the re-trained networks are scored on (a class-stratified subset, the same for every seed; 0 for all 10,000). */
  readonly testLimit: number;
  /** Examples of the synthetic dataset (`synthetic` only). */
  readonly syntheticSize: number;
}

/**
 * A whole study configuration, every field resolved.
 *
 * @since 0.2.0
 */
export interface StudyConfig {
  /** One search per method and seed; every search, sample and re-training of a seed uses it. */
  readonly seeds: readonly number[];
  readonly methods: readonly StudyMethod[];
  readonly data: StudyData;
  /** GOLD-NAS's search (`space.mode` `gold`); its `space.layout` is the layout every architecture is re-trained on. Its `seed` and data fields are the study's. */
  readonly gold: SearchConfig;
  /** DARTS's search (`space.mode` `darts`, the same number of nodes as `gold`); its genotype is moved onto `gold`'s layout to be re-trained. */
  readonly darts: SearchConfig;
  /** Options of the DARTS-PT selection (see docs/study.md). */
  readonly dartsPt: { readonly [key: string]: unknown };
  /**
   * What GOLD-NAS's family is: `front`, its Pareto front on the shared-weight estimate (the paper's),
   * or `recorded`, every architecture it recorded. In a short search the estimate still rises with
   * training time, so the last, smallest architecture can dominate every earlier one and leave a
   * front of one: `recorded` keeps the whole trajectory.
   */
  readonly family: 'front' | 'recorded';
  /** How many of each GOLD-NAS family are re-trained, spread evenly over its multiply-adds (0: all of it); random search samples one architecture at each of their costs. */
  readonly familySize: number;
  /** The one re-training recipe (its `seed` is replaced by the study's seed). */
  readonly retrain: RetrainConfig;
}

/**
 * The study presets:
 * - `default`: minutes on a 2-core CPU (see docs/results.md for what it reduces): Fashion-MNIST, a
 *   3,000-image search subset with 500 held out, GOLD-NAS on 5 cells of C=8 for at most 400 steps,
 *   DARTS on 4 cells of C=4 for 100 steps (α's learning rate 3e-3, ten times DARTS's, so that α
 *   moves in so few steps), 3 architectures of each GOLD-NAS family, re-trained for 2 epochs on
 *   3,000 training images and tested on 2,000 test images; seeds 1 and 2.
 * - `full`: the settings a paper would use: all 59,945 training images (5,000 held out), the
 *   whole 10,000-image test set, GOLD-NAS and DARTS on 8 cells of C=16 (DARTS for 50 epochs, α
 *   at DARTS's 3e-4), the whole front, 100 epochs of re-training, seeds 1, 2 and 3. Needs a GPU.
 * - `synthetic`: seconds, on seeded synthetic data, for tests.
 *
 * @since 0.2.0
 */
export type StudyPresetName = 'default' | 'full' | 'synthetic';

const FASHION_GOLD: SearchConfig = {
  ...SEARCH_PRESETS['mnist-quick'],
  data: { ...SEARCH_PRESETS['mnist-quick'].data, source: 'fashion-mnist' },
  // Every architecture the pruning passes through is a candidate (one per pruning round at most): at this
  // pace pruning rarely pauses for the stable stretches [R] records at, which would leave a family of one.
  pruning: { scheduler: { name: 'gold', lambda0: 3e-3, flopsMin: 3.5e6, record: 'every-change' }, periodSteps: 15, lambdaMax: 1000 },
  maxSteps: 400,
  evaluation: { batchSize: 100, maxExamples: 500 },
  checkpointEvery: 50,
  logEvery: 5,
};

const FASHION_DARTS: SearchConfig = {
  ...SEARCH_PRESETS['darts-mnist'],
  data: { ...SEARCH_PRESETS['darts-mnist'].data, source: 'fashion-mnist' },
  alpha: { ...SEARCH_PRESETS['darts-mnist'].alpha, lr: 3e-3 },
  pruning: { scheduler: { name: 'darts-argmax', atEnd: true }, periodSteps: 50, lambdaMax: 0 },
  maxSteps: 100,
  evaluation: { batchSize: 100, maxExamples: 500 },
  checkpointEvery: 50,
  logEvery: 5,
};

const SYNTHETIC_DARTS: SearchConfig = {
  ...SEARCH_PRESETS.darts,
  seed: 3,
  // Four of DARTS's eight operators: seconds on a CPU.
  space: { mode: 'darts', layout: SEARCH_PRESETS['synthetic-tiny'].space.layout, operators: ['none', 'skip_connect', 'max_pool_3x3', 'sep_conv_3x3'] },
  data: SEARCH_PRESETS['synthetic-tiny'].data,
  batchSize: 16,
  pruning: { scheduler: { name: 'darts-argmax', atEnd: true }, periodSteps: 3, lambdaMax: 0 },
  maxSteps: 6,
  evaluation: { batchSize: 32, maxExamples: 0 },
  evaluator: { name: 'held-out', recoverySteps: 2 },
  checkpointEvery: 2,
  logEvery: 2,
};

/**
 * The study presets by name (see {@link StudyPresetName}).
 *
 * @since 0.2.0
 */
export const STUDY_PRESETS: Readonly<Record<StudyPresetName, StudyConfig>> = {
  default: {
    seeds: [1, 2],
    methods: ['gold-nas', 'darts', 'darts-pt', 'random'],
    data: { source: 'fashion-mnist', heldOut: 500, searchLimit: 3000, retrainLimit: 3000, testLimit: 2000, syntheticSize: 512 },
    gold: FASHION_GOLD,
    darts: FASHION_DARTS,
    dartsPt: { fineTuneSteps: 2, maxExamples: 200 },
    family: 'recorded',
    familySize: 3,
    retrain: { ...RETRAIN_PRESETS.mnist, epochs: 2, evaluation: { batchSize: 250, everyEpochs: 2 }, checkpointEvery: 25 },
  },
  full: {
    seeds: [1, 2, 3],
    methods: ['gold-nas', 'darts', 'darts-pt', 'random'],
    data: { source: 'fashion-mnist', heldOut: 5000, searchLimit: 0, retrainLimit: 0, testLimit: 0, syntheticSize: 512 },
    gold: {
      ...FASHION_GOLD,
      space: { ...FASHION_GOLD.space, layout: { ...FASHION_GOLD.space.layout, channels: 16, cells: 8 } },
      batchSize: 96,
      pruning: { scheduler: { name: 'gold', flopsMin: 15e6, record: 'every-change' }, periodSteps: 0, lambdaMax: 1000 },
      maxSteps: 100_000,
      evaluation: { batchSize: 100, maxExamples: 5000 },
      checkpointEvery: 500,
      logEvery: 20,
    },
    darts: {
      ...FASHION_DARTS,
      space: { ...FASHION_DARTS.space, layout: { ...FASHION_DARTS.space.layout, channels: 16, cells: 8 } },
      batchSize: 64,
      alpha: SEARCH_PRESETS.darts.alpha,
      pruning: { scheduler: { name: 'darts-argmax', atEnd: true }, periodSteps: 0, lambdaMax: 0 },
      // 50 epochs of ω's half of 54,945 training images in batches of 64.
      maxSteps: 50 * 430,
      evaluation: { batchSize: 100, maxExamples: 0 },
      checkpointEvery: 500,
      logEvery: 20,
    },
    dartsPt: {},
    family: 'front',
    familySize: 0,
    retrain: {
      ...RETRAIN_DEFAULTS,
      epochs: 100,
      auxiliaryWeight: 0,
      data: { cropPadding: 2, flip: true, cutoutLength: 0, normalise: true },
      checkpointEvery: 0,
    },
  },
  synthetic: {
    seeds: [1, 2],
    methods: ['gold-nas', 'darts', 'darts-pt', 'random'],
    data: { source: 'synthetic', heldOut: 64, searchLimit: 0, retrainLimit: 0, testLimit: 0, syntheticSize: 256 },
    gold: { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 40, evaluator: { name: 'held-out', recoverySteps: 2 }, checkpointEvery: 10, logEvery: 5 },
    darts: SYNTHETIC_DARTS,
    dartsPt: { fineTuneSteps: 1 },
    family: 'recorded',
    familySize: 2,
    retrain: { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 1, checkpointEvery: 4 },
  },
};

const nonNegInt = integerCodec({ min: 0 });

const StudyDataCodec = closedType('StudyData', {}, {
  source: t.keyof({ 'fashion-mnist': null, synthetic: null }, "'fashion-mnist' | 'synthetic'"),
  heldOut: numberCodec({ min: 0, exclusiveMin: true }),
  searchLimit: nonNegInt,
  retrainLimit: nonNegInt,
  testLimit: nonNegInt,
  syntheticSize: integerCodec({ min: 2 }),
});

const StudyCodec = closedType('StudyConfig', {}, {
  preset: t.keyof({ default: null, full: null, synthetic: null }, "'default' | 'full' | 'synthetic'"),
  seeds: t.array(integerCodec({ min: 0, max: 2 ** 32 - 1 })),
  methods: t.array(t.keyof({ 'gold-nas': null, darts: null, 'darts-pt': null, random: null }, "'gold-nas' | 'darts' | 'darts-pt' | 'random'")),
  data: StudyDataCodec,
  gold: t.UnknownRecord,
  darts: t.UnknownRecord,
  dartsPt: t.UnknownRecord,
  family: t.keyof({ front: null, recorded: null }, "'front' | 'recorded'"),
  familySize: nonNegInt,
  retrain: t.UnknownRecord,
});

function under<A>(prefix: string, r: Either<GoldNasError, A>): Either<GoldNasError, A> {
  return E.mapLeft((e: GoldNasError) => ({ ...e, path: e.path === '' ? prefix : `${prefix}.${e.path}` }))(r);
}

/**
 * A search configuration with the study's data and a seed: the source, the held-out set and the
 * search subset come from the study's `data`.
 *
 * @param config - the method's search configuration.
 * @param data - the study's data.
 * @param seed - the seed.
 * @returns the configuration one search of the study runs.
 *
 * @example
 * ```ts
 * import { STUDY_PRESETS, studySearchConfig } from 'gold-nas';
 * const p = STUDY_PRESETS.default;
 * studySearchConfig(p.gold, p.data, 2).seed; // 2
 * ```
 *
 * @since 0.2.0
 */
export function studySearchConfig(config: SearchConfig, data: StudyData, seed: number): SearchConfig {
  return {
    ...config,
    seed,
    data: { ...config.data, source: data.source, heldOut: data.heldOut, limit: data.searchLimit, syntheticSize: data.syntheticSize },
  };
}

/**
 * The search configuration of DARTS with DARTS-PT's selection (the `selection` part of the DARTS
 * search), or the error of a build without it.
 *
 * @param config - the study.
 * @returns the configuration of the `darts-pt` searches (before the seed and data are set).
 *
 * @example
 * ```ts
 * import { STUDY_PRESETS, dartsPtSearchConfig } from 'gold-nas';
 * const pt = dartsPtSearchConfig(STUDY_PRESETS.default); // Right once DARTS-PT's selection part is in the build
 * ```
 *
 * @since 0.2.0
 */
export function dartsPtSearchConfig(config: Pick<StudyConfig, 'darts' | 'dartsPt'>): Either<GoldNasError, SearchConfig> {
  const decoded = decodeSearchConfig({ selection: { ...config.dartsPt, name: 'darts-pt' } }, config.darts);
  if (E.isLeft(decoded)) {
    return E.left(decoded.left.path === '' || decoded.left.path === 'selection'
      ? goldNasError('ConfigError', 'methods.darts-pt', `DARTS-PT's selection is not available in this build (${decoded.left.message})`)
      : { ...decoded.left, path: `dartsPt.${decoded.left.path.replace(/^selection\.?/, '')}` });
  }
  return decoded;
}

/**
 * Decodes a study configuration (a parsed `study.json`). Missing fields take the preset's value
 * (`preset`, default `default`); `gold`, `darts` and `retrain` are partial search and re-training
 * configurations over the preset's, `data` is merged field by field. Checks: at least one seed,
 * no seed or method twice, GOLD-NAS's space in `gold` mode and DARTS's in `darts` mode with as
 * many nodes (its genotype is moved onto GOLD-NAS's layout), and both searches valid with the
 * study's data.
 *
 * @param input - the parsed file.
 * @returns the resolved study, or an error whose path names the field (`gold.pruning.periodSteps`).
 *
 * @example
 * ```ts
 * import { decodeStudyConfig } from 'gold-nas';
 * decodeStudyConfig({ seeds: [1, 2, 3], retrain: { epochs: 5 } }); // Right: the default study, 3 seeds, 5 epochs
 * decodeStudyConfig({ seeds: [] }); // Left: seeds: give at least one seed
 * ```
 *
 * @since 0.2.0
 */
export function decodeStudyConfig(input: unknown): Either<GoldNasError, StudyConfig> {
  const decoded = decodeWith(StudyCodec, input);
  if (E.isLeft(decoded)) return decoded;
  const d = decoded.right;
  const base = STUDY_PRESETS[d.preset ?? 'default'];
  const fail = (path: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('ConfigError', path, message));
  const seeds = d.seeds ?? base.seeds;
  if (seeds.length === 0) return fail('seeds', 'give at least one seed');
  if (new Set(seeds).size !== seeds.length) return fail('seeds', 'has a seed twice');
  const methods = d.methods ?? base.methods;
  if (methods.length === 0) return fail('methods', `give at least one of ${STUDY_METHODS.join(', ')}`);
  if (new Set(methods).size !== methods.length) return fail('methods', 'has a method twice');
  if (methods.includes('random') && !methods.includes('gold-nas')) return fail('methods', "random samples at the costs of GOLD-NAS's family: it needs gold-nas too");
  if (methods.includes('darts-pt') && !methods.includes('darts')) return fail('methods', "darts-pt selects on DARTS's super-network: it needs darts too");
  const data: StudyData = { ...base.data, ...d.data };
  if (data.source === 'synthetic' && (data.testLimit > 0)) return fail('data.testLimit', 'applies to fashion-mnist only');
  const gold = under('gold', decodeSearchConfig(d.gold ?? {}, base.gold));
  if (E.isLeft(gold)) return gold;
  const darts = under('darts', decodeSearchConfig(d.darts ?? {}, base.darts));
  if (E.isLeft(darts)) return darts;
  if (gold.right.space.mode !== 'gold') return fail('gold.space.mode', "GOLD-NAS searches the 'gold' space");
  if (darts.right.space.mode !== 'darts') return fail('darts.space.mode', "DARTS searches the 'darts' space");
  if (darts.right.space.layout.nodes !== gold.right.space.layout.nodes) {
    return fail('darts.space.layout.nodes', `must equal gold.space.layout.nodes (${gold.right.space.layout.nodes}): DARTS's genotype is re-trained on GOLD-NAS's layout`);
  }
  // Both searches as they will run, with the study's data: a source that does not fit the layout fails here.
  for (const [name, c] of [['gold', gold.right], ['darts', darts.right]] as const) {
    const withData = under(name, decodeSearchConfig({}, studySearchConfig(c, data, seeds[0]!)));
    if (E.isLeft(withData)) return withData;
  }
  if (methods.includes('darts-pt')) {
    const pt = dartsPtSearchConfig({ darts: darts.right, dartsPt: d.dartsPt ?? base.dartsPt });
    if (E.isLeft(pt)) return pt;
  }
  const retrain = under('retrain', decodeRetrainConfig(d.retrain ?? {}, base.retrain));
  if (E.isLeft(retrain)) return retrain;
  return E.right({
    seeds, methods, data, gold: gold.right, darts: darts.right, dartsPt: d.dartsPt ?? base.dartsPt,
    family: d.family ?? base.family, familySize: d.familySize ?? base.familySize, retrain: retrain.right,
  });
}
