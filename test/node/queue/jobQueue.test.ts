import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../../src/errors.js';
import { jobKinds } from '../../../src/node/jobs/jobKinds.js';
import { openJobQueue } from '../../../src/node/queue/jobQueue.js';
import type { QueueAddress } from '../../../src/node/queue/queueAddress.js';
import { parseQueueAddress } from '../../../src/node/queue/queueAddress.js';
import { runQueueWorker } from '../../../src/node/queue/runQueueWorker.js';
import * as tf from '@tensorflow/tfjs';
import { cli } from '../../cli/cliHarness.js';
import { useFastCpu } from '../../fastCpu.js';
import type { RedisServer } from './redisServer.js';
import { redisServerBinary, startRedis } from './redisServer.js';

const PASSWORD = 'pw-Zq8!never-shown';
const haveRedis = redisServerBinary() !== null;
let redis: RedisServer | null = null;
let address: QueueAddress;

function must<A>(r: E.Either<{ message: string }, A>): A {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

describe('openJobQueue without BullMQ', () => {
  it('is a DependencyError that names the install command', async () => {
    const missing = Object.assign(new Error("Cannot find package 'bullmq' imported from x"), { code: 'ERR_MODULE_NOT_FOUND' });
    const q = await openJobQueue(must(parseQueueAddress('redis://127.0.0.1:1')), { load: () => Promise.reject(missing) });
    expect(E.isLeft(q) && q.left._tag).toBe('DependencyError');
    expect(E.isLeft(q) && q.left.message).toMatch(/npm install bullmq@5\.81\.5/);
  });
});

describe.skipIf(!haveRedis)('the job queue on a password-protected Redis', () => {
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    address = must(parseQueueAddress(redis!.url));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('queues a job once by its id, lists it under its run directory and its parents, removes it on cancel', async () => {
    const queue = must(await openJobQueue(address, { name: 'unit' }));
    try {
      const spec = { kind: 'retrain', dir: '/runs/sweep/a' };
      expect(must(await queue.enqueue([{ id: 'j-1', kind: 'retrain', label: 'a', spec }])).map((e) => e.action)).toEqual(['added']);
      expect(must(await queue.enqueue([{ id: 'j-1', kind: 'retrain', label: 'a', spec }])).map((e) => e.action)).toEqual(['kept']);
      for (const dir of ['/runs/sweep/a', '/runs/sweep']) expect(must(await queue.jobsUnder(dir)).map((j) => [j.id, j.state, j.dir])).toEqual([['j-1', 'waiting', '/runs/sweep/a']]);
      expect(must(await queue.jobsUnder('/runs/swee'))).toEqual([]);
      expect(must(await queue.cancel('/runs/sweep'))).toEqual({ removed: ['j-1'], stopping: [] });
      expect(must(await queue.jobs(['j-1']))).toEqual([]);
    } finally {
      await queue.close();
    }
  });

  it('never shows the password: not in messages, errors, worker logs, commands or files', async () => {
    const wrong = must(parseQueueAddress(redis!.url.replace(encodeURIComponent(PASSWORD), 'wrong-password-123')));
    const refused = await openJobQueue(wrong);
    expect(E.isLeft(refused) && formatError(refused.left)).toMatch(/cannot be reached/);
    expect(E.isLeft(refused) && formatError(refused.left)).not.toMatch(/wrong-password-123|never-shown/);

    const dir = await mkdtemp(join(tmpdir(), 'gnas-secret-'));
    const runs: { stdout: string; stderr: string }[] = [];
    runs.push(await cli('sweep', '--out', dir, '--queue', redis!.url, '--no-follow', '--config', join(dir, 'none.json')));
    expect(runs[0]!.stderr).toMatch(/no such file/);
    const sweepFile = join(dir, 'sweep-config.json');
    await writeFile(sweepFile, JSON.stringify({ preset: 'synthetic-tiny', config: { maxSteps: 10 }, seeds: [1] }));
    runs.push(await cli('sweep', '--config', sweepFile, '--out', join(dir, 'sweep'), '--queue', redis!.url, '--no-follow'));
    expect(runs[1]!.stdout).toMatch(/gold-nas queue status .* --queue redis:\/\/:\*\*\*@127\.0\.0\.1/);
    runs.push(await cli('queue', 'status', join(dir, 'sweep'), '--queue', redis!.url));
    expect(runs[2]!.stdout).toMatch(/^seed-1\s+waiting/m);
    process.env.GNAS_TEST_QUEUE = redis!.url;
    runs.push(await cli('queue', 'status', join(dir, 'sweep'), '--queue', 'env:GNAS_TEST_QUEUE', '--json'));
    expect(JSON.parse(runs[3]!.stdout)).toMatchObject({ address: `redis://:***@127.0.0.1:${redis!.port}` });
    const lines: string[] = [];
    await useFastCpu();
    const worked = must(await runQueueWorker({ address, tf, kinds: jobKinds(), idleExitSeconds: 1, log: (l) => lines.push(l) }));
    expect(worked).toMatchObject({ completed: 1, failed: 0, reason: 'idle' });
    expect(JSON.parse(await readFile(join(dir, 'sweep', 'seed-1', 'summary.json'), 'utf8'))).toMatchObject({ steps: 10 });
    const files = await readdir(join(dir, 'sweep'), { recursive: true });
    const texts = await Promise.all(files.map((f) => readFile(join(dir, 'sweep', f)).then((b) => b.toString('latin1'), () => '')));
    for (const text of [...runs.flatMap((r) => [r.stdout, r.stderr]), ...lines, ...texts]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
  });
});

/** A CA and a server certificate for 127.0.0.1 made with openssl; null when openssl is missing. */
async function certificates(): Promise<{ ca: string; cert: string; key: string } | null> {
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('openssl', ['version']).status !== 0) return null;
  const dir = await mkdtemp(join(tmpdir(), 'gnas-tls-'));
  const f = (n: string): string => join(dir, n);
  await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const steps = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=gold-nas test CA'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1'],
    ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '1', '-extfile', f('ext.cnf')],
  ];
  for (const args of steps) if (spawnSync('openssl', args).status !== 0) return null;
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

describe.skipIf(!haveRedis)('the job queue over TLS (rediss://)', () => {
  it('connects with the server\'s CA and a password, and says why not without the CA', async () => {
    const files = await certificates();
    if (files === null) {
      console.warn('openssl not found: skipping the TLS test');
      return;
    }
    const server = await startRedis({ password: PASSWORD, tls: files });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'gnas-tls-run-'));
      const ok = await cli('queue', 'status', dir, '--queue', server!.url, '--tls-ca', files.ca);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/No jobs of .* at rediss:\/\/:\*\*\*@127\.0\.0\.1/);
      const refused = await cli('queue', 'status', dir, '--queue', server!.url);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/cannot be reached: .*(self-signed|certificate)/i);
      for (const t of [ok.stdout, ok.stderr, refused.stdout, refused.stderr]) expect(t).not.toContain(PASSWORD);
    } finally {
      await server?.stop();
    }
  });
});
