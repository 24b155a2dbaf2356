/**
 * Atomic file writes: write a temporary file beside the target, flush it to disk, then rename it
 * over the target. A reader (or a killed process) sees the old file or the new one, never half of one.
 *
 * @module
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { makeDirectory } from './makeDirectory.js';
import { checkWriteFence } from './writeFence.js';

/**
 * Writes `data` to `path` atomically (temporary file, fsync, rename), creating parent folders.
 * Inside `withWriteFence`, the fence is asked just before the rename; a refusal leaves the target
 * untouched and is returned.
 *
 * @param path - the target file.
 * @param data - the bytes or text to write.
 * @returns `Right(undefined)`, or an `IoError` naming the file; on failure the target is untouched.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<E.Either<GoldNasError, void>> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const made = await makeDirectory(dirname(path));
    if (E.isLeft(made)) return made;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const fenced = await checkWriteFence(path);
    if (E.isLeft(fenced)) {
      await unlink(tmp).catch(() => undefined);
      return fenced;
    }
    await rename(tmp, path);
    return E.right(undefined);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return E.left(goldNasError('IoError', path, `could not write the file: ${(e as Error).message}`));
  }
}

/**
 * Writes a value as pretty-printed JSON, atomically.
 *
 * @param path - the target file.
 * @param value - any JSON-serialisable value (bigints are written as strings).
 * @returns `Right(undefined)`, or an `IoError`.
 */
export function writeJsonAtomic(path: string, value: unknown): Promise<E.Either<GoldNasError, void>> {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
  return writeFileAtomic(path, text);
}
