/**
 * The configuration of GOLD-NAS's gradual pruning (METHOD.md §4, Algorithm 1): its io-ts codec,
 * the [R] defaults, and validation.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { GoldNasError } from '../errors.js';
import { decodeWithDefaults, numberIn } from './decodeConfig.js';

/**
 * Which architectures become Pareto candidates.
 * - `stable`: [R]'s rule: one is recorded when a stretch of more than `stableRounds` rounds without pruning ends.
 * - `every-change`: every distinct architecture the run passes through (METHOD.md §4.4), each recorded at the
 *   end of its life, just before the round that prunes it (when its weights have trained longest).
 */
export type RecordPolicy = 'stable' | 'every-change';

/** The props of {@link goldPruningConfigCodec}, shared with its partial form. */
const goldPruningProps = {
  xiMin: t.number,
  xiMax: t.number,
  n0: t.number,
  lambda0: t.number,
  c0: t.number,
  lambdaInit: t.number,
  stableRounds: t.number,
  flopsMin: t.number,
  record: t.keyof({ stable: null, 'every-change': null }),
  recordFinal: t.boolean,
};

/**
 * The io-ts codec of a full {@link GoldPruningConfig} (shape only; use {@link decodeGoldPruningConfig}
 * to fill defaults and check ranges).
 *
 * @example
 * ```ts
 * import { goldPruningConfigCodec, GOLD_PRUNING_DEFAULTS } from 'gold-nas';
 * goldPruningConfigCodec.is(GOLD_PRUNING_DEFAULTS); // true
 * ```
 */
export const goldPruningConfigCodec: t.TypeC<typeof goldPruningProps> = t.type(goldPruningProps);

/** GOLD-NAS pruning settings. Every field has a default ({@link GOLD_PRUNING_DEFAULTS}). */
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
   * FLOPs_min, absolute, in FLOPs (as the caller's `flops` function counts them): the search stops
   * once the live network's FLOPs fall below it. Default 0 (never); [R]'s CIFAR-10 value is 240e6,
   * which a CIFAR preset sets.
   */
  readonly flopsMin: number;
  /** Which architectures are recorded as candidates. Default `stable`. */
  readonly record: RecordPolicy;
  /** Whether the architecture the search stops at is recorded too. Default true. */
  readonly recordFinal: boolean;
}

/**
 * The [R] defaults of METHOD.md §4 (with FLOPs_min = 0; CIFAR-10 presets use 240e6).
 *
 * @example
 * ```ts
 * import { GOLD_PRUNING_DEFAULTS } from 'gold-nas';
 * const cifar = { ...GOLD_PRUNING_DEFAULTS, flopsMin: 240e6 };
 * ```
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
 * Validates a (partial) GOLD pruning configuration: fields left out take {@link GOLD_PRUNING_DEFAULTS};
 * unknown fields, wrong types and out-of-range values are errors.
 *
 * Ranges: 0 ≤ ξ_min ≤ ξ_max ≤ 1; n0 a positive integer; λ0 > 0; c0 > 1; λ_init ≥ 0;
 * stableRounds a non-negative integer; FLOPs_min ≥ 0.
 *
 * @param input - the configuration, e.g. parsed JSON.
 * @param path - the field path to report errors under (default `pruning`).
 * @returns the full configuration, or a `DecodeError` (shape) / `ConfigError` (range).
 *
 * @example
 * ```ts
 * import { decodeGoldPruningConfig } from 'gold-nas';
 * decodeGoldPruningConfig({ flopsMin: 240e6 }); // Right({ xiMin: 0.01, ..., flopsMin: 240000000 })
 * decodeGoldPruningConfig({ xiMin: 0.1, xiMax: 0.05 }); // Left: pruning.xiMax must be ≥ xiMin
 * ```
 */
export function decodeGoldPruningConfig(input: unknown, path = 'pruning'): Either<GoldNasError, GoldPruningConfig> {
  return decodeWithDefaults(goldPruningProps, GOLD_PRUNING_DEFAULTS, input, path, [
    numberIn('xiMin', (c) => c.xiMin, { min: 0, max: 1 }),
    numberIn('xiMax', (c) => c.xiMax, { min: 0, max: 1 }),
    (c) => (c.xiMax >= c.xiMin ? undefined : ['xiMax', `must be ≥ xiMin (${c.xiMin}), got ${c.xiMax}`]),
    numberIn('n0', (c) => c.n0, { min: 1, integer: true }),
    numberIn('lambda0', (c) => c.lambda0, { min: 0, minOpen: true }),
    numberIn('c0', (c) => c.c0, { min: 1, minOpen: true }),
    numberIn('lambdaInit', (c) => c.lambdaInit, { min: 0 }),
    numberIn('stableRounds', (c) => c.stableRounds, { min: 0, integer: true }),
    numberIn('flopsMin', (c) => c.flopsMin, { min: 0 }),
  ]);
}
