/**
 * Reading text, binary and JSON files with errors as values (Node only).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/** Reads a file with `read`; a missing file is `Right(null)`, any other failure an `IoError` at `label`. */
async function readOrNull<A>(read: () => Promise<A>, label: string): Promise<Either<GoldNasError, A | null>> {
  try {
    return E.right(await read());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return E.right(null);
    return E.left(goldNasError('IoError', label, `could not read the file: ${(e as Error).message}`));
  }
}

/**
 * Reads a UTF-8 file; a missing file is `Right(null)`, any other failure an `IoError` at `label`.
 *
 * @param path - the file.
 * @param label - the path errors name (default `path`), for example the name the user typed.
 * @returns the text, `null` when there is no such file, or the error.
 */
export function readTextFile(path: string, label: string = path): Promise<Either<GoldNasError, string | null>> {
  return readOrNull(() => readFile(path, 'utf8'), label);
}

/**
 * Reads a binary file; a missing file is `Right(null)`, any other failure an `IoError` at `label`.
 *
 * @param path - the file.
 * @param label - the path errors name (default `path`).
 * @returns the bytes, `null` when there is no such file, or the error.
 */
export function readBytesFile(path: string, label: string = path): Promise<Either<GoldNasError, Uint8Array | null>> {
  return readOrNull(async () => new Uint8Array(await readFile(path)), label);
}

/**
 * Parses JSON text: bad JSON is a `DecodeError` at `label` with the parser's message, followed by
 * `hint` when given (`not valid JSON (<parser message>); <hint>`).
 *
 * @param text - the text.
 * @param label - the path the error names.
 * @param hint - what to do about a damaged file.
 * @returns the parsed value (not yet decoded) or the error.
 */
export function parseJsonText(text: string, label: string, hint?: string): Either<GoldNasError, unknown> {
  try {
    // A byte order mark (some Windows editors write one) is no part of the JSON.
    return E.right(JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown);
  } catch (e) {
    const reason = (e as Error).message;
    return E.left(goldNasError('DecodeError', label, hint === undefined ? `not valid JSON: ${reason}` : `not valid JSON (${reason}); ${hint}`));
  }
}

/**
 * Reads and parses a JSON file: a missing file is an `IoError` with the `missing` message, bad JSON
 * a `DecodeError` with the parser's message (and `hint`, see {@link parseJsonText}), both at `label`.
 *
 * @param path - the file.
 * @param missing - what to say when the file does not exist (default `no such file`).
 * @param label - the path errors name (default `path`).
 * @param hint - what to do about a damaged file (default: nothing).
 * @returns the parsed value (not yet decoded) or the error.
 */
export async function readJsonFile(path: string, missing = 'no such file', label: string = path, hint?: string): Promise<Either<GoldNasError, unknown>> {
  const text = await readTextFile(path, label);
  if (E.isLeft(text)) return text;
  if (text.right === null) return E.left(goldNasError('IoError', label, missing));
  return parseJsonText(text.right, label, hint);
}
