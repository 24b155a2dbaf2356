/**
 * `gold-nas queue status|cancel|retry <run-dir>`: the queued jobs of a run directory (or of every
 * run inside it, for a sweep): their state, progress and failures; stopping them; retrying the
 * failed ones.
 *
 * @module
 */
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { JobQueue } from '../node/queue/jobQueue.js';
import { openJobQueue } from '../node/queue/jobQueue.js';
import type { ParsedArgs } from './args.js';
import type { CliIo, CommandOutput, LeafCommand } from './command.js';
import { jobTable } from './queueDisplay.js';
import { queueAddressFromFlags, queueFlags } from './queueFlags.js';

const RUN_DIR = [{ name: 'run-dir', description: 'a run directory (a search run, or a sweep\'s folder: every run inside it)', required: true }];

/** Opens the queue the flags name and runs `work` on it with the resolved run directory. */
async function withQueue(args: ParsedArgs, io: CliIo, work: (queue: JobQueue, dir: string) => Promise<Either<GoldNasError, CommandOutput>>): Promise<Either<GoldNasError, CommandOutput>> {
  const address = await queueAddressFromFlags(args, io);
  if (E.isLeft(address)) return address;
  if (address.right === null) return E.left(goldNasError('ConfigError', '--queue', 'is required'));
  const queue = await openJobQueue(address.right, { name: args.flags['queue-name'] as string });
  if (E.isLeft(queue)) return queue;
  try {
    return await work(queue.right, resolve(io.cwd, args.positionals[0]!));
  } finally {
    await queue.right.close();
  }
}

const statusCommand: LeafCommand = {
  kind: 'leaf',
  name: 'status',
  summary: 'show the queued jobs of a run directory: state, progress, ETA, worker, failures',
  positionals: RUN_DIR,
  flags: queueFlags('the job queue', true),
  run: (args, { io }) => withQueue(args, io, async (queue, dir) => {
    const jobs = await queue.jobsUnder(dir);
    if (E.isLeft(jobs)) return jobs;
    const counts = new Map<string, number>();
    for (const j of jobs.right) counts.set(j.state, (counts.get(j.state) ?? 0) + 1);
    return E.right({
      json: { queue: queue.name, address: queue.address.display, dir, jobs: jobs.right },
      text: () => jobs.right.length === 0
        ? `No jobs of ${dir} in queue '${queue.name}' at ${queue.address.display}.\n`
        : `${jobTable(jobs.right)}\n${jobs.right.length} job${jobs.right.length === 1 ? '' : 's'} of ${dir}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}\n`,
    });
  }),
};

const cancelCommand: LeafCommand = {
  kind: 'leaf',
  name: 'cancel',
  summary: 'remove the waiting jobs of a run directory and stop its running ones (they checkpoint first)',
  positionals: RUN_DIR,
  flags: queueFlags('the job queue', true),
  run: (args, { io }) => withQueue(args, io, async (queue, dir) => {
    const done = await queue.cancel(dir);
    if (E.isLeft(done)) return done;
    const { removed, stopping } = done.right;
    return E.right({
      json: { dir, removed, stopping },
      text: () => [
        `Removed ${removed.length} waiting job${removed.length === 1 ? '' : 's'}; asked the workers of ${stopping.length} running job${stopping.length === 1 ? '' : 's'} to stop after a checkpoint.`,
        'Running the same command again queues the removed ones; `gold-nas queue retry` resumes the stopped ones from their checkpoints.',
        '',
      ].join('\n'),
    });
  }),
};

const retryCommand: LeafCommand = {
  kind: 'leaf',
  name: 'retry',
  summary: 'put the failed or cancelled jobs of a run directory back in the queue (they resume from their checkpoints)',
  positionals: RUN_DIR,
  flags: queueFlags('the job queue', true),
  run: (args, { io }) => withQueue(args, io, async (queue, dir) => {
    const retried = await queue.retry(dir);
    if (E.isLeft(retried)) return retried;
    return E.right({
      json: { dir, retried: retried.right },
      text: () => `Put ${retried.right.length} failed job${retried.right.length === 1 ? '' : 's'} back in the queue.\n`,
    });
  }),
};

/** `gold-nas queue`. */
export const queueCommand = {
  kind: 'group',
  name: 'queue',
  summary: 'the job queue: status, cancel and retry of a run directory\'s jobs',
  subcommands: [statusCommand, cancelCommand, retryCommand],
} as const;
