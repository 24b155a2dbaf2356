/**
 * The `search` job kind: one search in its run directory, as `gold-nas search` runs it: a new
 * run, or the continuation of an interrupted one from its checkpoint; a finished run is left as it is.
 *
 * @module
 */
import { unlink } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../decode.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import { decodeSearchConfig } from '../../search/decodeSearchConfig.js';
import type { SearchEvent } from '../../search/events.js';
import type { SearchRegistry } from '../../search/registry.js';
import type { SearchConfig } from '../../search/searchConfig.js';
import { decodeSearchConfigShape, searchFingerprint } from '../../search/searchConfig.js';
import { fnv1a64 } from '../../space/architectureHash.js';
import { parseJsonText, readBytesFile, readTextFile } from '../readFiles.js';
import { RUN_FILES, readRunConfig, searchInDirectory } from '../searchRun.js';
import type { JobContext, JobKind, JobOutcome, JobProgress, JobSpecBase } from './jobKind.js';

/**
 * A search job: the search of `config` in the run directory `dir`.
 *
 * @since 0.2.0
 */
export interface SearchJobSpec extends JobSpecBase {
  readonly kind: 'search';
  readonly config: SearchConfig;
  /**
   * The registry module the configuration's part names need (an absolute path, see
   * `gold-nas search --registry`). A worker runs such a job only when it was started with the same
   * module: whoever can queue jobs must not be able to make workers import code.
   */
  readonly registry?: string;
}

const SpecShape = t.intersection([
  t.type({ kind: t.literal('search'), dir: t.string, config: t.unknown }),
  t.partial({ registry: t.string, hints: t.partial({ backend: t.union([t.literal('cpu'), t.literal('wasm'), t.literal('tensorflow')]) }) }),
]);

/**
 * Options of {@link searchJobKind}.
 *
 * @since 0.2.0
 */
export interface SearchJobOptions {
  /** The registry module this runner was given (`--registry`), and the registry it holds. */
  readonly registry?: { readonly path: string; readonly registry: SearchRegistry };
}

const SummaryShape = t.type({ stopReason: t.string, steps: t.number, candidates: t.number, front: t.array(t.unknown), hypervolume: t.number });

/** The summary of a finished search in `dir`, or null when there is none (or the run was interrupted). */
async function finishedSummary(dir: string): Promise<Either<GoldNasError, t.TypeOf<typeof SummaryShape> | null>> {
  const path = join(dir, RUN_FILES.summaryJson);
  const text = await readTextFile(path);
  if (E.isLeft(text)) return text;
  if (text.right === null) return E.right(null);
  const json = parseJsonText(text.right, path, 'delete it and run the job again to finish the search');
  if (E.isLeft(json)) return json;
  const summary = decodeWith(SummaryShape, json.right, path);
  if (E.isLeft(summary)) return summary;
  return E.right(summary.right.stopReason === 'interrupted' ? null : summary.right);
}

function outcome(dir: string, status: 'searched' | 'skipped' | 'interrupted', s: { stopReason: string; steps: number; candidates: number; front: readonly unknown[]; hypervolume: number }): JobOutcome {
  return {
    status: status === 'interrupted' ? 'interrupted' : 'done',
    summary: { run: basename(dir), status, stopReason: s.stopReason, steps: s.steps, candidates: s.candidates, front: s.front.length, hypervolume: s.hypervolume },
  };
}

async function runSearchJob(spec: SearchJobSpec, context: JobContext<SearchEvent>, options: SearchJobOptions): Promise<Either<GoldNasError, JobOutcome>> {
  const { dir } = spec;
  let registry: SearchRegistry | undefined;
  if (spec.registry !== undefined) {
    if (options.registry?.path !== spec.registry) {
      return E.left(goldNasError('DependencyError', 'spec.registry',
        `the search needs the registry module ${spec.registry}; this runner was ${options.registry === undefined ? 'started without --registry' : `started with --registry ${options.registry.path}`} (start a worker with --registry ${spec.registry})`));
    }
    registry = options.registry.registry;
  }
  const configFile = await readBytesFile(join(dir, RUN_FILES.config));
  if (E.isLeft(configFile)) return configFile;
  const fresh = configFile.right === null;
  if (!fresh) {
    const existing = await readRunConfig(dir, 'no search run here', registry);
    if (E.isLeft(existing)) return existing;
    if (searchFingerprint(existing.right) !== searchFingerprint(spec.config)) {
      return E.left(goldNasError('ConfigError', join(dir, RUN_FILES.config), 'holds a search of another configuration; choose another output directory, or delete this run'));
    }
    const done = await finishedSummary(dir);
    if (E.isLeft(done)) return done;
    if (done.right !== null) return E.right(outcome(dir, 'skipped', done.right));
  }
  const checkpoint = await readBytesFile(join(dir, RUN_FILES.checkpoint));
  if (E.isLeft(checkpoint)) return checkpoint;
  const resume = !fresh && checkpoint.right !== null;
  if (!fresh && !resume) {
    // Stopped before its first checkpoint: the same configuration starts over (a search is deterministic).
    for (const f of [RUN_FILES.config, RUN_FILES.events]) await unlink(join(dir, f)).catch(() => undefined);
  }
  const run = await searchInDirectory({
    tf: context.tf, dir, resume,
    ...(resume ? {} : { config: spec.config }),
    ...(registry !== undefined ? { registry } : {}),
    shouldStop: context.shouldStop,
    ...(context.onEvent !== undefined ? { onEvent: context.onEvent } : {}),
  });
  if (E.isLeft(run)) return run;
  const r = run.right.result;
  return E.right(outcome(dir, r.stopReason === 'interrupted' ? 'interrupted' : 'searched', { ...r, candidates: r.candidates.length }));
}

function progressReader(spec: SearchJobSpec): (e: SearchEvent) => JobProgress | null {
  const total = spec.config.maxSteps;
  return (e) => {
    switch (e.type) {
      case 'start':
        return { done: e.step, total, unit: 'step', text: `${e.liveOps} live operators, ${(e.liveFlops / 1e6).toFixed(2)}M multiply-adds` };
      case 'step':
        return { done: e.step, total, unit: 'step', text: `loss ${e.loss.toFixed(3)}, λ ${e.lambda.toExponential(1)}, ${e.liveOps} ops, ${(e.liveFlops / 1e6).toFixed(2)}M multiply-adds` };
      case 'selection':
        // A GOLD-NAS round's criterion is one decision among steps: the step count stays the progress.
        if (e.decision.kind === 'prune') return null;
        return { done: e.index + 1, total: e.total, unit: 'decision', text: `${e.name} selection: decision ${e.index + 1}/${e.total}` };
      case 'stop':
        return { done: e.step, total: e.step, unit: 'step', text: `stopped: ${e.reason}` };
      default:
        return null;
    }
  };
}

/**
 * The `search` job kind for a runner with the given registry module. Its summary: `run` (the
 * folder's name), `status` (`searched`, `skipped` when it had finished before, `interrupted`),
 * `stopReason`, `steps`, `candidates`, `front` (how many on the front), `hypervolume`.
 *
 * @param options - the registry module this runner may use.
 * @returns the job kind.
 *
 * @example
 * ```ts
 * import { searchJobKind } from 'gold-nas/node';
 * const kind = searchJobKind();
 * ```
 *
 * @since 0.2.0
 */
export function searchJobKind(options: SearchJobOptions = {}): JobKind<SearchJobSpec, SearchEvent> {
  return {
    kind: 'search',
    decode: (json) => {
      const shape = decodeWith(SpecShape, json, 'spec');
      if (E.isLeft(shape)) return shape;
      const s = shape.right;
      if (!isAbsolute(s.dir)) return E.left(goldNasError('ConfigError', 'spec.dir', `must be an absolute path, got '${s.dir}'`));
      if (s.registry !== undefined && !isAbsolute(s.registry)) return E.left(goldNasError('ConfigError', 'spec.registry', `must be an absolute path, got '${s.registry}'`));
      // Without the spec's registry module only the shape can be checked; running then says what is missing.
      const config = s.registry === undefined
        ? decodeSearchConfig(s.config)
        : options.registry?.path === s.registry ? decodeSearchConfig(s.config, undefined, { registry: options.registry.registry }) : decodeSearchConfigShape(s.config);
      if (E.isLeft(config)) return E.left({ ...config.left, path: config.left.path === '' ? 'spec.config' : `spec.config.${config.left.path}` });
      return E.right({
        kind: 'search', dir: s.dir, config: config.right,
        ...(s.registry !== undefined ? { registry: s.registry } : {}), ...(s.hints !== undefined ? { hints: s.hints } : {}),
      });
    },
    id: (spec) => `search-${fnv1a64(spec.dir)}-${searchFingerprint(spec.config)}`,
    label: (spec) => basename(spec.dir),
    progress: progressReader,
    run: (spec, context) => runSearchJob(spec, context, options),
  };
}
