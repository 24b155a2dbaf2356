import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../../src/search/events.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const ARGS = ['bin/gold-nas.js', 'search', '--preset', 'synthetic-tiny', '--backend', 'cpu', '--json'];

/** The decisions a run made: which slots it pruned at which step, and how λ moved. */
async function decisions(dir: string): Promise<string[]> {
  const events = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as SearchEvent);
  return events.flatMap((e) =>
    e.type === 'prune' ? [`${e.step} prune ${e.reason} ${e.slots.join(',')}`] : e.type === 'lambda' ? [`${e.step} λ ${e.to.toExponential(6)}`] : []);
}

async function waitFor(path: string, child: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 1200 && !existsSync(path); i++) {
    if (child.exitCode !== null) throw new Error(`the search ended (code ${child.exitCode}) before ${path} appeared`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gold-nas search stopped with Ctrl-C (SIGINT)', () => {
  it('finishes its step, writes a checkpoint, exits 0 with the resume command, and resumes to the same decisions', async () => {
    expect(existsSync(join(root, 'dist/cli/main.js')), 'dist/ is missing: run npm run build').toBe(true);
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-sigint-'));
    const straight = join(tmp, 'straight');
    await run(process.execPath, [...ARGS, '--out', straight], { cwd: root });

    const stopped = join(tmp, 'stopped');
    const child = spawn(process.execPath, ['bin/gold-nas.js', 'search', '--preset', 'synthetic-tiny', '--backend', 'cpu', '--out', stopped], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Interrupt once training is under way (the first progress line), before the step budget.
    for (let i = 0; i < 1200 && !/^step \d+\/\d+/m.test(stderr); i++) {
      if (child.exitCode !== null) throw new Error(`the search ended (code ${child.exitCode}) before it printed progress:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(stderr).toMatch(/stopping after this step and writing a checkpoint/);
    expect(stdout).toMatch(/Interrupted after \d+ steps/);
    expect(stdout).toContain(`Continue with: gold-nas search --resume ${stopped}`);
    expect(existsSync(join(stopped, 'checkpoint.bin'))).toBe(true);

    const { stdout: resumedOut } = await run(process.execPath, ['bin/gold-nas.js', 'search', '--resume', stopped, '--backend', 'cpu', '--json'], { cwd: root });
    const resumed = JSON.parse(resumedOut) as { steps: number; stopReason: string };
    const reference = JSON.parse(await readFile(join(straight, 'summary.json'), 'utf8')) as { steps: number; stopReason: string };
    expect([resumed.steps, resumed.stopReason]).toEqual([reference.steps, reference.stopReason]);
    expect(await decisions(stopped)).toEqual(await decisions(straight));
  });
});

describe('gold-nas search stopped with Ctrl-C before its first candidate', () => {
  it('says that no candidate was recorded yet instead of printing an empty front table; resumed, its progress shows the budget', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-sigint-empty-'));
    const config = join(tmp, 'at-end.json');
    // Like DARTS: the argmax genotype, the one candidate, comes only when the budget runs out.
    await writeFile(config, JSON.stringify({ pruning: { scheduler: { name: 'darts-argmax', atEnd: true } } }));
    const child = spawn(process.execPath, ['bin/gold-nas.js', 'search', '--preset', 'synthetic-tiny', '--config', config, '--backend', 'cpu', '--out', join(tmp, 'run')],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    for (let i = 0; i < 1200 && !/^step \d+\/\d+/m.test(stderr); i++) {
      if (child.exitCode !== null) throw new Error(`the search ended (code ${child.exitCode}) before it printed progress:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    expect(await new Promise<number | null>((r) => child.once('exit', r))).toBe(0);
    expect(stdout).toMatch(/: no candidate recorded yet\n/);
    expect(stdout).not.toMatch(/Pareto front of 0/);

    // The resumed run's progress knows its budget (from the run's config.json) and ends with the genotype's candidate.
    const resumed = await run(process.execPath, ['bin/gold-nas.js', 'search', '--resume', join(tmp, 'run'), '--backend', 'cpu'], { cwd: root });
    expect(resumed.stderr).toMatch(/^step \d+\/60 /m);
    expect(resumed.stdout).toMatch(/Pareto front of 1 non-dominated of 1 candidates/);
  });
});

describe('gold-nas search killed with SIGKILL', () => {
  it('resumes from its last checkpoint to the same pruning decisions at the same steps as an uninterrupted run', async () => {
    expect(existsSync(join(root, 'dist/cli/main.js')), 'dist/ is missing: run npm run build').toBe(true);
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-kill-'));
    const straight = join(tmp, 'straight');
    await run(process.execPath, [...ARGS, '--out', straight], { cwd: root });

    const killed = join(tmp, 'killed');
    const child = spawn(process.execPath, [...ARGS, '--out', killed], { cwd: root, stdio: 'ignore' });
    await waitFor(join(killed, 'checkpoint.bin'), child);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // A kill can land during a write: then a temporary (`.<name>.<pid>.<time>.tmp`) is left, never a
    // half-written file under its final name, since every write is renamed into place when whole.
    expect((await readdir(killed)).filter((f) => f.endsWith('.tmp')).every((f) => /^\..+\.\d+\.[0-9a-z]+\.tmp$/.test(f))).toBe(true);
    expect(existsSync(join(killed, 'pareto.json'))).toBe(false);

    const { stdout } = await run(process.execPath, ['bin/gold-nas.js', 'search', '--resume', killed, '--backend', 'cpu', '--json'], { cwd: root });
    const resumed = JSON.parse(stdout) as { steps: number; stopReason: string };
    const reference = JSON.parse(await readFile(join(straight, 'summary.json'), 'utf8')) as { steps: number; stopReason: string };
    expect([resumed.steps, resumed.stopReason]).toEqual([reference.steps, reference.stopReason]);
    const a = await decisions(straight);
    expect(a.length).toBeGreaterThan(0);
    expect(await decisions(killed)).toEqual(a);
    expect(await readFile(join(killed, 'pareto.json'), 'utf8')).toBe(await readFile(join(straight, 'pareto.json'), 'utf8'));
  });
});
