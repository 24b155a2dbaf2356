/**
 * Following queued jobs until they finish: polls the queue and hands each snapshot to a display.
 * Polling (rather than BullMQ's event stream) keeps following through a Redis restart: a failed
 * poll is reported and the next one tries again.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { JobQueue, QueuedJob } from './jobQueue.js';

/**
 * Options of {@link followJobs}.
 *
 * @since 0.2.0
 */
export interface FollowOptions {
  /** Milliseconds between polls (default 1000). */
  readonly intervalMs?: number;
  /** Receives every snapshot of the jobs (the ones still in the queue, in the order of the ids). */
  readonly onUpdate?: (jobs: readonly QueuedJob[]) => void;
  /** Receives a failed poll's message. */
  readonly onError?: (message: string) => void;
  /** Polled between polls: true stops following (the jobs go on). */
  readonly shouldStop?: () => boolean;
}

/**
 * What {@link followJobs} saw last.
 *
 * @since 0.2.0
 */
export interface FollowResult {
  /** `finished`: every job completed, failed for good or was removed; `stopped`: following was stopped. */
  readonly stopReason: 'finished' | 'stopped';
  readonly jobs: readonly QueuedJob[];
}

/**
 * Polls the queue until every job with one of `ids` has completed, failed for good or left the
 * queue (cancelled), or until `shouldStop()`.
 *
 * @param queue - the open queue.
 * @param ids - the jobs' ids.
 * @param options - interval and hooks.
 * @returns the last snapshot and why following ended.
 *
 * @example
 * ```ts
 * import { followJobs } from 'gold-nas/node';
 * import type { JobQueue } from 'gold-nas/node';
 * declare const queue: JobQueue;
 * const { jobs } = await followJobs(queue, ['retrain-0123456789abcdef-0011223344556677'], { onUpdate: (j) => console.log(j.map((x) => x.state)) });
 * ```
 *
 * @since 0.2.0
 */
export async function followJobs(queue: JobQueue, ids: readonly string[], options: FollowOptions = {}): Promise<FollowResult> {
  const interval = options.intervalMs ?? 1000;
  let jobs: readonly QueuedJob[] = [];
  for (;;) {
    const polled = await queue.jobs(ids);
    if (E.isRight(polled)) {
      jobs = polled.right;
      options.onUpdate?.(jobs);
      if (jobs.every((j) => j.state === 'completed' || j.state === 'failed')) return { stopReason: 'finished', jobs };
    } else {
      options.onError?.(polled.left.message);
    }
    const until = Date.now() + interval;
    while (Date.now() < until) {
      if (options.shouldStop?.() === true) return { stopReason: 'stopped', jobs };
      await new Promise((r) => setTimeout(r, Math.min(100, interval)));
    }
  }
}
