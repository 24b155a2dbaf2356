/**
 * The argument check of the run-directory entry points (`searchInDirectory`, `retrainInDirectory`,
 * `planRetrain`): an options object, a non-empty directory (an empty one would resolve to the
 * current directory) and, for a run that trains, the tfjs namespace.
 *
 * @module
 * @internal
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { checkArguments } from '../arguments.js';
import type { GoldNasError } from '../errors.js';

/**
 * Checks a run-directory function's options before any of them is read.
 *
 * @param fn - the public function's name, for messages.
 * @param options - the options as given.
 * @param needsTf - whether the function trains (and so needs `options.tf`); default true.
 * @returns nothing, or a `ConfigError` at `options`, `dir` or `tf`.
 * @internal
 */
export function checkRunOptions(fn: string, options: unknown, needsTf = true): Either<GoldNasError, void> {
  const o = (typeof options === 'object' && options !== null ? options : {}) as { readonly dir?: unknown; readonly tf?: unknown };
  return checkArguments(fn, {
    options: [options, 'object', 'the run options'],
    dir: [o.dir, 'text', 'the run directory'],
    ...(needsTf ? { tf: [o.tf, 'object', 'the tfjs namespace, its backend ready'] as const } : {}),
  });
}
