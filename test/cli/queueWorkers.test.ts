/**
 * The job queue with real processes: `gold-nas worker` processes re-train a tiny synthetic run's
 * candidates from a Redis started for the test, through a worker killed mid-job, a Redis restart
 * and jobs that cannot succeed. Every result must equal a single-process re-training on cpu.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../src/checkpoint/format.js';
import { RETRAIN_PRESETS } from '../../src/train/retrainPresets.js';
import { RETRAIN_JOB } from '../../src/node/jobs/retrainJob.js';
import { openJobQueue } from '../../src/node/queue/jobQueue.js';
import type { QueuedJob } from '../../src/node/queue/jobQueue.js';
import { parseQueueAddress } from '../../src/node/queue/queueAddress.js';
import type { RedisServer } from '../node/queue/redisServer.js';
import { redisServerBinary, startRedis } from '../node/queue/redisServer.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const CONFIG = { epochs: 2, checkpointEvery: 3, logEvery: 1 }; // 12 steps per epoch: 24 steps, a checkpoint every 3
const haveRedis = redisServerBinary() !== null;
/** Real processes on a machine that may be busy: generous time limits (a quiet machine needs a fraction). */
const LONG = 300_000;
/**
 * The workers' lock: a killed worker's job moves on after it. Longer than any synchronous stretch
 * of these tiny jobs on a loaded machine (under the whole suite, setting a job up blocked a worker's
 * event loop for 6 s, which lost a 5 s lock).
 */
const LOCK_SECONDS = 30;

let redis: RedisServer | null = null;
let tmp = '';
let searchRun = '';
let configFile = '';
let only: string[] = [];
let reference = '';

function gold(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['bin/gold-nas.js', ...args], { cwd: root, maxBuffer: 1 << 26 });
}

async function copyRun(name: string): Promise<string> {
  const dir = join(tmp, name);
  await cp(searchRun, dir, { recursive: true });
  return dir;
}

interface Worker {
  readonly child: ChildProcess;
  log(): string;
  exited(): Promise<number | null>;
}

function startWorker(queueName: string, extra: string[] = []): Worker {
  const child = spawn(process.execPath, ['bin/gold-nas.js', 'worker', '--queue', redis!.url, '--queue-name', queueName, '--backend', 'cpu', '--lock-seconds', String(LOCK_SECONDS), '--idle-exit', '3', ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, log: () => log, exited: () => exit };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The figures a re-training's result file holds, without wall times and throughputs. */
async function figures(dir: string, id: string): Promise<unknown> {
  const r = JSON.parse(await readFile(join(dir, 'architectures', `${id}.retrain.json`), 'utf8')) as Record<string, unknown> & { history: Record<string, unknown>[] };
  return {
    stopReason: r.stopReason, epochs: r.epochs, steps: r.steps, top1: r.top1, top5: r.top5, params: r.params, fingerprint: r.fingerprint,
    history: r.history.map(({ seconds: _s, imagesPerSecond: _i, ...rest }) => rest),
  };
}

/** A finished re-training's checkpoint: its arrays (weights, running averages, momentum) as bytes, and its state without wall time. */
async function checkpoint(dir: string, id: string): Promise<unknown> {
  const decoded = decodeCheckpoint(new Uint8Array(await readFile(join(dir, 'architectures', `${id}.retrain.ckpt`))), { kind: 'retrain' });
  if (E.isLeft(decoded)) throw new Error(decoded.left.message);
  const { seconds: _s, history, ...state } = decoded.right.state as Record<string, unknown> & { history: Record<string, unknown>[] };
  return {
    state: { ...state, history: history.map(({ seconds: _t, imagesPerSecond: _i, ...rest }) => rest) },
    arrays: decoded.right.arrays.map((a) => [a.name, a.shape, Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength).toString('base64')]),
  };
}

async function expectSameAsReference(dir: string, ids: readonly string[] = only): Promise<void> {
  for (const id of ids) {
    expect(await figures(dir, id), id).toEqual(await figures(reference, id));
    expect(await checkpoint(dir, id), id).toEqual(await checkpoint(reference, id));
    // The network weights file (weights, running averages, input normalisation): the same bytes.
    const weights = (d: string): Promise<Buffer> => readFile(join(d, 'architectures', `${id}.weights.bin`));
    expect((await weights(dir)).equals(await weights(reference)), `${id}.weights.bin`).toBe(true);
  }
}

async function status(dir: string, queueName: string): Promise<QueuedJob[]> {
  const { stdout } = await gold('queue', 'status', dir, '--queue', redis!.url, '--queue-name', queueName, '--json');
  return (JSON.parse(stdout) as { jobs: QueuedJob[] }).jobs;
}

describe.skipIf(!haveRedis)('re-training on queue workers (real processes, Redis on a free port)', () => {
  beforeAll(async () => {
    expect(existsSync(join(root, 'dist/cli/main.js')), 'dist/ is missing: run npm run build').toBe(true);
    redis = await startRedis();
    tmp = await mkdtemp(join(tmpdir(), 'gnas-queue-'));
    searchRun = join(tmp, 'search');
    await gold('search', '--preset', 'synthetic-tiny', '--backend', 'cpu', '--max-steps', '30', '--out', searchRun, '--json');
    const pareto = JSON.parse(await readFile(join(searchRun, 'pareto.json'), 'utf8')) as { candidates: { id: string }[] };
    only = pareto.candidates.map((c) => c.id).sort().slice(0, 3);
    expect(only).toHaveLength(3);
    configFile = join(tmp, 'retrain.json');
    await writeFile(configFile, JSON.stringify(CONFIG));
    // The reference: today's single-process re-training of the same three candidates.
    reference = await copyRun('reference');
    await gold('retrain', reference, '--preset', 'synthetic-tiny', '--config', configFile, '--only', only.join(','), '--backend', 'cpu', '--json');
  }, LONG);

  afterAll(async () => {
    await redis?.stop();
    if (tmp !== '') await rm(tmp, { recursive: true, force: true });
  });

  it('two workers re-train three candidates; one is SIGKILLed mid-job, the other resumes its job, and every result is bit-identical to one process', async ({ onTestFailed }) => {
    const dir = await copyRun('killed');
    await gold('retrain', dir, '--preset', 'synthetic-tiny', '--config', configFile, '--only', only.join(','), '--backend', 'cpu', '--queue', redis!.url, '--queue-name', 'kill', '--no-follow');
    const w1 = startWorker('kill');
    const w2 = startWorker('kill');
    onTestFailed(() => console.log(`worker 1:\n${w1.log()}\nworker 2:\n${w2.log()}`));
    let victim = '';
    await until('the first worker to start a job', () => {
      victim = /(\w{16}): started/.exec(w1.log())?.[1] ?? '';
      return victim !== '';
    });
    // Mid-job: a checkpoint written, the result not yet.
    await until('its first checkpoint', () => existsSync(join(dir, 'architectures', `${victim}.retrain.ckpt`)), 60);
    expect(existsSync(join(dir, 'architectures', `${victim}.retrain.json`))).toBe(false);
    w1.child.kill('SIGKILL');
    await w1.exited();
    expect(await w2.exited()).toBe(0);
    expect(w2.log()).toMatch(new RegExp(`${victim}: resuming from its checkpoint at step [1-9]`));
    expect((await readdir(join(dir, 'architectures'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const jobs = await status(dir, 'kill');
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'completed', 'completed']);
    // The killed job was started twice: by the killed worker, then by the other one after its lock expired.
    expect(jobs.find((j) => j.label === victim)!.starts).toBe(2);
    await expectSameAsReference(dir);
  }, LONG);

  it('follows the jobs through a Redis restart (append-only file on) and a worker stopped with SIGTERM, to the same results', async ({ onTestFailed }) => {
    const dir = await copyRun('restart');
    const follower = spawn(process.execPath, ['bin/gold-nas.js', 'retrain', dir, '--preset', 'synthetic-tiny', '--config', configFile, '--only', only.join(','), '--backend', 'cpu', '--queue', redis!.url, '--queue-name', 'restart'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    follower.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    const followerExit = new Promise<number | null>((r) => follower.once('exit', (code) => r(code)));
    // The workers leave after 3 idle seconds: start them once the jobs are queued (planning may be slow on a busy machine).
    await until('the jobs to be queued', () => /Queue 'restart' at .*: 3 jobs queued/.test(out), 120);
    const w1 = startWorker('restart');
    const w2 = startWorker('restart');
    let w3: Worker | null = null;
    onTestFailed(() => console.log(`follower:\n${out}\nworker 1:\n${w1.log()}\nworker 2:\n${w2.log()}\nworker 3:\n${w3?.log() ?? ''}`));
    await until('a checkpoint', async () => (await readdir(join(dir, 'architectures'))).some((f) => f.endsWith('.retrain.ckpt')), 60);
    await redis!.restart();
    // Then a polite stop (SIGTERM) of a worker mid-job: it checkpoints and hands the job back; a third worker joins.
    let label = '';
    await until('the second worker to be mid-job', () => {
      label = [...w2.log().matchAll(/(\w{16}): started/g)].map((m) => m[1]!).pop() ?? '';
      return label !== '' && !new RegExp(`${label}: done`).test(w2.log()) && existsSync(join(dir, 'architectures', `${label}.retrain.ckpt`));
    }, 60);
    w2.child.kill('SIGTERM');
    expect(await w2.exited()).toBe(0);
    w3 = startWorker('restart');
    expect(await followerExit, out).toBe(0);
    expect(out).toMatch(/Finished in/);
    await Promise.all([w1.exited(), w3.exited()]);
    if (!new RegExp(`${label}: done`).test(w2.log())) expect(w2.log()).toMatch(new RegExp(`${label}: stopped after a checkpoint; back in the queue`));
    const jobs = await status(dir, 'restart');
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'completed', 'completed']);
    await expectSameAsReference(dir);
  }, LONG);

  it('a job that cannot succeed (bad spec, corrupt checkpoint) fails once, with its reason in queue status', async () => {
    const dir = await copyRun('bad');
    const [a, b] = only;
    await writeFile(join(dir, 'architectures', `${b}.retrain.ckpt`), 'not a checkpoint');
    const address = parseQueueAddress(redis!.url);
    if (E.isLeft(address)) throw new Error(address.left.message);
    const queue = await openJobQueue(address.right, { name: 'bad' });
    if (E.isLeft(queue)) throw new Error(queue.left.message);
    const config = { ...RETRAIN_PRESETS['synthetic-tiny'], ...CONFIG };
    const badSpec = { kind: 'retrain', dir, candidate: a!, config: { ...config, epochs: -1 } };
    const corrupt = { kind: 'retrain' as const, dir, candidate: b!, config };
    await queue.right.enqueue([
      { id: 'bad-config', kind: 'retrain', label: a!, spec: badSpec },
      { id: RETRAIN_JOB.id(corrupt), kind: 'retrain', label: b!, spec: corrupt },
    ]);
    await queue.right.close();
    const w = startWorker('bad');
    expect(await w.exited()).toBe(0);
    const jobs = await status(dir, 'bad');
    expect(jobs.map((j) => [j.label, j.state, j.starts])).toEqual(expect.arrayContaining([[a, 'failed', 1], [b, 'failed', 1]]));
    expect(jobs.find((j) => j.label === a)!.failedReason).toMatch(/spec.config.epochs: must be/);
    expect(jobs.find((j) => j.label === b)!.failedReason).toMatch(/retrain.ckpt.*delete it or use --restart/);
    const { stdout } = await gold('queue', 'status', dir, '--queue', redis!.url, '--queue-name', 'bad');
    expect(stdout).toMatch(/failed: .*epochs/);
    expect(existsSync(join(dir, 'architectures', `${a}.retrain.json`))).toBe(false);
    // Fix the cause of one (the corrupt checkpoint), then retry both: that one trains, the other fails again, once.
    await rm(join(dir, 'architectures', `${b}.retrain.ckpt`));
    const retried = await gold('queue', 'retry', dir, '--queue', redis!.url, '--queue-name', 'bad', '--json');
    expect((JSON.parse(retried.stdout) as { retried: string[] }).retried).toHaveLength(2);
    const again = startWorker('bad');
    expect(await again.exited()).toBe(0);
    const after = await status(dir, 'bad');
    expect(after.find((j) => j.label === a)!.state).toBe('failed');
    expect(after.find((j) => j.label === b)!.state).toBe('completed');
    await expectSameAsReference(dir, [b!]);
  }, LONG);

  it('queue cancel stops a running job after a checkpoint (failed as cancelled, once); queue retry resumes it to its end', async ({ onTestFailed }) => {
    const dir = await copyRun('cancel');
    const [a] = only;
    // Longer than the other tests' re-trainings (120 steps), so that the cancel arrives mid-job.
    const longer = join(tmp, 'retrain-longer.json');
    await writeFile(longer, JSON.stringify({ ...CONFIG, epochs: 10 }));
    await gold('retrain', dir, '--preset', 'synthetic-tiny', '--config', longer, '--only', a!, '--backend', 'cpu', '--queue', redis!.url, '--queue-name', 'cancel', '--no-follow');
    const w1 = startWorker('cancel');
    let w2: Worker | null = null;
    onTestFailed(() => console.log(`worker 1:\n${w1.log()}\nworker 2:\n${w2?.log() ?? ''}`));
    await until('its first checkpoint', () => existsSync(join(dir, 'architectures', `${a}.retrain.ckpt`)), 60);
    const cancelled = await gold('queue', 'cancel', dir, '--queue', redis!.url, '--queue-name', 'cancel', '--json');
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ removed: [], stopping: [expect.any(String)] });
    expect(await w1.exited()).toBe(0);
    expect(w1.log()).toMatch(new RegExp(`${a}: cancelled after a checkpoint`));
    const [job] = await status(dir, 'cancel');
    expect([job!.state, job!.starts, job!.failedReason]).toEqual(['failed', 1, expect.stringMatching(/^cancelled .*gold-nas queue retry resumes it/)]);
    const result = async (): Promise<{ epochs: number; stopReason: string }> => JSON.parse(await readFile(join(dir, 'architectures', `${a}.retrain.json`), 'utf8')) as { epochs: number; stopReason: string };
    expect((await result()).stopReason).toBe('interrupted');
    const retried = await gold('queue', 'retry', dir, '--queue', redis!.url, '--queue-name', 'cancel');
    expect(retried.stdout).toMatch(/Put 1 failed job back in the queue/);
    w2 = startWorker('cancel');
    expect(await w2.exited()).toBe(0);
    expect(w2.log()).toMatch(new RegExp(`${a}: resuming from its checkpoint at step [1-9]`));
    expect((await status(dir, 'cancel')).map((j) => j.state)).toEqual(['completed']);
    expect(await result()).toMatchObject({ stopReason: 'done', epochs: 10 });
  }, LONG);
});
