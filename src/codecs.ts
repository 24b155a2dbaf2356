/**
 * Small io-ts codec builders shared by every config decoder: bounded integers and numbers with
 * messages a person can act on, and closed object types that reject unknown (misspelt) fields.
 * Decode with `decodeWith` to get a `GoldNasError` with a dotted path.
 *
 * @module
 */
import * as t from 'io-ts';
import { describeValue } from './decode.js';

/**
 * Bounds and constraints of {@link integerCodec}.
 *
 * @since 0.1.0
 */
export interface IntegerConstraints {
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Whether the value must be even. */
  readonly even?: boolean;
  /** Appended to the failure message, e.g. why the bound exists. */
  readonly hint?: string;
}

function integerDescription(c: IntegerConstraints): string {
  const parts = [c.even === true ? 'an even integer' : 'an integer'];
  if (c.min !== undefined && c.max !== undefined) parts.push(`in ${c.min}..${c.max}`);
  else if (c.min !== undefined) parts.push(`>= ${c.min}`);
  else if (c.max !== undefined) parts.push(`<= ${c.max}`);
  return parts.join(' ');
}

/** A number codec from a description, a guard and an optional hint: `must be <description>, got <value> (<hint>)`. */
function checkedNumber(description: string, ok: (u: unknown) => u is number, hint: string | undefined): t.Type<number, number, unknown> {
  const suffix = hint === undefined ? '' : ` (${hint})`;
  return new t.Type<number, number, unknown>(
    description,
    ok,
    (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, `must be ${description}, got ${describeValue(u)}${suffix}`)),
    (a) => a,
  );
}

/**
 * A codec for integers within bounds, failing with `must be an integer >= 1, got 0` style messages.
 *
 * @param constraints - bounds, evenness and an optional hint.
 * @returns the codec (a plain `number` on success).
 *
 * @example
 * ```ts
 * import { integerCodec, decodeWith } from 'gold-nas';
 * const Channels = integerCodec({ min: 2, even: true, hint: 'FactorizedReduce halves the channels' });
 * decodeWith(Channels, 15, 'layout.channels'); // Left: layout.channels: must be an even integer >= 2, got 15 (FactorizedReduce halves the channels)
 * ```
 * @since 0.1.0
 */
export function integerCodec(constraints: IntegerConstraints = {}): t.Type<number, number, unknown> {
  const description = integerDescription(constraints);
  const ok = (u: unknown): u is number =>
    typeof u === 'number' &&
    Number.isInteger(u) &&
    (constraints.min === undefined || u >= constraints.min) &&
    (constraints.max === undefined || u <= constraints.max) &&
    (constraints.even !== true || u % 2 === 0);
  return checkedNumber(description, ok, constraints.hint);
}

/**
 * Bounds of {@link numberCodec}.
 *
 * @since 0.1.0
 */
export interface NumberConstraints {
  /** Smallest allowed value. */
  readonly min?: number;
  /** Largest allowed value. */
  readonly max?: number;
  /** Whether `min` itself is excluded (`> min` rather than `>= min`). */
  readonly exclusiveMin?: boolean;
  /** Whether `max` itself is excluded. */
  readonly exclusiveMax?: boolean;
  /** Appended to the failure message. */
  readonly hint?: string;
}

/**
 * A codec for finite numbers within bounds, failing with `must be a finite number > 0, got -1` style messages.
 *
 * @param constraints - bounds and an optional hint.
 * @returns the codec.
 *
 * @example
 * ```ts
 * import { numberCodec, decodeWith } from 'gold-nas';
 * decodeWith(numberCodec({ min: 0, exclusiveMin: true }), 0.025, 'lr'); // Right(0.025)
 * ```
 * @since 0.1.0
 */
export function numberCodec(constraints: NumberConstraints = {}): t.Type<number, number, unknown> {
  const bounds: string[] = [];
  if (constraints.min !== undefined) bounds.push(`${constraints.exclusiveMin === true ? '>' : '>='} ${constraints.min}`);
  if (constraints.max !== undefined) bounds.push(`${constraints.exclusiveMax === true ? '<' : '<='} ${constraints.max}`);
  const description = ['a finite number', bounds.join(' and ')].filter((s) => s !== '').join(' ');
  const ok = (u: unknown): u is number => {
    if (typeof u !== 'number' || !Number.isFinite(u)) return false;
    const { min, max } = constraints;
    if (min !== undefined && (constraints.exclusiveMin === true ? u <= min : u < min)) return false;
    if (max !== undefined && (constraints.exclusiveMax === true ? u >= max : u > max)) return false;
    return true;
  };
  return checkedNumber(description, ok, constraints.hint);
}

/**
 * The decoded type of a {@link closedType}: required fields plus optional ones.
 *
 * @since 0.1.0
 */
export type ClosedTypeOf<R extends t.Props, P extends t.Props> = { [K in keyof R]: t.TypeOf<R[K]> } & {
  [K in keyof P]?: t.TypeOf<P[K]>;
};

/**
 * The encoded type of a {@link closedType}.
 *
 * @since 0.1.0
 */
export type ClosedOutputOf<R extends t.Props, P extends t.Props> = { [K in keyof R]: t.OutputOf<R[K]> } & {
  [K in keyof P]?: t.OutputOf<P[K]>;
};

/**
 * An object codec with required and optional fields that rejects unknown fields, so a misspelt
 * config key (`chanels`) is an error naming the known fields instead of being silently ignored.
 * The decoded value holds only the known fields; optional fields given as `undefined` are dropped.
 *
 * @param name - the type's name, used in messages.
 * @param required - codecs of the required fields.
 * @param optional - codecs of the optional fields.
 * @returns the codec.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { closedType, decodeWith } from 'gold-nas';
 * const Run = closedType('Run', { steps: t.number }, { seed: t.number });
 * decodeWith(Run, { steps: 10, sede: 1 }); // Left: sede: unknown field 'sede'; known fields: steps, seed
 * ```
 * @since 0.1.0
 */
export function closedType<R extends t.Props, P extends t.Props = Record<never, never>>(
  name: string,
  required: R,
  optional?: P,
): t.Type<ClosedTypeOf<R, P>, ClosedOutputOf<R, P>, unknown> {
  const opt: t.Props = optional ?? {};
  const known = [...Object.keys(required), ...Object.keys(opt)];
  const knownSet = new Set(known);
  const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
  const validate: t.Validate<unknown, ClosedTypeOf<R, P>> = (u, c) => {
    if (!isObject(u)) return t.failure(u, c, `expected an object (${name}), got ${describeValue(u)}`);
    const errors: t.ValidationError[] = [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(u)) {
      if (knownSet.has(key)) continue;
      errors.push({
        value: u[key],
        context: t.appendContext(c, key, t.never, u[key]),
        message: known.length === 0 ? `unknown field '${key}'; ${name} takes no fields` : `unknown field '${key}'; known fields: ${known.join(', ')}`,
      });
    }
    const field = (key: string, codec: t.Mixed): void => {
      const r = codec.validate(u[key], t.appendContext(c, key, codec, u[key]));
      // One push per error: spreading 100,000 of them into push() overflows the stack.
      if (r._tag === 'Left') for (const error of r.left) errors.push(error);
      else out[key] = r.right;
    };
    for (const [key, codec] of Object.entries(required)) field(key, codec);
    for (const [key, codec] of Object.entries(opt)) if (u[key] !== undefined) field(key, codec);
    return errors.length > 0 ? t.failures(errors) : t.success(out as ClosedTypeOf<R, P>);
  };
  const is = (u: unknown): u is ClosedTypeOf<R, P> => isObject(u) && validate(u, [{ key: '', type: t.unknown, actual: u }])._tag === 'Right';
  const encode = (a: ClosedTypeOf<R, P>): ClosedOutputOf<R, P> => {
    const src = a as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, codec] of Object.entries(required)) out[key] = codec.encode(src[key]);
    for (const [key, codec] of Object.entries(opt)) if (src[key] !== undefined) out[key] = codec.encode(src[key]);
    return out as ClosedOutputOf<R, P>;
  };
  return new t.Type(name, is, validate, encode);
}

/**
 * A fixed-length tuple codec that, unlike `t.tuple`, rejects extra elements instead of dropping
 * them, with a message giving the expected length.
 *
 * @param codecs - one codec per element.
 * @param name - the type's name, used in messages (e.g. `[op, input]`).
 * @returns the codec.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { strictTuple, decodeWith } from 'gold-nas';
 * decodeWith(strictTuple([t.string, t.number], '[op, input]'), ['skip_connect', 0, 2]);
 * // Left: expected [op, input] (2 elements), got 3 elements: ["skip_connect",0,2]
 * ```
 * @since 0.1.0
 */
export function strictTuple<C extends readonly [t.Mixed, ...t.Mixed[]]>(
  codecs: C,
  name: string,
): t.Type<{ -readonly [K in keyof C]: t.TypeOf<C[K]> }, { -readonly [K in keyof C]: t.OutputOf<C[K]> }, unknown> {
  type A = { -readonly [K in keyof C]: t.TypeOf<C[K]> };
  type O = { -readonly [K in keyof C]: t.OutputOf<C[K]> };
  const validate: t.Validate<unknown, A> = (u, c) => {
    if (!Array.isArray(u) || u.length !== codecs.length) {
      const got = Array.isArray(u) ? `${u.length} element${u.length === 1 ? '' : 's'}: ${describeValue(u)}` : describeValue(u);
      return t.failure(u, c, `expected ${name} (${codecs.length} elements), got ${got}`);
    }
    const errors: t.ValidationError[] = [];
    const out: unknown[] = [];
    codecs.forEach((codec, i) => {
      const r = codec.validate(u[i], t.appendContext(c, String(i), codec, u[i]));
      // One push per error: spreading 100,000 of them into push() overflows the stack.
      if (r._tag === 'Left') for (const error of r.left) errors.push(error);
      else out.push(r.right);
    });
    return errors.length > 0 ? t.failures(errors) : t.success(out as unknown as A);
  };
  const is = (u: unknown): u is A => validate(u, [{ key: '', type: t.unknown, actual: u }])._tag === 'Right';
  const encode = (a: A): O => (a as readonly unknown[]).map((x, i) => codecs[i]!.encode(x)) as unknown as O;
  return new t.Type<A, O, unknown>(name, is, validate, encode);
}
