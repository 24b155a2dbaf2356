import { access, cp, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { RETRAIN_PRESETS, SEARCH_PRESETS, architectureHash, channelStats, decodeCheckpoint, decodeNetworkWeights } from '../../src/index.js';
import type { RetrainConfig, RetrainResult } from '../../src/index.js';
import { RETRAIN_FILES, loadRetrainData, planRetrain, retrainInDirectory, searchInDirectory } from '../../src/node/index.js';
import { useFastCpu } from '../fastCpu.js';

const config: RetrainConfig = { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 2, batchSize: 32, logEvery: 1 }; // 6 steps per epoch
let searchRun = '';
let front: string[] = [];

beforeAll(async () => {
  await useFastCpu();
  searchRun = join(await mkdtemp(join(tmpdir(), 'gnas-retrain-')), 'search');
  const r = await searchInDirectory({ tf, dir: searchRun, config: { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 20 } });
  if (E.isLeft(r)) throw new Error(r.left.message);
  front = r.right.result.front.map((c) => c.id);
});

/** A private copy of the search run. */
async function copyRun(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'gnas-retrain-copy-')), 'run');
  await cp(searchRun, dir, { recursive: true });
  return dir;
}

async function snapshot(dir: string): Promise<string[]> {
  const files = (await readdir(join(dir, 'architectures'))).sort();
  return Promise.all(files.map(async (f) => `${f}:${(await stat(join(dir, 'architectures', f))).mtimeMs}`));
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

async function readResult(dir: string, id: string): Promise<RetrainResult & { config: RetrainConfig; data: { description: string } }> {
  return JSON.parse(await readFile(join(dir, RETRAIN_FILES.result(id)), 'utf8'));
}

describe('retrainInDirectory', () => {
  it('re-trains every front candidate, writes result, done checkpoint and weights files, and skips them the second time', async () => {
    const dir = await copyRun();
    expect(front.length).toBeGreaterThan(0);
    const first = await retrainInDirectory({ tf, dir, config });
    expect(E.isRight(first)).toBe(true);
    if (E.isLeft(first)) return;
    expect(first.right.candidates.map((c) => [c.id, c.status])).toEqual(front.map((id) => [id, 'trained']));
    const files = await readdir(join(dir, 'architectures'));
    for (const id of front) expect(files).toEqual(expect.arrayContaining([`${id}.retrain.json`, `${id}.retrain.ckpt`, `${id}.weights.bin`]));
    const result = await readResult(dir, front[0]!);
    expect(result).toMatchObject({ id: front[0], stopReason: 'done', epochs: 2, config });
    expect(result.history).toHaveLength(2);
    expect(result.top1).toBeGreaterThan(0.25);
    expect(result.data.description).toMatch(/held-out split/);

    // The weights file holds the done checkpoint's weights and running averages under the network's
    // own names, and the training data's statistics the re-training normalised with.
    const weights = decodeNetworkWeights(await readFile(join(dir, RETRAIN_FILES.weights(front[0]!))));
    const checkpoint = decodeCheckpoint(await readFile(join(dir, RETRAIN_FILES.checkpoint(front[0]!))), { kind: 'retrain' });
    const data = loadRetrainData(SEARCH_PRESETS['synthetic-tiny'], { fromSearch: true });
    if (E.isLeft(weights) || E.isLeft(checkpoint) || E.isLeft(data)) throw new Error('unreadable files or data');
    expect(architectureHash(weights.right.architecture)).toBe(front[0]);
    expect(weights.right.normalise).toEqual(E.getOrElseW(() => null)(channelStats(data.right.train)));
    const stored = checkpoint.right.arrays.filter((a) => /^[wb]\//.test(a.name)).map((a) => [a.name.slice(2), a.values]);
    expect(weights.right.arrays.map((a) => [a.name, a.values])).toEqual(stored);

    const before = await snapshot(dir);
    const second = await retrainInDirectory({ tf, dir, config });
    expect(E.isRight(second) && second.right.candidates.map((c) => c.status)).toEqual(front.map(() => 'skipped'));
    expect(E.isRight(second) && second.right.candidates[0]!.result?.top1).toBe(result.top1);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('continues an interrupted candidate from its checkpoint to the same history as an uninterrupted one', async () => {
    const straight = await copyRun();
    const only = [front[0]!];
    await retrainInDirectory({ tf, dir: straight, config, only });
    const dir = await copyRun();
    let steps = 0;
    const first = await retrainInDirectory({
      tf, dir, config, only,
      onEvent: (_id, e) => { if (e.type === 'step') steps = e.step; },
      shouldStop: () => steps >= 8, // mid-way through the second epoch
    });
    expect(E.isRight(first) && first.right.stopReason).toBe('interrupted');
    expect((await readResult(dir, only[0]!)).stopReason).toBe('interrupted');
    expect(await exists(join(dir, RETRAIN_FILES.weights(only[0]!)))).toBe(false);
    const plan = await planRetrain({ dir, config, only });
    expect(E.isRight(plan) && plan.right.candidates[0]!.status).toBe('resume');
    const second = await retrainInDirectory({ tf, dir, config, only });
    expect(E.isRight(second) && second.right.candidates[0]!.status).toBe('trained');
    const losses = async (d: string) => (await readResult(d, only[0]!)).history.map((h) => [h.loss, h.testTop1]);
    expect(await losses(dir)).toEqual(await losses(straight));
    expect(await readFile(join(dir, RETRAIN_FILES.weights(only[0]!)))).toEqual(await readFile(join(straight, RETRAIN_FILES.weights(only[0]!))));
  });

  it.each<[string, (dir: string, id: string) => Promise<void>, string, RegExp]>([
    ['a corrupt checkpoint', async (dir, id) => {
      const p = join(dir, RETRAIN_FILES.checkpoint(id)); const b = await readFile(p); b[b.length - 9] ^= 0xff; await writeFile(p, b);
    }, 'CheckpointError', /corrupt.*--restart/],
    ['a truncated checkpoint', async (dir, id) => {
      const p = join(dir, RETRAIN_FILES.checkpoint(id)); const b = await readFile(p); await writeFile(p, b.subarray(0, 100));
    }, 'CheckpointError', /corrupt|truncated/],
  ])('refuses to continue from %s and changes nothing on disk', async (_name, damage, tag, message) => {
    const dir = await copyRun();
    const only = [front[0]!];
    let steps = 0;
    await retrainInDirectory({ tf, dir, config, only, onEvent: (_id, e) => { if (e.type === 'step') steps = e.step; }, shouldStop: () => steps >= 3 });
    await damage(dir, only[0]!);
    const before = await snapshot(dir);
    const r = await retrainInDirectory({ tf, dir, config, only });
    expect(E.isLeft(r) && r.left._tag).toBe(tag);
    expect(E.isLeft(r) && r.left.path).toBe(join(dir, RETRAIN_FILES.checkpoint(only[0]!)));
    expect(E.isLeft(r) && r.left.message).toMatch(message);
    expect(await snapshot(dir)).toEqual(before);
    // --restart discards it.
    const again = await retrainInDirectory({ tf, dir, config, only, restart: true });
    expect(E.isRight(again) && again.right.candidates[0]!.status).toBe('trained');
  });

  it('refuses a finished result of another configuration unless told to restart', async () => {
    const dir = await copyRun();
    const only = [front[0]!];
    await retrainInDirectory({ tf, dir, config, only });
    const before = await snapshot(dir);
    const r = await retrainInDirectory({ tf, dir, config: { ...config, epochs: 1 }, only });
    expect(E.isLeft(r) && r.left.message).toMatch(/different configuration.*--restart/);
    expect(await snapshot(dir)).toEqual(before);
    const again = await retrainInDirectory({ tf, dir, config: { ...config, epochs: 1 }, only, restart: true });
    expect(E.isRight(again) && again.right.candidates[0]!.result?.epochs).toBe(1);
    expect(await exists(join(dir, RETRAIN_FILES.weights(only[0]!)))).toBe(true);
  });

  it('deletes the weights file of a candidate started over with restart, and writes it again only when it finishes', async () => {
    const dir = await copyRun();
    const only = [front[0]!];
    await retrainInDirectory({ tf, dir, config, only });
    const weightsPath = join(dir, RETRAIN_FILES.weights(only[0]!));
    expect(await exists(weightsPath)).toBe(true);
    let steps = 0;
    const r = await retrainInDirectory({ tf, dir, config, only, restart: true, onEvent: (_id, e) => { if (e.type === 'step') steps = e.step; }, shouldStop: () => steps >= 2 });
    expect(E.isRight(r) && r.right.stopReason).toBe('interrupted');
    expect(await exists(weightsPath)).toBe(false);
    const again = await retrainInDirectory({ tf, dir, config, only });
    expect(E.isRight(again) && again.right.candidates[0]!.status).toBe('trained');
    expect(await exists(weightsPath)).toBe(true);
  });

  it.each<[string, Partial<Parameters<typeof retrainInDirectory>[0]>, RegExp]>([
    ['an auxiliary head that does not fit the layout', { config: { ...config, auxiliaryWeight: 0.4 } }, /auxiliaryWeight.*no room for the auxiliary head/],
    ['an unknown candidate', { only: ['ffffffff'] }, /--only ffffffff.*no candidate/],
    ['a directory without a run', { dir: '/nonexistent/run' }, /config\.json is missing/],
  ])('refuses %s before writing anything', async (_name, options, message) => {
    const dir = await copyRun();
    const before = await snapshot(dir);
    const r = await retrainInDirectory({ tf, dir, config, ...options });
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) expect(`${r.left.path}: ${r.left.message}`).toMatch(message);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('retrainInDirectory on another layout than the search', () => {
  let dartsRun = '';
  let genotypeId = '';

  beforeAll(async () => {
    dartsRun = join(await mkdtemp(join(tmpdir(), 'gnas-retrain-darts-')), 'search');
    const darts = SEARCH_PRESETS['darts-mnist'];
    const r = await searchInDirectory({
      tf, dir: dartsRun, config: {
        ...darts,
        space: { ...darts.space, layout: { ...SEARCH_PRESETS['synthetic-tiny'].space.layout } },
        data: SEARCH_PRESETS['synthetic-tiny'].data, batchSize: 16, maxSteps: 4,
        pruning: { ...darts.pruning, periodSteps: 2 }, evaluator: { name: 'held-out', recoverySteps: 2 }, evaluation: { batchSize: 32, maxExamples: 0 },
      },
    });
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.result.stopReason).toBe('discretised');
    genotypeId = r.right.result.candidates[0]!.id;
  });

  it("names the method, the estimate and the genotype in the DARTS run's files", async () => {
    const summary = JSON.parse(await readFile(join(dartsRun, 'summary.json'), 'utf8'));
    expect(summary.method).toBe('DARTS (bilevel, first order)');
    expect(summary.final.genotype).toMatch(/^Genotype\(normal=\[/);
    expect(summary.sharedWeightAccuracy).toMatch(/^shared-weight held-out accuracy: .* after at least 2 steps .*; an estimate/);
    expect(summary.front[0]).toEqual({ id: genotypeId, flops: expect.any(Number), params: expect.any(Number), sharedWeightAccuracy: expect.any(Number) });
    const pareto = JSON.parse(await readFile(join(dartsRun, 'pareto.json'), 'utf8'));
    expect(pareto).toMatchObject({ method: summary.method, sharedWeightAccuracy: summary.sharedWeightAccuracy });
    expect(pareto.candidates[0].genotype).toBe(summary.final.genotype);
    const text = await readFile(join(dartsRun, 'summary.txt'), 'utf8');
    expect(text).toMatch(/^DARTS \(bilevel, first order\) search: stopped \(discretised\) after 4 steps\n/);
    expect(text).toContain(`genotype: ${summary.final.genotype}`);
    expect(text).toContain('shared-weight acc (est.)');
  });

  it("moves a DARTS run's genotype to more cells and channels, next to the files of the search's layout", async () => {
    const layout = { channels: 6, cells: 5 };
    const plan = await planRetrain({ dir: dartsRun, config, layout });
    expect(E.isRight(plan) && plan.right).toMatchObject({ transferred: true, layout: { channels: 6, cells: 5, nodes: 2 } });
    const run = await retrainInDirectory({ tf, dir: dartsRun, config: { ...config, epochs: 1 }, layout });
    expect(E.isRight(run) && run.right.candidates.map((c) => [c.id, c.status])).toEqual([[genotypeId, 'trained']]);
    const files = await readdir(join(dartsRun, 'architectures'));
    expect(files).toEqual(expect.arrayContaining([`${genotypeId}.c6x5.retrain.json`, `${genotypeId}.c6x5.retrain.ckpt`]));
    expect(files).not.toContain(`${genotypeId}.retrain.json`);
    const result = JSON.parse(await readFile(join(dartsRun, RETRAIN_FILES.result(genotypeId, 'c6x5')), 'utf8'));
    expect(result).toMatchObject({ layout: { channels: 6, cells: 5 }, searchLayout: { channels: 4, cells: 3 }, stopReason: 'done' });
    expect(result.architecture.cells).toHaveLength(5);
    expect(typeof result.sharedWeightAccuracy).toBe('number');
  });

  it("refuses to move a GOLD run's candidates, whose cells differ, naming the candidate and the cell", async () => {
    const plan = await planRetrain({ dir: searchRun, config, layout: { cells: 6 } });
    expect(E.isLeft(plan) && plan.left._tag).toBe('ArchitectureError');
    expect(E.isLeft(plan) && plan.left.path).toMatch(/^[0-9a-f]{16}: cells\.\d+$/);
  });
});
