// Issue 16: a search killed (SIGKILL) just before each of its file renames in turn, then continued,
// ends with the files of an uninterrupted run, byte for byte (the cpu backend is deterministic).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gnas, names, needDist, renameTargets, searchArgs, tempDir, timeline, tinyConfig, tree } from './runHarness.js';

describe('a search killed at every file rename', () => {
  it('continues (--resume, or the same --out when it had no checkpoint yet) to the results of an uninterrupted run', async () => {
    needDist();
    const tmp = await tempDir('kill-search');
    const config = await tinyConfig(tmp);
    const reference = join(tmp, 'reference');
    const log = join(tmp, 'renames.log');
    const straight = await gnas(searchArgs(config, reference), { renameLog: log });
    expect(straight.code, straight.stderr).toBe(0);
    const renames = await renameTargets(log, reference);
    const expected = await tree(reference);
    // Two at a time: each kill and its recovery is independent of the others.
    const check = async (n: number): Promise<void> => {
      const dir = join(tmp, `killed-${n}`);
      const killed = await gnas(searchArgs(config, dir), { killAtRename: n });
      expect(killed.signal, `rename ${n} (${renames[n - 1]})`).toBe('SIGKILL');
      const again = existsSync(join(dir, 'checkpoint.bin'))
        ? await gnas(['search', '--resume', dir, '--backend', 'cpu'])
        : await gnas(searchArgs(config, dir));
      expect(again.code, `rename ${n} (${renames[n - 1]}): ${again.stderr}`).toBe(0);
      const got = await tree(dir);
      expect(names(got), `rename ${n}`).toEqual(names(expected));
      for (const [name, bytes] of expected) {
        if (name === 'events.jsonl') continue;
        expect(got.get(name)!.toString(), `rename ${n} (${renames[n - 1]}): ${name}`).toBe(bytes.toString());
      }
      expect(await timeline(dir), `rename ${n}`).toEqual(await timeline(reference));
    };
    const all = renames.map((_, i) => i + 1);
    for (let i = 0; i < all.length; i += 2) await Promise.all(all.slice(i, i + 2).map(check));
  }, 900_000);
});
