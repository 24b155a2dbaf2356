/**
 * An exclusive lock on a run directory (or on one candidate's re-training in it): a lock file made
 * with an exclusive create (`O_EXCL`) holding the process id, the host and the start time. A second
 * process is refused with the holder's pid; a lock left by a process that has ended on this host (a
 * kill, a crash) is taken over; the lock file is removed on every way out of the process that
 * Node sees (return, error, `process.exit`).
 *
 * @module
 */
import { unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * The lock file of a run directory.
 *
 * @since 0.2.0
 */
export const RUN_LOCK_FILE = 'gold-nas.lock';

/**
 * Who holds a lock, as its lock file says.
 *
 * @since 0.2.0
 */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took the lock (ISO 8601). */
  readonly started: string;
  /** What the holder is doing (`search`, `retrain 0123456789abcdef`). */
  readonly work?: string;
}

/**
 * A lock this process holds.
 *
 * @since 0.2.0
 */
export interface RunLock {
  /** The lock file. */
  readonly path: string;
  /** The holder whose stale lock (its process had ended) this one replaced, or null. */
  readonly tookOver: LockHolder | null;
  /** Removes the lock file (once; later calls do nothing). */
  release(): Promise<void>;
}

/** The lock files this process holds, removed when it exits. */
const held = new Set<string>();
let exitHook = false;

function removeHeldOnExit(): void {
  for (const path of held) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
  held.clear();
}

/**
 * Whether a process with this id runs on this host (one that exists but is not ours counts).
 *
 * @param pid - the process id.
 * @returns true when it runs.
 * @internal
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder> | null;
    if (value === null || typeof value !== 'object' || typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return { pid: value.pid, host: value.host, started: String(value.started ?? '?'), ...(typeof value.work === 'string' ? { work: value.work } : {}) };
  } catch {
    return null;
  }
}

function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host}${h.work === undefined ? '' : ` (${h.work})`}, since ${h.started}`;
}

/** Whether a holder is a process of this host that has ended (its lock can be taken over). */
function isStale(h: LockHolder, path: string): boolean {
  return h.host === hostname() && !(h.pid === process.pid ? held.has(path) : processAlive(h.pid));
}

/** The refusal a holder's lock means, or null when it is stale (can be taken over). */
function refusal(path: string, holder: LockHolder | null): GoldNasError | null {
  const breakIt = `if that process is gone, delete ${path} (a stale lock, whose process has ended on this host, is taken over automatically)`;
  if (holder === null) return goldNasError('IoError', path, `the directory is locked by a lock file that cannot be read (being written, or damaged); ${breakIt}`);
  if (isStale(holder, path)) return null;
  return goldNasError('IoError', path, `in use by another gold-nas process: ${describeHolder(holder)}; wait for it to end, or ${breakIt}`);
}

/**
 * Whether the lock file `path` is held by a process that runs, without taking it (nothing is written).
 *
 * @param path - the lock file.
 * @returns the refusal the lock means, or null when there is no lock or it is stale.
 * @internal
 */
export async function lockRefusal(path: string): Promise<GoldNasError | null> {
  try {
    await stat(path);
  } catch {
    return null;
  }
  return refusal(path, await readHolder(path));
}

/**
 * Takes the lock file `path` for `work`, or says who holds it. A lock whose holder was a process of
 * this host that has ended is taken over (`tookOver` names it); a live holder, or one on another
 * host, is an `IoError` naming its pid and host, and the file to delete if that process is gone.
 *
 * @param path - the lock file (`<run dir>/gold-nas.lock`, or a candidate's).
 * @param work - what the lock is for, written into it (`search`, `retrain <id>`).
 * @returns the lock, or the refusal.
 *
 * @example
 * ```ts
 * import { lockFile } from 'gold-nas/node';
 * const lock = await lockFile('runs/a/gold-nas.lock', 'my work');
 * if (lock._tag === 'Right') await lock.right.release();
 * ```
 * @since 0.2.0
 */
export async function lockFile(path: string, work: string): Promise<Either<GoldNasError, RunLock>> {
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), work };
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
      } finally {
        await handle.close();
      }
      held.add(path);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', removeHeldOnExit);
      }
      let released = false;
      return E.right({
        path,
        tookOver,
        release: async () => {
          if (released) return;
          released = true;
          held.delete(path);
          await unlink(path).catch(() => undefined);
        },
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return E.left(goldNasError('IoError', path, `could not create the lock file: ${(e as Error).message}`));
    }
    const holder = await readHolder(path);
    const refused = refusal(path, holder);
    if (refused !== null || holder === null) return E.left(refused!);
    // A stale lock: one process takes it over (the guard is made exclusively too), the others are refused above on their next look.
    const guard = `${path}.takeover`;
    try {
      await (await open(guard, 'wx')).close();
    } catch {
      return E.left(goldNasError('IoError', path, `another process is taking over the stale lock of ${describeHolder(holder)}; try again, or delete ${guard} if no process is`));
    }
    try {
      const again = await readHolder(path);
      if (again !== null && again.pid === holder.pid && again.host === holder.host && again.started === holder.started) await unlink(path).catch(() => undefined);
    } finally {
      await unlink(guard).catch(() => undefined);
    }
    tookOver = holder;
  }
  return E.left(goldNasError('IoError', path, 'could not take the lock (it changed hands while being taken over); try again'));
}

/**
 * How a taken-over stale lock is reported to the user.
 *
 * @param lock - the lock.
 * @returns the warning, or null when the lock was free.
 * @internal
 */
export function tookOverWarning(lock: RunLock): string | null {
  return lock.tookOver === null ? null : `${lock.path}: took over the stale lock of ${describeHolder(lock.tookOver)} (that process has ended)`;
}
