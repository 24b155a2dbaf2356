/**
 * Run-directory housekeeping: a new directory claimed exclusively (two runs started in the same
 * second get two directories), and the temporary files a killed process left, removed. Only
 * temporaries of `writeFileAtomic` (`.<name>.<pid>.<time>.tmp`) whose target is one of the caller's
 * own files, and whose process has ended, are removed; nothing else is touched.
 *
 * @module
 */
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { temporaryTarget } from './atomicWrite.js';
import { processAlive } from './runLock.js';

/**
 * Creates a new directory at `path`, or at `path-2`, `path-3`, … when that exists (made with an
 * exclusive `mkdir`, so two processes never get the same one). Parent folders are created.
 *
 * @param path - the directory wanted.
 * @returns the directory made.
 * @internal
 */
export async function claimNewDirectory(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? path : `${path}-${n}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw e;
    }
  }
}

/**
 * Removes the temporaries that `writeFileAtomic` left in `dir` (not in sub-folders) when its
 * process was killed: files named `.<target>.<pid>.<time>.tmp` whose target `owns` accepts and whose
 * process has ended (or is this one, which writes nothing while this runs). Other files are kept.
 *
 * @param dir - the folder.
 * @param owns - whether a target file name is one of the caller's files.
 * @returns the names removed.
 * @internal
 */
export async function removeOrphanTemporaries(dir: string, owns: (target: string) => boolean): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of entries) {
    const t = temporaryTarget(name);
    if (t === null || !owns(t.target) || (t.pid !== process.pid && processAlive(t.pid))) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
