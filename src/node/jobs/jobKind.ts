/**
 * The job abstraction: a piece of long work (a re-training of one candidate, a search, a part of a
 * study) described by a JSON spec, run by a runner that may be this process or a worker on another
 * machine. A job reads and writes its run directory only (on storage every machine shares); what
 * a runner carries is the spec, progress and a small result summary.
 *
 * A {@link JobKind} says how to decode, name and run one kind of spec; runners know nothing else.
 * Running the same spec again continues it: a finished job's files are left as they are, an
 * interrupted one resumes from its last checkpoint.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../backends/tf.js';
import type { GoldNasError } from '../../errors.js';
import type { TfjsFlavour } from '../loadTfjs.js';

/**
 * A JSON value (what a spec and a summary are made of).
 *
 * @since 0.2.0
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * What the submitter suggests about where a job runs; a worker runs it on its own backend and says so in the job's result.
 *
 * @since 0.2.0
 */
export interface JobHints {
  /** The backend the submitter asked for (`--backend`). */
  readonly backend?: TfjsFlavour;
}

/**
 * What every job spec has: its kind and its run directory (absolute, the same path on every machine).
 *
 * @since 0.2.0
 */
export interface JobSpecBase {
  readonly kind: string;
  readonly dir: string;
  readonly hints?: JobHints;
}

/**
 * How far a job is: `done` of `total` units (steps, for training), and a short line of figures.
 *
 * @since 0.2.0
 */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
  /** The unit of `done` and `total` (`step`). */
  readonly unit: string;
  /** A short description: `epoch 3/10, loss 0.412`. */
  readonly text: string;
}

/**
 * What a job's run is given.
 *
 * @since 0.2.0
 */
export interface JobContext<Ev> {
  /** The tfjs namespace with the runner's backend ready. */
  readonly tf: TF;
  /** Polled between steps: true asks the job to write a checkpoint and return `interrupted`. */
  readonly shouldStop: () => boolean;
  /** Receives each of the job's events. */
  readonly onEvent?: (event: Ev) => void;
}

/**
 * How a job's run ended (errors are the `Left` of its run).
 *
 * @since 0.2.0
 */
export interface JobOutcome {
  /** `done`: finished, its files written; `interrupted`: stopped after a checkpoint, to be continued by running it again. */
  readonly status: 'done' | 'interrupted';
  /** A small JSON summary of the result, for the queue and the commands' tables (figures, no arrays, no secrets). */
  readonly summary: { readonly [key: string]: JsonValue };
}

/**
 * One kind of job: how to decode its spec (as read back from a queue), name it, run it and read
 * progress from its events. A registry of kinds is a plain object keyed by `kind`, which a worker
 * is given as a value.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import type { JobKind, JobSpecBase } from 'gold-nas/node';
 * const sleep: JobKind<JobSpecBase & { readonly kind: 'sleep' }, number> = {
 *   kind: 'sleep',
 *   decode: (json) => E.right(json as JobSpecBase & { readonly kind: 'sleep' }),
 *   id: (spec) => `sleep-${spec.dir.length}`,
 *   label: () => 'sleep',
 *   run: async () => E.right({ status: 'done', summary: {} }),
 *   progress: () => (n) => ({ done: n, total: 10, unit: 'tick', text: `${n}/10` }),
 * };
 * ```
 *
 * @since 0.2.0
 */
export interface JobKind<S extends JobSpecBase, Ev> {
  readonly kind: S['kind'];
  /**
   * Decodes and checks a spec read back from JSON; a `Left` is a spec no retry can fix.
   *
   * @param json - the spec as stored.
   */
  decode(json: unknown): Either<GoldNasError, S>;
  /**
   * A stable id: the same work has the same id, so that it is queued once. Letters, digits, `-`,
   * `_` and `.` only.
   *
   * @param spec - the job's spec.
   */
  id(spec: S): string;
  /**
   * A short name for progress displays (a candidate's hash, a run's folder name).
   *
   * @param spec - the job's spec.
   */
  label(spec: S): string;
  /**
   * Runs (or continues) the job.
   *
   * @param spec - the job's spec.
   * @param context - tfjs, the stop poll and the event hook.
   */
  run(spec: S, context: JobContext<Ev>): Promise<Either<GoldNasError, JobOutcome>>;
  /**
   * A progress reader for one run of the job: given each event in turn, it returns the progress
   * the event shows, or null for events that show none.
   *
   * @param spec - the job's spec.
   */
  progress(spec: S): (event: Ev) => JobProgress | null;
}

/**
 * A job kind whose spec and event types are not known statically (a worker's registry): every
 * `JobKind<S, Ev>` is one. Its events are opaque to the runner, which hands them back to the
 * kind's own progress reader.
 *
 * @since 0.2.0
 */
export type AnyJobKind = JobKind<JobSpecBase, never>;

/**
 * Whether retrying a failed job can help: a missing file or mount, an unreachable device, a
 * backend or package that another worker may have. Bad configurations, architectures, data and
 * checkpoints fail the same way every time.
 *
 * @param error - the job's error.
 * @returns true for `IoError`, `BackendError` and `DependencyError`.
 *
 * @example
 * ```ts
 * import { goldNasError } from 'gold-nas';
 * import { retryableJobError } from 'gold-nas/node';
 * retryableJobError(goldNasError('CheckpointError', 'a.ckpt', 'corrupt')); // false
 * ```
 *
 * @since 0.2.0
 */
export function retryableJobError(error: GoldNasError): boolean {
  return error._tag === 'IoError' || error._tag === 'BackendError' || error._tag === 'DependencyError';
}
