/**
 * The built-in resource penalties as registry entries: `log` (the reference implementation's
 * Σ log(1 + n·w_o)·(r + μ·MFLOPs_o)) and `linear` (Σ σ(α_o)·cost_o with FLOPs, parameters and
 * measured latency, each mean-normalised).
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
 * Options of the `log` penalty; defaults r = 1, μ = 0 ([R]).
 *
 * @since 0.2.0
 */
export interface LogPenaltyConfig {
  /** The constant per-operator term r. */
  readonly r: number;
  /** The weight μ of each operator's MFLOPs. */
  readonly mu: number;
}

/**
 * Options of the `linear` penalty: the weights of each slot's mean-normalised FLOPs, parameters and measured latency; defaults 1, 0, 0.
 *
 * @since 0.2.0
 */
export interface LinearPenaltyConfig {
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
  log: { r: 1, mu: 0 },
  linear: { flops: 1, params: 0, latency: 0 },
};

const nonNeg = numberCodec({ min: 0 });

/**
 * The `log` penalty part: R = Σ_o log(1 + n·w_o)·(r + μ·MFLOPs_o) over live slots (METHOD.md §3).
 *
 * @param config - r and μ.
 * @returns the part.
 *
 * @example
 * ```ts
 * import { logPenaltyPart } from 'gold-nas';
 * const penalty = logPenaltyPart({ r: 1, mu: 0 });
 * ```
 * @since 0.2.0
 */
export function logPenaltyPart(config: LogPenaltyConfig): PenaltyPart {
  return {
    name: 'log',
    create: async ({ tf, slots, costs }) => logPenalty(tf, slots, { r: config.r, mu: config.mu, flops: costs.macs.map((m) => (2 * m) / 1e6) }),
  };
}

/**
 * The `linear` penalty part: R = Σ_o σ(α_o)·cost_o, cost a weighted mix of mean-normalised FLOPs,
 * parameters and (when its weight is not 0) latency measured on the search's backend.
 *
 * @param config - the three weights.
 * @returns the part.
 *
 * @example
 * ```ts
 * import { linearPenaltyPart } from 'gold-nas';
 * const penalty = linearPenaltyPart({ flops: 1, params: 0, latency: 0 });
 * ```
 * @since 0.2.0
 */
export function linearPenaltyPart(config: LinearPenaltyConfig): PenaltyPart {
  return {
    name: 'linear',
    create: async ({ tf, costs, slotLatency }) => {
      if (config.latency === 0) return linearPenalty(tf, costs, { flops: config.flops, params: config.params });
      const table = await slotLatency();
      if (E.isLeft(table)) return table;
      return linearPenalty(tf, { ...costs, latency: table.right.ms }, config);
    },
  };
}

/** The `log` entry: options `r` and `mu` (finite numbers). */
export const LOG_PENALTY_ENTRY: PartEntry<PenaltyPart> = partEntry(
  'Σ log(1 + n·w_o)·(r + μ·MFLOPs_o), the reference implementation\'s penalty (options r = 1, mu = 0)',
  closedType('log penalty options', {}, { r: numberCodec(), mu: numberCodec() }),
  (o) => E.right(logPenaltyPart({ ...PENALTY_DEFAULTS.log, ...o })),
);

/** The `linear` entry: options `flops`, `params`, `latency` (≥ 0, not all 0). */
export const LINEAR_PENALTY_ENTRY: PartEntry<PenaltyPart> = partEntry(
  'Σ σ(α_o)·cost_o with mean-normalised FLOPs, params and measured latency (options flops = 1, params = 0, latency = 0)',
  closedType('linear penalty options', {}, { flops: nonNeg, params: nonNeg, latency: nonNeg }),
  (o, path) => {
    const c = { ...PENALTY_DEFAULTS.linear, ...o };
    return c.flops + c.params + c.latency === 0
      ? E.left(goldNasError('ConfigError', path, 'the linear penalty needs a positive flops, params or latency weight'))
      : E.right(linearPenaltyPart(c));
  },
);
