/**
 * Creating a directory and its missing parents one level at a time, with errors as values.
 * Node's `mkdir(…, { recursive: true })` loops forever on some errors (a path under `/proc`, where
 * `mkdir` says ENOENT for a parent that exists); this never takes more steps than the path has
 * levels, and says which level failed and why.
 *
 * @module
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/** Whether `path` is a directory (false when it does not exist); other failures (EACCES) are thrown. */
async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw e;
  }
}

/**
 * Makes `dir` and every missing parent, one level at a time. A path that exists as a file, a
 * parent that cannot be written, or a file system that refuses (`/proc`) is an `IoError` naming the
 * level that failed; an existing directory is fine.
 *
 * @param dir - the directory to make.
 * @returns `Right` once `dir` is a directory, or the error.
 * @internal
 */
export async function makeDirectory(dir: string): Promise<Either<GoldNasError, void>> {
  const target = resolve(dir);
  // The levels to make, from the deepest existing ancestor down.
  const missing: string[] = [];
  let at = target;
  try {
    while (!(await isDirectory(at))) {
      missing.unshift(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
    }
    for (const level of missing) {
      try {
        await mkdir(level);
      } catch (e) {
        // Made meanwhile by someone else: fine if it is a directory.
        if ((e as NodeJS.ErrnoException).code === 'EEXIST' && (await isDirectory(level))) continue;
        throw Object.assign(e as Error, { level });
      }
    }
    return E.right(undefined);
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { level?: string };
    const level = error.level ?? at;
    const reason = error.code === 'EEXIST' ? 'a file of that name exists, not a directory' : error.message;
    return E.left(goldNasError('IoError', level, `could not create the directory: ${reason}`));
  }
}
