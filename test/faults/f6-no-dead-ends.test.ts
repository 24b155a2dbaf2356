// Issue 16, finding 6: a refused run writes nothing; a run directory without a checkpoint can be
// started again (--out) or resumed from the start (--resume), never a dead end.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gnas, referenceSearch, searchArgs, timeline, tree } from './runHarness.js';

let tmp = '';
let config = '';
let reference = '';
let renames: string[] = [];

beforeAll(async () => {
  ({ tmp, config, reference, renames } = await referenceSearch('f6'));
});

async function sameResults(dir: string): Promise<void> {
  expect(await readFile(join(dir, 'pareto.json'), 'utf8')).toBe(await readFile(join(reference, 'pareto.json'), 'utf8'));
  expect(await timeline(dir)).toEqual(await timeline(reference));
}

describe('a search refused by a check made after decoding', () => {
  it.each([
    ['the auxiliary head', { auxiliaryWeight: 0.4 }, /auxiliary/],
    ['the batch size', { batchSize: 300 }, /batchSize/],
    ['the augmentation', { data: { cropPadding: 9 } }, /cropPadding/],
  ])('(%s) writes nothing: no --out directory, or an empty one left empty', async (_what, extra, message) => {
    const bad = join(tmp, `bad-${String(_what).replace(/\W+/g, '-')}.json`);
    await writeFile(bad, JSON.stringify({ ...extra, maxSteps: 2 }));
    const absent = join(tmp, `absent-${String(_what).replace(/\W+/g, '-')}`);
    const r = await gnas(searchArgs(bad, absent));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(absent)).toBe(false);
    const empty = join(tmp, `empty-${String(_what).replace(/\W+/g, '-')}`);
    await mkdir(empty);
    expect((await gnas(searchArgs(bad, empty))).code).toBe(2);
    expect((await tree(empty)).size).toBe(0);
    expect(existsSync(empty)).toBe(true);
  });
});

describe('a run directory with no checkpoint', () => {
  it('killed before its first checkpoint: --out starts it again, --resume starts it from step 0 saying so', async () => {
    const killedAt = renames.indexOf('checkpoint.bin') + 1;
    const dir = join(tmp, 'no-checkpoint');
    const killed = await gnas(searchArgs(config, dir), { killAtRename: killedAt });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'checkpoint.bin'))).toBe(false);
    const copy = join(tmp, 'no-checkpoint-copy');
    await cp(dir, copy, { recursive: true });

    const again = await gnas(searchArgs(config, dir));
    expect(again.code, again.stderr).toBe(0);
    await sameResults(dir);

    const resumed = await gnas(['search', '--resume', copy, '--backend', 'cpu']);
    if (existsSync(join(copy, 'config.json')) || resumed.code === 0) {
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/no checkpoint.*step 0/);
      await sameResults(copy);
    } else {
      // Nothing of the run was written before the kill: resume says to start it again, and that works.
      expect(resumed.code).toBe(2);
      expect(resumed.stderr).toMatch(/--out/);
    }
  });

  it('whose checkpoint.bin is gone: --resume runs it again from step 0 and says so', async () => {
    const dir = join(tmp, 'lost-checkpoint');
    await cp(reference, dir, { recursive: true });
    await unlink(join(dir, 'checkpoint.bin'));
    const resumed = await gnas(['search', '--resume', dir, '--backend', 'cpu']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/no checkpoint.*step 0/);
    await sameResults(dir);
  });
});
