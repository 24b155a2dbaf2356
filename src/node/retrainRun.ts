/**
 * Re-training a search run's Pareto front in its run directory: every candidate in turn, with the
 * run's layout and data source, each writing `architectures/<hash>.retrain.ckpt` while it trains
 * (kept at the end, marked done, holding the trained weights), `architectures/<hash>.weights.bin`
 * (the trained network in the network weights format, with the input normalisation it was trained
 * with) when it finishes, and `architectures/<hash>.retrain.json` (a `RetrainResult` with the
 * configuration, data and per-epoch history) when it stops. Every file is written atomically. A second call skips finished candidates and continues a half-trained one
 * from its checkpoint.
 *
 * @module
 */
import { unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { TF } from '../backends/tf.js';
import { checkRunOptions } from './checkRunOptions.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import { decodeWith } from '../decode.js';
import { compareByCost } from '../pareto/compareByCost.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { parseJsonText, readBytesFile, readJsonFile, readTextFile } from './readFiles.js';
import { networkWeightsFromCheckpoint } from '../export/networkWeights.js';
import { encodeNetworkWeights } from '../export/weightsFile.js';
import { trainingNormalisation } from '../loop/runParts.js';
import type { ParetoFile } from '../report/runData.js';
import { decodeParetoFile } from '../report/runData.js';
import { FLOPS_UNIT } from '../search/events.js';
import type { SearchConfig } from '../search/searchConfig.js';
import { networkCost } from '../resources/networkCost.js';
import { architectureHash } from '../space/architectureHash.js';
import { transferArchitecture } from '../space/transferArchitecture.js';
import { OPERATORS, withSkipConnect } from '../space/operators.js';
import type { Architecture } from '../space/architecture.js';
import type { MacroLayout } from '../space/layout.js';
import { checkRetrainSetup } from '../train/checkRetrainSetup.js';
import type { RetrainConfig } from '../train/retrainConfig.js';
import { retrainFingerprint } from '../train/retrainConfig.js';
import { decodeRetrainState } from '../train/retrainState.js';
import type { RetrainEvent } from '../train/retrainEvents.js';
import type { RetrainResult } from '../train/runRetrain.js';
import { runRetrain } from '../train/runRetrain.js';
import { writeFileAtomic, writeJsonAtomic } from './atomicWrite.js';
import { removeOrphanTemporaries } from './runDirectory.js';
import { lockFile } from './runLock.js';
import type { RunLock } from './runLock.js';
import { makeDirectory } from './makeDirectory.js';
import { loadRetrainData } from './retrainData.js';
import type { RetrainDataSource } from './retrainData.js';
import { networkWeightsFile } from './runCandidateWeights.js';
import { RUN_FILES, readRunConfig } from './searchRun.js';

/**
 * The re-training files of candidate `id`, relative to the run directory: its result, its
 * checkpoint, and the network weights file of a finished re-training (`networkWeightsFile`). A
 * re-training on another layout than the search's (`layout` in {@link RetrainRunOptions}) adds the
 * layout's tag, e.g. `<id>.c36x20.retrain.json`, so that it sits next to the one on the search's layout.
 *
 * @since 0.1.0
 */
export const RETRAIN_FILES = {
  result: (id: string, tag = ''): string => join(RUN_FILES.architectures, `${id}${tag === '' ? '' : `.${tag}`}.retrain.json`),
  checkpoint: (id: string, tag = ''): string => join(RUN_FILES.architectures, `${id}${tag === '' ? '' : `.${tag}`}.retrain.ckpt`),
  weights: (id: string, tag = ''): string => (tag === '' ? networkWeightsFile(id) : join(RUN_FILES.architectures, `${id}.${tag}.weights.bin`)),
  /** The lock of a candidate's re-training (one process at a time; see `lockFile`). @since 0.2.0 */
  lock: (id: string, tag = ''): string => join(RUN_FILES.architectures, `${id}${tag === '' ? '' : `.${tag}`}.retrain.lock`),
} as const;

/**
 * The tag of a re-training layout in file names: `c<channels>x<cells>` (`c36x20`).
 *
 * @param layout - the re-training layout.
 * @returns the tag.
 */
export function layoutTag(layout: Pick<MacroLayout, 'channels' | 'cells'>): string {
  return `c${layout.channels}x${layout.cells}`;
}

/** The tag of a plan's files: its layout's when the candidates were moved off the search's layout, else none. */
export function planTag(plan: Pick<RetrainPlan, 'transferred' | 'layout'>): string {
  return plan.transferred ? layoutTag(plan.layout) : '';
}

/**
 * What a candidate's re-training needs from the run, and what there is of it already.
 *
 * @since 0.1.0
 */
export interface RetrainCandidatePlan {
  readonly id: string;
  readonly architecture: Architecture;
  /**
   * FLOPs and parameters of its evaluation network (on the re-training layout), and its
   * shared-weight held-out accuracy from the search, an estimate (`null` for an architecture re-trained on its own).
   */
  readonly flops: number;
  readonly params: number;
  readonly sharedWeightAccuracy: number | null;
  /** `done`: a finished result of this configuration exists (skipped); `resume`: a checkpoint to continue from; `new`: start from scratch. */
  readonly status: 'done' | 'resume' | 'new';
  /** Epochs already trained (from the result or the checkpoint). */
  readonly epochsDone: number;
  readonly fingerprint: string;
}

/**
 * What a run directory's re-training will do, worked out before anything is trained or written.
 *
 * @since 0.1.0
 */
export interface RetrainPlan {
  readonly dir: string;
  readonly searchConfig: SearchConfig;
  /** The layout the candidates are re-trained on: the search's, or the one `layout` asked for. */
  readonly layout: MacroLayout;
  /** Whether that is another layout than the search's (the candidates' cells were moved onto it). */
  readonly transferred: boolean;
  readonly config: RetrainConfig;
  readonly candidates: readonly RetrainCandidatePlan[];
  /** Where the training and test data come from. */
  readonly data: { readonly description: string; readonly train: { readonly name: string; readonly size: number }; readonly test: { readonly name: string; readonly size: number } };
  /** Whether the candidates come from a search run (false: one architecture re-trained on its own). */
  readonly fromSearch: boolean;
}

/**
 * Takes the lock of one candidate's re-training files (`architectures/<id>.retrain.lock`), making
 * `architectures/` first when it is missing (`retrain --genotype --out <new dir>`).
 */
async function lockCandidate(dir: string, id: string, tag: string): Promise<Either<GoldNasError, RunLock>> {
  const lockPath = join(dir, RETRAIN_FILES.lock(id, tag));
  const lockDir = await makeDirectory(dirname(lockPath));
  if (E.isLeft(lockDir)) return lockDir;
  return lockFile(lockPath, `retrain ${id}`);
}

/**
 * Deletes the re-training files (result, checkpoint, weights) of every candidate of a plan, so that
 * they start over: `retrain --restart`. Every candidate's lock is taken first, so nothing is
 * deleted under a process that re-trains one of them; that process is named in the error instead.
 *
 * @param plan - the plan whose candidates start over.
 * @returns nothing, or the first lock or I/O error (then no file was deleted).
 */
export async function discardRetrainings(plan: RetrainPlan): Promise<Either<GoldNasError, void>> {
  const tag = planTag(plan);
  const locks: RunLock[] = [];
  try {
    for (const c of plan.candidates) {
      const lock = await lockCandidate(plan.dir, c.id, tag);
      if (E.isLeft(lock)) return lock;
      locks.push(lock.right);
    }
    for (const c of plan.candidates) {
      for (const file of [RETRAIN_FILES.result(c.id, tag), RETRAIN_FILES.checkpoint(c.id, tag), RETRAIN_FILES.weights(c.id, tag)]) {
        await unlink(join(plan.dir, file)).catch(() => undefined);
      }
    }
    return E.right(undefined);
  } finally {
    for (const lock of locks) await lock.release();
  }
}

/**
 * Options of {@link retrainInDirectory}.
 *
 * @since 0.1.0
 */
export interface RetrainRunOptions {
  /** The injected tfjs namespace with its backend ready. */
  readonly tf: TF;
  /**
   * A search's run directory (with `config.json` and `pareto.json`), or with `architecture` the
   * directory to write that architecture's re-training files to (created when missing).
   */
  readonly dir: string;
  /**
   * Re-train this one architecture instead of a search run's candidates: the layout, data and seed
   * come from `searchConfig` (`space.layout`, `data`, `seed`), which {@link loadRetrainData} reads as
   * it reads a search's. The files go to `dir/architectures/<hash>.retrain.*`, as for a run.
   */
  readonly architecture?: RetrainArchitectureSource;
  /** The re-training configuration (the same for every candidate). */
  readonly config: RetrainConfig;
  /** Re-train only these candidates (hashes or unique prefixes; any recorded candidate, on the front or not). Default: the Pareto front. */
  readonly only?: readonly string[];
  /** Discard existing re-training results, checkpoints and weights files of the selected candidates and start them over. */
  readonly restart?: boolean;
  /**
   * Re-train a run's candidates on another layout than the search's: the search's layout with these
   * fields changed (DARTS: 20 cells, C=36 after a search on 8 cells, C=16). Each candidate's normal
   * and reduction cells are moved onto it (`transferArchitecture`: its cells must be shared by type,
   * as DARTS's are); its files carry the layout's tag (`<id>.c36x20.retrain.json`).
   */
  readonly layout?: { readonly channels?: number; readonly cells?: number };
  /** Receives the plan once everything is checked, before any training. */
  readonly onPlan?: (plan: RetrainPlan) => void;
  /** Called when a candidate starts (not for skipped ones). */
  readonly onCandidate?: (candidate: RetrainCandidatePlan, index: number) => void;
  /** Receives every event of every candidate's re-training. */
  readonly onEvent?: (id: string, event: RetrainEvent) => void;
  /** Polled between steps; true stops after a checkpoint, and later candidates wait for the next call. */
  readonly shouldStop?: () => boolean;
}

/**
 * One architecture to re-train outside a search run (`gold-nas retrain --genotype`).
 *
 * @since 0.1.0
 */
export interface RetrainArchitectureSource {
  readonly architecture: Architecture;
  /** A search configuration whose `space.layout`, `data` and `seed` say what to train on. */
  readonly searchConfig: SearchConfig;
}

/**
 * How a candidate ended up in this call.
 *
 * @since 0.1.0
 */
export interface RetrainCandidateOutcome {
  readonly id: string;
  readonly flops: number;
  readonly params: number;
  /** The shared-weight held-out accuracy the search recorded, an estimate (`null` for an architecture re-trained on its own). */
  readonly sharedWeightAccuracy: number | null;
  /** `skipped`: finished before this call; `trained`: finished now; `interrupted`: stopped part-way; `pending`: not started (an earlier one was interrupted). */
  readonly status: 'skipped' | 'trained' | 'interrupted' | 'pending';
  /** Its result (also for skipped ones, read from its file). */
  readonly result?: RetrainResult;
}

/**
 * What {@link retrainInDirectory} returns.
 *
 * @since 0.1.0
 */
export interface RetrainRunResult {
  readonly plan: RetrainPlan;
  readonly stopReason: 'done' | 'interrupted';
  readonly candidates: readonly RetrainCandidateOutcome[];
}

type ParetoCandidate = ParetoFile['candidates'][number];

/** What the plan needs of a candidate: a search run's, or a single architecture (no shared-weight estimate). */
type RunCandidate = Pick<ParetoCandidate, 'id' | 'architecture' | 'flops' | 'params'> & { readonly sharedWeightAccuracy: number | null };

/** Where the candidates come from: a search run's files, or one architecture. */
interface CandidateSource {
  readonly searchConfig: SearchConfig;
  readonly candidates: readonly RunCandidate[];
  /** Whether the data split is a search's (its held-out part ranked the candidates). */
  readonly fromSearch: boolean;
}

/** The part of a result file the plan reads. */
const ResultHeadCodec = t.type({ fingerprint: t.string, stopReason: t.string, epochs: t.number });

function select(pareto: ParetoFile, only: readonly string[] | undefined, paretoPath: string): Either<GoldNasError, ParetoCandidate[]> {
  if (only === undefined) return E.right(pareto.candidates.filter((c) => c.onFront).sort(compareByCost));
  const picked: ParetoCandidate[] = [];
  for (const key of only) {
    const matches = pareto.candidates.filter((c) => c.id.startsWith(key.toLowerCase()));
    if (matches.length !== 1) {
      const known = pareto.candidates.map((c) => c.id).join(', ');
      return E.left(goldNasError('ConfigError', `--only ${key}`,
        matches.length === 0 ? `no candidate of ${paretoPath} starts with '${key}'; its candidates: ${known}` : `'${key}' matches ${matches.length} candidates (${matches.map((m) => m.id).join(', ')}); give more digits`));
    }
    if (!picked.some((p) => p.id === matches[0]!.id)) picked.push(matches[0]!);
  }
  return E.right(picked);
}

/** What planning read of a candidate's files, kept so that training does not read them again. */
interface CandidateFiles {
  /** A finished candidate's result. */
  readonly result?: RetrainResult;
  /** A half-trained candidate's checkpoint. */
  readonly checkpoint?: CheckpointContents;
}

interface PlannedCandidate {
  readonly plan: RetrainCandidatePlan;
  readonly files: CandidateFiles;
}

async function planCandidate(
  dir: string, c: RunCandidate, config: RetrainConfig, layout: MacroLayout, tag: string, restart: boolean,
): Promise<Either<GoldNasError, PlannedCandidate>> {
  const fingerprint = retrainFingerprint(config, c.architecture, layout);
  const base = { id: c.id, architecture: c.architecture, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy, fingerprint };
  const fresh: PlannedCandidate = { plan: { ...base, status: 'new', epochsDone: 0 }, files: {} };
  if (restart) return E.right(fresh);
  const redo = 'use the same settings (--preset, --config, --epochs) to continue, or --restart to re-train it from scratch';
  const resultPath = join(dir, RETRAIN_FILES.result(c.id, tag));
  const text = await readTextFile(resultPath);
  if (E.isLeft(text)) return text;
  if (text.right !== null) {
    const json = parseJsonText(text.right, resultPath, 'delete it or use --restart');
    if (E.isLeft(json)) return json;
    const head = decodeWith(ResultHeadCodec, json.right);
    if (E.isLeft(head)) return E.left({ ...head.left, path: `${resultPath}: ${head.left.path}` });
    if (head.right.stopReason === 'done') {
      if (head.right.fingerprint === fingerprint) return E.right({ plan: { ...base, status: 'done', epochsDone: head.right.epochs }, files: { result: json.right as RetrainResult } });
      return E.left(goldNasError('ConfigError', resultPath, `holds a finished re-training (${head.right.epochs} epochs) under a different configuration; ${redo}`));
    }
  }
  const checkpointPath = join(dir, RETRAIN_FILES.checkpoint(c.id, tag));
  const bytes = await readBytesFile(checkpointPath);
  if (E.isLeft(bytes)) return bytes;
  if (bytes.right === null) return E.right(fresh);
  const decoded = decodeCheckpoint(bytes.right, { kind: 'retrain' });
  if (E.isLeft(decoded)) return E.left(goldNasError('CheckpointError', checkpointPath, `${decoded.left.message}; delete it or use --restart to re-train this candidate from scratch`));
  if (decoded.right.fingerprint !== fingerprint) {
    return E.left(goldNasError('CheckpointError', checkpointPath, `was written by a re-training under a different configuration; ${redo}`));
  }
  const state = decodeRetrainState(decoded.right.state);
  if (E.isLeft(state)) return E.left(goldNasError('CheckpointError', `${checkpointPath}: ${state.left.path}`, `${state.left.message}; ${redo}`));
  return E.right({ plan: { ...base, status: 'resume', epochsDone: state.right.history.length }, files: { checkpoint: decoded.right } });
}

interface Prepared {
  readonly plan: RetrainPlan;
  /** The data, loaded only when some candidate still needs training. */
  readonly data: RetrainDataSource | null;
  /** What planning read of each candidate's files, by candidate id. */
  readonly files: ReadonlyMap<string, CandidateFiles>;
}

async function runCandidates(dir: string, only: readonly string[] | undefined): Promise<Either<GoldNasError, CandidateSource>> {
  const searchConfig = await readRunConfig(dir, 'no search run here (config.json is missing); give the directory of a `gold-nas search` run');
  if (E.isLeft(searchConfig)) return searchConfig;
  const paretoPath = join(dir, RUN_FILES.pareto);
  const paretoJson = await readJsonFile(paretoPath, 'the run has no Pareto front yet (pareto.json is missing); let the search finish, or resume it');
  if (E.isLeft(paretoJson)) return paretoJson;
  const pareto = decodeParetoFile(paretoJson.right);
  if (E.isLeft(pareto)) return E.left({ ...pareto.left, path: `${paretoPath}: ${pareto.left.path}` });
  const selected = select(pareto.right, only, paretoPath);
  if (E.isLeft(selected)) return selected;
  if (selected.right.length === 0) return E.left(goldNasError('ConfigError', paretoPath, 'the Pareto front is empty: nothing to re-train'));
  return E.right({ searchConfig: searchConfig.right, candidates: selected.right, fromSearch: true });
}

/**
 * The re-training configuration with the search space's cell options filled in where it sets none:
 * a search run's candidates are re-trained with the `skip_connect` they were searched with, and the
 * cell batch norms they were priced with. Defaults are left out, so fingerprints do not change.
 */
function withSpaceCellOptions(config: RetrainConfig, space: SearchConfig['space']): RetrainConfig {
  const cellBatchNorm = config.cellBatchNorm ?? space.cellBatchNorm;
  const skipConnect = config.skipConnect ?? space.skipConnect;
  return {
    ...config,
    ...(cellBatchNorm === undefined || cellBatchNorm === 'affine' ? {} : { cellBatchNorm }),
    ...(skipConnect === undefined || skipConnect === 'identity' ? {} : { skipConnect }),
  };
}

function singleCandidate(source: RetrainArchitectureSource, only: readonly string[] | undefined, config: RetrainConfig): Either<GoldNasError, CandidateSource> {
  if (only !== undefined) return E.left(goldNasError('ConfigError', 'only', "selects among a search run's candidates; there is one architecture here"));
  const { architecture, searchConfig } = source;
  const cost = networkCost(architecture, searchConfig.space.layout, {
    affine: (config.cellBatchNorm ?? 'affine') === 'affine', table: withSkipConnect(OPERATORS, config.skipConnect ?? 'identity'),
  });
  if (E.isLeft(cost)) return cost;
  const candidate = { id: architectureHash(architecture), architecture, flops: cost.right.flops, params: cost.right.params, sharedWeightAccuracy: null };
  return E.right({ searchConfig, candidates: [candidate], fromSearch: false });
}

/** A run candidate moved onto another layout, with its cost there (priced with the re-training's cell options). */
function transferred(c: RunCandidate, layout: MacroLayout, config: RetrainConfig): Either<GoldNasError, RunCandidate> {
  const architecture = transferArchitecture(c.architecture, layout);
  if (E.isLeft(architecture)) return E.left({ ...architecture.left, path: `${c.id}: ${architecture.left.path}` });
  const cost = networkCost(architecture.right, layout, {
    affine: (config.cellBatchNorm ?? 'affine') === 'affine', table: withSkipConnect(OPERATORS, config.skipConnect ?? 'identity'),
  });
  if (E.isLeft(cost)) return E.left({ ...cost.left, path: `${c.id}: ${cost.left.path}` });
  return E.right({ ...c, architecture: architecture.right, flops: cost.right.flops, params: cost.right.params });
}

type PrepareOptions = Pick<RetrainRunOptions, 'dir' | 'config' | 'only' | 'restart' | 'architecture' | 'layout'>;

async function prepare(options: PrepareOptions): Promise<Either<GoldNasError, Prepared>> {
  const args = checkRunOptions('retrainInDirectory', options, false);
  if (E.isLeft(args)) return args;
  const { dir } = options;
  const source = options.architecture !== undefined
    ? singleCandidate(options.architecture, options.only, withSpaceCellOptions(options.config, options.architecture.searchConfig.space))
    : await runCandidates(dir, options.only);
  if (E.isLeft(source)) return source;
  const { searchConfig, fromSearch } = source.right;
  const config = withSpaceCellOptions(options.config, searchConfig.space);
  if (options.layout !== undefined && !fromSearch) {
    return E.left(goldNasError('ConfigError', 'layout', "moves a search run's candidates to another layout; an architecture re-trained on its own takes its layout from its source"));
  }
  const searchLayout = searchConfig.space.layout;
  const layout: MacroLayout = { ...searchLayout, ...options.layout };
  const moved = layout.channels !== searchLayout.channels || layout.cells !== searchLayout.cells;
  const tag = moved ? layoutTag(layout) : '';
  const candidates: RetrainCandidatePlan[] = [];
  const files = new Map<string, CandidateFiles>();
  for (const original of source.right.candidates) {
    const placed = moved ? transferred(original, layout, config) : E.right(original);
    if (E.isLeft(placed)) return placed;
    const c = placed.right;
    const ok = checkRetrainSetup(config, c.architecture, layout);
    if (E.isLeft(ok)) return E.left(ok.left.path === 'auxiliaryWeight' ? ok.left : { ...ok.left, path: `${c.id}: ${ok.left.path}` });
    const p = await planCandidate(dir, c, config, layout, tag, options.restart === true);
    if (E.isLeft(p)) return p;
    candidates.push(p.right.plan);
    files.set(c.id, p.right.files);
  }
  let data: RetrainDataSource | null = null;
  if (candidates.some((c) => c.status !== 'done')) {
    const loaded = loadRetrainData(searchConfig, { fromSearch });
    if (E.isLeft(loaded)) return loaded;
    data = loaded.right;
    if (data.train.size < config.batchSize) {
      return E.left(goldNasError('ConfigError', 'batchSize', `the training data has ${data.train.size} examples, fewer than one batch of ${config.batchSize}`));
    }
  }
  const info = data !== null
    ? { description: data.description, train: { name: data.train.name, size: data.train.size }, test: { name: data.test.name, size: data.test.size } }
    : { description: 'every selected candidate is already re-trained', train: { name: '', size: 0 }, test: { name: '', size: 0 } };
  return E.right({ plan: { dir, searchConfig, layout, transferred: moved, config, candidates, data: info, fromSearch }, data, files });
}

/**
 * Works out what re-training a run directory involves, checking everything that can be checked
 * without training: the run's `config.json` and `pareto.json`, the selected candidates, every
 * architecture against the layout and the configuration (auxiliary head), existing results and
 * checkpoints (corrupt or foreign ones are errors), and the data (loaded when some candidate still
 * needs training). Writes nothing.
 *
 * @param options - the directory, the configuration, `only` and `restart`.
 * @returns the plan, or the first error.
 *
 * @example
 * ```ts
 * import { planRetrain } from 'gold-nas/node';
 * import { RETRAIN_PRESETS } from 'gold-nas';
 * const plan = await planRetrain({ dir: 'runs/mnist-quick', config: RETRAIN_PRESETS.mnist });
 * if (plan._tag === 'Right') console.log(plan.right.candidates.map((c) => `${c.id} ${c.status}`));
 * ```
 * @since 0.1.0
 */
export async function planRetrain(options: Pick<RetrainRunOptions, 'dir' | 'config' | 'only' | 'restart' | 'architecture' | 'layout'>): Promise<Either<GoldNasError, RetrainPlan>> {
  return E.map((p: Prepared) => p.plan)(await prepare(options));
}

/**
 * Writes a finished re-training's network weights file: the weights and running averages of its
 * last checkpoint (the one marked done), under the network's own names, with the input
 * normalisation the re-training used (the training data's statistics when `config.data.normalise`).
 */
async function writeNetworkWeights(
  path: string,
  last: CheckpointContents | null,
  architecture: Architecture,
  layout: MacroLayout,
  config: RetrainConfig,
  data: RetrainDataSource,
): Promise<Either<GoldNasError, void>> {
  if (last === null) return E.left(goldNasError('IoError', path, 'the re-training finished without a checkpoint of its weights (an internal error); re-train with --restart'));
  const normalise = trainingNormalisation(config.data.normalise, data.train);
  if (E.isLeft(normalise)) return normalise;
  const weights = networkWeightsFromCheckpoint(last, architecture, layout, normalise.right ? { normalise: normalise.right } : {});
  if (E.isLeft(weights)) return weights;
  return writeFileAtomic(path, encodeNetworkWeights(weights.right));
}

/**
 * Re-trains a search run's Pareto front (or the candidates `only` names) from scratch, one after
 * another, in the run directory. Everything is checked first ({@link planRetrain}): a bad
 * configuration, a corrupt or foreign checkpoint, or missing data changes nothing on disk.
 * Finished candidates are skipped; a half-trained one continues from its checkpoint. A candidate
 * that finishes also gets its network weights file (`RETRAIN_FILES.weights`, the format of
 * `encodeNetworkWeights`, with the input normalisation it trained with), which `gold-nas export`
 * and `readRunCandidateWeights` read; `restart` deletes it with the other files.
 *
 * @param options - tfjs, directory, configuration, selection, hooks.
 * @returns the plan and each candidate's outcome, or the first error.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { retrainInDirectory } from 'gold-nas/node';
 * import { RETRAIN_PRESETS } from 'gold-nas';
 * await tf.setBackend('cpu');
 * const run = await retrainInDirectory({ tf, dir: 'runs/tiny', config: RETRAIN_PRESETS['synthetic-tiny'] });
 * if (run._tag === 'Right') for (const c of run.right.candidates) console.log(c.id, c.status, c.result?.top1);
 * ```
 * @since 0.1.0
 */
export async function retrainInDirectory(options: RetrainRunOptions): Promise<Either<GoldNasError, RetrainRunResult>> {
  const args = checkRunOptions('retrainInDirectory', options);
  if (E.isLeft(args)) return args;
  const prepared = await prepare(options);
  if (E.isLeft(prepared)) return prepared;
  const { plan, data, files } = prepared.right;
  options.onPlan?.(plan);
  const { dir, tf } = options;
  const outcomes: RetrainCandidateOutcome[] = [];
  let stopReason: RetrainRunResult['stopReason'] = 'done';
  for (const [index, c] of plan.candidates.entries()) {
    const outcome = { id: c.id, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy };
    const tag = planTag(plan);
    const resultPath = join(dir, RETRAIN_FILES.result(c.id, tag));
    const checkpointPath = join(dir, RETRAIN_FILES.checkpoint(c.id, tag));
    const weightsPath = join(dir, RETRAIN_FILES.weights(c.id, tag));
    if (c.status === 'done') {
      const result = files.get(c.id)?.result;
      outcomes.push({ ...outcome, status: 'skipped', ...(result ? { result } : {}) });
      continue;
    }
    if (stopReason === 'interrupted' || options.shouldStop?.() === true || data === null) {
      stopReason = 'interrupted';
      outcomes.push({ ...outcome, status: 'pending' });
      continue;
    }
    // One process at a time per candidate: another re-training of it (or a queue worker's) is refused.
    const lock = await lockCandidate(dir, c.id, tag);
    if (E.isLeft(lock)) return lock;
    try {
      // The temporaries a killed re-training of this candidate left.
      const own = new Set([resultPath, checkpointPath, weightsPath].map((p) => basename(p)));
      await removeOrphanTemporaries(dirname(resultPath), (name) => own.has(name));
      const resume = c.status === 'resume' ? files.get(c.id)?.checkpoint : undefined;
      if (c.status !== 'resume' && options.restart === true) {
        await unlink(resultPath).catch(() => undefined);
        await unlink(checkpointPath).catch(() => undefined);
      }
      // A weights file belongs to a finished re-training; one left beside a candidate that trains now is stale.
      await unlink(weightsPath).catch(() => undefined);
      options.onCandidate?.(c, index);
      let ioError: GoldNasError | null = null;
      // A re-training killed after its last checkpoint resumes at its end: that checkpoint holds the trained weights.
      let last: CheckpointContents | null = resume ?? null;
      const result = await runRetrain(tf, plan.config, c.architecture, plan.layout, data, {
        onEvent: (e) => options.onEvent?.(c.id, e),
        shouldStop: () => ioError !== null || (options.shouldStop?.() ?? false),
        ...(resume ? { resume } : {}),
        checkpoint: async (contents) => {
          last = contents;
          const wrote = await writeFileAtomic(checkpointPath, encodeCheckpoint(contents));
          if (E.isLeft(wrote)) ioError = wrote.left;
        },
      });
      if (ioError !== null) return E.left(ioError);
      if (E.isLeft(result)) return E.left(result.left.path === '' ? { ...result.left, path: c.id } : { ...result.left, path: `${c.id}: ${result.left.path}` });
      const r = result.right;
      if (r.stopReason === 'done') {
        const saved = await writeNetworkWeights(weightsPath, last, c.architecture, plan.layout, plan.config, data);
        if (E.isLeft(saved)) return E.left(saved.left.path === '' ? { ...saved.left, path: weightsPath } : saved.left);
      }
      const wrote = await writeJsonAtomic(resultPath, {
        id: c.id,
        ...r,
        flops: c.flops,
        sharedWeightAccuracy: c.sharedWeightAccuracy,
        flopsUnit: FLOPS_UNIT,
        backend: tf.getBackend(),
        layout: plan.layout,
        ...(plan.transferred ? { searchLayout: plan.searchConfig.space.layout, architecture: c.architecture } : {}),
        data: plan.data,
        config: plan.config,
      });
      if (E.isLeft(wrote)) return wrote;
      outcomes.push({ ...outcome, status: r.stopReason === 'done' ? 'trained' : 'interrupted', result: r });
      if (r.stopReason === 'interrupted') stopReason = 'interrupted';
    } finally {
      await lock.right.release();
    }
  }
  return E.right({ plan, stopReason, candidates: outcomes });
}
