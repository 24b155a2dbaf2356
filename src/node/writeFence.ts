/**
 * A write fence: a check that every atomic file write of a piece of work makes just before its
 * rename, so that work which has lost the right to write (a queue worker whose job lock expired
 * and was handed to another worker) writes nothing more. The fence travels with the work's
 * asynchronous context (`AsyncLocalStorage`), so it covers every `writeFileAtomic` the work makes,
 * however deep, without being passed down; code outside a fenced context is not affected.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';

/**
 * Asked before each atomic write inside {@link withWriteFence}: `Right` lets the write happen, a
 * `Left` refuses it (the write returns that error and leaves the target untouched).

 */
export type WriteFence = (path: string) => Promise<Either<GoldNasError, void>>;

/** The fence of the current asynchronous context (the stores are per context, not global state). */
const fences = new AsyncLocalStorage<WriteFence>();

/**
 * Runs `work` with `fence` asked before every atomic file write it makes (see `writeFileAtomic`).
 *
 * @param fence - the check.
 * @param work - the work.
 * @returns what the work returns.
 *
 * @internal
 */
export function withWriteFence<A>(fence: WriteFence, work: () => Promise<A>): Promise<A> {
  return fences.run(fence, work);
}

/**
 * Asks the fence of the current context, if any, whether `path` may be written.
 *
 * @param path - the file about to be written.
 * @returns `Right` when there is no fence or it lets the write happen; its `Left` otherwise.
 *
 * @internal
 */
export function checkWriteFence(path: string): Promise<Either<GoldNasError, void>> {
  const fence = fences.getStore();
  return fence === undefined ? Promise.resolve(E.right(undefined)) : fence(path);
}
