/**
 * Running a study in its folder, on the job abstraction: the searches (search jobs), the choice of
 * architectures (GOLD-NAS's family, DARTS's and DARTS-PT's genotypes, random samples at the
 * family's costs), their re-trainings with one recipe (retrain jobs), and the figures. Every job
 * keeps its files in the study's folder, so running the study again re-uses finished jobs and
 * resumes an interrupted one from its checkpoint.
 *
 * Files: `study.json` (the resolved configuration), `searches/<method>-seed-<s>/` (search runs),
 * `architectures.json` (the chosen architectures), `retrain/seed-<s>/architectures/<hash>.retrain.*`
 * (re-trainings), `timings.json` (wall time per job, summed over interrupted parts), `results.json`
 * and `table.md` (the figures). Every file is written atomically.
 *
 * @module
 */
import { join, relative } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../backends/tf.js';
import { deriveSeed } from '../../data/seeds.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import { compareByCost } from '../../pareto/compareByCost.js';
import { decodeParetoFile } from '../../report/runData.js';
import { networkCost } from '../../resources/networkCost.js';
import type { SearchConfig } from '../../search/searchConfig.js';
import type { Architecture } from '../../space/architecture.js';
import { architectureHash } from '../../space/architectureHash.js';
import { searchSpace } from '../../space/buildSearchSpace.js';
import { reductionCells } from '../../space/layout.js';
import { OPERATORS, withSkipConnect } from '../../space/operators.js';
import { transferArchitecture } from '../../space/transferArchitecture.js';
import { randomArchitectureAtCost } from '../../study/randomArchitecture.js';
import type { StudyConfig, StudyMethod } from '../../study/studyConfig.js';
import { dartsPtSearchConfig, studySearchConfig } from '../../study/studyConfig.js';
import type { StudyRow, StudyTable } from '../../study/studyTable.js';
import { studyMarkdown, studyTable } from '../../study/studyTable.js';
import type { RetrainConfig } from '../../train/retrainConfig.js';
import { writeJsonAtomic, writeFileAtomic } from '../atomicWrite.js';
import type { JobKind, JobProgress, JobSpecBase } from '../jobs/jobKind.js';
import { jobShare, trainWork } from './studyWork.js';
import type { PlannedJob } from './studyWork.js';
import type { RetrainJobSpec } from '../jobs/retrainJob.js';
import { RETRAIN_JOB } from '../jobs/retrainJob.js';
import { runJobsInProcess } from '../jobs/runJobsInProcess.js';
import type { SearchJobSpec } from '../jobs/searchJob.js';
import { searchJobKind } from '../jobs/searchJob.js';
import { parseJsonText, readJsonFile, readTextFile } from '../readFiles.js';
import { RUN_FILES } from '../searchRun.js';

/**
 * The files of a study's folder, relative to it.
 *
 * @since 0.2.0
 */
export const STUDY_FILES = {
  config: 'study.json',
  architectures: 'architectures.json',
  timings: 'timings.json',
  results: 'results.json',
  table: 'table.md',
  search: (method: 'gold-nas' | 'darts' | 'darts-pt', seed: number): string => join('searches', `${method}-seed-${seed}`),
  retrain: (seed: number): string => join('retrain', `seed-${seed}`),
} as const;

/**
 * Where a study is, for a progress display.
 *
 * @since 0.2.0
 */
export interface StudyProgress {
  /** `search` (searches and DARTS-PT's), `retrain`. */
  readonly phase: 'search' | 'retrain';
  /** The running job: its place among the phase's jobs and a short name. */
  readonly job: { readonly index: number; readonly count: number; readonly label: string };
  /** The job's own progress (null before its first event). */
  readonly jobProgress: JobProgress | null;
  /** The share of the whole study's estimated work done, in [0, 1] (work: multiply-adds of training and testing, estimated before it is known). */
  readonly fraction: number;
  /**
   * True when the rise in `fraction` since the last report was not work done by this call: a job
   * starting after a re-used one, or a job's first report after resuming from its checkpoint. A
   * rate (an ETA) must not count it.
   */
  readonly reused: boolean;
}

/**
 * Options of {@link runStudy}.
 *
 * @since 0.2.0
 */
export interface StudyRunOptions {
  /** The injected tfjs namespace with its backend ready. */
  readonly tf: TF;
  /** The study's folder (absolute); created when missing. */
  readonly dir: string;
  readonly config: StudyConfig;
  /** Polled between steps: true stops the running job after a checkpoint; run the study again to continue. */
  readonly shouldStop?: () => boolean;
  /** Receives the progress after every job event that shows some. */
  readonly onProgress?: (progress: StudyProgress) => void;
  /** Receives one line per job start and end, and per choice. */
  readonly onLog?: (line: string) => void;
}

/**
 * A chosen architecture, as `architectures.json` records it.
 *
 * @since 0.2.0
 */
export interface StudyChoice {
  readonly method: StudyMethod;
  readonly seed: number;
  readonly member: number;
  readonly id: string;
  /** On the re-training layout (GOLD-NAS's). */
  readonly architecture: Architecture;
  readonly flops: number;
  readonly params: number;
  readonly sharedWeightAccuracy: number | null;
}

/**
 * What {@link runStudy} returns.
 *
 * @since 0.2.0
 */
export interface StudyRunResult {
  readonly stopReason: 'done' | 'interrupted';
  /** The figures so far (rows without a re-training have no accuracy yet). */
  readonly table: StudyTable;
  /** Wall time of this call, in seconds, and of each part over every call (`timings.json`). */
  readonly seconds: number;
  readonly parts: { readonly search: number; readonly retrain: number };
}

type SearchMethod = 'gold-nas' | 'darts' | 'darts-pt';

/**
 * The parts of a study that its folder's files depend on: changing them needs another folder.
 * Seeds and methods may change (a method added later re-uses the others' jobs); DARTS-PT's options
 * are checked by its searches' own configuration check.
 */
function claimKey(config: StudyConfig): string {
  return JSON.stringify({ data: config.data, gold: config.gold, darts: config.darts, familySize: config.familySize, retrain: config.retrain });
}

async function claimFolder(dir: string, config: StudyConfig): Promise<Either<GoldNasError, void>> {
  const path = join(dir, STUDY_FILES.config);
  const text = await readTextFile(path);
  if (E.isLeft(text)) return text;
  if (text.right !== null) {
    const json = parseJsonText(text.right, path, 'delete the folder or choose another --out');
    if (E.isLeft(json)) return json;
    if (claimKey(json.right as StudyConfig) !== claimKey(config)) {
      return E.left(goldNasError('ConfigError', path,
        'this folder holds a study of another configuration (only seeds and methods may change between runs of one study); give the same --config to continue it, or another --out'));
    }
  }
  return writeJsonAtomic(path, config);
}

function searchConfigFor(config: StudyConfig, method: SearchMethod, seed: number): Either<GoldNasError, SearchConfig> {
  const base = method === 'gold-nas' ? E.right(config.gold) : method === 'darts' ? E.right(config.darts) : dartsPtSearchConfig(config);
  return E.map((c: SearchConfig) => studySearchConfig(c, config.data, seed))(base);
}

/** The configuration every re-training of `seed` names: GOLD-NAS's layout, the study's re-training data. */
function retrainSource(config: StudyConfig, seed: number): SearchConfig {
  const c = studySearchConfig(config.gold, config.data, seed);
  return { ...c, data: { ...c.data, limit: config.data.retrainLimit, ...(config.data.testLimit > 0 ? { testLimit: config.data.testLimit } : {}) } };
}

function retrainConfigFor(config: StudyConfig, seed: number): RetrainConfig {
  return { ...config.retrain, seed };
}

/** Evenly spaced picks of `k` of `n` sorted items (all when k is 0 or at least n). */
function spread<A>(sorted: readonly A[], k: number): A[] {
  if (k === 0 || k >= sorted.length) return [...sorted];
  if (k === 1) return [sorted[0]!];
  const picks = new Set<number>();
  for (let i = 0; i < k; i++) picks.add(Math.round((i * (sorted.length - 1)) / (k - 1)));
  return [...picks].sort((a, b) => a - b).map((i) => sorted[i]!);
}

function priceOn(config: StudyConfig, architecture: Architecture): Either<GoldNasError, { flops: number; params: number }> {
  const layout = config.gold.space.layout;
  const skip = config.retrain.skipConnect ?? config.gold.space.skipConnect ?? 'identity';
  const cbn = config.retrain.cellBatchNorm ?? config.gold.space.cellBatchNorm ?? 'affine';
  return E.map((c: { flops: number; params: number }) => ({ flops: c.flops, params: c.params }))(
    networkCost(architecture, layout, { affine: cbn === 'affine', table: withSkipConnect(OPERATORS, skip) }));
}

async function readCandidates(runDir: string) {
  const path = join(runDir, RUN_FILES.pareto);
  const json = await readJsonFile(path, 'the search has no pareto.json (it did not finish)');
  if (E.isLeft(json)) return json;
  const pareto = decodeParetoFile(json.right);
  return E.isLeft(pareto) ? E.left({ ...pareto.left, path: `${path}: ${pareto.left.path}` }) : E.right(pareto.right.candidates);
}

/** The architectures of every method and seed, worked out from the finished searches (deterministic). */
async function chooseArchitectures(dir: string, config: StudyConfig, seeds: readonly number[]): Promise<Either<GoldNasError, StudyChoice[]>> {
  const choices: StudyChoice[] = [];
  const layout = config.gold.space.layout;
  for (const seed of seeds) {
    const gold: StudyChoice[] = [];
    if (config.methods.includes('gold-nas') || config.methods.includes('random')) {
      const runDir = join(dir, STUDY_FILES.search('gold-nas', seed));
      const candidates = await readCandidates(runDir);
      if (E.isLeft(candidates)) return candidates;
      const family = candidates.right.filter((c) => config.family === 'recorded' || c.onFront).sort(compareByCost);
      for (const [member, c] of spread(family, config.familySize).entries()) {
        const cost = priceOn(config, c.architecture);
        if (E.isLeft(cost)) return E.left({ ...cost.left, path: `${runDir}: ${c.id}: ${cost.left.path}` });
        gold.push({ method: 'gold-nas', seed, member, id: c.id, architecture: c.architecture, ...cost.right, sharedWeightAccuracy: c.sharedWeightAccuracy });
      }
      if (config.methods.includes('gold-nas')) choices.push(...gold);
    }
    for (const method of ['darts', 'darts-pt'] as const) {
      if (!config.methods.includes(method)) continue;
      const runDir = join(dir, STUDY_FILES.search(method, seed));
      const candidates = await readCandidates(runDir);
      if (E.isLeft(candidates)) return candidates;
      // The genotype is the run's last candidate (DARTS records one, at its discretisation).
      const last = [...candidates.right].sort((a, b) => b.step - a.step)[0];
      if (last === undefined) return E.left(goldNasError('ConfigError', join(runDir, RUN_FILES.pareto), 'the DARTS search recorded no architecture'));
      const moved = transferArchitecture(last.architecture, layout);
      if (E.isLeft(moved)) return E.left({ ...moved.left, path: `${runDir}: ${last.id}: ${moved.left.path}` });
      const cost = priceOn(config, moved.right);
      if (E.isLeft(cost)) return E.left({ ...cost.left, path: `${runDir}: ${last.id}: ${cost.left.path}` });
      choices.push({ method, seed, member: 0, id: architectureHash(moved.right), architecture: moved.right, ...cost.right, sharedWeightAccuracy: last.sharedWeightAccuracy });
    }
    if (config.methods.includes('random')) {
      const space = searchSpace({ ...config.gold.space });
      if (E.isLeft(space)) return space;
      const skip = config.retrain.skipConnect ?? config.gold.space.skipConnect ?? 'identity';
      const cbn = config.retrain.cellBatchNorm ?? config.gold.space.cellBatchNorm ?? 'affine';
      for (const g of gold) {
        const sample = randomArchitectureAtCost(space.right, g.flops, deriveSeed(seed, RANDOM_TAG, g.member), { affine: cbn === 'affine', table: withSkipConnect(OPERATORS, skip) });
        if (E.isLeft(sample)) return E.left({ ...sample.left, path: `random seed ${seed} member ${g.member + 1}: ${sample.left.path}` });
        const { architecture, flops, params } = sample.right;
        choices.push({ method: 'random', seed, member: g.member, id: architectureHash(architecture), architecture, flops, params, sharedWeightAccuracy: null });
      }
    }
  }
  return E.right(choices);
}

/** The random samples' seed tag ('RAND'). */
const RANDOM_TAG = 0x52414e44;

type Timings = Record<string, number>;

async function readTimings(dir: string): Promise<Either<GoldNasError, Timings>> {
  const path = join(dir, STUDY_FILES.timings);
  const text = await readTextFile(path);
  if (E.isLeft(text)) return text;
  if (text.right === null) return E.right({});
  const json = parseJsonText(text.right, path, 'delete it (the wall times start again)');
  return E.map((j: unknown) => ({ ...(j as Timings) }))(json);
}

/**
 * Runs (or continues) a study in its folder: the searches, the choice of architectures, their
 * re-trainings, and the figures (`results.json`, `table.md`). Everything that can be checked is
 * checked first; a stop request checkpoints the running job and returns `interrupted` (run it
 * again to continue: finished jobs are re-used).
 *
 * @param options - tfjs, the folder, the study, the stop poll and the hooks.
 * @returns the figures so far and the wall times, or the first error.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { STUDY_PRESETS } from 'gold-nas';
 * import { runStudy } from 'gold-nas/node';
 * await tf.setBackend('cpu');
 * const run = await runStudy({ tf, dir: '/tmp/study', config: STUDY_PRESETS.synthetic });
 * if (run._tag === 'Right') console.log(run.right.table.summary);
 * ```
 *
 * @since 0.2.0
 */
export async function runStudy(options: StudyRunOptions): Promise<Either<GoldNasError, StudyRunResult>> {
  const { dir, config, tf } = options;
  const started = Date.now();
  const log = options.onLog ?? (() => undefined);
  const seeds = config.seeds;

  // Everything checkable before any work: the configurations of every search.
  const searchMethods: SearchMethod[] = [];
  if (config.methods.includes('gold-nas') || config.methods.includes('random')) searchMethods.push('gold-nas');
  if (config.methods.includes('darts')) searchMethods.push('darts');
  if (config.methods.includes('darts-pt')) searchMethods.push('darts-pt');
  const searches: PlannedJob<SearchJobSpec>[] = [];
  for (const seed of seeds) {
    for (const method of searchMethods) {
      const c = searchConfigFor(config, method, seed);
      if (E.isLeft(c)) return c;
      const supernet = searchSupernetFlops(c.right);
      if (E.isLeft(supernet)) return E.left({ ...supernet.left, path: `${method}: ${supernet.left.path}` });
      const bilevel = c.right.update.name === 'darts-bilevel' ? 2 : 1;
      const selection = method === 'darts-pt' ? selectionWork(c.right, supernet.right) : 0;
      searches.push({
        spec: { kind: 'search', dir: join(dir, STUDY_FILES.search(method, seed)), config: c.right },
        work: bilevel * trainWork(c.right.maxSteps, c.right.batchSize, supernet.right) + selection,
        selectionWork: selection,
        label: `${method} seed ${seed}`,
      });
    }
  }
  const claimed = await claimFolder(dir, config);
  if (E.isLeft(claimed)) return claimed;
  const timingsE = await readTimings(dir);
  if (E.isLeft(timingsE)) return timingsE;
  const timings = timingsE.right;

  // Estimated work of the re-trainings before the searches say which: each at half the GOLD super-network's cost.
  const retrainSteps = (size: number): number => config.retrain.epochs * Math.ceil(size / config.retrain.batchSize);
  const trainSize = config.data.source === 'fashion-mnist' ? (config.data.retrainLimit || 59_945) : Math.round(config.data.syntheticSize * (config.data.heldOut < 1 ? 1 - config.data.heldOut : 1) - (config.data.heldOut >= 1 ? config.data.heldOut : 0));
  const testSize = config.data.source === 'fashion-mnist' ? (config.data.testLimit || 10_000) : Math.round(config.data.heldOut < 1 ? config.data.syntheticSize * config.data.heldOut : config.data.heldOut);
  const retrainWork = (flops: number): number => trainWork(retrainSteps(trainSize), config.retrain.batchSize, flops) + testSize * flops;
  const goldSupernet = searchSupernetFlops(config.gold);
  if (E.isLeft(goldSupernet)) return goldSupernet;
  const perSeed = (config.methods.includes('gold-nas') ? Math.max(config.familySize, 1) : 0) + (config.methods.includes('random') ? Math.max(config.familySize, 1) : 0)
    + (config.methods.includes('darts') ? 1 : 0) + (config.methods.includes('darts-pt') ? 1 : 0);
  let retrainTotal = seeds.length * perSeed * retrainWork(goldSupernet.right / 2);
  const searchTotal = searches.reduce((a, s) => a + s.work, 0);
  let doneWork = 0;
  const fraction = (current: number): number => Math.min(1, (doneWork + current) / (searchTotal + retrainTotal));

  // Timing writes, one after another (a job's end cannot wait for its write).
  let timingWrites: Promise<GoldNasError | null> = Promise.resolve(null);
  const saveTiming = (id: string, seconds: number): void => {
    timings[id] = (timings[id] ?? 0) + seconds;
    const snapshot = { ...timings };
    timingWrites = timingWrites.then(async (previous) => {
      if (previous !== null) return previous;
      const w = await writeJsonAtomic(join(dir, STUDY_FILES.timings), snapshot);
      return E.isLeft(w) ? w.left : null;
    });
  };

  // A job's wall time is filed under its id with the folder relative to the study's, so that a study
  // folder moved or copied elsewhere keeps its timings.
  const timingKey = <S extends JobSpecBase>(kind: Pick<JobKind<S, unknown>, 'id'>, spec: S): string => kind.id({ ...spec, dir: relative(dir, spec.dir) });

  async function runPhase<S extends JobSpecBase, Ev>(phase: StudyProgress['phase'], kind: JobKind<S, Ev>, jobs: readonly PlannedJob<S>[]) {
    // Wall time is saved at reports (every 10 s at most), so a killed job keeps the time it had spent.
    let timed = 0;
    let firstReport = true;
    let reader: ((e: Ev) => JobProgress | null) | null = null;
    const spend = (spec: S, final: boolean): void => {
      const now = Date.now();
      if (!final && now - timed < 10_000) return;
      saveTiming(timingKey(kind, spec), (now - timed) / 1000);
      timed = now;
    };
    const run = await runJobsInProcess(kind, jobs.map((j) => j.spec), {
      tf,
      shouldStop: () => options.shouldStop?.() ?? false,
      onJobStart: (spec, index) => {
        timed = Date.now();
        firstReport = true;
        reader = kind.progress(spec);
        log(`[${phase} ${index + 1}/${jobs.length}] ${jobs[index]!.label}`);
        options.onProgress?.({ phase, job: { index, count: jobs.length, label: jobs[index]!.label }, jobProgress: null, fraction: fraction(0), reused: true });
      },
      onEvent: (spec, event) => {
        const p = reader?.(event) ?? null;
        if (p === null) return;
        const index = jobs.findIndex((j) => j.spec === spec);
        spend(spec, false);
        options.onProgress?.({ phase, job: { index, count: jobs.length, label: jobs[index]!.label }, jobProgress: p, fraction: fraction(jobShare(jobs[index]!, p) * jobs[index]!.work), reused: firstReport });
        firstReport = false;
      },
      onJobEnd: (spec, index, outcome) => {
        doneWork += outcome.status === 'done' ? jobs[index]!.work : 0;
        const skipped = outcome.summary.status === 'skipped';
        log(`[${phase} ${index + 1}/${jobs.length}] ${jobs[index]!.label}: ${String(outcome.summary.status ?? outcome.status)}${skipped ? ' (finished before: re-used)' : ''}`);
        if (!skipped) spend(spec, true);
      },
    });
    const timingError = await timingWrites;
    return timingError !== null ? E.left(timingError) : run;
  }

  const searched = await runPhase('search', searchJobKind(), searches);
  if (E.isLeft(searched)) return searched;
  const searchId = (method: SearchMethod, seed: number): string => timingKey(searchJobKind(), searches.find((s) => s.label === `${method} seed ${seed}`)!.spec);
  const partSeconds = (): { search: number; retrain: number } => {
    let search = 0;
    let retrain = 0;
    for (const [id, s] of Object.entries(timings)) {
      if (id.startsWith('search-')) search += s;
      else retrain += s;
    }
    return { search, retrain };
  };
  if (searched.right.stopReason === 'interrupted') {
    return E.right({ stopReason: 'interrupted', table: studyTable([]), seconds: (Date.now() - started) / 1000, parts: partSeconds() });
  }

  const chosen = await chooseArchitectures(dir, config, seeds);
  if (E.isLeft(chosen)) return chosen;
  const wroteChoices = await writeJsonAtomic(join(dir, STUDY_FILES.architectures), chosen.right);
  if (E.isLeft(wroteChoices)) return wroteChoices;
  for (const c of chosen.right) log(`chose ${c.method} seed ${c.seed} #${c.member + 1}: ${c.id}, ${(c.flops / 1e6).toFixed(2)}M multiply-adds, ${c.params.toLocaleString('en-US')} params`);

  const retrainJobs: PlannedJob<RetrainJobSpec>[] = [];
  const jobOf = new Map<StudyChoice, number>();
  for (const c of chosen.right) {
    const spec: RetrainJobSpec = {
      kind: 'retrain', dir: join(dir, STUDY_FILES.retrain(c.seed)), candidate: c.id, config: retrainConfigFor(config, c.seed),
      architecture: { architecture: c.architecture, searchConfig: retrainSource(config, c.seed) },
    };
    const id = RETRAIN_JOB.id(spec);
    let at = retrainJobs.findIndex((j) => RETRAIN_JOB.id(j.spec) === id);
    if (at < 0) {
      at = retrainJobs.length;
      retrainJobs.push({ spec, work: retrainWork(c.flops), label: `${c.method} seed ${c.seed} #${c.member + 1} (${c.id})` });
    }
    jobOf.set(c, at);
  }
  retrainTotal = retrainJobs.reduce((a, j) => a + j.work, 0);
  const retrained = await runPhase('retrain', RETRAIN_JOB, retrainJobs);
  if (E.isLeft(retrained)) return retrained;

  const rows: StudyRow[] = chosen.right.map((c) => {
    const job = retrained.right.jobs[jobOf.get(c)!];
    const summary = job?.status === 'done' ? job.summary : undefined;
    const searchSeconds = c.method === 'random' ? 0 : timings[searchId(c.method, c.seed)] ?? 0;
    const top1 = summary?.top1;
    const jobSeconds = timings[timingKey(RETRAIN_JOB, retrainJobs[jobOf.get(c)!]!.spec)];
    return {
      method: c.method, seed: c.seed, member: c.member, id: c.id, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy,
      testAccuracy: typeof top1 === 'number' ? top1 : null, searchSeconds,
      retrainSeconds: summary === undefined ? null : jobSeconds ?? (typeof summary.seconds === 'number' ? summary.seconds : null),
    };
  });
  const table = studyTable(rows);
  const parts = partSeconds();
  const stopReason = retrained.right.stopReason;
  if (stopReason === 'done') {
    const results = {
      config, seeds, methods: config.methods, parts,
      rows: table.rows, summary: table.summary, tau: table.tau.map((t) => ({ method: t.method, tau: Number.isNaN(t.tau.tau) ? null : t.tau.tau, pairs: t.tau.n })),
    };
    const a = await writeJsonAtomic(join(dir, STUDY_FILES.results), results);
    if (E.isLeft(a)) return a;
    const b = await writeFileAtomic(join(dir, STUDY_FILES.table), studyMarkdown(table));
    if (E.isLeft(b)) return b;
  }
  return E.right({ stopReason, table, seconds: (Date.now() - started) / 1000, parts });
}

/**
 * DARTS-PT's work, roughly: per cell type, one held-out evaluation per edge and operator (and one
 * with nothing removed), and its fine-tuning steps between decisions.
 */
function selectionWork(config: SearchConfig, supernetFlops: number): number {
  const options = (config.selection ?? {}) as { readonly fineTuneSteps?: number; readonly maxExamples?: number };
  const { nodes } = config.space.layout;
  const edges = (nodes * (nodes + 3)) / 2;
  const examples = options.maxExamples ?? (config.evaluation.maxExamples || 1000);
  const evaluations = 2 * edges * (config.space.operators.length + 1);
  return evaluations * examples * supernetFlops + trainWork((options.fineTuneSteps ?? 10) * 2 * (edges + nodes), config.batchSize, supernetFlops);
}

/** The multiply-adds of a search's whole super-network (every operator of its space on every edge), as an evaluation network. */
function searchSupernetFlops(config: SearchConfig): Either<GoldNasError, number> {
  const space = searchSpace({ ...config.space });
  if (E.isLeft(space)) return space;
  const { layout } = space.right;
  const edges: Architecture['cells'][number]['edges'][number][] = [];
  for (let to = 2; to < layout.nodes + 2; to++) for (let from = 0; from < to; from++) for (const op of space.right.operators) edges.push({ op, from, to });
  const reductions = reductionCells(layout.cells);
  const cells = Array.from({ length: layout.cells }, (_, i) => ({ reduction: reductions.includes(i), edges }));
  return E.map((c: { flops: number }) => c.flops)(networkCost({ nodes: layout.nodes, cells }, layout, { table: space.right.table }));
}

