/**
 * Reading text and JSON files with errors as values (Node only).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * Reads a UTF-8 file; a missing file is `Right(null)`, any other failure an `IoError` at `label`.
 *
 * @param path - the file.
 * @param label - the path errors name (default `path`), for example the name the user typed.
 * @returns the text, `null` when there is no such file, or the error.
 */
export async function readTextFile(path: string, label: string = path): Promise<Either<GoldNasError, string | null>> {
  try {
    return E.right(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return E.right(null);
    return E.left(goldNasError('IoError', label, `could not read the file: ${(e as Error).message}`));
  }
}

/**
 * Reads and parses a JSON file: a missing file is an `IoError` with the `missing` message, bad JSON
 * a `DecodeError` with the parser's message, both at `label`.
 *
 * @param path - the file.
 * @param missing - what to say when the file does not exist (default `no such file`).
 * @param label - the path errors name (default `path`).
 * @returns the parsed value (not yet decoded) or the error.
 */
export async function readJsonFile(path: string, missing = 'no such file', label: string = path): Promise<Either<GoldNasError, unknown>> {
  const text = await readTextFile(path, label);
  if (E.isLeft(text)) return text;
  if (text.right === null) return E.left(goldNasError('IoError', label, missing));
  try {
    return E.right(JSON.parse(text.right) as unknown);
  } catch (e) {
    return E.left(goldNasError('DecodeError', label, `not valid JSON: ${(e as Error).message}`));
  }
}
