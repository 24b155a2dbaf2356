/**
 * Decoding unknown values (parsed JSON, config files, CLI input) with io-ts codecs into
 * `Either<GoldNasError, A>`, with a dotted path and a readable message per failure.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { GoldNasError } from './errors.js';
import { goldNasError } from './errors.js';

/** Types whose context keys are member indices rather than field names. */
const TRANSPARENT_TAGS = new Set(['UnionType', 'IntersectionType']);

/** How many further failures a message lists after the first one. */
const MAX_EXTRA = 3;

/** How many failures of one value are described (deduplicated, then the first few listed); the others are only counted. */
const MAX_DESCRIBED = 1000;

/**
 * How deep a decoded value may nest (objects and arrays): far more than any configuration,
 * checkpoint state or run file has, and far less than would overflow the stack of a recursive
 * codec or of `JSON.stringify`.
 */
const MAX_DECODE_DEPTH = 64;

/** The depth of a value's deepest object or array (0 for a scalar), walked without recursion; stops counting past `limit`. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return deepest;
}

function joinPath(a: string, b: string): string {
  return a === '' ? b : b === '' ? a : `${a}.${b}`;
}

/** The dotted path of a validation error, skipping the root entry and union/intersection member indices. */
function contextPath(context: t.Context): string {
  const keys: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]!.type as { readonly _tag?: string };
    if (parent._tag !== undefined && TRANSPARENT_TAGS.has(parent._tag)) continue;
    keys.push(context[i]!.key);
  }
  return keys.filter((k) => k !== '').join('.');
}

/**
 * A short rendering of an offending value for an error message (JSON, cut at 60 characters).
 *
 * @param value - any value.
 * @returns a short description.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    // A value too deep or too big for JSON.stringify is too deep for String() as well.
    try {
      json = String(value);
    } catch {
      return Array.isArray(value) ? 'an array too deeply nested to show' : 'a value too deeply nested to show';
    }
  }
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function errorMessage(error: t.ValidationError): string {
  if (error.message !== undefined) return error.message;
  const last = error.context[error.context.length - 1];
  const expected = last === undefined ? 'a different value' : last.type.name;
  return `expected ${expected}, got ${describeValue(error.value)}`;
}

/**
 * Decodes an unknown value with an io-ts codec. Failures become one `DecodeError` whose `path`
 * is the dotted path of the first failure (prefixed by `rootPath`), and whose message says what
 * was expected and what was found, then lists up to three further failures.
 *
 * Codecs can attach their own message with `t.failure(value, context, message)`; it is used as is.
 *
 * @param codec - the io-ts codec.
 * @param value - the value to decode (typically parsed JSON).
 * @param rootPath - a prefix for every path, e.g. `layout` when decoding the `layout` field of a bigger config.
 * @returns the decoded value, or a `DecodeError` with a path and a message.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { decodeWith, formatError } from 'gold-nas';
 * const r = decodeWith(t.type({ channels: t.number }), { channels: 'sixteen' }, 'layout');
 * if (r._tag === 'Left') console.log(formatError(r.left)); // layout.channels: expected number, got "sixteen"
 * ```
 * @since 0.1.0
 */
export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, value: unknown, rootPath = ''): E.Either<GoldNasError, A> {
  // Bounded before decoding: the codecs recurse, and a [[[[…]]]] of 100,000 levels would overflow the stack.
  if (nestingDepth(value, MAX_DECODE_DEPTH) > MAX_DECODE_DEPTH) {
    return E.left(goldNasError('DecodeError', rootPath, `the value is nested more than ${MAX_DECODE_DEPTH} levels deep (objects and arrays); no gold-nas file or configuration is`));
  }
  const result = codec.decode(value);
  if (E.isRight(result)) return result;
  const seen = new Set<string>();
  const problems: { readonly path: string; readonly message: string }[] = [];
  // A value with 100,000 bad elements gets the first ones described and the rest counted.
  const described = result.left.slice(0, MAX_DESCRIBED);
  const undescribed = result.left.length - described.length;
  for (const error of described) {
    const path = joinPath(rootPath, contextPath(error.context));
    const message = errorMessage(error);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message });
  }
  const [first, ...rest] = problems;
  if (first === undefined) return E.left(goldNasError('DecodeError', rootPath, 'the value could not be decoded'));
  const extra = rest.slice(0, MAX_EXTRA).map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`));
  const others = Math.max(0, rest.length - MAX_EXTRA) + undescribed;
  const more = others > 0 ? [`and ${others} more`] : [];
  const message = extra.length === 0 ? first.message : `${first.message} (also: ${[...extra, ...more].join('; ')})`;
  return E.left(goldNasError('DecodeError', first.path, message));
}
