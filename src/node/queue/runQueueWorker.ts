/**
 * A queue worker: takes jobs from the queue and runs them on this process's backend until it is
 * stopped, reporting progress (with an ETA) and a summary through the queue and writing
 * everything else into the jobs' run directories.
 *
 * Faults it is built for:
 * - **A worker dies** (SIGKILL, a lost machine): its job's lock expires after the lock duration;
 *   BullMQ's stalled-job check (run by every worker) puts the job back in the queue, and the next
 *   worker resumes it from its last checkpoint. Training is deterministic, so the result equals an
 *   uninterrupted run on the same backend.
 * - **Redis restarts**: connections wait and reconnect; with Redis's append-only file on, the
 *   queue's state survives.
 * - **A job that cannot succeed** (a bad spec, configuration, architecture, data or checkpoint)
 *   fails once with its reason (BullMQ's `UnrecoverableError`); other failures (files, backends,
 *   packages) are retried with a back-off.
 * - **Two workers must never train one job at once.** BullMQ renews a job's lock from a timer,
 *   which runs between training steps (the loop yields after every step): the lock must outlast
 *   the longest synchronous stretch (one training step or evaluation batch). The default lock is
 *   5 minutes, far longer than one step of any network gold-nas trains in practice, and the worker
 *   warns when the event loop was blocked for a third of it. On top of that, every file write of
 *   a job is fenced: the worker re-checks (and extends) its lock just before each rename, and a
 *   worker that lost the lock stops at once and writes nothing more.
 *
 * @module
 */
import { hostname } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../backends/tf.js';
import type { GoldNasError } from '../../errors.js';
import { formatError, goldNasError } from '../../errors.js';
import type { AnyJobKind, JobOutcome, JobProgress } from '../jobs/jobKind.js';
import { retryableJobError } from '../jobs/jobKind.js';
import { withWriteFence } from '../writeFence.js';
import type { JobProgressReport } from './jobQueue.js';
import { DEFAULT_QUEUE_NAME, cancelKey, queueErrorMessage } from './jobQueue.js';
import { loadBullmq } from './loadBullmq.js';
import type { QueueAddress } from './queueAddress.js';
import { redactSecrets } from './queueAddress.js';
import { redisConnection } from './redisConnection.js';

/**
 * Options of {@link runQueueWorker}.
 *
 * @since 0.2.0
 */
export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  /** The queue's name (default `gold-nas`). */
  readonly queue?: string;
  /** The injected tfjs namespace with this worker's backend ready. */
  readonly tf: TF;
  /** The job kinds this worker runs, by `kind` (a job of another kind fails). */
  readonly kinds: Readonly<Record<string, AnyJobKind>>;
  /** Jobs run at once (default 1); more helps only when the backend computes asynchronously (a GPU). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal, in seconds (default 300). */
  readonly lockSeconds?: number;
  /** How often this worker looks for stalled jobs (whose worker died), in seconds (default: a fifth of the lock, at most 30). */
  readonly stalledSeconds?: number;
  /** Stop after this many seconds with no job running here and none waiting in the queue. */
  readonly idleExitSeconds?: number;
  /** Aborting it stops the worker: running jobs write a checkpoint and go back to the queue for another worker. */
  readonly stop?: AbortSignal;
  /** Receives one line per job start, end and progress (already free of secrets). */
  readonly log?: (line: string) => void;
  /** The worker's name in progress reports (default `host:pid`). */
  readonly workerName?: string;
  /** How often progress is sent to the queue, in seconds (default 2). */
  readonly progressSeconds?: number;
  /** How often a running job's progress is logged, in seconds (default 60). */
  readonly logSeconds?: number;
  /** How to import BullMQ (for tests). */
  readonly load?: () => Promise<unknown>;
}

/**
 * What a worker did before it stopped.
 *
 * @since 0.2.0
 */
export interface QueueWorkerResult {
  readonly completed: number;
  readonly failed: number;
  /** Jobs it stopped part-way and put back in the queue (on a stop request). */
  readonly handedBack: number;
  readonly reason: 'stopped' | 'idle';
}

/** What the worker knows about one running job. */
interface Running {
  /** The worker is stopping: checkpoint and hand the job back. */
  stopping: boolean;
  /** `gold-nas queue cancel` asked to stop it: checkpoint, then fail it as cancelled. */
  cancelled: string | null;
  /** Another worker may have it now: stop, write nothing. */
  lockLost: boolean;
}

/**
 * Runs a queue worker until `stop` is aborted (or it has been idle for `idleExitSeconds`).
 *
 * @param options - the queue, tfjs, the job kinds and the worker's settings.
 * @returns what it did, or an error when BullMQ is missing or the queue cannot be reached at the start.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { jobKinds, parseQueueAddress, runQueueWorker } from 'gold-nas/node';
 * await tf.setBackend('cpu');
 * const address = parseQueueAddress('redis://127.0.0.1:6379');
 * if (address._tag === 'Right') {
 *   const stop = new AbortController();
 *   process.once('SIGTERM', () => stop.abort());
 *   await runQueueWorker({ address: address.right, tf, kinds: jobKinds(), stop: stop.signal });
 * }
 * ```
 *
 * @since 0.2.0
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<Either<GoldNasError, QueueWorkerResult>> {
  const bullmq = await loadBullmq(options.load);
  if (E.isLeft(bullmq)) return bullmq;
  const { Queue, Worker, UnrecoverableError, WaitingError } = bullmq.right;
  const { address, tf, kinds } = options;
  const name = options.queue ?? DEFAULT_QUEUE_NAME;
  const lockMs = Math.round((options.lockSeconds ?? 300) * 1000);
  const stalledMs = Math.round((options.stalledSeconds ?? Math.min(30, (options.lockSeconds ?? 300) / 5)) * 1000);
  const progressMs = (options.progressSeconds ?? 2) * 1000;
  const logMs = (options.logSeconds ?? 60) * 1000;
  const workerName = options.workerName ?? `${hostname()}:${process.pid}`;
  const redact = (text: string): string => redactSecrets(text, address.secrets);
  const log = (line: string): void => options.log?.(redact(`${new Date().toISOString()} ${line}`));

  const queue = new Queue(name, { connection: redisConnection(address, 'patient') as never });
  let lastErrorLog = 0;
  const onError = (e: unknown): void => {
    // Connection trouble repeats every retry: say it at most every 10 s.
    const now = Date.now();
    if (now - lastErrorLog < 10_000) return;
    lastErrorLog = now;
    log(`queue ${address.display}: ${queueErrorMessage(e, address)} (retrying)`);
  };
  queue.on('error', onError);
  try {
    await queue.waitUntilReady();
  } catch (e) {
    await queue.close().catch(() => undefined);
    return E.left(goldNasError('IoError', address.display, `the queue cannot be reached: ${queueErrorMessage(e, address)}`));
  }
  const client = await queue.client;

  const running = new Map<string, Running>();
  const counts = { completed: 0, failed: 0, handedBack: 0 };
  let stopping = false;

  const processor = async (job: { id?: string; name: string; data: unknown; attemptsMade: number; updateProgress: (p: object) => Promise<void>; extendLock: (token: string, ms: number) => Promise<number>; moveToWait: (token?: string) => Promise<number> }, token?: string): Promise<unknown> => {
    const id = job.id ?? '';
    const kind = kinds[job.name];
    // Another worker may know the kind: a failure that retrying can fix.
    if (kind === undefined) throw new Error(`the worker ${workerName} runs no '${job.name}' jobs (it knows ${Object.keys(kinds).join(', ') || 'none'})`);
    const spec = kind.decode((job.data as { spec?: unknown } | null)?.spec);
    if (E.isLeft(spec)) throw new UnrecoverableError(redact(`bad job spec: ${formatError(spec.left)}`));
    const label = kind.label(spec.right);
    if (stopping) {
      // Taken while this worker stops: straight back to the queue.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const state: Running = { stopping, cancelled: null, lockLost: false };
    running.set(id, state);
    log(`${label}: started (job ${id}${job.attemptsMade > 0 ? `, after ${job.attemptsMade} failed attempt${job.attemptsMade === 1 ? '' : 's'}` : ''})`);

    const read = kind.progress(spec.right);
    const session = { start: Date.now(), done: null as number | null };
    let last: JobProgress | null = null;
    let sentAt = 0;
    let loggedAt = Date.now();
    let sending: Promise<void> = Promise.resolve();
    const send = (p: JobProgress): void => {
      const now = Date.now();
      session.done ??= p.done;
      const rate = (p.done - session.done) / Math.max(1e-3, (now - session.start) / 1000);
      const report: JobProgressReport = { ...p, worker: workerName, etaSeconds: rate > 0 ? Math.max(0, (p.total - p.done) / rate) : null, at: now };
      sentAt = now;
      sending = sending.then(() => job.updateProgress(report)).catch(() => undefined);
      if (now - loggedAt >= logMs) {
        loggedAt = now;
        log(`${label}: ${p.done}/${p.total} ${p.unit}s, ${p.text}${report.etaSeconds === null ? '' : `, about ${Math.round(report.etaSeconds)} s left`}`);
      }
    };
    const onEvent = (e: unknown): void => {
      const p = read(e as never);
      if (p === null) return;
      if (session.done === null) {
        session.done = p.done;
        if (p.done > 0) log(`${label}: resuming from its checkpoint at ${p.unit} ${p.done} of ${p.total}`);
      }
      last = p;
      if (Date.now() - sentAt >= progressMs) send(p);
    };
    // Cancel requests, and a watch on the event loop: timers late by a third of the lock mean a
    // synchronous stretch (a training step) that could outlast the lock.
    let tick = Date.now();
    let warned = false;
    const watch = setInterval(() => {
      const now = Date.now();
      const late = now - tick - 1000;
      tick = now;
      if (late > lockMs / 3 && !warned) {
        warned = true;
        log(`${label}: the event loop was blocked for ${(late / 1000).toFixed(0)} s (locks are renewed between training steps only); start workers with --lock-seconds of at least ${Math.ceil((3 * late) / 1000)}`);
      }
      client.get(cancelKey(name, id)).then((v) => { if (v !== null) state.cancelled = v; }, () => undefined);
    }, 1000);
    const fence = async (path: string): Promise<Either<GoldNasError, void>> => {
      if (!state.lockLost && token !== undefined) {
        try {
          if (Number(await job.extendLock(token, lockMs)) === 1) return E.right(undefined);
        } catch {
          // Unreachable Redis: ownership cannot be shown, so no write.
        }
        state.lockLost = true;
      }
      return E.left(goldNasError('IoError', path, 'not written: this worker lost the job\'s lock (another worker may be running it now)'));
    };
    let outcome: Either<GoldNasError, JobOutcome>;
    try {
      outcome = await withWriteFence(fence, () => kind.run(spec.right, {
        tf,
        shouldStop: () => state.stopping || state.cancelled !== null || state.lockLost,
        onEvent,
      }));
    } finally {
      clearInterval(watch);
      running.delete(id);
    }
    if (last !== null && !state.lockLost) send(last);
    await sending;
    if (state.lockLost) {
      log(`${label}: stopped, its lock was lost (the job goes to another worker, which resumes it from its checkpoint)`);
      throw new Error('the worker lost the job\'s lock');
    }
    if (E.isLeft(outcome)) {
      const message = redact(formatError(outcome.left));
      counts.failed += 1;
      const retry = retryableJobError(outcome.left);
      log(`${label}: failed${retry ? ' (will be retried)' : ''}: ${message}`);
      throw retry ? new Error(message) : new UnrecoverableError(message);
    }
    if (outcome.right.status === 'interrupted') {
      if (state.cancelled !== null) {
        counts.failed += 1;
        await client.del(cancelKey(name, id)).catch(() => undefined);
        log(`${label}: cancelled after a checkpoint`);
        throw new UnrecoverableError(`cancelled (${state.cancelled}); gold-nas queue retry resumes it from its checkpoint`);
      }
      counts.handedBack += 1;
      log(`${label}: stopped after a checkpoint; back in the queue for the next worker`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    counts.completed += 1;
    log(`${label}: done`);
    return outcome.right.summary;
  };

  const worker = new Worker(name, processor as never, {
    connection: redisConnection(address, 'patient') as never,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: stalledMs,
    maxStalledCount: 3,
    name: workerName,
    autorun: false,
  });
  worker.on('error', onError);
  worker.on('lockRenewalFailed', (ids: string[]) => {
    for (const id of ids) {
      const r = running.get(id);
      if (r !== undefined) r.lockLost = true;
    }
  });

  let reason: QueueWorkerResult['reason'] = 'stopped';
  const stop = (why: QueueWorkerResult['reason']): void => {
    if (stopping) return;
    stopping = true;
    reason = why;
    for (const r of running.values()) r.stopping = true;
  };
  options.stop?.addEventListener('abort', () => stop('stopped'), { once: true });
  if (options.stop?.aborted === true) stop('stopped');

  let idleSince = Date.now();
  const idle = options.idleExitSeconds === undefined ? undefined : setInterval(() => {
    if (running.size > 0) {
      idleSince = Date.now();
      return;
    }
    queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active').then((c) => {
      if (Object.values(c).some((n) => n > 0)) idleSince = Date.now();
      else if (Date.now() - idleSince >= options.idleExitSeconds! * 1000) stop('idle');
    }, () => { idleSince = Date.now(); });
  }, 1000);

  log(`worker ${workerName} on ${address.display} (queue ${name}), backend ${tf.getBackend()}, ${options.concurrency ?? 1} job${(options.concurrency ?? 1) === 1 ? '' : 's'} at a time, lock ${lockMs / 1000} s`);
  const runLoop = worker.run();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (stopping) {
        clearInterval(check);
        resolve();
      }
    }, 200);
  });
  if (idle !== undefined) clearInterval(idle);
  await worker.close();
  await runLoop.catch(() => undefined);
  await queue.close().catch(() => undefined);
  log(`worker ${workerName} stopped (${reason}): ${counts.completed} done, ${counts.failed} failed, ${counts.handedBack} handed back`);
  return E.right({ ...counts, reason });
}
