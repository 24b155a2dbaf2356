/**
 * The configuration of GOLD-NAS's gradual pruning (METHOD.md §4, Algorithm 1): its io-ts codec,
 * the [R] defaults, and validation.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * Which architectures become Pareto candidates.
 * - `stable`: [R]'s rule: one is recorded when a stretch of more than `stableRounds` rounds without pruning ends.
 * - `every-change`: every distinct architecture the run passes through (METHOD.md §4.4), each recorded at the
 *   end of its life, just before the round that prunes it (when its weights have trained longest).
 *
 * @since 0.1.0
 */
export type RecordPolicy = 'stable' | 'every-change';

/** The field codecs of a GOLD pruning configuration, each with its range. */
const goldPruningFields = {
  xiMin: numberCodec({ min: 0, max: 1 }),
  xiMax: numberCodec({ min: 0, max: 1 }),
  n0: integerCodec({ min: 1 }),
  lambda0: numberCodec({ min: 0, exclusiveMin: true }),
  c0: numberCodec({ min: 1, exclusiveMin: true }),
  lambdaInit: numberCodec({ min: 0 }),
  stableRounds: integerCodec({ min: 0 }),
  flopsMin: numberCodec({ min: 0 }),
  record: t.keyof({ stable: null, 'every-change': null }),
  recordFinal: t.boolean,
};

/**
 * The io-ts codec of a full {@link GoldPruningConfig}: every field required and range-checked,
 * unknown fields rejected. {@link decodeGoldPruningConfig} also fills defaults and checks ξ_min ≤ ξ_max.
 */
export const goldPruningConfigCodec: t.Type<GoldPruningConfig, GoldPruningConfig, unknown> = closedType('GoldPruningConfig', goldPruningFields);

const partialConfigCodec = closedType('GoldPruningConfig', {}, goldPruningFields);

/**
 * GOLD-NAS pruning settings. Every field has a default ({@link GOLD_PRUNING_DEFAULTS}).
 *
 * @since 0.1.0
 */
export interface GoldPruningConfig {
  /** ξ_min: every live operator whose node-normalised weight is ≤ this is pruned. Default 0.01. */
  readonly xiMin: number;
  /** ξ_max: the single weakest live operator is pruned if its weight is ≤ this. Default 0.05. */
  readonly xiMax: number;
  /** n0: the prune step repeats up to n0 sweeps; pruning at least n0 operators in a round lowers λ. Default 4. */
  readonly n0: number;
  /** λ0: the first increment of λ, and the value Δλ is reset to. Default 1e-5. */
  readonly lambda0: number;
  /** c0: Δλ grows by this factor each round that prunes fewer than n0 operators; λ shrinks by it otherwise. Default 2. */
  readonly c0: number;
  /** λ at the start of the search. Default 0. */
  readonly lambdaInit: number;
  /** A stretch of more than this many rounds without pruning counts as stable ([R]). Default 3. */
  readonly stableRounds: number;
  /**
   * FLOPs_min, absolute, in the unit of the caller's `flops` function (the search's is multiply-adds,
   * the paper's FLOPs): the search stops once the live network's FLOPs fall below it. Default 0
   * (never); [R]'s CIFAR-10 value is 240M multiply-adds (240e6), which the `cifar10` search preset sets.
   */
  readonly flopsMin: number;
  /** Which architectures are recorded as candidates. Default `stable`. */
  readonly record: RecordPolicy;
  /** Whether the architecture the search stops at is recorded too. Default true. */
  readonly recordFinal: boolean;
}

/**
 * The [R] defaults of METHOD.md §4 (with FLOPs_min = 0; the `cifar10` search preset sets [R]'s
 * 240e6, in multiply-adds).
 *
 * @example
 * ```ts
 * import { GOLD_PRUNING_DEFAULTS } from 'gold-nas';
 * const cifar = { ...GOLD_PRUNING_DEFAULTS, flopsMin: 240e6 }; // [R]'s 240M multiply-adds
 * ```
 * @since 0.1.0
 */
export const GOLD_PRUNING_DEFAULTS: GoldPruningConfig = {
  xiMin: 0.01,
  xiMax: 0.05,
  n0: 4,
  lambda0: 1e-5,
  c0: 2,
  lambdaInit: 0,
  stableRounds: 3,
  flopsMin: 0,
  record: 'stable',
  recordFinal: true,
};

/**
 * Checks what a field codec cannot: ξ_min ≤ ξ_max.
 *
 * @param config - a configuration whose fields are each in range.
 * @param path - the field path to report errors under.
 * @returns the configuration, or a `ConfigError`.
 * @internal
 */
export function checkGoldPruningConfig(config: GoldPruningConfig, path: string): Either<GoldNasError, GoldPruningConfig> {
  return config.xiMax >= config.xiMin
    ? E.right(config)
    : E.left(goldNasError('ConfigError', `${path}.xiMax`, `must be ≥ xiMin (${config.xiMin}), got ${config.xiMax}; ξ_max is the looser threshold`));
}

/**
 * Validates a (partial) GOLD pruning configuration: fields left out take {@link GOLD_PRUNING_DEFAULTS};
 * unknown fields, wrong types and out-of-range values are errors.
 *
 * Ranges: 0 ≤ ξ_min ≤ ξ_max ≤ 1; n0 a positive integer; `λ0 > 0`; `c0 > 1`; λ_init ≥ 0;
 * stableRounds a non-negative integer; FLOPs_min ≥ 0; all finite.
 *
 * @param input - the configuration, e.g. parsed JSON.
 * @param path - the field path to report errors under (default `pruning`).
 * @returns the full configuration, or a `DecodeError` (a field's type or range) / `ConfigError` (`ξ_max < ξ_min`).
 *
 * @example
 * ```ts
 * import { decodeGoldPruningConfig } from 'gold-nas';
 * decodeGoldPruningConfig({ flopsMin: 240e6 }); // Right({ xiMin: 0.01, ..., flopsMin: 240000000 })
 * decodeGoldPruningConfig({ xiMin: 0.1, xiMax: 0.05 }); // Left: pruning.xiMax must be ≥ xiMin
 * ```
 * @since 0.1.0
 */
export function decodeGoldPruningConfig(input: unknown, path = 'pruning'): Either<GoldNasError, GoldPruningConfig> {
  const partial = decodeWith(partialConfigCodec, input, path);
  if (E.isLeft(partial)) return partial;
  return checkGoldPruningConfig({ ...GOLD_PRUNING_DEFAULTS, ...partial.right }, path);
}
