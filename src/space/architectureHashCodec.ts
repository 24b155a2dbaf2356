/**
 * Architecture hashes as they appear in files: candidate ids in `pareto.json`, in search
 * checkpoints and in re-training jobs, which also name files (`architectures/<hash>.json`, …). A
 * value that is not 16 lowercase hex digits is refused where it is read, so that no path is ever
 * built from it (`../../tmp/x` would write outside the run directory).
 *
 * @module
 */
import * as t from 'io-ts';
import { describeValue } from '../decode.js';

/** 16 lowercase hex digits: what `architectureHash` returns. */
const HASH = /^[0-9a-f]{16}$/;

/**
 * Whether a value is an architecture hash (16 lowercase hex digits, as `architectureHash` gives).
 *
 * @param value - any value.
 * @returns true for a hash, so a path built from it stays inside its directory.
 *
 * @example
 * ```ts
 * import { isArchitectureHash } from 'gold-nas';
 * isArchitectureHash('0123456789abcdef'); // true
 * isArchitectureHash('../../tmp/x'); // false
 * ```
 * @since 0.2.0
 */
export function isArchitectureHash(value: unknown): value is string {
  return typeof value === 'string' && HASH.test(value);
}

/**
 * The codec of a candidate id: an architecture hash, refused otherwise with
 * `must be an architecture hash (16 hex digits), got "…"`.
 *
 * @example
 * ```ts
 * import { ArchitectureHashCodec, decodeWith } from 'gold-nas';
 * decodeWith(ArchitectureHashCodec, '../x'); // Left: must be an architecture hash (16 hex digits), got "../x"
 * ```
 * @since 0.2.0
 */
export const ArchitectureHashCodec: t.Type<string, string, unknown> = new t.Type<string, string, unknown>(
  'architecture hash',
  isArchitectureHash,
  (u, c) => (isArchitectureHash(u) ? t.success(u) : t.failure(u, c, `must be an architecture hash (16 hex digits), got ${describeValue(u)}`)),
  t.identity,
);
