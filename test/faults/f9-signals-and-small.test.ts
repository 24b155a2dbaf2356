// Issue 16, finding 9: SIGTERM and SIGHUP checkpoint like Ctrl-C; the library's orphan temporaries
// are cleaned (nothing else); a BOM, an infinite number, a full disk and an empty chart are described.
import { existsSync } from 'node:fs';
import { cp, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/cliHarness.js';
import { gnas, needDist, searchArgs, startGnas, tempDir, tinyConfig, tree, waitUntil } from './runHarness.js';

let tmp = '';
let config = '';

beforeAll(async () => {
  tmp = await tempDir('f9');
  config = await tinyConfig(tmp);
});

describe('signals', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)('%s stops after a checkpoint and exits 0 with the resume command', async (signal) => {
    needDist();
    const long = await tinyConfig(await tempDir('f9-long'), { maxSteps: 200 });
    const dir = join(tmp, signal);
    const started = startGnas(searchArgs(long, dir));
    await waitUntil(() => /^step \d+\/200/m.test(started.stderr()), started, 'progress');
    started.child.kill(signal);
    const r = await started.exited;
    expect([r.code, r.signal], r.stderr).toEqual([0, null]);
    expect(r.stdout).toMatch(/Interrupted after \d+ steps/);
    expect(r.stdout).toContain(`Continue with: gold-nas search --resume ${dir}`);
    expect(existsSync(join(dir, 'checkpoint.bin'))).toBe(true);
  });
});

describe('orphan temporary files', () => {
  it('resume deletes the ones gold-nas left (its own names, in the run directory), and nothing else', async () => {
    needDist();
    const dir = join(tmp, 'orphans');
    const killed = await gnas(searchArgs(config, dir), { killAtRename: 5 });
    expect(killed.signal).toBe('SIGKILL');
    const ours = (await readdir(dir)).filter((f) => f.endsWith('.tmp'));
    expect(ours.length).toBeGreaterThan(0);
    const foreign = ['notes.tmp', '.summary.json.tmp', '.other.json.123.abc.tmp', 'x.events.jsonl.1.a.tmp'];
    for (const f of foreign) await writeFile(join(dir, f), 'not gold-nas\'s');
    const r = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const left = (await readdir(dir)).filter((f) => f.endsWith('.tmp')).sort();
    expect(left).toEqual([...foreign].sort());
  });

  it('a --resume of a directory that is not a run deletes nothing', async () => {
    needDist();
    const dir = await tempDir('f9-not-a-run');
    await writeFile(join(dir, '.events.jsonl.1.a.tmp'), 'someone else\'s');
    await writeFile(join(dir, '.config.json.999999.zz.tmp'), 'someone else\'s');
    const before = await tree(dir);
    const r = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(await tree(dir)).toEqual(before);
  });
});

describe('small things', () => {
  it('a config file starting with a UTF-8 byte order mark is read', async () => {
    const file = join(tmp, 'bom.json');
    await writeFile(file, '\uFEFF{"maxSteps": 1, "logEvery": 1}');
    const r = await cli('search', '--preset', 'synthetic-tiny', '--config', file, '--backend', 'cpu', '--out', join(tmp, 'bom'), '--json');
    expect(r.code, r.stderr).toBe(0);
  });

  it('lr: 1e999 is described as a number that is not finite', async () => {
    const file = join(tmp, 'inf.json');
    await writeFile(file, '{"weights": {"lr": 1e999}}');
    const r = await cli('search', '--preset', 'synthetic-tiny', '--config', file, '--backend', 'cpu', '--out', join(tmp, 'inf'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/weights\.lr: .*not finite/);
    expect(r.stderr).not.toMatch(/got null/);
    expect(existsSync(join(tmp, 'inf'))).toBe(false);
  });

  it('a full disk (ENOSPC) while writing a checkpoint says so, not "interrupted"', async () => {
    needDist();
    const dir = join(tmp, 'full');
    const r = await gnas(searchArgs(config, dir), { enospcAtRename: 3 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/disk is full/);
    expect(r.stderr).not.toMatch(/interrupted/);
    expect(r.stderr).toMatch(/--resume/);
  });

  it('Vega\'s "Infinite extent" warnings about an empty chart do not reach the user', async () => {
    needDist();
    const dir = join(tmp, 'report');
    const done = await gnas(searchArgs(config, dir));
    expect(done.code, done.stderr).toBe(0);
    const copy = join(tmp, 'report-no-events');
    await cp(dir, copy, { recursive: true });
    await unlink(join(copy, 'events.jsonl'));
    const r = await gnas(['report', copy]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/events\.jsonl/);
    expect(r.stderr).not.toMatch(/Infinite extent/);
  });
});
