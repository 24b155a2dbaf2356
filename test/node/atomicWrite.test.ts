import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { writeFileAtomic, writeJsonAtomic } from '../../src/node/atomicWrite.js';

describe('writeFileAtomic', () => {
  it('creates parent folders and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gnas-'));
    const target = join(dir, 'a', 'b', 'x.json');
    expect(E.isRight(await writeJsonAtomic(target, { n: 1n }))).toBe(true);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ n: '1' });
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['x.json']);
  });

  it('reports an IoError, keeps what was there and cleans up its temporary file when the rename fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gnas-'));
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'old');
    const r = await writeFileAtomic(target, 'new');
    expect(E.isLeft(r) && r.left._tag === 'IoError' && r.left.path === target).toBe(true);
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['occupied']);
  });
});
