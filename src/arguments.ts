/**
 * Checking the arguments of a public entry point before it reads them: a missing, null or
 * wrongly-typed argument (from JavaScript, or a value cast past the type checker) is an error
 * value naming the parameter, not a `TypeError` from deep inside (docs/errors.md).
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { describeValue } from './decode.js';
import type { GoldNasError, GoldNasErrorTag } from './errors.js';
import { goldNasError } from './errors.js';

/**
 * What an argument must be. A trailing `?` also allows `undefined` (an optional parameter; `null`
 * is still refused, as a default parameter does not replace it).
 *
 * - `object`: a non-null object (not an array);
 * - `array`: an array;
 * - `string`: a string; `text` a non-empty one;
 * - `bytes`: a `Uint8Array`;
 * - `function`: a function;
 * - `iterable`: anything a `for … of` walks (an array, a generator).
 *
 * @internal
 */
export type ArgumentKind = 'object' | 'array' | 'string' | 'text' | 'bytes' | 'function' | 'iterable';

/** One argument: its value, what it must be, and optionally what it is (for the message), e.g. `a decoded configuration (decodeSearchConfig)`. @internal */
export type ArgumentSpec = readonly [value: unknown, kind: ArgumentKind | `${ArgumentKind}?`, what?: string];

const KIND_TEXT: Record<ArgumentKind, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  text: 'a non-empty string',
  bytes: 'a Uint8Array',
  function: 'a function',
  iterable: 'an iterable',
};

function isKind(value: unknown, kind: ArgumentKind): boolean {
  switch (kind) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'text':
      return typeof value === 'string' && value !== '';
    case 'bytes':
      return value instanceof Uint8Array;
    case 'function':
      return typeof value === 'function';
    case 'iterable':
      return value !== null && value !== undefined && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  }
}

/**
 * Checks a function's arguments, in order; the first one that is not what it must be is an error
 * at its parameter name.
 *
 * @param fn - the function's public name, for the message.
 * @param args - each parameter's name and {@link ArgumentSpec}, in order.
 * @param tag - the error's tag (default `ConfigError`; e.g. `CheckpointError` for a decoder of checkpoint bytes).
 * @returns nothing, or the error: `<name>: <fn> needs <kind> (<what>), got <value>`.
 * @internal
 */
export function checkArguments(fn: string, args: Readonly<Record<string, ArgumentSpec>>, tag: GoldNasErrorTag = 'ConfigError'): Either<GoldNasError, void> {
  for (const [name, [value, spec, what]] of Object.entries(args)) {
    const optional = spec.endsWith('?');
    const kind = (optional ? spec.slice(0, -1) : spec) as ArgumentKind;
    if ((optional && value === undefined) || isKind(value, kind)) continue;
    const got = value === undefined ? 'nothing (the argument is missing)' : value === null ? 'null' : Array.isArray(value) ? 'an array' : describeValue(value);
    return E.left(goldNasError(tag, name, `${fn} needs ${KIND_TEXT[kind]}${what === undefined ? '' : ` (${what})`} here, got ${got}`));
  }
  return E.right(undefined);
}
