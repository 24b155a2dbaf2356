import { cp, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_PRESETS } from '../../src/index.js';
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

  it('documents its flags and files in --help', async () => {
    const r = await cli('retrain', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--preset', '--config', '--epochs', '--only', '--restart', '--backend', '--json']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/retrain\.ckpt/);
  });
});
