import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeStudyConfig } from '../../src/study/studyConfig.js';
import { studyMarkdown, studyTable } from '../../src/study/studyTable.js';
import { useFastCpu } from '../fastCpu.js';
import { cli } from './cliHarness.js';

beforeAll(useFastCpu);

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The synthetic study, one family member per seed: seconds on cpu. */
const TINY = { preset: 'synthetic', familySize: 1 };

interface StudyJson {
  stopReason: string;
  rows: { method: string; seed: number; testAccuracy: number | null; sharedWeightAccuracy: number | null; searchSeconds: number }[];
  summary: { method: string; accuracyMean: number | null; accuracyStd: number | null; seeds: number }[];
  tau: { method: string; tau: number | null; pairs: number }[];
}

describe('gold-nas study', () => {
  it('runs every method over two seeds, re-trains each choice, writes the table, τ and the report, and re-uses every finished job', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-study-'));
    const file = join(tmp, 'study.json');
    await writeFile(file, JSON.stringify(TINY));
    const out = join(tmp, 'study');
    const first = await cli('study', '--config', file, '--out', out, '--backend', 'cpu', '--json');
    expect(first.code, first.stderr).toBe(0);
    const r = JSON.parse(first.stdout) as StudyJson;
    expect(r.stopReason).toBe('done');
    // Every method, one architecture each per seed.
    expect(r.rows.map((x) => `${x.method} ${x.seed}`)).toEqual(['gold-nas 1', 'gold-nas 2', 'darts 1', 'darts 2', 'darts-pt 1', 'darts-pt 2', 'random 1', 'random 2']);
    for (const row of r.rows) expect(row.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.rows.filter((x) => x.method === 'random').every((x) => x.sharedWeightAccuracy === null && x.searchSeconds === 0)).toBe(true);
    expect(r.rows.filter((x) => x.method !== 'random').every((x) => x.searchSeconds > 0)).toBe(true);
    expect(r.summary.map((s) => [s.method, s.seeds])).toEqual([['gold-nas', 2], ['darts', 2], ['darts-pt', 2], ['random', 2]]);
    expect(r.tau.map((t) => [t.method, t.pairs])).toEqual([['gold-nas', 2], ['darts', 2], ['darts-pt', 2], ['random', 0]]);
    // DARTS-PT chose by perturbation: its search's summary holds the decisions.
    const pt = JSON.parse(await readFile(join(out, 'searches', 'darts-pt-seed-1', 'summary.json'), 'utf8')) as { selection?: { name: string; trace: unknown[] } };
    expect(pt.selection?.name).toBe('darts-pt');
    expect(pt.selection?.trace.length).toBeGreaterThan(0);
    const table = await readFile(join(out, 'table.md'), 'utf8');
    expect(table).toMatch(/\| gold-nas \| 1 \| 2 \|/);
    expect(table).toMatch(/Kendall's τ/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/<svg[\s\S]*Re-trained accuracy against multiply-adds|Re-trained accuracy against multiply-adds[\s\S]*<svg/);
    expect(existsSync(join(out, 'accuracy-vs-multiply-adds.svg'))).toBe(true);

    const again = await cli('study', '--config', file, '--out', out, '--backend', 'cpu');
    expect(again.code, again.stderr).toBe(0);
    // Every job was finished: nothing is searched or trained again, the figures are the same.
    expect(again.stderr).not.toMatch(/: (searched|trained)\b/);
    const jobs = again.stderr.match(/^\[(search|retrain) \d+\/\d+\] [^:\n]+$/gm) ?? [];
    expect(jobs.length).toBeGreaterThanOrEqual(6 + 4);
    expect((again.stderr.match(/finished before: re-used/g) ?? []).length).toBe(jobs.length);
    expect(await readFile(join(out, 'table.md'), 'utf8')).toBe(table);

    // A study folder moved elsewhere keeps its wall times (they are filed by relative paths).
    const moved = join(tmp, 'moved');
    await cp(out, moved, { recursive: true });
    const there = await cli('study', '--config', file, '--out', moved, '--backend', 'cpu');
    expect(there.code, there.stderr).toBe(0);
    expect((there.stderr.match(/finished before: re-used/g) ?? []).length).toBe(jobs.length);
    expect(await readFile(join(moved, 'table.md'), 'utf8')).toBe(table);
  }, 300_000);

  it('resumes after a kill: finished jobs are re-used, the killed one continues', async () => {
    expect(existsSync(join(root, 'dist/cli/main.js')), 'dist/ is missing: run npm run build').toBe(true);
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-study-kill-'));
    const file = join(tmp, 'study.json');
    await writeFile(file, JSON.stringify({ ...TINY, seeds: [1], methods: ['gold-nas', 'random'] }));
    const out = join(tmp, 'study');
    const args = ['bin/gold-nas.js', 'study', '--config', file, '--out', out, '--backend', 'cpu'];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Kill it (no checkpoint on the way out) once the re-training phase has started.
    for (let i = 0; i < 2400 && !/\[retrain 1\/2\]/.test(stderr); i++) {
      if (child.exitCode !== null) throw new Error(`the study ended (code ${child.exitCode}) before re-training:\n${stderr}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    expect(existsSync(join(out, 'searches', 'gold-nas-seed-1', 'pareto.json'))).toBe(true);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    // Nothing is half-written under its final name.
    const names = await readdir(out);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const resumed = await cli('study', '--config', file, '--out', out, '--backend', 'cpu');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/\[search 1\/1\] gold-nas seed 1: skipped \(finished before: re-used\)/);
    expect(resumed.stderr).toMatch(/\[retrain 2\/2\] random seed 1 #1 \([0-9a-f]{16}\): trained/);
    expect(JSON.parse(await readFile(join(out, 'results.json'), 'utf8'))).toMatchObject({ methods: ['gold-nas', 'random'] });
  }, 300_000);

  it('refuses a bad configuration with its path, and another study in the same folder, writing nothing', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-study-bad-'));
    const file = join(tmp, 'study.json');
    await writeFile(file, JSON.stringify({ preset: 'synthetic', gold: { pruning: { periodSteps: -1 } } }));
    const out = join(tmp, 'study');
    const bad = await cli('study', '--config', file, '--out', out, '--backend', 'cpu');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/study\.json: gold\.pruning\.periodSteps: /);
    expect(existsSync(out)).toBe(false);

    await writeFile(file, JSON.stringify({ preset: 'synthetic', methods: ['random'] }));
    const needsGold = await cli('study', '--config', file, '--out', out, '--backend', 'cpu');
    expect(needsGold.stderr).toMatch(/methods: random samples at the costs of GOLD-NAS's family/);
    await writeFile(file, JSON.stringify({ preset: 'synthetic', methods: ['gold-nas', 'darts-pt'] }));
    expect((await cli('study', '--config', file, '--out', out, '--backend', 'cpu')).stderr).toMatch(/methods: darts-pt selects on DARTS's super-network: it needs darts too/);
    await writeFile(file, JSON.stringify({ preset: 'synthetic', dartsPt: { fineTuneSteps: -1 } }));
    expect((await cli('study', '--config', file, '--out', out, '--backend', 'cpu')).stderr).toMatch(/dartsPt\.fineTuneSteps: /);
    await writeFile(file, JSON.stringify({ preset: 'synthetic', sede: 1 }));
    expect((await cli('study', '--config', file, '--out', out, '--backend', 'cpu')).stderr).toMatch(/unknown field 'sede'/);
    await writeFile(file, JSON.stringify({ preset: 'synthetic', darts: { space: { layout: { nodes: 3 } } } }));
    expect((await cli('study', '--config', file, '--out', out, '--backend', 'cpu')).stderr).toMatch(/darts\.space\.layout\.nodes: must equal gold\.space\.layout\.nodes \(2\)/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('studyTable', () => {
  it('gives mean ± std across seeds per member and τ per method', () => {
    const row = (method: 'gold-nas' | 'random', seed: number, member: number, est: number | null, acc: number) =>
      ({ method, seed, member, id: `${method}${seed}${member}`, flops: 1e6 * (member + 1), params: 100, sharedWeightAccuracy: est, testAccuracy: acc, searchSeconds: 10, retrainSeconds: 1 });
    const t = studyTable([row('random', 1, 0, null, 0.5), row('gold-nas', 2, 0, 0.6, 0.8), row('gold-nas', 1, 0, 0.7, 0.9), row('gold-nas', 1, 1, 0.5, 0.7)]);
    expect(t.rows.map((r) => r.id)).toEqual(['gold-nas10', 'gold-nas11', 'gold-nas20', 'random10']);
    const g0 = t.summary.find((s) => s.method === 'gold-nas' && s.member === 0)!;
    expect(g0.accuracyMean).toBeCloseTo(0.85, 12);
    expect(g0.accuracyStd).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(t.tau).toEqual([{ method: 'gold-nas', tau: { tau: 1, n: 3 } }, { method: 'random', tau: { tau: Number.NaN, n: 0 } }]);
    expect(studyMarkdown(t)).toMatch(/\| gold-nas \| 1 \| 2 \| 1\.00 \| 100 \| 65\.00 \| 85\.00 ± 7\.07 \| 10s \|/);
    // Wall times round once: 899.9 s is 15m00s (it printed 14m60s), 59.6 s is 1m00s.
    const timed = studyMarkdown(studyTable([{ ...row('gold-nas', 1, 0, 0.7, 0.9), searchSeconds: 899.9, retrainSeconds: 59.6 }]));
    expect(timed).toMatch(/\| 15m00s \| 1m00s \|/);
  });

  it('decodes the presets and names the path of a bad field', () => {
    expect(decodeStudyConfig({})._tag).toBe('Right');
    expect(decodeStudyConfig({ preset: 'full' })._tag).toBe('Right');
    const bad = decodeStudyConfig({ retrain: { epochs: 0 } });
    expect(bad._tag === 'Left' && bad.left.path).toBe('retrain.epochs');
    const seeds = decodeStudyConfig({ seeds: [1, 1] });
    expect(seeds._tag === 'Left' && seeds.left.message).toBe('has a seed twice');
  });
});
