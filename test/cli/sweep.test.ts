import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useFastCpu } from '../fastCpu.js';
import { cli } from './cliHarness.js';

beforeAll(useFastCpu);

describe('gold-nas sweep (in this process)', () => {
  it('runs a search per seed and constraint value into one folder, then keeps them when run again', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'gnas-sweep-'));
    const file = join(tmp, 'sweep.json');
    await writeFile(file, JSON.stringify({ preset: 'synthetic-tiny', config: { maxSteps: 8 }, seeds: [1, 2], constraints: { 'weights.lr': [0.05] } }));
    const out = join(tmp, 'sweep');
    const first = await cli('sweep', '--config', file, '--out', out, '--backend', 'cpu', '--json');
    expect(first.code, first.stderr).toBe(0);
    const runs = (JSON.parse(first.stdout) as { runs: { name: string; status: string; steps: number }[] }).runs;
    expect(runs.map((r) => [r.name, r.status, r.steps])).toEqual([['seed-1_lr-0.05', 'searched', 8], ['seed-2_lr-0.05', 'searched', 8]]);
    expect(JSON.parse(await readFile(join(out, 'seed-2_lr-0.05', 'config.json'), 'utf8'))).toMatchObject({ seed: 2, weights: { lr: 0.05 } });
    const again = await cli('sweep', '--config', file, '--out', out, '--backend', 'cpu', '--json');
    expect((JSON.parse(again.stdout) as { runs: { status: string }[] }).runs.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    await writeFile(file, JSON.stringify({ preset: 'synthetic-tiny', seeds: [3] }));
    const other = await cli('sweep', '--config', file, '--out', out, '--backend', 'cpu');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/sweep.json: this folder holds another sweep/);
  });
});
