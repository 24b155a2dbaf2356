import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_PRESETS, architectureHash } from '../../src/index.js';
import type { Architecture, SearchCandidate } from '../../src/index.js';
import { searchInDirectory } from '../../src/node/index.js';
import { cli } from './cliHarness.js';

let searchRun = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
  searchRun = join(await mkdtemp(join(tmpdir(), 'gnas-cli-retrain-')), 'search');
  const r = await searchInDirectory({ tf, dir: searchRun, config: { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 20 } });
  if (E.isLeft(r)) throw new Error(r.left.message);
});

async function copyRun(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'gnas-cli-retrain-copy-')), 'run');
  await cp(searchRun, dir, { recursive: true });
  return dir;
}

const retrainFiles = async (dir: string): Promise<string[]> => (await readdir(join(dir, 'architectures'))).filter((f) => f.includes('.retrain.'));

describe('gold-nas retrain', () => {
  it('re-trains the front with the preset for the run\'s data, then skips it on a second call', async () => {
    const dir = await copyRun();
    const first = await cli('retrain', dir, '--backend', 'cpu', '--epochs', '1', '--json');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.preset).toBe('synthetic-tiny');
    expect(out.config.epochs).toBe(1);
    expect(out.stopReason).toBe('done');
    expect(out.candidates.length).toBeGreaterThan(0);
    for (const c of out.candidates) {
      expect(c.status).toBe('trained');
      expect(c.epochs).toBe(1);
      expect(c.top1).toBeGreaterThanOrEqual(0);
    }
    expect((await retrainFiles(dir)).length).toBe(2 * out.candidates.length);
    const second = await cli('retrain', dir, '--backend', 'cpu', '--epochs', '1');
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/finished \(1 epochs\): skipped/);
    expect(second.stdout).toMatch(/test top-1/);
    expect(second.stdout).toMatch(/skipped/);
  });

  it("gives Kendall's τ-b between the shared-weight estimates and the re-trained accuracies once three candidates are re-trained", async () => {
    const dir = await copyRun();
    // The short search recorded two candidates: add a third, the first with one operator less.
    const paretoPath = join(dir, 'pareto.json');
    const pareto = JSON.parse(await readFile(paretoPath, 'utf8')) as { candidates: (SearchCandidate & { onFront: boolean })[] };
    const base = pareto.candidates[0]!;
    const [cell, ...rest] = base.architecture.cells;
    const drop = cell!.edges.findIndex((e, i) => cell!.edges.some((f, j) => j !== i && f.to === e.to));
    const architecture: Architecture = { ...base.architecture, cells: [{ ...cell!, edges: cell!.edges.filter((_, i) => i !== drop) }, ...rest] };
    pareto.candidates.push({ ...base, id: architectureHash(architecture), architecture, sharedWeightAccuracy: base.sharedWeightAccuracy / 2 });
    await writeFile(paretoPath, JSON.stringify(pareto));
    expect(pareto.candidates.length).toBe(3);
    const ids = pareto.candidates.slice(0, 3).map((c) => c.id);
    const two = await cli('retrain', dir, '--backend', 'cpu', '--epochs', '1', '--only', ids.slice(0, 2).join(','));
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(/shared-weight acc \(est\.\)/);
    expect(two.stdout).not.toMatch(/Kendall/);
    const three = await cli('retrain', dir, '--backend', 'cpu', '--epochs', '1', '--only', ids.join(','), '--json');
    expect(three.code).toBe(0);
    const out = JSON.parse(three.stdout) as { kendallTau: { tau: number | null; n: number }; candidates: { status: string }[] };
    expect(out.candidates.map((c) => c.status)).toEqual(['skipped', 'skipped', 'trained']);
    expect(out.kendallTau.n).toBe(3);
    const text = await cli('retrain', dir, '--backend', 'cpu', '--epochs', '1', '--only', ids.join(','));
    expect(text.stdout).toMatch(/Kendall's τ-b between the shared-weight estimates and the re-trained test top-1: (-?\d\.\d{3}|undefined \(all tied\)) over 3 candidates/);
  });

  it.each<[string, (dir: string) => Promise<string[]>, RegExp]>([
    ['a bad field in --config', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'gnas-cfg-')), 'bad.json');
      await writeFile(file, JSON.stringify({ optimizer: { momentum: 2 } }));
      return ['--config', file];
    }, /bad\.json: optimizer\.momentum: must be a finite number >= 0 and < 1, got 2/],
    ['an unknown field in --config', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'gnas-cfg-')), 'typo.json');
      await writeFile(file, JSON.stringify({ epoch: 3 }));
      return ['--config', file];
    }, /typo\.json: epoch: unknown field 'epoch'/],
    ['a --config that is not an object, next to --epochs', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'gnas-cfg-')), 'number.json');
      await writeFile(file, '5');
      return ['--config', file, '--epochs', '2'];
    }, /number\.json: expected an object \(RetrainConfig\), got 5/],
    ['the auxiliary head on a layout too small for it', async () => ['--preset', 'darts'], /auxiliaryWeight: is 0\.4, but this layout has no room/],
    ['an unknown candidate', async () => ['--only', 'zzzz'], /--only zzzz: no candidate/],
    ['an unknown preset', async () => ['--preset', 'imagenet'], /--preset: expected one of darts, mnist, synthetic-tiny/],
  ])('exits with 2 and writes nothing for %s', async (_name, extra, message) => {
    const dir = await copyRun();
    const r = await cli('retrain', dir, '--backend', 'cpu', ...(await extra(dir)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await retrainFiles(dir)).toEqual([]);
  });

  it('explains a directory that holds no run', async () => {
    const r = await cli('retrain', join(tmpdir(), 'no-such-run-dir'), '--backend', 'cpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.json is missing/);
  });

  it('re-trains one architecture with --genotype into --out, with its weights file, then skips it on a second call', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gnas-cli-retrain-genotype-')), 'darts-v2');
    const flags = ['--genotype', 'DARTS_V2', '--data', 'synthetic', '--channels', '4', '--cells', '3', '--input-size', '8', '--epochs', '1', '--out', out, '--backend', 'cpu'];
    const first = await cli('retrain', ...flags, '--json');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as { preset: string; candidates: { id: string; status: string; epochs: number; top1: number | null; sharedWeightAccuracy: number | null }[] };
    expect(result.preset).toBe('synthetic-tiny');
    expect(result.candidates).toHaveLength(1);
    const [c] = result.candidates;
    expect(c).toMatchObject({ status: 'trained', epochs: 1, sharedWeightAccuracy: null });
    expect(c!.top1).toBeGreaterThanOrEqual(0);
    expect((await readdir(join(out, 'architectures'))).sort()).toEqual([`${c!.id}.retrain.ckpt`, `${c!.id}.retrain.json`, `${c!.id}.weights.bin`]);
    // The weights file records architecture, layout and normalisation: it exports on its own.
    const exported = await cli('export', '--checkpoint', join(out, 'architectures', `${c!.id}.weights.bin`), '--out', join(out, 'model'), '--json');
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout)).toMatchObject({ id: c!.id, normalise: { mean: [expect.any(Number), expect.any(Number), expect.any(Number)] } });
    const second = await cli('retrain', ...flags);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/Re-training DARTS_V2 from scratch into .*darts-v2/);
    expect(second.stderr).toMatch(/finished \(1 epochs\): skipped/);
  });

  it.each<[string, string[], RegExp]>([
    ['both a run directory and --genotype', ['some-run', '--genotype', 'DARTS_V2'], /some-run: give a run directory or --genotype, not both/],
    ['neither', [], /<run-dir>: is required.*--genotype/],
    ['--only with --genotype', ['--genotype', 'DARTS_V2', '--only', 'ab'], /--only: selects among a run's candidates/],
    ['--out and a layout flag without --genotype', ['some-run', '--cells', '5'], /--(out|cells): goes with --genotype/],
    ['an unknown genotype', ['--genotype', 'NASNet'], /NASNet: no such file; --genotype takes a published genotype \(DARTS_V1, DARTS_V2, DARTS, s1\)/],
    ['CIFAR-10 without --data-path', ['--genotype', 'DARTS_V2', '--data', 'cifar10'], /--data-path: the cifar10 source needs the folder/],
    ['MNIST on a 32x32 layout', ['--genotype', 'DARTS_V2', '--input-size', '32'], /MNIST images are 28x28x1/],
  ])('exits with 2 and writes nothing for %s', async (_name, extra, message) => {
    const out = join(await mkdtemp(join(tmpdir(), 'gnas-cli-retrain-bad-')), 'out');
    const r = await cli('retrain', ...extra, '--out', out, '--backend', 'cpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('documents its flags and files in --help', async () => {
    const r = await cli('retrain', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--preset', '--config', '--epochs', '--only', '--restart', '--backend', '--json', '--genotype', '--out', '--data', '--data-path', '--channels']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/retrain\.ckpt/);
  });
});
