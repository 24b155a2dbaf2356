/**
 * The one error union of gold-nas. Every function that can fail returns an
 * `Either<GoldNasError, A>` (a `Promise` of one when it is asynchronous) carrying one of these values (docs/errors.md).
 *
 * @module
 */

/**
 * What went wrong, as a tag a program can switch on.
 *
 * - `DecodeError`: a JSON value (config, architecture, genotype) is not of the expected shape.
 * - `ArchitectureError`: an architecture is well-formed JSON but breaks the space's rules.
 * - `ConfigError`: a configuration value is out of range or inconsistent.
 * - `ShapeError`: a tensor has the wrong shape for the network it is fed to.
 * - `BackendError`: a backend could not be loaded or lacks something.
 * - `IoError`: a file could not be read or written.
 * - `CheckpointError`: a checkpoint is corrupt or belongs to another run.
 * - `DataError`: a dataset file is missing, truncated or malformed.
 * - `DependencyError`: an optional peer package that the call needs is not installed (the message
 *   gives the `npm install` command).
 *
 * @since 0.1.0
 */
export type GoldNasErrorTag =
  | 'DecodeError'
  | 'ArchitectureError'
  | 'ConfigError'
  | 'ShapeError'
  | 'BackendError'
  | 'IoError'
  | 'CheckpointError'
  | 'DataError'
  | 'DependencyError';

/**
 * An error value: a tag, the path of the offending field or file, and a message a person can act on.
 *
 * @example
 * ```ts
 * import { goldNasError } from 'gold-nas';
 * const e = goldNasError('ConfigError', 'search.batchSize', 'must be a positive integer, got -3');
 * console.log(`${e.path}: ${e.message}`);
 * ```
 * @since 0.1.0
 */
export interface GoldNasError {
  /** What kind of failure this is. */
  readonly _tag: GoldNasErrorTag;
  /** Where: a dotted field path (`cells.3.edges.0.op`) or a file path. Empty when not applicable. */
  readonly path: string;
  /** What is wrong and, where possible, how to fix it. */
  readonly message: string;
}

/**
 * Builds a {@link GoldNasError}.
 *
 * @param tag - the kind of failure.
 * @param path - where it happened (field path or file path).
 * @param message - what is wrong, in words a person can act on.
 * @returns the error value.
 *
 * @example
 * ```ts
 * import { goldNasError } from 'gold-nas';
 * goldNasError('DataError', '/data/cifar/data_batch_1.bin', 'file is 1000 bytes, expected 30730000');
 * ```
 * @since 0.1.0
 */
export function goldNasError(tag: GoldNasErrorTag, path: string, message: string): GoldNasError {
  return { _tag: tag, path, message };
}

/**
 * Formats an error for a terminal: `path: message`, or just the message when there is no path.
 *
 * @param e - the error.
 * @returns one line of text.
 *
 * @example
 * ```ts
 * import { formatError, goldNasError } from 'gold-nas';
 * formatError(goldNasError('ConfigError', 'lr', 'must be > 0')); // 'lr: must be > 0'
 * ```
 * @since 0.1.0
 */
export function formatError(e: GoldNasError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

/**
 * The exception thrown by `*OrThrow` helpers; it carries the {@link GoldNasError} it was made from.
 *
 * @example
 * ```ts
 * import { GoldNasException, goldNasError } from 'gold-nas';
 * try {
 *   throw new GoldNasException(goldNasError('ShapeError', 'input', 'expected [N,32,32,3]'));
 * } catch (e) {
 *   if (e instanceof GoldNasException) console.log(e.error._tag);
 * }
 * ```
 * @since 0.1.0
 */
export class GoldNasException extends Error {
  /** The error value. */
  readonly error: GoldNasError;
  /**
   * @param error - the error value to carry.
   */
  constructor(error: GoldNasError) {
    super(formatError(error));
    this.name = 'GoldNasException';
    this.error = error;
  }
}
