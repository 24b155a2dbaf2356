/**
 * A search in a run directory: `config.json`, `events.jsonl`, `checkpoint.bin`, `pareto.json`,
 * `architectures/<hash>.json` (with the per-cell triple text, and a DARTS genotype text when the
 * architecture has that form), `summary.json` and `summary.txt`. Every file is written atomically
 * (write, then rename), so a killed process never leaves half a file; `resume` continues from the
 * last checkpoint.
 *
 * @module
 */
import { readdir, rmdir } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import { checkRunOptions } from './checkRunOptions.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { compareByCost } from '../pareto/compareByCost.js';
import { checkSearchMemory } from '../search/searchMemory.js';
import { FLOPS_COLUMN, groupDigits, mflops, mflopsText, percent } from './format.js';
import { readBytesFile, readJsonFile, readTextFile } from './readFiles.js';
import { parseSearchEvents } from '../report/runData.js';
import { decodeSearchConfig } from '../search/decodeSearchConfig.js';
import { DEFAULT_SEARCH_REGISTRY } from '../search/registry.js';
import type { AccuracyOn } from '../search/accuracyOn.js';
import { accuracyLabel, accuracyOn } from '../search/accuracyOn.js';
import { FLOPS_UNIT } from '../search/events.js';
import type { SearchEvent } from '../search/events.js';
import type { SearchRegistry } from '../search/registry.js';
import type { SearchCandidate, SearchHooks, SearchResult } from '../search/runSearch.js';
import { runSearch } from '../search/runSearch.js';
import type { SearchConfig } from '../search/searchConfig.js';
import { decodeSearchConfigShape, searchFingerprint } from '../search/searchConfig.js';
import { decodeSearchState } from '../search/searchState.js';
import { architectureToGenotype } from '../space/genotypeArchitecture.js';
import type { Architecture } from '../space/architecture.js';
import { describeAccuracyEstimate } from '../search/accuracyEstimate.js';
import { searchMethod } from '../search/searchMethod.js';
import { formatGenotype } from '../space/genotype.js';
import { architectureToTriples, formatTriples } from '../space/triples.js';
import { temporaryTarget, writeFileAtomic, writeJsonAtomic } from './atomicWrite.js';
import { checkWritableDirectory } from './checkWritable.js';
import { makeDirectory } from './makeDirectory.js';
import { removeOrphanTemporaries } from './runDirectory.js';
import { RUN_LOCK_FILE, lockFile, lockRefusal, tookOverWarning } from './runLock.js';
import { loadSearchData } from './searchData.js';

/**
 * The files of a run directory, by role.
 *
 * @since 0.1.0
 */
export const RUN_FILES = {
  config: 'config.json',
  events: 'events.jsonl',
  checkpoint: 'checkpoint.bin',
  pareto: 'pareto.json',
  summaryJson: 'summary.json',
  summaryText: 'summary.txt',
  architectures: 'architectures',
} as const;

/**
 * Reads and decodes a run directory's `config.json` (a configuration of gold-nas 0.1 is converted).
 * Errors name the file: an `IoError` with `missing` when there is none, a `DecodeError` when it is
 * not JSON or not a search configuration.
 *
 * @param dir - the run directory.
 * @param missing - what to say when the directory has no `config.json`.
 * @param registry - checks the configuration's parts against this registry (for a search that runs
 *   them); without it, part names and options are read as they are (enough for reports and re-training).
 * @returns the run's search configuration, or the error.
 * @internal
 */
export async function readRunConfig(dir: string, missing: string, registry?: SearchRegistry): Promise<Either<GoldNasError, SearchConfig>> {
  const path = join(dir, RUN_FILES.config);
  const json = await readJsonFile(path, missing, path, 'the file is damaged: run the search again, or restore the file');
  if (E.isLeft(json)) return json;
  const config = registry === undefined ? decodeSearchConfigShape(json.right) : decodeSearchConfig(json.right, undefined, { registry });
  if (E.isRight(config)) return config;
  return E.left({ ...config.left, path: config.left.path === '' ? path : `${path}: ${config.left.path}` });
}

/**
 * Options of {@link searchInDirectory}.
 *
 * @since 0.1.0
 */
export interface SearchRunOptions {
  /** The injected tfjs namespace with its backend ready. */
  readonly tf: TF;
  /** The run directory. A new run needs it absent or empty; a resume needs a run there. */
  readonly dir: string;
  /** The configuration of a new run (ignored on resume: the run's own `config.json` is used). */
  readonly config?: SearchConfig;
  /** Continue the run in `dir` from its checkpoint. */
  readonly resume?: boolean;
  /** Receives every event (after it is queued for `events.jsonl`). */
  readonly onEvent?: (event: SearchEvent) => void;
  /** Polled between steps; true stops the search after a checkpoint. */
  readonly shouldStop?: () => boolean;
  /** What the configuration's part names mean (default `DEFAULT_SEARCH_REGISTRY`); a resume needs the registry the run started with. */
  readonly registry?: SearchRegistry;
  /**
   * The search's parts, instead of those the configuration names (see `runSearch`). `config.json`
   * records the configuration, not these values: resume with the same strategy (a checkpoint of
   * other parts is refused).
   */
  readonly strategy?: SearchHooks['strategy'];
  /** Callbacks by event type, after `onEvent` (see `runSearch`). */
  readonly callbacks?: SearchHooks['callbacks'];
  /** The clock and the yield policy of the loop (see `runSearch`). */
  readonly clock?: SearchHooks['clock'];
  readonly yieldPolicy?: SearchHooks['yieldPolicy'];
  /**
   * Receives what the run had to work around, in words: a stale lock taken over, events cut back to
   * the checkpoint, a run started again for lack of a checkpoint.
   *
   * @since 0.2.0
   */
  readonly onWarning?: (message: string) => void;
  /**
   * The most memory the search may need, in bytes (default: this machine's total memory). A
   * configuration whose estimate (`estimateSearchMemory`) is above it is refused before anything
   * is allocated or written.
   *
   * @since 0.2.0
   */
  readonly memoryLimit?: number;
}

/**
 * What a finished (or interrupted) run returns: the search result, where its files are, and the configuration it ran.
 *
 * @since 0.1.0
 */
export interface SearchRunResult {
  readonly dir: string;
  readonly result: SearchResult;
  /** The configuration (the run's own `config.json` when resumed). */
  readonly config: SearchConfig;
}

/** The files a run has before its first checkpoint: a directory with only these (and no checkpoint) can be started again. */
const BEFORE_FIRST_CHECKPOINT: ReadonlySet<string> = new Set([RUN_FILES.config, RUN_FILES.events]);
const SEARCH_FILES: ReadonlySet<string> = new Set(Object.values(RUN_FILES));
/** The files a search writes in `architectures/`. */
const ARCHITECTURE_FILE = /^[0-9a-f]{16}\.(json|triples\.txt|genotype\.txt)$/;

/** Whether a file of the run directory is a leftover of a dead process: a stale lock or a search's temporary. */
function leftover(name: string): boolean {
  const tmp = temporaryTarget(name);
  return name === RUN_LOCK_FILE || (tmp !== null && SEARCH_FILES.has(tmp.target));
}

/** A new run's directory: absent, empty, or left by a run stopped before its first checkpoint (then `note` says it is started again). */
async function prepareNew(dir: string, config: SearchConfig | undefined): Promise<Either<GoldNasError, { readonly config: SearchConfig; readonly note: string | null }>> {
  if (config === undefined) return E.left(goldNasError('ConfigError', 'config', 'a new run needs a configuration'));
  let entries: string[] = [];
  try {
    entries = await readdir(dir);
  } catch (e) {
    // A new directory is made later; a file, or a directory that cannot be read, is refused now.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      return E.left(goldNasError('IoError', dir, (e as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? 'is a file (or lies under one), not a directory: choose a new or empty directory for the run'
        : `cannot be read: ${(e as Error).message}; choose a new or empty directory for the run`));
    }
  }
  const own = entries.filter((name) => !leftover(name));
  if (own.length === 0) return E.right({ config, note: null });
  if (own.every((name) => BEFORE_FIRST_CHECKPOINT.has(name))) {
    return E.right({ config, note: `${dir} holds a run stopped before its first checkpoint (${own.join(', ')}, no ${RUN_FILES.checkpoint}): starting the run there again` });
  }
  return E.left(goldNasError('IoError', dir,
    entries.includes(RUN_FILES.config)
      ? 'this directory already holds a run; continue it with --resume, or choose another --out'
      : 'the directory is not empty; choose an empty or new directory for the run'));
}

interface Resumed {
  readonly config: SearchConfig;
  /** The checkpoint, or undefined when the run has none (it starts again from step 0). */
  readonly checkpoint: CheckpointContents | undefined;
  /** Whether the checkpoint is of a finished run (then nothing but its results is written again). */
  readonly finished: boolean;
  readonly events: PriorEvents;
}

/** The lines of `events.jsonl` a resumed run keeps, and whether the file must be written again. */
interface PriorEvents {
  readonly lines: readonly string[];
  /** Whether a `stop` event is among the lines. */
  readonly stopped: boolean;
  /** Whether the lines differ from the file. */
  readonly changed: boolean;
}

/**
 * Cuts `events.jsonl` back to a checkpoint at `step` (-1: no checkpoint): events of later steps, and
 * those after the checkpoint's own `checkpoint` event, are dropped (the search takes those steps again), so is an interruption's `stop` unless the run had
 * finished; unreadable lines (a file cut short) are kept as they are, so that the report still warns
 * about the gap. Every loss is a warning.
 */
function eventsAtCheckpoint(text: string | null, path: string, step: number, finished: boolean, warn: (m: string) => void): PriorEvents {
  if (text === null) {
    if (step > 0) warn(`${path}: missing; the timeline of the steps up to ${step} is lost (the search goes on from its checkpoint)`);
    return { lines: [], stopped: false, changed: true };
  }
  const parsed = parseSearchEvents(text);
  const skipped = new Set(parsed.skipped);
  const lines: string[] = [];
  const dropped: SearchEvent[] = [];
  let k = 0;
  let stopped = false;
  let changed = !text.endsWith('\n') && text !== '';
  // The checkpoint's own `checkpoint` event comes right after it is written: what follows it (even at the same step, such as a
  // candidate recorded at the end) came after the checkpoint. A finished run's checkpoint is its last.
  let past = false;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    if (skipped.has(i + 1)) {
      lines.push(line);
      return;
    }
    const e = parsed.events[k++]!;
    if (past || e.step > step) dropped.push(e);
    else if (e.type === 'stop' && !finished) changed = true;
    else {
      lines.push(line);
      stopped ||= e.type === 'stop';
      past = !finished && e.type === 'checkpoint' && e.step === step;
    }
  });
  if (skipped.size > 0) {
    warn(`${path}: ${skipped.size} unreadable line(s) (first: line ${parsed.skipped[0]}; the file was cut short?): the events they held are lost; ` +
      'the lines are kept as they are, so that the report still shows the gap');
  }
  if (dropped.length > 0) {
    const steps = dropped.map((e) => e.step);
    warn(`${path}: dropped ${dropped.length} event(s) of steps ${Math.min(...steps)}–${Math.max(...steps)}, ` +
      `${step < 0 ? 'which no checkpoint covers' : `after the checkpoint at step ${step}`}; the search takes those steps again and records them again`);
    changed = true;
  }
  return { lines, stopped, changed };
}

async function prepareResume(dir: string, registry: SearchRegistry | undefined, warn: (m: string) => void): Promise<Either<GoldNasError, Resumed>> {
  const config = await readRunConfig(dir, RESUME_MISSING, registry ?? DEFAULT_SEARCH_REGISTRY);
  if (E.isLeft(config)) return config;
  const checkpointPath = join(dir, RUN_FILES.checkpoint);
  const eventsPath = join(dir, RUN_FILES.events);
  const bytes = await readBytesFile(checkpointPath);
  if (E.isLeft(bytes)) return bytes;
  const eventsText = await readTextFile(eventsPath);
  if (E.isLeft(eventsText)) return eventsText;
  if (bytes.right === null) {
    warn(`${checkpointPath}: no checkpoint (the run stopped before its first one, or the file is gone): running the search again from step 0 with the run's config.json`);
    const events = eventsAtCheckpoint(eventsText.right, eventsPath, -1, false, warn);
    return E.right({ config: config.right, checkpoint: undefined, finished: false, events });
  }
  const checkpoint = decodeCheckpoint(bytes.right, { kind: 'search', fingerprint: searchFingerprint(config.right) });
  if (E.isLeft(checkpoint)) return E.left({ ...checkpoint.left, path: checkpointPath });
  const state = decodeSearchState(checkpoint.right.state);
  if (E.isLeft(state)) return E.left({ ...state.left, path: `${checkpointPath}: ${state.left.path}` });
  const finished = state.right.state.stopReason !== null || state.right.legacyDone === true;
  const events = eventsAtCheckpoint(eventsText.right, eventsPath, state.right.state.step, finished, warn);
  return E.right({ config: config.right, checkpoint: checkpoint.right, finished, events });
}

const RESUME_MISSING = 'no run here to resume (config.json is missing; a run killed before its first checkpoint has none: start it again with --out)';

function eventsText(lines: readonly string[]): string {
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

/**
 * Formats a front as a plain-text table: one row per candidate, by increasing FLOPs (then
 * parameters, then id: the report's order). FLOPs are millions of multiply-adds. Its accuracy column
 * is the shared-weight held-out (or training) accuracy, an estimate (`describeAccuracyEstimate` says what exactly).
 *
 * @param front - the candidates.
 * @param on - what their accuracy was measured on (default `held-out`; `training` for a search without a held-out split).
 * @returns the table, with a header line.
 *
 * @example
 * ```ts
 * import { formatFrontTable } from 'gold-nas/node';
 * console.log(formatFrontTable([]));
 * ```
 * @since 0.1.0
 */
export function formatFrontTable(front: readonly SearchCandidate[], on: AccuracyOn = 'held-out'): string {
  const rows = [['#', 'architecture', FLOPS_COLUMN, 'params', 'live ops', accuracyLabel(on), 'step']];
  [...front].sort(compareByCost).forEach((c, i) =>
    rows.push([String(i + 1), c.id, mflops(c.flops), groupDigits(c.params), String(c.liveOps), percent(c.sharedWeightAccuracy), String(c.step)]));
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((cell, j) => (j === 1 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ')).join('\n');
}

async function writeResults(dir: string, config: SearchConfig, result: SearchResult): Promise<Either<GoldNasError, void>> {
  const writes: Promise<Either<GoldNasError, void>>[] = [];
  // The DARTS genotype of an architecture whose cells have DARTS' form (DARTS's own result), as DARTS prints it.
  const genotypeText = (architecture: Architecture): string | undefined => {
    const g = architectureToGenotype(architecture, config.space.layout);
    return E.isRight(g) ? formatGenotype(g.right) : undefined;
  };
  const withGenotype = (c: SearchCandidate): SearchCandidate & { genotype?: string } => {
    const genotype = genotypeText(c.architecture);
    return genotype === undefined ? c : { ...c, genotype };
  };
  const method = searchMethod(config);
  const estimate = describeAccuracyEstimate(config);
  const finalGenotype = genotypeText(result.final.architecture);
  for (const c of result.candidates) {
    const base = join(dir, RUN_FILES.architectures, c.id);
    writes.push(writeJsonAtomic(`${base}.json`, {
      id: c.id, step: c.step, flops: c.flops, flopsUnit: FLOPS_UNIT, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy, liveOps: c.liveOps, architecture: c.architecture,
    }));
    writes.push(writeFileAtomic(`${base}.triples.txt`, formatTriples(architectureToTriples(c.architecture)) + '\n'));
    const genotype = genotypeText(c.architecture);
    if (genotype !== undefined) writes.push(writeFileAtomic(`${base}.genotype.txt`, genotype + '\n'));
  }
  const front = new Set(result.front.map((c) => c.id));
  const referenced = result.objectives.filter((o) => o.reference !== undefined);
  writes.push(writeJsonAtomic(join(dir, RUN_FILES.pareto), {
    method,
    sharedWeightAccuracy: estimate,
    flopsUnit: FLOPS_UNIT,
    accuracyOn: accuracyOn(config.data),
    objectives: result.objectives.map((o) => ({ name: o.name, direction: o.direction })),
    hypervolume: result.hypervolume,
    hypervolumeReference: { ...Object.fromEntries(referenced.map((o) => [o.name, o.reference])), normalised: true },
    front: result.front.map(withGenotype),
    candidates: result.candidates.map((c) => ({ ...withGenotype(c), onFront: front.has(c.id) })),
  }));
  const summary = {
    method,
    flopsUnit: FLOPS_UNIT,
    accuracyOn: accuracyOn(config.data),
    stopReason: result.stopReason,
    steps: result.steps,
    supernet: result.supernet,
    final: { flops: result.final.flops, params: result.final.params, ...(finalGenotype === undefined ? {} : { genotype: finalGenotype }) },
    candidates: result.candidates.length,
    sharedWeightAccuracy: estimate,
    front: result.front.map((c) => ({ id: c.id, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy })),
    hypervolume: result.hypervolume,
    ...(result.selection !== undefined ? { selection: result.selection } : {}),
  };
  writes.push(writeJsonAtomic(join(dir, RUN_FILES.summaryJson), summary));
  writes.push(writeFileAtomic(join(dir, RUN_FILES.summaryText), [
    `${method} search: stopped (${result.stopReason}) after ${result.steps} steps`,
    `super-network: ${mflopsText(result.supernet.flops)}, ${groupDigits(result.supernet.params)} params (FLOPs count multiply-adds, as the paper does)`,
    ...(finalGenotype === undefined ? [] : [`genotype: ${finalGenotype}`]),
    ...(result.selection === undefined ? [] : [`selection: ${result.selection.name}, ${result.selection.trace.length} decisions (their held-out accuracies are in summary.json, "selection")`]),
    `Pareto front (${result.front.length} of ${result.candidates.length} candidates), hypervolume ${result.hypervolume.toFixed(4)}:`,
    formatFrontTable(result.front, accuracyOn(config.data)),
    `shared-weight acc (est.): ${estimate}.`,
    '',
  ].join('\n')));
  for (const r of await Promise.all(writes)) if (E.isLeft(r)) return r;
  return E.right(undefined);
}

/**
 * Runs (or resumes) a search in a run directory. Validation and loading happen before anything is
 * written: a bad configuration, a missing dataset, or a corrupt or foreign checkpoint changes
 * nothing on disk.
 *
 * @param options - tfjs, directory, configuration or resume, event and stop hooks.
 * @returns the result and the directory, or the first error.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { searchInDirectory } from 'gold-nas/node';
 * import { SEARCH_PRESETS } from 'gold-nas';
 * await tf.setBackend('cpu');
 * const run = await searchInDirectory({ tf, dir: 'runs/tiny', config: SEARCH_PRESETS['synthetic-tiny'] });
 * ```
 * @since 0.1.0
 */
export async function searchInDirectory(options: SearchRunOptions): Promise<Either<GoldNasError, SearchRunResult>> {
  const args = checkRunOptions('searchInDirectory', options);
  if (E.isLeft(args)) return args;
  const { dir } = options;
  const busy = await lockRefusal(join(dir, RUN_LOCK_FILE));
  if (busy !== null) return E.left(busy);
  // Checked before the lock is made, so that a refused command writes nothing (and a --resume of a directory that is no run leaves it alone).
  const checked = options.resume === true
    ? await readRunConfig(dir, RESUME_MISSING, options.registry ?? DEFAULT_SEARCH_REGISTRY)
    : await prepareNew(dir, options.config);
  if (E.isLeft(checked)) return checked;
  // The first level of `dir` that does not exist yet: what is made is removed again if the run writes nothing.
  let made: string | undefined;
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    made = d;
    if (dirname(d) === d) break;
  }
  const mkdirs = await makeDirectory(dir);
  if (E.isLeft(mkdirs)) return mkdirs;
  const lock = await lockFile(join(dir, RUN_LOCK_FILE), options.resume === true ? 'search --resume' : 'search');
  if (E.isLeft(lock)) {
    await removeMade(dir, made);
    return lock;
  }
  const tookOver = tookOverWarning(lock.right);
  if (tookOver !== null) options.onWarning?.(tookOver);
  let wrote = true;
  try {
    const run = await searchLocked(options);
    wrote = run.wrote;
    return run.result;
  } finally {
    await lock.right.release();
    // A run refused before it wrote anything leaves no directory it made.
    if (!wrote) await removeMade(dir, made);
  }
}

/** Removes the empty folders `mkdir` made, from `dir` up to `made` (the first it made), if still empty. */
async function removeMade(dir: string, made: string | undefined): Promise<void> {
  if (made === undefined) return;
  for (let d = dir; d.length >= made.length; d = dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    if (d === made) return;
  }
}

/** The run itself, once the directory is locked; `wrote` says whether any file was written. */
async function searchLocked(options: SearchRunOptions): Promise<{ readonly result: Either<GoldNasError, SearchRunResult>; readonly wrote: boolean }> {
  const { dir, tf } = options;
  const warn = (m: string): void => options.onWarning?.(m);
  let wrote = false;
  const done = (result: Either<GoldNasError, SearchRunResult>) => ({ result, wrote });
  let config: SearchConfig;
  let resume: CheckpointContents | undefined;
  let finished = false;
  let prior: PriorEvents = { lines: [], stopped: false, changed: true };
  let newRun = false;
  if (options.resume === true) {
    const r = await prepareResume(dir, options.registry, warn);
    if (E.isLeft(r)) return done(r);
    // Checkpoints, events and results are written into the run: a directory that cannot take them is refused now, not after the training.
    for (const [path, optional] of [[dir, false], [join(dir, RUN_FILES.architectures), true]] as const) {
      const writable = await checkWritableDirectory(path, optional);
      if (E.isLeft(writable)) return done(writable);
    }
    ({ config, finished } = r.right);
    resume = r.right.checkpoint;
    prior = r.right.events;
  } else {
    const c = await prepareNew(dir, options.config);
    if (E.isLeft(c)) return done(c);
    if (c.right.note !== null) warn(c.right.note);
    config = c.right.config;
    newRun = true;
  }
  // Nothing is allocated for a configuration that cannot fit (or whose arrays a typed array cannot hold).
  const limitSource = options.memoryLimit === undefined ? "this machine's memory" : 'the memory limit';
  const fits = checkSearchMemory(config, options.memoryLimit ?? totalmem(), limitSource);
  if (E.isLeft(fits)) return done(fits);
  const data = loadSearchData(config);
  if (E.isLeft(data)) return done(data);
  // The first write, once every check has passed: the leftovers of a killed process go, a new run's config.json comes.
  const start = async (): Promise<Either<GoldNasError, void>> => {
    if (wrote) return E.right(undefined);
    wrote = true;
    await removeOrphanTemporaries(dir, (name) => SEARCH_FILES.has(name));
    await removeOrphanTemporaries(join(dir, RUN_FILES.architectures), (name) => ARCHITECTURE_FILE.test(name));
    return newRun ? writeJsonAtomic(join(dir, RUN_FILES.config), config) : E.right(undefined);
  };
  const events: SearchEvent[] = [];
  const lines = (): string[] => [...prior.lines, ...events.map((e) => JSON.stringify(e))];
  let ioError: GoldNasError | null = null;
  const result = await runSearch(tf, config, data.right, {
    onEvent: (e) => {
      // A stop caused by a failed write is no interruption: the error says what happened.
      if (ioError !== null && e.type === 'stop') return;
      events.push(e);
      options.onEvent?.(e);
    },
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.strategy ? { strategy: options.strategy } : {}),
    ...(options.callbacks ? { callbacks: options.callbacks } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.yieldPolicy ? { yieldPolicy: options.yieldPolicy } : {}),
    shouldStop: () => ioError !== null || (options.shouldStop?.() ?? false),
    ...(resume ? { resume } : {}),
    checkpoint: async (contents) => {
      // A finished run's checkpoint stays as it is.
      if (finished || ioError !== null) return;
      // The events first: a kill between the two renames leaves events past the checkpoint, which a resume cuts back.
      for (const write of [start, () => writeFileAtomic(join(dir, RUN_FILES.events), eventsText(lines())), () => writeFileAtomic(join(dir, RUN_FILES.checkpoint), encodeCheckpoint(contents))]) {
        const w = await write();
        if (E.isLeft(w)) {
          ioError = w.left;
          return;
        }
      }
    },
  });
  if (ioError !== null) return done(E.left(ioError));
  // A checkpoint the search refuses (a recorded candidate that does not fit, …) is named.
  if (E.isLeft(result) && resume !== undefined && result.left._tag === 'CheckpointError') {
    const checkpointPath = join(dir, RUN_FILES.checkpoint);
    return done(E.left({ ...result.left, path: result.left.path === '' ? checkpointPath : `${checkpointPath}: ${result.left.path}` }));
  }
  if (E.isLeft(result)) return done(result);
  const started = await start();
  if (E.isLeft(started)) return done(started);
  // A finished run's events are written again only when they lack its stop or were cut back.
  const finalLines = finished ? [...prior.lines, ...(prior.stopped ? [] : events.filter((e) => e.type === 'stop').map((e) => JSON.stringify(e)))] : lines();
  if (!finished || prior.changed || !prior.stopped) {
    const finalEvents = await writeFileAtomic(join(dir, RUN_FILES.events), eventsText(finalLines));
    if (E.isLeft(finalEvents)) return done(finalEvents);
  }
  const written = await writeResults(dir, config, result.right);
  if (E.isLeft(written)) return done(written);
  return done(E.right({ dir, result: result.right, config }));
}
