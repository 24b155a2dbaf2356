/**
 * The job queue as gold-nas uses it: BullMQ on Redis, one queue (default `gold-nas`) that holds
 * jobs of every kind, each with a stable id (the same work is queued once), its spec, its
 * progress and, when it is done, its summary. Nothing else goes through Redis: data, checkpoints
 * and results stay in the run directories.
 *
 * @module
 */
import { sep } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import type { JobProgress, JobSpecBase, JsonValue } from '../jobs/jobKind.js';
import type { Bullmq } from './loadBullmq.js';
import { loadBullmq } from './loadBullmq.js';
import type { QueueAddress } from './queueAddress.js';
import { redactSecrets } from './queueAddress.js';
import type { ConnectionMode } from './redisConnection.js';
import { redisConnection } from './redisConnection.js';

/**
 * The queue's name when none is given.
 *
 * @since 0.2.0
 */
export const DEFAULT_QUEUE_NAME = 'gold-nas';

/**
 * Where a job is in its life.
 *
 * @since 0.2.0
 */
export type QueuedJobState = 'waiting' | 'delayed' | 'prioritized' | 'paused' | 'active' | 'completed' | 'failed' | 'unknown';

/**
 * The progress a worker reports for a job, with who reports it and when it expects to finish.
 *
 * @since 0.2.0
 */
export interface JobProgressReport extends JobProgress {
  /** The worker (`host:pid`). */
  readonly worker: string;
  /** Seconds left at the rate of this worker's session so far; null before there is a rate. */
  readonly etaSeconds: number | null;
  /** When it was reported (milliseconds since 1970). */
  readonly at: number;
}

/**
 * A job as the queue holds it.
 *
 * @since 0.2.0
 */
export interface QueuedJob {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly dir: string;
  readonly state: QueuedJobState;
  readonly progress: JobProgressReport | null;
  /** How many times a worker started it (a job handed back, or taken over from a dead worker, starts again). */
  readonly starts: number;
  /** Attempts that ended (failed ones, and the successful one). */
  readonly attempts: number;
  /** Why the last attempt failed. */
  readonly failedReason?: string;
  /** A completed job's summary. */
  readonly summary?: { readonly [key: string]: JsonValue };
  /** The worker that took it last. */
  readonly worker?: string;
}

/**
 * A job to queue.
 *
 * @since 0.2.0
 */
export interface JobToQueue {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly spec: JobSpecBase;
}

/**
 * What queueing a job did: `added`; `kept` (already waiting or running); `retried` (it had failed); `replaced` (a finished job of the same id whose files are gone).
 *
 * @since 0.2.0
 */
export interface Enqueued {
  readonly id: string;
  readonly action: 'added' | 'kept' | 'retried' | 'replaced';
}

/**
 * A connection to the job queue. Close it when done.
 *
 * @since 0.2.0
 */
export interface JobQueue {
  /** The queue's name. */
  readonly name: string;
  /** Where it is (`display` hides the password). */
  readonly address: QueueAddress;
  /**
   * Queues jobs that are not there yet, retries failed ones and re-adds finished ones (the caller
   * queues only work that is not done on disk); leaves waiting and running ones alone.
   */
  enqueue(jobs: readonly JobToQueue[]): Promise<Either<GoldNasError, readonly Enqueued[]>>;
  /** The jobs with these ids (missing ones are left out). */
  jobs(ids: readonly string[]): Promise<Either<GoldNasError, readonly QueuedJob[]>>;
  /** Every job whose run directory is `dir` or inside it. */
  jobsUnder(dir: string): Promise<Either<GoldNasError, readonly QueuedJob[]>>;
  /** Removes the waiting jobs under `dir` and asks the workers running the others to stop them (they checkpoint, then fail as cancelled). */
  cancel(dir: string): Promise<Either<GoldNasError, { readonly removed: readonly string[]; readonly stopping: readonly string[] }>>;
  /** Puts the failed (and cancelled) jobs under `dir` back in the queue; they resume from their checkpoints. */
  retry(dir: string): Promise<Either<GoldNasError, readonly string[]>>;
  close(): Promise<void>;
}

/**
 * Options of {@link openJobQueue}.
 *
 * @since 0.2.0
 */
export interface JobQueueOptions {
  /** The queue's name (default {@link DEFAULT_QUEUE_NAME}). */
  readonly name?: string;
  /** `fail-fast` (default): give up when Redis cannot be reached; `patient`: wait for it. */
  readonly mode?: ConnectionMode;
  /** Receives connection trouble while patient (messages have their secrets removed). */
  readonly onConnectionError?: (message: string) => void;
  /** How to import BullMQ (for tests). */
  readonly load?: () => Promise<unknown>;
}

/** How long a job's cancel request is kept for the worker that runs it. */
const CANCEL_SECONDS = 7 * 24 * 3600;
/** How long finished and failed jobs are kept in Redis (their files stay in the run directory). */
const KEEP_SECONDS = 30 * 24 * 3600;

/** The options every job is added with: retries of retryable failures, and how long it is kept. */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: KEEP_SECONDS },
  removeOnFail: { age: KEEP_SECONDS },
} as const;

/**
 * The Redis key holding a cancel request for a job.
 *
 * @param queue - the queue's name.
 * @param id - the job's id.
 * @returns the key.
 *
 * @internal
 */
export function cancelKey(queue: string, id: string): string {
  return `bull:${queue}:gold-nas-cancel:${id}`;
}

/**
 * A message for an error thrown by BullMQ or ioredis, without secrets.
 *
 * @param e - what was thrown.
 * @param address - the queue's address (its secrets).
 * @returns the message.
 *
 * @internal
 */
export function queueErrorMessage(e: unknown, address: QueueAddress): string {
  return redactSecrets(e instanceof Error ? e.message : String(e), address.secrets);
}

const STATES: readonly QueuedJobState[] = ['active', 'waiting', 'prioritized', 'delayed', 'paused', 'failed', 'completed'];

type BullJob = Awaited<ReturnType<InstanceType<Bullmq['Queue']>['getJob']>>;

function toQueuedJob(job: NonNullable<BullJob>, state: QueuedJobState): QueuedJob {
  const data = (job.data ?? {}) as { spec?: JobSpecBase; label?: string };
  const progress = typeof job.progress === 'object' && job.progress !== null && 'done' in job.progress ? job.progress as unknown as JobProgressReport : null;
  return {
    id: job.id ?? '',
    kind: job.name,
    label: data.label ?? job.id ?? '',
    dir: data.spec?.dir ?? '',
    state,
    progress,
    starts: job.attemptsStarted ?? 0,
    attempts: job.attemptsMade,
    ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    ...(state === 'completed' && job.returnvalue !== null && typeof job.returnvalue === 'object' ? { summary: job.returnvalue as { [key: string]: JsonValue } } : {}),
    ...(job.processedBy !== undefined ? { worker: job.processedBy } : {}),
  };
}

function inside(dir: string, root: string): boolean {
  const r = root.endsWith(sep) ? root : root + sep;
  return dir === root || dir.startsWith(r);
}

/**
 * Opens the job queue at an address: imports BullMQ (a `DependencyError` says how to install it)
 * and connects to Redis (an `IoError` says the queue cannot be reached, its password hidden).
 *
 * @param address - the queue's address (see `parseQueueAddress`).
 * @param options - the queue's name and how patient to be.
 * @returns the queue, or the error.
 *
 * @example
 * ```ts
 * import { openJobQueue, parseQueueAddress } from 'gold-nas/node';
 * const address = parseQueueAddress('redis://127.0.0.1:6379');
 * if (address._tag === 'Right') {
 *   const queue = await openJobQueue(address.right);
 *   if (queue._tag === 'Right') {
 *     const jobs = await queue.right.jobsUnder('/runs/a');
 *     await queue.right.close();
 *   }
 * }
 * ```
 *
 * @since 0.2.0
 */
export async function openJobQueue(address: QueueAddress, options: JobQueueOptions = {}): Promise<Either<GoldNasError, JobQueue>> {
  const bullmq = await loadBullmq(options.load);
  if (E.isLeft(bullmq)) return bullmq;
  const name = options.name ?? DEFAULT_QUEUE_NAME;
  const mode = options.mode ?? 'fail-fast';
  const queue = new bullmq.right.Queue(name, { connection: redisConnection(address, mode) as never });
  let lastError = '';
  queue.on('error', (e: unknown) => {
    lastError = queueErrorMessage(e, address);
    options.onConnectionError?.(lastError);
  });
  const unreachable = (e: unknown): GoldNasError =>
    goldNasError('IoError', address.display, `the queue cannot be reached: ${queueErrorMessage(e, address) || lastError}; is Redis running there (redis-server --port ${address.port}), and are the password and TLS settings right?`);
  try {
    await queue.waitUntilReady();
    await (await queue.client).get(cancelKey(name, 'ping'));
  } catch (e) {
    await queue.close().catch(() => undefined);
    return E.left(unreachable(e));
  }
  const attempt = async <A>(work: () => Promise<A>): Promise<Either<GoldNasError, A>> => {
    try {
      return E.right(await work());
    } catch (e) {
      return E.left(unreachable(e));
    }
  };
  const withState = async (job: NonNullable<BullJob>): Promise<QueuedJob> => {
    const state = await job.getState();
    return toQueuedJob(job, (STATES as readonly string[]).includes(state) ? state as QueuedJobState : state === 'waiting-children' ? 'waiting' : 'unknown');
  };
  const under = async (dir: string): Promise<QueuedJob[]> => {
    const found: QueuedJob[] = [];
    for (const state of STATES) {
      for (const job of await queue.getJobs([state as Exclude<QueuedJobState, 'unknown'>], 0, -1)) {
        if (job !== undefined && job !== null && inside(((job.data ?? {}) as { spec?: JobSpecBase }).spec?.dir ?? '', dir)) found.push(toQueuedJob(job as NonNullable<BullJob>, state));
      }
    }
    return found.sort((a, b) => (a.dir === b.dir ? (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) : a.dir < b.dir ? -1 : 1));
  };
  return E.right({
    name,
    address,
    enqueue: (jobs) => attempt(async () => {
      const done: Enqueued[] = [];
      for (const j of jobs) {
        const existing = await queue.getJob(j.id);
        const state = existing ? await existing.getState() : 'missing';
        if (existing && state === 'failed') {
          await (await queue.client).del(cancelKey(name, j.id));
          await existing.retry('failed');
          done.push({ id: j.id, action: 'retried' });
          continue;
        }
        if (existing && state !== 'completed' && state !== 'unknown') {
          done.push({ id: j.id, action: 'kept' });
          continue;
        }
        if (existing) await existing.remove();
        await queue.add(j.kind, { spec: j.spec, label: j.label }, { ...JOB_OPTIONS, jobId: j.id });
        done.push({ id: j.id, action: existing ? 'replaced' : 'added' });
      }
      return done;
    }),
    jobs: (ids) => attempt(async () => {
      const found: QueuedJob[] = [];
      for (const id of ids) {
        const job = await queue.getJob(id);
        if (job) found.push(await withState(job));
      }
      return found;
    }),
    jobsUnder: (dir) => attempt(() => under(dir)),
    cancel: (dir) => attempt(async () => {
      const removed: string[] = [];
      const stopping: string[] = [];
      const client = await queue.client;
      for (const j of await under(dir)) {
        if (j.state === 'active') {
          await client.set(cancelKey(name, j.id), 'cancelled with gold-nas queue cancel', { EX: CANCEL_SECONDS });
          stopping.push(j.id);
        } else if (j.state !== 'completed' && j.state !== 'failed') {
          const job = await queue.getJob(j.id);
          // A job that a worker took meanwhile cannot be removed: stop it instead.
          try {
            await job?.remove();
            removed.push(j.id);
          } catch {
            await client.set(cancelKey(name, j.id), 'cancelled with gold-nas queue cancel', { EX: CANCEL_SECONDS });
            stopping.push(j.id);
          }
        }
      }
      return { removed, stopping };
    }),
    retry: (dir) => attempt(async () => {
      const retried: string[] = [];
      const client = await queue.client;
      for (const j of await under(dir)) {
        if (j.state !== 'failed') continue;
        await client.del(cancelKey(name, j.id));
        await (await queue.getJob(j.id))?.retry('failed');
        retried.push(j.id);
      }
      return retried;
    }),
    close: async () => {
      await queue.close().catch(() => undefined);
    },
  });
}
