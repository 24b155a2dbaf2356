import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { goldNasError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/node/atomicWrite.js';
import { withWriteFence } from '../../src/node/writeFence.js';

describe('withWriteFence', () => {
  it('asks the fence before every atomic write of the work, and a refused write leaves the target and no temporary behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gnas-fence-'));
    const asked: string[] = [];
    let open = true;
    const fence = async (path: string): Promise<E.Either<ReturnType<typeof goldNasError>, void>> => {
      asked.push(path);
      return open ? E.right(undefined) : E.left(goldNasError('IoError', path, 'lost the lock'));
    };
    const results = await withWriteFence(fence, async () => {
      const a = await writeFileAtomic(join(dir, 'a.txt'), 'first');
      await new Promise((r) => setTimeout(r, 1)); // the fence follows the work across timers
      open = false;
      const b = await writeFileAtomic(join(dir, 'a.txt'), 'second');
      return [a, b];
    });
    expect(results.map(E.isRight)).toEqual([true, false]);
    expect(asked).toEqual([join(dir, 'a.txt'), join(dir, 'a.txt')]);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['a.txt']);
    // Outside the work, writes are not fenced.
    expect(E.isRight(await writeFileAtomic(join(dir, 'b.txt'), 'free'))).toBe(true);
    expect(asked).toHaveLength(2);
  });
});
