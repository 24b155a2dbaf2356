/**
 * A registry entry for a search part: how a config file's options for it are validated and turned
 * into the part. Schedulers need none (a `PruningScheduler` decodes its own configuration).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { closedType } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';

/**
 * How a configuration names a part: `{ "name": "linear", "flops": 1 }` is the part `linear` with
 * the options `{ flops: 1 }`.
 *
 * @since 0.2.0
 */
export interface PartConfig {
  readonly name: string;
  readonly [option: string]: unknown;
}

/**
 * A registry entry: a one-line description and a decoder from the options (the part's config
 * object without `name`) to the part.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import type { PartEntry, CandidateEvaluator } from 'gold-nas';
 * const constant: PartEntry<CandidateEvaluator> = {
 *   description: 'scores every candidate 0',
 *   decode: () => E.right({ name: 'constant', evaluate: async () => E.right({ accuracy: 0 }) }),
 * };
 * ```
 * @since 0.2.0
 */
export interface PartEntry<P> {
  /** What the part does, in one line. */
  readonly description: string;
  /**
   * Validates the options and makes the part.
   *
   * @param options - the part's config without `name`.
   * @param path - where the part's config sits (e.g. `penalty`), to prefix error paths with.
   * @returns the part, or an error whose path names the bad option.
   */
  readonly decode: (options: Readonly<Record<string, unknown>>, path: string) => Either<GoldNasError, P>;
}

/**
 * A registry entry from an io-ts codec of the options and a function that makes the part.
 *
 * @param description - what the part does, in one line.
 * @param codec - the options' codec (a `closedType` rejects misspelt options).
 * @param make - the part from decoded options (or an error naming `path` and the option).
 * @returns the entry.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { closedType, numberCodec, partEntry } from 'gold-nas';
 * import type { CandidateEvaluator } from 'gold-nas';
 * const constant = partEntry('scores every candidate the same', closedType('ConstantOptions', {}, { value: numberCodec() }),
 *   (o): E.Either<never, CandidateEvaluator> => E.right({ name: 'constant', evaluate: async () => E.right({ accuracy: o.value ?? 0 }) }));
 * ```
 * @since 0.2.0
 */
export function partEntry<P, A>(
  description: string,
  codec: t.Type<A, unknown, unknown>,
  make: (options: A, path: string) => Either<GoldNasError, P>,
): PartEntry<P> {
  return {
    description,
    decode: (options, path) => {
      const decoded = decodeWith(codec, options, path);
      return E.isLeft(decoded) ? decoded : make(decoded.right, path);
    },
  };
}

const NO_OPTIONS = closedType('no options', {});

/**
 * A registry entry for a part without options (any option given is an error naming it).
 *
 * @param description - what the part does, in one line.
 * @param part - the part.
 * @returns the entry.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { fixedPartEntry } from 'gold-nas';
 * const entry = fixedPartEntry('scores every candidate 0', { name: 'zero', evaluate: async () => E.right({ accuracy: 0 }) });
 * ```
 * @since 0.2.0
 */
export function fixedPartEntry<P>(description: string, part: P): PartEntry<P> {
  return partEntry(description, NO_OPTIONS, () => E.right(part));
}
