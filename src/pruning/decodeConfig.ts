/**
 * Internal: decodes a partial configuration with io-ts, fills defaults, rejects unknown fields,
 * and runs range checks, turning every failure into a {@link GoldNasError} with a field path.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { GoldNasError, GoldNasErrorTag } from '../errors.js';
import { goldNasError } from '../errors.js';

/** A range check: a field path and what is wrong with it, or `undefined` when the value is fine. */
export type RangeCheck<A> = (value: A) => readonly [path: string, message: string] | undefined;

function describe(u: unknown): string {
  if (typeof u === 'string') return JSON.stringify(u);
  if (u === undefined) return 'undefined';
  try {
    return JSON.stringify(u) ?? String(u);
  } catch {
    return String(u);
  }
}

/**
 * Decodes `input` as a partial object of `props`, fills missing fields from `defaults`, and checks ranges.
 *
 * @param props - the io-ts props of the full configuration.
 * @param defaults - values for the fields that may be left out.
 * @param input - the untrusted input.
 * @param where - the path prefix of reported errors (e.g. `pruning`).
 * @param checks - range checks run on the filled-in configuration, in order; the first failure is reported.
 * @param tag - the error tag for range failures (`ConfigError`, or `CheckpointError` for states).
 * @returns the configuration or the first error.
 * @internal
 */
export function decodeWithDefaults<P extends t.Props>(
  props: P,
  defaults: Partial<t.TypeOf<t.TypeC<P>>>,
  input: unknown,
  where: string,
  checks: readonly RangeCheck<t.TypeOf<t.TypeC<P>>>[],
  tag: GoldNasErrorTag = 'ConfigError',
): Either<GoldNasError, t.TypeOf<t.TypeC<P>>> {
  const at = (field: string): string => (where === '' ? field : field === '' ? where : `${where}.${field}`);
  const decodeTag: GoldNasErrorTag = tag === 'CheckpointError' ? tag : 'DecodeError';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return E.left(goldNasError(decodeTag, where, `expected an object, got ${describe(input)}`));
  }
  const unknownKeys = Object.keys(input).filter((k) => !Object.prototype.hasOwnProperty.call(props, k));
  if (unknownKeys.length > 0) {
    return E.left(goldNasError(decodeTag, at(unknownKeys[0]!), `unknown field; the known fields are ${Object.keys(props).join(', ')}`));
  }
  const partial = t.partial(props).decode(input);
  if (E.isLeft(partial)) {
    const err = partial.left[0]!;
    const path = err.context.map((c) => c.key).filter((k) => k !== '').join('.');
    const expected = err.context[err.context.length - 1]?.type.name ?? 'a valid value';
    return E.left(goldNasError(decodeTag, at(path), `expected ${expected}, got ${describe(err.value)}`));
  }
  const filled: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(partial.right)) if (v !== undefined) filled[k] = v;
  const missing = Object.keys(props).filter((k) => filled[k] === undefined);
  if (missing.length > 0) return E.left(goldNasError(decodeTag, at(missing[0]!), 'is required and has no default'));
  const full = t.type(props).decode(filled);
  if (E.isLeft(full)) return E.left(goldNasError(decodeTag, where, 'internal: defaults do not match the codec'));
  for (const check of checks) {
    const failure = check(full.right);
    if (failure !== undefined) return E.left(goldNasError(tag, at(failure[0]), failure[1]));
  }
  return E.right(full.right);
}

/**
 * A range check that `value(config)` is a finite number within [min, max] (bounds optional,
 * exclusive when `open`), and an integer when `integer`.
 *
 * @param path - the field path.
 * @param value - reads the field.
 * @param range - the bounds.
 * @returns the check.
 * @internal
 */
export function numberIn<A>(
  path: string,
  value: (a: A) => number,
  range: { readonly min?: number; readonly max?: number; readonly minOpen?: boolean; readonly integer?: boolean },
): RangeCheck<A> {
  return (a) => {
    const v = value(a);
    const lo = range.min === undefined ? '' : `${range.minOpen === true ? '>' : '≥'} ${range.min}`;
    const hi = range.max === undefined ? '' : `≤ ${range.max}`;
    const want = `${range.integer === true ? 'an integer' : 'a finite number'}${lo || hi ? ' ' : ''}${[lo, hi].filter((s) => s !== '').join(' and ')}`;
    const ok =
      Number.isFinite(v) &&
      (range.integer !== true || Number.isInteger(v)) &&
      (range.min === undefined || (range.minOpen === true ? v > range.min : v >= range.min)) &&
      (range.max === undefined || v <= range.max);
    return ok ? undefined : [path, `must be ${want}, got ${v}`];
  };
}
