/**
 * Decoding the JSON state a checkpoint carries: every loop declares its state as an io-ts codec,
 * and a state that does not decode is refused with a `CheckpointError` naming the field.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec } from '../codecs.js';
import type { BatchCursor } from '../data/batches.js';
import { decodeWith, describeValue } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * The codec of a batch cursor in a checkpoint: `{ epoch, index }`, whole numbers ≥ 0.
 *
 * @example
 * ```ts
 * import { BatchCursorCodec, decodeWith } from 'gold-nas';
 * decodeWith(BatchCursorCodec, { epoch: 2, index: 5 }); // Right
 * ```
 * @since 0.2.0
 */
export const BatchCursorCodec: t.Type<BatchCursor, BatchCursor, unknown> = closedType('BatchCursor', {
  epoch: integerCodec({ min: 0 }),
  index: integerCodec({ min: 0 }),
});

/**
 * A number in a checkpoint's JSON state: JSON has no NaN and writes it as null, so null decodes to
 * NaN (and NaN encodes to null).
 *
 * @example
 * ```ts
 * import { JsonNumberCodec, decodeWith } from 'gold-nas';
 * decodeWith(JsonNumberCodec, null); // Right(NaN)
 * ```
 * @since 0.2.0
 */
export const JsonNumberCodec: t.Type<number, number | null, unknown> = new t.Type<number, number | null, unknown>(
  'number',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'number' ? t.success(u) : u === null ? t.success(NaN) : t.failure(u, c, `expected a number, got ${describeValue(u)}`)),
  (n) => (Number.isNaN(n) ? null : n),
);

/**
 * Decodes a checkpoint's state (or part of it) with its codec. Any failure is a `CheckpointError`
 * whose path starts with `path` and names the first bad field.
 *
 * @param codec - the state's codec.
 * @param value - the state as read from the checkpoint.
 * @param path - where the value sits (default `state`).
 * @returns the decoded state, or a `CheckpointError` such as `state.cursor.index: must be an integer >= 0, got -1`.
 *
 * @example
 * ```ts
 * import { decodeCheckpointState, BatchCursorCodec } from 'gold-nas';
 * decodeCheckpointState(BatchCursorCodec, { epoch: 0 }, 'state.cursor'); // Left: CheckpointError at state.cursor.index
 * ```
 * @since 0.2.0
 */
export function decodeCheckpointState<A, O>(codec: t.Type<A, O, unknown>, value: unknown, path = 'state'): Either<GoldNasError, A> {
  return E.mapLeft((e: GoldNasError) => goldNasError('CheckpointError', e.path,
    `the checkpoint's state does not fit this version of gold-nas or is damaged: ${e.message}`))(decodeWith(codec, value, path));
}
