/**
 * The checkpoint format: one self-checking binary blob holding named float32 arrays and a JSON
 * state. Pure and browser-safe (store the bytes in a file, IndexedDB, anywhere).
 *
 * Layout: the 8-byte magic `GNASCKPT`, a u32 format version, a u32 header length, the UTF-8 JSON
 * header (padded to 4 bytes), the float32 data, and a u32 FNV-1a checksum of everything before it.
 * All integers are little-endian.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { integerCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { checkArguments } from '../arguments.js';

/**
 * What a checkpoint holds: a kind tag, a JSON state, and named float32 arrays.
 *
 * @since 0.1.0
 */
export interface CheckpointContents {
  /** What wrote it, e.g. `search` or `retrain`; checked on load. */
  readonly kind: string;
  /** A fingerprint of the configuration that wrote it; a resume checks it matches. */
  readonly fingerprint: string;
  /** Any JSON-serialisable state (step, scheduler state, RNG state, data cursor, …). */
  readonly state: unknown;
  /** Named arrays (weights, α, optimiser buffers) with their shapes. */
  readonly arrays: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[]; readonly values: Float32Array }>;
}

const MAGIC = 'GNASCKPT';
const VERSION = 1;

/**
 * FNV-1a over bytes, 32-bit.
 *
 * @param bytes - the data.
 * @returns the hash as an unsigned 32-bit integer.
 */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Encodes a checkpoint into one self-checking byte array.
 *
 * @param contents - what to store.
 * @returns the bytes.
 *
 * @example
 * ```ts
 * import { encodeCheckpoint, decodeCheckpoint } from 'gold-nas';
 * const bytes = encodeCheckpoint({ kind: 'search', fingerprint: 'abc', state: { step: 3 }, arrays: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }] });
 * decodeCheckpoint(bytes, { kind: 'search', fingerprint: 'abc' }); // Right
 * ```
 * @since 0.1.0
 */
export function encodeCheckpoint(contents: CheckpointContents): Uint8Array {
  let offset = 0;
  const index = contents.arrays.map((a) => {
    const entry = { name: a.name, shape: a.shape, offset, length: a.values.length };
    offset += a.values.length;
    return entry;
  });
  const header = new TextEncoder().encode(
    JSON.stringify({ kind: contents.kind, fingerprint: contents.fingerprint, state: contents.state, arrays: index }),
  );
  const headerPadded = Math.ceil(header.length / 4) * 4;
  const total = 8 + 4 + 4 + headerPadded + offset * 4 + 4;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, header.length, true);
  bytes.set(header, 16);
  const dataStart = 16 + headerPadded;
  const data = new Float32Array(bytes.buffer, dataStart, offset);
  contents.arrays.forEach((a, i) => data.set(a.values, index[i]!.offset));
  view.setUint32(total - 4, fnv1a32(bytes.subarray(0, total - 4)), true);
  return bytes;
}

/** The JSON header: checked field by field, since a checksum proves only that the bytes are the ones written, not that a gold-nas wrote them. */
const HeaderCodec = t.type({
  kind: t.string,
  fingerprint: t.string,
  state: t.unknown,
  arrays: t.array(t.type({ name: t.string, shape: t.array(integerCodec({ min: 0 })), offset: integerCodec({ min: 0 }), length: integerCodec({ min: 0 }) }), 'array index'),
});

/**
 * Decodes and verifies a checkpoint. A wrong magic, version, checksum, kind or fingerprint gives
 * a `CheckpointError` saying which.
 *
 * @param bytes - the stored bytes.
 * @param expect - the kind and fingerprint the caller needs (omit `fingerprint` to accept any).
 * @returns the contents, or why they cannot be used.
 *
 * @example
 * ```ts
 * import { decodeCheckpoint } from 'gold-nas';
 * decodeCheckpoint(new Uint8Array(3), { kind: 'search' }); // Left: too short to be a checkpoint
 * ```
 * @since 0.1.0
 */
export function decodeCheckpoint(
  bytes: Uint8Array,
  expect: { readonly kind: string; readonly fingerprint?: string },
): E.Either<GoldNasError, CheckpointContents> {
  const fail = (message: string): E.Either<GoldNasError, never> => E.left(goldNasError('CheckpointError', '', message));
  const args = checkArguments('decodeCheckpoint', { bytes: [bytes, 'bytes', 'the stored checkpoint'], expect: [expect, 'object', 'the kind and fingerprint to accept'] }, 'CheckpointError');
  if (E.isLeft(args)) return args;
  if (bytes.length < 20) return fail(`the file is ${bytes.length} bytes, too short to be a gold-nas checkpoint`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail('not a gold-nas checkpoint (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) return fail(`checkpoint format version ${version} is not supported (this gold-nas reads version ${VERSION})`);
  const stored = view.getUint32(bytes.length - 4, true);
  if (fnv1a32(bytes.subarray(0, bytes.length - 4)) !== stored) return fail('the checkpoint is corrupt (checksum mismatch): it was truncated or altered');
  const headerLength = view.getUint32(12, true);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)));
  } catch {
    return fail('the checkpoint header is not valid JSON');
  }
  const decoded = decodeWith(HeaderCodec, json);
  if (E.isLeft(decoded)) return fail(`the checkpoint header is damaged: ${decoded.left.path === '' ? '' : `${decoded.left.path}: `}${decoded.left.message}`);
  const header = decoded.right;
  if (header.kind !== expect.kind) return fail(`this is a '${header.kind}' checkpoint, not a '${expect.kind}' one`);
  if (expect.fingerprint !== undefined && header.fingerprint !== expect.fingerprint) {
    return fail(`the checkpoint belongs to a different configuration (fingerprint ${header.fingerprint}, expected ${expect.fingerprint})`);
  }
  const dataStart = bytes.byteOffset + 16 + Math.ceil(headerLength / 4) * 4;
  const floats = (bytes.length - 4 - (16 + Math.ceil(headerLength / 4) * 4)) / 4;
  const index = checkArrayIndex(header.arrays, floats);
  if (E.isLeft(index)) return index;
  // Copy into an aligned buffer: the input may sit at any byte offset.
  const data = new Float32Array(bytes.buffer.slice(dataStart, dataStart + floats * 4));
  const arrays = header.arrays.map((a) => ({ name: a.name, shape: a.shape, values: data.subarray(a.offset, a.offset + a.length) }));
  return E.right({ kind: header.kind, fingerprint: header.fingerprint, state: header.state, arrays });
}

/**
 * Checks a decoded header's array index against its data: every array's values lie within the
 * `floats` values of the data and its shape holds exactly its length (a header whose checksum was
 * recomputed after an edit must not read past the data, or give a short array).
 */
function checkArrayIndex(entries: t.TypeOf<typeof HeaderCodec>['arrays'], floats: number): E.Either<GoldNasError, void> {
  const fail = (path: string, message: string): E.Either<GoldNasError, never> => E.left(goldNasError('CheckpointError', path, message));
  if (!Number.isInteger(floats) || floats < 0) return fail('', 'the checkpoint header claims a length that does not leave whole float32 values after it: it was altered');
  for (const [i, a] of entries.entries()) {
    if (a.offset + a.length > floats) {
      return fail(`arrays.${i}`, `array '${a.name}' runs past the data (values ${a.offset} to ${a.offset + a.length}, the checkpoint holds ${floats}): it was altered`);
    }
    if (a.shape.reduce((n, d) => n * d, 1) !== a.length) return fail(`arrays.${i}`, `array '${a.name}' has a shape that does not hold its ${a.length} values`);
  }
  return E.right(undefined);
}
