import { cp, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/cliHarness.js';
import { externalReferences, fixtureCopy } from './reportHelpers.js';

async function cpFixture(dir: string): Promise<void> {
  await cp(await fixtureCopy(), dir, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

describe('gold-nas report', () => {
  it('writes <run-dir>/report.html and says where', async () => {
    const dir = await fixtureCopy();
    const r = await cli('report', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*report\.html \(\d+ kB\): the Pareto front of 2 of 7 candidates \(shared-weight held-out accuracy\), the search timeline, 5 gate maps and 6 cell diagrams\.\n/);
    expect(r.stdout).toContain(`file://${join(dir, 'report.html')}`);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(externalReferences(html)).toEqual([]);
    // Atomic write: no temporary file left beside it.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes where --out says, and prints JSON with --json', async () => {
    const dir = await fixtureCopy();
    const out = join(await mkdtemp(join(tmpdir(), 'gnas-report-out-')), 'sub', 'r.html');
    const r = await cli('report', dir, '--out', out, '--moments', '3', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { out: string; bytes: number; figures: Record<string, number>; frontSize: number; accuracySource: string; warnings: string[] };
    expect(json).toMatchObject({ out, frontSize: 2, candidates: 7, accuracySource: 'shared-weight', warnings: [], figures: { pareto: 1, timeline: 1, gates: 3, cells: 6 } });
    expect((await stat(out)).size).toBe(json.bytes);
    expect(await exists(join(dir, 'report.html'))).toBe(false);
  });

  it('prints what it skipped as warnings on stderr and still writes the report', async () => {
    const dir = await fixtureCopy();
    await writeFile(join(dir, 'events.jsonl'), `${await readFile(join(dir, 'events.jsonl'), 'utf8')}{"type":"step","step":\n`);
    const r = await cli('report', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^gold-nas: warning: .*events\.jsonl: skipped 1 unreadable line\(s\) \(first: line \d+\)\n$/);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('Read with warnings');
  });

  interface BadRun {
    readonly name: string;
    readonly setup: (dir: string) => Promise<void>;
    readonly message: RegExp;
  }

  const badRuns: readonly BadRun[] = [
    { name: 'a missing run directory', setup: async () => undefined, message: /^gold-nas: .*missing-run: no such directory; give the run directory of a search/ },
    { name: 'a file instead of a directory', setup: async (dir) => writeFile(dir, 'hello'), message: /: not a directory;/ },
    { name: 'a directory that is not a run', setup: async (dir) => { await mkdir(dir); await writeFile(join(dir, 'notes.txt'), 'x'); }, message: /config\.json: not a gold-nas run directory: it has no config\.json/ },
    {
      name: 'a run without pareto.json (search not finished)',
      setup: async (dir) => { await mkdir(dir); await writeFile(join(dir, 'config.json'), await readFile(join(await fixtureCopy(), 'config.json'))); },
      message: /pareto\.json: missing: the search has not written its results yet/,
    },
    {
      name: 'a corrupt pareto.json',
      setup: async (dir) => { await cpFixture(dir); await writeFile(join(dir, 'pareto.json'), '{"hypervolume": 0.3, "candidates": ['); },
      message: /pareto\.json: not valid JSON \(.*\); the file is damaged/,
    },
    {
      name: 'a pareto.json of the wrong shape',
      setup: async (dir) => { await cpFixture(dir); await writeFile(join(dir, 'pareto.json'), '{"hypervolume": 0.3, "candidates": [{"id": 3}]}'); },
      message: /pareto\.json: candidates\.0\.id: must be an architecture hash \(16 hex digits\), got 3/,
    },
    {
      name: 'a corrupt config.json',
      setup: async (dir) => { await cpFixture(dir); await writeFile(join(dir, 'config.json'), '{"seed": -1}'); },
      message: /config\.json: seed: /,
    },
  ];

  it.each(badRuns)('exits 2 with a clear message and writes nothing for $name', async ({ setup, message }) => {
    const base = await mkdtemp(join(tmpdir(), 'gnas-report-bad-'));
    const dir = join(base, 'missing-run');
    await setup(dir);
    const before = await exists(dir) && (await stat(dir)).isDirectory() ? (await readdir(dir)).sort() : null;
    const out = join(base, 'out.html');
    for (const args of [['report', dir], ['report', dir, '--out', out]]) {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    }
    expect(await exists(out)).toBe(false);
    if (before !== null) expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('needs a run directory', async () => {
    const r = await cli('report');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gold-nas: <run-dir>: is required/);
  });

  it('is listed in gold-nas --help', async () => {
    const r = await cli('--help');
    expect(r.stdout).toMatch(/report\s+write a self-contained HTML report of a search run directory/);
  });
});
