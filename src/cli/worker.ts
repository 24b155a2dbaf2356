/**
 * `gold-nas worker`: takes jobs (re-trainings, searches) from the job queue and runs them on this
 * machine's backend until it is stopped; Ctrl-C or SIGTERM checkpoints the running jobs and puts
 * them back in the queue for other workers.
 *
 * @module
 */
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { goldNasError } from '../errors.js';
import { jobKinds } from '../node/jobs/jobKinds.js';
import { loadRegistryModule } from '../node/loadRegistryModule.js';
import { runQueueWorker } from '../node/queue/runQueueWorker.js';
import type { SearchRegistry } from '../search/registry.js';
import type { LeafCommand } from './command.js';
import { queueAddressFromFlags, queueFlags } from './queueFlags.js';
import { BACKEND_FLAGS, loadBackend } from './runtime.js';

/** `gold-nas worker`. */
export const workerCommand: LeafCommand = {
  kind: 'leaf',
  name: 'worker',
  summary: 'take re-training and search jobs from a job queue (Redis) and run them here until stopped',
  flags: [
    ...queueFlags('the queue to take jobs from', true),
    ...BACKEND_FLAGS,
    { name: 'concurrency', type: 'int', value: '<n>', min: 1, default: 1, description: 'jobs run at once (more than 1 helps only on a GPU; on a CPU start one worker per core group instead)' },
    { name: 'lock-seconds', type: 'int', value: '<s>', min: 2, default: 300, description: 'how long a job stays locked to this worker without renewal; a dead worker\'s job moves on after it (must exceed twice the longest training step)' },
    { name: 'idle-exit', type: 'int', value: '<s>', min: 1, description: 'stop after this many seconds with nothing to do (default: wait for jobs until stopped)' },
    { name: 'registry', type: 'string', value: '<module.js>', description: 'the registry module that search jobs queued with `--registry` need (the worker imports it; jobs naming another module are left to other workers)' },
  ],
  epilog: [
    'Examples:',
    '  gold-nas worker --queue redis://queue-host:6379                           # wasm, one job at a time',
    '  GOLD_NAS_QUEUE=redis://:secret@queue-host:6379 gold-nas worker --queue env:GOLD_NAS_QUEUE --backend tensorflow',
    '  gold-nas worker --queue rediss://queue-host:6380 --tls-ca ca.pem --threads 2',
    '',
    'Jobs read and write their run directories: every worker must see them at the same path (shared storage).',
    'Ctrl-C or SIGTERM: the running jobs write a checkpoint and go back to the queue; the worker exits.',
    'A worker that dies (SIGKILL, a lost machine) loses its jobs\' locks after --lock-seconds; another worker resumes them.',
    'See docs/scale-out.md.',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const address = await queueAddressFromFlags(args, io);
    if (E.isLeft(address)) return address;
    if (address.right === null) return E.left(goldNasError('ConfigError', '--queue', 'is required'));
    let registry: { path: string; registry: SearchRegistry } | undefined;
    const registryFile = args.flags.registry as string | undefined;
    if (registryFile !== undefined) {
      const loaded = await loadRegistryModule(registryFile, io.cwd);
      if (E.isLeft(loaded)) return E.left({ ...loaded.left, path: `--registry ${loaded.left.path}` });
      registry = { path: resolve(io.cwd, registryFile), registry: loaded.right };
    }
    const tf = await loadBackend(args);
    if (E.isLeft(tf)) return tf;
    const stop = new AbortController();
    const unsubscribe = io.onInterrupt?.(() => stop.abort());
    const idle = args.flags['idle-exit'] as number | undefined;
    try {
      const result = await runQueueWorker({
        address: address.right,
        queue: args.flags['queue-name'] as string,
        tf: tf.right,
        kinds: jobKinds(registry !== undefined ? { registry } : {}),
        concurrency: args.flags.concurrency as number,
        lockSeconds: args.flags['lock-seconds'] as number,
        ...(idle !== undefined ? { idleExitSeconds: idle } : {}),
        stop: stop.signal,
        log: (line) => { if (!json) io.stderr(`${line}\n`); },
      });
      if (E.isLeft(result)) return result;
      return E.right({ json: result.right, text: () => '' });
    } finally {
      unsubscribe?.();
    }
  },
};
