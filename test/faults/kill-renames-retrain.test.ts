// Issue 16: a re-training killed (SIGKILL) just before each of its file renames in turn, then run
// again, ends with the files of an uninterrupted re-training (weights byte for byte; the checkpoint's
// arrays byte for byte and its state but for the seconds it records).
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointWithoutClock, gnas, names, needDist, renameTargets, retrainArgs, searchArgs, tempDir, tinyConfig, tree, withoutClock } from './runHarness.js';

describe('a re-training killed at every file rename', () => {
  it('run again, ends with the result files of an uninterrupted re-training', async () => {
    needDist();
    const tmp = await tempDir('kill-retrain');
    const searched = join(tmp, 'searched');
    const search = await gnas(searchArgs(await tinyConfig(tmp, { maxSteps: 2 }), searched));
    expect(search.code, search.stderr).toBe(0);
    const reference = join(tmp, 'reference');
    await cp(searched, reference, { recursive: true });
    const log = join(tmp, 'renames.log');
    const straight = await gnas(retrainArgs(reference), { renameLog: log });
    expect(straight.code, straight.stderr).toBe(0);
    const renames = await renameTargets(log, reference);
    expect(renames.length).toBeGreaterThan(2);
    const expected = await tree(reference);
    const check = async (n: number): Promise<void> => {
      const dir = join(tmp, `killed-${n}`);
      await cp(searched, dir, { recursive: true });
      const killed = await gnas(retrainArgs(dir), { killAtRename: n });
      expect(killed.signal, `rename ${n} (${renames[n - 1]})`).toBe('SIGKILL');
      const again = await gnas(retrainArgs(dir));
      expect(again.code, `rename ${n}: ${again.stderr}`).toBe(0);
      const got = await tree(dir);
      expect(names(got), `rename ${n}`).toEqual(names(expected));
      for (const [name, bytes] of expected) {
        const what = `rename ${n} (${renames[n - 1]}): ${name}`;
        if (name.endsWith('.retrain.json')) expect(withoutClock(got.get(name)!.toString()), what).toEqual(withoutClock(bytes.toString()));
        else if (name.endsWith('.retrain.ckpt')) expect(checkpointWithoutClock(got.get(name)!, 'retrain'), what).toEqual(checkpointWithoutClock(bytes, 'retrain'));
        else expect(got.get(name)!.equals(bytes), what).toBe(true);
      }
    };
    const all = renames.map((_, i) => i + 1);
    for (let i = 0; i < all.length; i += 2) await Promise.all(all.slice(i, i + 2).map(check));
  }, 900_000);
});
