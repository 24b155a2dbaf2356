/**
 * The in-process job runner: runs jobs one after another in this process, on its backend (what
 * `gold-nas retrain` and `gold-nas sweep` do without `--queue`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../backends/tf.js';
import type { GoldNasError } from '../../errors.js';
import type { JobKind, JobOutcome, JobSpecBase } from './jobKind.js';

/**
 * Options of {@link runJobsInProcess}.
 *
 * @since 0.2.0
 */
export interface InProcessOptions<S extends JobSpecBase, Ev> {
  /** The injected tfjs namespace with its backend ready. */
  readonly tf: TF;
  /** Polled between steps: true stops the running job after a checkpoint; later jobs are left pending. */
  readonly shouldStop?: () => boolean;
  /** Called when a job starts. */
  readonly onJobStart?: (spec: S, index: number) => void;
  /** Receives every event of every job. */
  readonly onEvent?: (spec: S, event: Ev) => void;
  /** Called when a job ends (finished or interrupted). */
  readonly onJobEnd?: (spec: S, index: number, outcome: JobOutcome) => void;
}

/**
 * What happened to one job of an in-process run.
 *
 * @since 0.2.0
 */
export interface InProcessJob<S extends JobSpecBase> {
  readonly spec: S;
  readonly id: string;
  /** `pending`: not started, because an earlier job was interrupted. */
  readonly status: JobOutcome['status'] | 'pending';
  readonly summary?: JobOutcome['summary'];
}

/**
 * What {@link runJobsInProcess} returns.
 *
 * @since 0.2.0
 */
export interface InProcessRun<S extends JobSpecBase> {
  readonly stopReason: 'done' | 'interrupted';
  readonly jobs: readonly InProcessJob<S>[];
}

/**
 * Runs jobs of one kind in this process, one after another. A stop request interrupts the
 * running job (it checkpoints) and leaves the later ones pending; the first error ends the run.
 *
 * @param kind - the jobs' kind.
 * @param specs - the jobs, in order.
 * @param options - tfjs, the stop poll and the hooks.
 * @returns every job's status and summary, or the first job's error (its path prefixed with the job's label).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { RETRAIN_PRESETS } from 'gold-nas';
 * import { RETRAIN_JOB, runJobsInProcess } from 'gold-nas/node';
 * await tf.setBackend('cpu');
 * const run = await runJobsInProcess(RETRAIN_JOB, [
 *   { kind: 'retrain', dir: '/runs/a', candidate: '0123456789abcdef', config: RETRAIN_PRESETS['synthetic-tiny'] },
 * ], { tf });
 * ```
 *
 * @since 0.2.0
 */
export async function runJobsInProcess<S extends JobSpecBase, Ev>(kind: JobKind<S, Ev>, specs: readonly S[], options: InProcessOptions<S, Ev>): Promise<Either<GoldNasError, InProcessRun<S>>> {
  const jobs: InProcessJob<S>[] = [];
  let stopReason: InProcessRun<S>['stopReason'] = 'done';
  for (const [index, spec] of specs.entries()) {
    const id = kind.id(spec);
    if (stopReason === 'interrupted' || options.shouldStop?.() === true) {
      stopReason = 'interrupted';
      jobs.push({ spec, id, status: 'pending' });
      continue;
    }
    options.onJobStart?.(spec, index);
    const outcome = await kind.run(spec, {
      tf: options.tf,
      shouldStop: options.shouldStop ?? (() => false),
      ...(options.onEvent !== undefined ? { onEvent: (e: Ev) => options.onEvent!(spec, e) } : {}),
    });
    if (E.isLeft(outcome)) {
      const label = kind.label(spec);
      return E.left(outcome.left.path.startsWith(label) ? outcome.left : { ...outcome.left, path: outcome.left.path === '' ? label : `${label}: ${outcome.left.path}` });
    }
    options.onJobEnd?.(spec, index, outcome.right);
    jobs.push({ spec, id, status: outcome.right.status, summary: outcome.right.summary });
    if (outcome.right.status === 'interrupted') stopReason = 'interrupted';
  }
  return E.right({ stopReason, jobs });
}
