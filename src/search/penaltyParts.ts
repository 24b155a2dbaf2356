/**
 * The built-in resource penalties as registry entries: `log` (the reference implementation's
 * Σ log(1 + n·w_o)·(r + μ·F_o), F_o in millions of multiply-adds, over operators with w_o > ξ) and
 * `linear` (Σ σ(α_o)·(r + cost_o) with FLOPs, parameters and measured latency, each mean-normalised).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { closedType, numberCodec } from '../codecs.js';
import { goldNasError } from '../errors.js';
import { linearPenalty } from '../resources/penaltyLinear.js';
import { logPenalty } from '../resources/penaltyLog.js';
import type { PartEntry } from './partEntry.js';
import { partEntry } from './partEntry.js';
import type { PenaltyPart } from './strategy.js';

/**
 * Options of the `log` penalty; defaults r = 1, μ = 0 ([R]), ξ = 0 (every live operator counts; [R]: 0.01).
 *
 * @since 0.2.0
 */
export interface LogPenaltyConfig {
  /** The constant per-operator term r. */
  readonly r: number;
  /** The weight μ of each operator's FLOPs in millions of multiply-adds ([R]'s unit). */
  readonly mu: number;
  /**
   * ξ: only operators whose node-normalised weight exceeds it add a term and count in n. [R] uses
   * ξ_min = 0.01; 0 counts every live operator (gold-nas 0.1).
   */
  readonly xiMin: number;
}

/**
 * Options of the `linear` penalty: a uniform per-operator term r and the weights of each slot's
 * mean-normalised FLOPs, parameters and measured latency; defaults 0, 1, 0, 0.
 *
 * @since 0.2.0
 */
export interface LinearPenaltyConfig {
  /** The uniform term every live operator pays (a skip connection too); 0 in gold-nas 0.1. */
  readonly r: number;
  readonly flops: number;
  readonly params: number;
  /** Weight of measured inference latency (batch 1, on the search's backend, measured before training); 0 measures nothing. */
  readonly latency: number;
}

/**
 * The defaults of the built-in penalties' options.
 *
 * @since 0.2.0
 */
export const PENALTY_DEFAULTS: { readonly log: LogPenaltyConfig; readonly linear: LinearPenaltyConfig } = {
  log: { r: 1, mu: 0, xiMin: 0 },
  linear: { r: 0, flops: 1, params: 0, latency: 0 },
};

const nonNeg = numberCodec({ min: 0 });

/**
 * The `log` penalty part: R = Σ_o log(1 + n·w_o)·(r + μ·F_o) over live slots whose w_o exceeds ξ, F_o the
 * slot's millions of multiply-adds (METHOD.md §3; [R]'s penalty with `xiMin: 0.01`).
 *
 * @param config - r, μ and ξ.
 * @returns the part.
 *
 * @example
 * ```ts
 * import { logPenaltyPart } from 'gold-nas';
 * const penalty = logPenaltyPart({ r: 1, mu: 0, xiMin: 0.01 }); // [R]'s defaults
 * ```
 * @since 0.2.0
 */
export function logPenaltyPart(config: LogPenaltyConfig): PenaltyPart {
  return {
    name: 'log',
    create: async ({ tf, slots, costs }) => logPenalty(tf, slots, { r: config.r, mu: config.mu, xiMin: config.xiMin, flops: costs.macs.map((m) => m / 1e6) }),
  };
}

/**
 * The `linear` penalty part: R = Σ_o σ(α_o)·(r + cost_o), cost a weighted mix of mean-normalised
 * FLOPs, parameters and (when its weight is not 0) latency measured on the search's backend.
 *
 * @param config - r and the three weights.
 * @returns the part.
 *
 * @example
 * ```ts
 * import { linearPenaltyPart } from 'gold-nas';
 * const penalty = linearPenaltyPart({ r: 1, flops: 1, params: 0, latency: 0 });
 * ```
 * @since 0.2.0
 */
export function linearPenaltyPart(config: LinearPenaltyConfig): PenaltyPart {
  return {
    name: 'linear',
    create: async ({ tf, costs, slotLatency }) => {
      if (config.latency === 0) return linearPenalty(tf, costs, { r: config.r, flops: config.flops, params: config.params });
      const table = await slotLatency();
      if (E.isLeft(table)) return table;
      return linearPenalty(tf, { ...costs, latency: table.right.ms }, config);
    },
  };
}

/** The `log` entry: options `r` and `mu` (finite numbers), `xiMin` (in [0, 1)). */
export const LOG_PENALTY_ENTRY: PartEntry<PenaltyPart> = partEntry(
  'Σ log(1 + n·w_o)·(r + μ·F_o) over operators with w_o > ξ, F_o in millions of multiply-adds: the reference implementation\'s penalty (options r = 1, mu = 0, xiMin = 0; [R]: xiMin 0.01)',
  closedType('log penalty options', {}, { r: numberCodec(), mu: numberCodec(), xiMin: numberCodec({ min: 0, max: 1, exclusiveMax: true }) }),
  (o) => E.right(logPenaltyPart({ ...PENALTY_DEFAULTS.log, ...o })),
);

/** The `linear` entry: options `r`, `flops`, `params`, `latency` (≥ 0, not all 0). */
export const LINEAR_PENALTY_ENTRY: PartEntry<PenaltyPart> = partEntry(
  'Σ σ(α_o)·(r + cost_o) with mean-normalised FLOPs, params and measured latency (options r = 0, flops = 1, params = 0, latency = 0)',
  closedType('linear penalty options', {}, { r: nonNeg, flops: nonNeg, params: nonNeg, latency: nonNeg }),
  (o, path) => {
    const c = { ...PENALTY_DEFAULTS.linear, ...o };
    return c.r + c.flops + c.params + c.latency === 0
      ? E.left(goldNasError('ConfigError', path, 'the linear penalty needs a positive r, flops, params or latency weight'))
      : E.right(linearPenaltyPart(c));
  },
);
