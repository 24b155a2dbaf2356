/**
 * A search in a run directory: `config.json`, `events.jsonl`, `checkpoint.bin`, `pareto.json`,
 * `architectures/<hash>.json` (with the per-cell triple text, and a DARTS genotype text when the
 * architecture has that form), `summary.json` and `summary.txt`. Every file is written atomically
 * (write, then rename), so a killed process never leaves half a file; `resume` continues from the
 * last checkpoint.
 *
 * @module
 */
import { readdir } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
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
import { writeFileAtomic, writeJsonAtomic } from './atomicWrite.js';
import { checkWritableDirectory } from './checkWritable.js';
import { makeDirectory } from './makeDirectory.js';
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

async function prepareNew(dir: string, config: SearchConfig | undefined): Promise<Either<GoldNasError, SearchConfig>> {
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
  if (entries.length > 0) {
    return E.left(goldNasError('IoError', dir,
      entries.includes(RUN_FILES.config)
        ? 'this directory already holds a run; continue it with --resume, or choose another --out'
        : 'the directory is not empty; choose an empty or new directory for the run'));
  }
  return E.right(config);
}

interface Resumed {
  readonly config: SearchConfig;
  readonly checkpoint: CheckpointContents;
  readonly events: SearchEvent[];
}

async function prepareResume(dir: string, registry: SearchRegistry | undefined): Promise<Either<GoldNasError, Resumed>> {
  const config = await readRunConfig(dir, 'no run here to resume (config.json is missing)', registry ?? DEFAULT_SEARCH_REGISTRY);
  if (E.isLeft(config)) return config;
  const checkpointPath = join(dir, RUN_FILES.checkpoint);
  const bytes = await readBytesFile(checkpointPath);
  if (E.isLeft(bytes)) return bytes;
  if (bytes.right === null) return E.left(goldNasError('CheckpointError', checkpointPath, 'the run has no checkpoint yet; start it again instead of resuming'));
  const checkpoint = decodeCheckpoint(bytes.right, { kind: 'search', fingerprint: searchFingerprint(config.right) });
  if (E.isLeft(checkpoint)) return E.left({ ...checkpoint.left, path: checkpointPath });
  const state = decodeSearchState(checkpoint.right.state);
  if (E.isLeft(state)) return E.left({ ...state.left, path: `${checkpointPath}: ${state.left.path}` });
  const step = state.right.state.step;
  // Keep the events the checkpoint already covers; drop an interruption's stop.
  const eventsText = await readTextFile(join(dir, RUN_FILES.events));
  if (E.isLeft(eventsText)) return eventsText;
  const events = parseSearchEvents(eventsText.right ?? '').events.filter((e) => e.step <= step && e.type !== 'stop');
  return E.right({ config: config.right, checkpoint: checkpoint.right, events });
}

function eventsText(events: readonly SearchEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '');
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
  const { dir, tf } = options;
  let config: SearchConfig;
  let resume: CheckpointContents | undefined;
  const events: SearchEvent[] = [];
  if (options.resume === true) {
    const r = await prepareResume(dir, options.registry);
    if (E.isLeft(r)) return r;
    // Checkpoints, events and results are written into the run: a directory that cannot take them is refused now, not after the training.
    for (const [path, optional] of [[dir, false], [join(dir, RUN_FILES.architectures), true]] as const) {
      const writable = await checkWritableDirectory(path, optional);
      if (E.isLeft(writable)) return writable;
    }
    config = r.right.config;
    resume = r.right.checkpoint;
    events.push(...r.right.events);
  } else {
    const c = await prepareNew(dir, options.config);
    if (E.isLeft(c)) return c;
    config = c.right;
  }
  // Nothing is allocated for a configuration that cannot fit (or whose arrays a typed array cannot hold).
  const limitSource = options.memoryLimit === undefined ? "this machine's memory" : 'the memory limit';
  const fits = checkSearchMemory(config, options.memoryLimit ?? totalmem(), limitSource);
  if (E.isLeft(fits)) return fits;
  const data = loadSearchData(config);
  if (E.isLeft(data)) return data;
  if (resume === undefined) {
    const made = await makeDirectory(dir);
    if (E.isLeft(made)) return made;
    const wrote = await writeJsonAtomic(join(dir, RUN_FILES.config), config);
    if (E.isLeft(wrote)) return wrote;
  }
  let ioError: GoldNasError | null = null;
  const result = await runSearch(tf, config, data.right, {
    onEvent: (e) => {
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
      const a = await writeFileAtomic(join(dir, RUN_FILES.checkpoint), encodeCheckpoint(contents));
      const b = await writeFileAtomic(join(dir, RUN_FILES.events), eventsText(events));
      const bad = [a, b].find(E.isLeft);
      if (bad !== undefined && E.isLeft(bad)) ioError = bad.left;
    },
  });
  if (ioError !== null) return E.left(ioError);
  // A checkpoint the search refuses (a recorded candidate that does not fit, …) is named.
  if (E.isLeft(result) && resume !== undefined && result.left._tag === 'CheckpointError') {
    const checkpointPath = join(dir, RUN_FILES.checkpoint);
    return E.left({ ...result.left, path: result.left.path === '' ? checkpointPath : `${checkpointPath}: ${result.left.path}` });
  }
  if (E.isLeft(result)) return result;
  const finalEvents = await writeFileAtomic(join(dir, RUN_FILES.events), eventsText(events));
  if (E.isLeft(finalEvents)) return finalEvents;
  const wrote = await writeResults(dir, config, result.right);
  if (E.isLeft(wrote)) return wrote;
  return E.right({ dir, result: result.right, config });
}
