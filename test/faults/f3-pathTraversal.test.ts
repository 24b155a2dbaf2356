/**
 * Issue 16, finding 3: candidate ids name files, so a forged id (`../../x`) in `pareto.json` or in
 * a checkpoint (checksum recomputed) must be refused before any path is built from it: exit 2, a
 * message, nothing written or deleted, inside the run or outside it. And `--out` under /proc (where
 * Node's recursive mkdir loops forever) is refused at once.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/cliHarness.js';
import { CPU, copyRun, readJson, rewriteCheckpoint, snapshot, writeJson } from './inputHarness.js';

/** A candidate id that climbs out of `<run>/architectures` to `<root>/pwned`. */
const FORGED = '../../pwned';

/** Gives the first front candidate of the run's `pareto.json` the forged id (in `front` and `candidates`). */
async function forgePareto(dir: string): Promise<void> {
  const path = join(dir, 'pareto.json');
  const pareto = await readJson(path) as { front: { id: string }[]; candidates: { id: string; onFront: boolean }[] };
  const victim = pareto.candidates.find((c) => c.onFront)!;
  for (const c of [...pareto.front, ...pareto.candidates]) if (c.id === victim.id) c.id = FORGED;
  await writeJson(path, pareto);
}

describe('finding 3: forged candidate ids', () => {
  it('retrain refuses a pareto.json whose candidate id is a path, and writes nothing', async () => {
    const { root, dir } = await copyRun();
    await forgePareto(dir);
    const before = await snapshot(root);
    const r = await cli('retrain', dir, ...CPU, '--epochs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pareto\.json.*architecture hash \(16 hex digits\)/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(await snapshot(root)).toEqual(before);
  });

  it('retrain --restart refuses it too, and deletes nothing outside the run', async () => {
    const { root, dir } = await copyRun();
    await forgePareto(dir);
    // What --restart would delete: the forged candidate's result, checkpoint and weights files.
    for (const f of ['pwned.retrain.json', 'pwned.retrain.ckpt', 'pwned.weights.bin']) await writeFile(join(root, f), 'precious');
    const before = await snapshot(root);
    const r = await cli('retrain', dir, ...CPU, '--epochs', '1', '--restart');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/architecture hash/);
    expect(await snapshot(root)).toEqual(before);
  });

  it('report refuses a pareto.json whose candidate id is a path (it would read files outside the run)', async () => {
    const { root, dir } = await copyRun();
    await forgePareto(dir);
    await writeJson(join(root, 'pwned.retrain.json'), { top1: 0.4242, epochs: 1, stopReason: 'done' });
    const before = await snapshot(root);
    const r = await cli('report', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pareto\.json.*architecture hash/);
    expect(await snapshot(root)).toEqual(before);
  });

  it('search --resume refuses a checkpoint whose candidate id is a path, with a valid checksum, and writes nothing', async () => {
    const { root, dir } = await copyRun();
    await rewriteCheckpoint(join(dir, 'checkpoint.bin'), (h) => {
      expect(h.state.candidates.length).toBeGreaterThan(0);
      h.state.candidates[0]!.id = FORGED;
    });
    const before = await snapshot(root);
    const r = await cli('search', '--resume', dir, ...CPU);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/checkpoint\.bin.*candidates\.0\.id.*architecture hash/);
    expect(existsSync(join(root, 'pwned.json'))).toBe(false);
    expect(await snapshot(root)).toEqual(before);
  });

  it('search --out under /proc is refused at once instead of looping in mkdir', async () => {
    const r = await cli('search', '--preset', 'synthetic-tiny', ...CPU, '--out', '/proc/gold-nas-fault/run');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gold-nas: \/proc\/gold-nas-fault.*could not create/);
  }, 20_000);
});
