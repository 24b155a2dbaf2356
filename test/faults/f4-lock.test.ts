// Issue 16, finding 4: one process at a time in a run directory (search, resume, retrain), a stale
// lock of a dead process taken over, and default run directories that never collide.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gnas, needDist, retrainArgs, searchArgs, startGnas, tempDir, tinyConfig, tree, waitUntil } from './runHarness.js';

const LOCK = 'gold-nas.lock';
let tmp = '';
let config = '';
let short = '';

beforeAll(async () => {
  needDist();
  tmp = await tempDir('f4');
  // Long enough for a second process to start while the first runs.
  config = await tinyConfig(tmp, { maxSteps: 24 });
  short = await tinyConfig(await tempDir('f4-short'));
});

/** Starts `first`, waits for its first progress line, then runs `second` to its end; returns both. */
async function overlap(first: string[], second: string[], progress: RegExp) {
  const a = startGnas(first);
  await waitUntil(() => progress.test(a.stderr()), a, 'the first process printed progress');
  const b = await gnas(second);
  return { a: await a.exited, pid: a.child.pid!, b };
}

describe('two processes in one run directory', () => {
  it('a second search into the same --out is refused (exit 2) naming the holder; the first finishes alone', async () => {
    const out = join(tmp, 'same-out');
    const other = join(tmp, 'seed5.json');
    await writeFile(other, JSON.stringify({ maxSteps: 24, checkpointEvery: 2, logEvery: 1, seed: 5 }));
    const { a, pid, b } = await overlap(searchArgs(config, out), searchArgs(other, out), /^step \d+\/24/m);
    expect(b.code, b.stderr).toBe(2);
    expect(b.stderr).toContain(`pid ${pid}`);
    expect(b.stderr).toMatch(/stale/);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse((await tree(out)).get('config.json')!.toString()).seed).toBe(3);
    expect(existsSync(join(out, LOCK))).toBe(false);
    const resumed = await gnas(['search', '--resume', out, '--backend', 'cpu']);
    expect(resumed.code, resumed.stderr).toBe(0);
  }, 600_000);

  it('a second --resume, and a second retrain, of one directory are refused while the first runs', async () => {
    const dir = join(tmp, 'resumed');
    // Stopped after its checkpoint at step 2 (the kill comes at the next checkpoint's first rename).
    const killed = await gnas(searchArgs(config, dir), { killAtRename: 4 });
    expect(killed.signal).toBe('SIGKILL');
    const resumes = await overlap(['search', '--resume', dir, '--backend', 'cpu'], ['search', '--resume', dir, '--backend', 'cpu'], /^step \d+\/24/m);
    expect(resumes.b.code, resumes.b.stderr).toBe(2);
    expect(resumes.b.stderr).toContain(`pid ${resumes.pid}`);
    expect(resumes.a.code, resumes.a.stderr).toBe(0);
    expect(existsSync(join(dir, LOCK))).toBe(false);

    const before = await tree(dir);
    const retrains = await overlap(retrainArgs(dir, 8), retrainArgs(dir, 8), /starting: /);
    expect(retrains.b.code, retrains.b.stderr).toBe(2);
    expect(retrains.b.stderr).toContain(`pid ${retrains.pid}`);
    expect(retrains.a.code, retrains.a.stderr).toBe(0);
    expect((await readdir(join(dir, 'architectures'))).filter((f) => f.endsWith('.lock'))).toEqual([]);
    expect([...before.keys()].every((k) => existsSync(join(dir, k)))).toBe(true);
  }, 600_000);

  it('a stale lock (a dead process on this host) is taken over with a warning; another host\'s is refused with how to break it', async () => {
    const dir = join(tmp, 'stale');
    const done = await gnas(searchArgs(short, dir));
    expect(done.code, done.stderr).toBe(0);
    const dead = startGnas(['--version']);
    await dead.exited;
    await writeFile(join(dir, LOCK), JSON.stringify({ pid: dead.child.pid, host: hostname(), started: new Date().toISOString() }));
    const resumed = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`stale lock .*pid ${dead.child.pid}`));
    expect(existsSync(join(dir, LOCK))).toBe(false);

    await writeFile(join(dir, LOCK), JSON.stringify({ pid: 1, host: 'elsewhere.example', started: new Date().toISOString() }));
    const before = await tree(dir);
    const refused = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pid 1 on elsewhere.example');
    expect(refused.stderr).toContain(`delete ${join(dir, LOCK)}`);
    expect(await tree(dir)).toEqual(before);
  });
});

describe('default run directories', () => {
  it('a search without --out never writes into a directory that already exists (two starts in one second)', async () => {
    const cwd = await tempDir('f4-default');
    // The default name has the second in it: take the names of the next few seconds first.
    const taken: string[] = [];
    const now = Date.now();
    for (let s = 0; s < 30; s++) {
      const name = `synthetic-tiny-${new Date(now + s * 1000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
      await mkdir(join(cwd, 'runs', name), { recursive: true });
      taken.push(name);
    }
    const r = await gnas(['search', '--preset', 'synthetic-tiny', '--config', short, '--max-steps', '2', '--backend', 'cpu', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const dir = (JSON.parse(r.stdout) as { dir: string }).dir;
    expect(taken.map((t) => join(cwd, 'runs', t))).not.toContain(dir);
    for (const t of taken) expect(await readdir(join(cwd, 'runs', t))).toEqual([]);
  });
});
