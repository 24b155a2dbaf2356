/**
 * The job-queue benchmark (issue 15): the wall time of re-training the MNIST quick start's Pareto
 * front (test/fixtures/quickstart-run, 6 candidates) with today's single process, and with 1 and 2
 * local `gold-nas worker` processes (one thread each) taking the jobs from a Redis started for the
 * run (a free port, a temporary directory, the append-only file on). A benchmark, not a test: it
 * asserts nothing, and figures from a busy machine are indicative only.
 *
 *   npm run bench:queue [-- --epochs 1] [--modes single,1,2] [--backend wasm] [--run test/fixtures/quickstart-run] [--only <hash,...>]
 *
 * Defaults: the `mnist` re-training preset cut to 1 epoch (the preset has 10: `--epochs 10` for the
 * full recipe, about ten times longer), wasm, all three modes. Workers are started and ready
 * (tfjs loaded) before the clock starts, as long-running workers would be; the clock stops when
 * the command that queued and followed the jobs exits; then the workers are stopped (SIGTERM).
 * `--only` re-trains some of the front's candidates (a shorter run on a busy machine).
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRedis } from '../test/node/queue/redisServer.js';

const root = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
const run = promisify(execFile);
const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const epochs = arg('--epochs', '1');
const backend = arg('--backend', 'wasm');
const modes = arg('--modes', 'single,1,2').split(',');
const fixture = resolve(root, arg('--run', 'test/fixtures/quickstart-run'));
const only = arg('--only', '');
const cli = join(root, 'bin', 'gold-nas.js');

interface Row { readonly mode: string; readonly seconds: number; readonly top1: readonly (number | null)[] }

async function startWorker(url: string, queue: string): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  // No --idle-exit: under load, planning the re-training can take longer than any idle limit (the workers would leave before the jobs arrive).
  const child = spawn(process.execPath, [cli, 'worker', '--queue', url, '--queue-name', queue, '--backend', backend, '--threads', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', r));
  let log = '';
  await new Promise<void>((ready, fail) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/ worker .* on redis:/.test(log)) ready();
    });
    child.once('exit', (code) => fail(new Error(`the worker exited (${code}): ${log}`)));
  });
  return { child, exited };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  if (redis === null) throw new Error('redis-server is needed: apt-get install redis-server');
  const tmp = await mkdtemp(join(os.tmpdir(), 'gnas-bench-queue-'));
  const rows: Row[] = [];
  const load = (): string => os.loadavg()[0]!.toFixed(2);
  console.log(`Re-training the quick start's front (${fixture}${only === '' ? '' : `, candidates ${only}`}): preset mnist, ${epochs} epoch(s), ${backend}, 1 thread per process; ${os.cpus().length} cores, load ${load()}`);
  try {
    for (const mode of modes) {
      const dir = join(tmp, `run-${mode}`);
      await cp(fixture, dir, { recursive: true });
      const common = ['retrain', dir, '--preset', 'mnist', '--epochs', epochs, '--backend', backend, '--json', ...(only === '' ? [] : ['--only', only])];
      let seconds: number;
      let stdout: string;
      if (mode === 'single') {
        const t0 = Date.now();
        ({ stdout } = await run(process.execPath, [cli, ...common], { maxBuffer: 1 << 26 }));
        seconds = (Date.now() - t0) / 1000;
      } else {
        const queue = `bench-${mode}-${Date.now()}`;
        const workers = await Promise.all(Array.from({ length: Number(mode) }, () => startWorker(redis.url, queue)));
        const t0 = Date.now();
        const follower = run(process.execPath, [cli, ...common, '--queue', redis.url, '--queue-name', queue], { maxBuffer: 1 << 26 });
        // A worker that dies leaves jobs nobody takes: stop rather than wait for ever.
        const died = Promise.race(workers.map((w) => w.exited.then((code) => { throw new Error(`a worker exited (${String(code)}) before the jobs were done`); })));
        try {
          ({ stdout } = await Promise.race([follower, died]));
          seconds = (Date.now() - t0) / 1000;
        } finally {
          follower.child.kill('SIGTERM');
          for (const w of workers) w.child.kill('SIGTERM');
          await Promise.all(workers.map((w) => w.exited));
        }
      }
      const top1 = (JSON.parse(stdout) as { candidates: { top1: number | null }[] }).candidates.map((c) => c.top1);
      rows.push({ mode, seconds, top1 });
      console.log(`  ${mode === 'single' ? 'single process' : `${mode} worker${mode === '1' ? '' : 's'}`}: ${seconds.toFixed(1)} s (load ${load()})`);
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await redis.stop();
    await rm(tmp, { recursive: true, force: true });
  }
  const base = rows.find((r) => r.mode === 'single')?.seconds;
  console.log('\nmode            wall s   vs single   test top-1 of the candidates');
  for (const r of rows) {
    const label = r.mode === 'single' ? 'single process' : `${r.mode} worker${r.mode === '1' ? '' : 's'}`;
    console.log(`${label.padEnd(14)}  ${r.seconds.toFixed(1).padStart(6)}   ${base === undefined ? '–' : `${(base / r.seconds).toFixed(2)}x`.padStart(9)}   ${r.top1.map((t) => (t === null ? '–' : (100 * t).toFixed(2))).join(' ')}`);
  }
}

await main();
