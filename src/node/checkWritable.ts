/**
 * Checking, before any work, that a directory can be written: a run that resumes into a directory
 * it cannot write would otherwise find out at its first checkpoint, after hundreds of steps.
 *
 * @module
 */
import { open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * Checks that `dir` is a directory this process can create files in, by creating and removing a
 * small file there (permission bits alone do not say: root ignores them, a read-only mount does not
 * show in them).
 *
 * @param dir - the directory.
 * @param optional - a directory that does not exist yet is fine (it is made when first written).
 * @returns `Right`, or an `IoError` at `dir`: not a directory, or cannot be written (and why).
 * @internal
 */
export async function checkWritableDirectory(dir: string, optional = false): Promise<Either<GoldNasError, void>> {
  try {
    if (!(await stat(dir)).isDirectory()) return E.left(goldNasError('IoError', dir, 'is not a directory (a file of that name is in the way); move it away'));
  } catch (e) {
    if (optional && (e as NodeJS.ErrnoException).code === 'ENOENT') return E.right(undefined);
    return E.left(goldNasError('IoError', dir, `cannot be read: ${(e as Error).message}`));
  }
  const probe = join(dir, `.gold-nas-write-check.${process.pid}.tmp`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (e) {
    return E.left(goldNasError('IoError', dir, `cannot be written: ${(e as Error).message}; the run's files go there`));
  }
  await unlink(probe).catch(() => undefined);
  return E.right(undefined);
}
