/**
 * Search configurations from before parts were named, and back. gold-nas 0.1 wrote
 * `pruning.scheduler: "gold"` with `pruning.options`, `penalty.form` with every penalty field,
 * and `momentum`, `weightDecay`, `clipNorm` directly in `weights` and `alpha`. Such files (and
 * the `config.json` of existing run directories) are converted on reading; and a configuration the
 * old format can express is fingerprinted in that format, so old checkpoints still resume.
 *
 * Units: gold-nas 0.1 counted FLOPs as 2·multiply-adds; gold-nas now counts multiply-adds, as the
 * paper does. The old spelling means the old unit: converting halves the schedulers' `flopsMin`
 * and doubles the log penalty's μ (which weighed millions of 2·multiply-adds); the old format
 * written back for a fingerprint doubles and halves them again.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { describeValue } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { PartConfig } from './partEntry.js';

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
}

function omit(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/** The penalty fields of the old format, and which of them each built-in penalty reads. */
const OLD_PENALTY_FIELDS = ['r', 'mu', 'flops', 'params', 'latency'];
const PENALTY_FIELDS: Readonly<Record<string, readonly string[]>> = { log: ['r', 'mu'], linear: ['flops', 'params', 'latency'] };

/** Options the old penalties did not have, with the value that means what the old format did. */
const NEW_PENALTY_OPTIONS: Readonly<Record<string, Readonly<Record<string, number>>>> = { log: { xiMin: 0 }, linear: { r: 0 } };

/** The schedulers whose `flopsMin` option is in FLOPs (the built-in ones). */
const FLOPS_MIN_SCHEDULERS = ['gold', 'fixed-threshold'];

/** How many of gold-nas 0.1's FLOPs make one FLOP now: 0.1 counted 2·multiply-adds. */
const OLD_FLOPS_PER_FLOP = 2;

/** The optimiser fields the old format kept in `weights` and `alpha`. */
const OLD_OPTIMIZER_FIELDS: Readonly<Record<'weights' | 'alpha', readonly string[]>> = {
  weights: ['momentum', 'weightDecay', 'clipNorm'],
  alpha: ['momentum', 'weightDecay'],
};

function upgradePruning(pruning: Record<string, unknown>): Either<GoldNasError, Record<string, unknown>> {
  const { scheduler, options, ...rest } = pruning;
  if (typeof scheduler !== 'string' && options === undefined) return E.right(pruning);
  if (options !== undefined && !isObject(options)) {
    return E.left(goldNasError('DecodeError', 'pruning.options', `expected an object of the scheduler's settings, got ${describeValue(options)}`));
  }
  if (isObject(scheduler)) {
    return E.left(goldNasError('ConfigError', 'pruning.options',
      "pruning.options is the old spelling: put the scheduler's settings in pruning.scheduler, next to its name"));
  }
  const named = typeof scheduler === 'string' ? { name: scheduler } : scheduler === undefined ? {} : { name: scheduler };
  const settings: Record<string, unknown> = { ...options };
  if (typeof settings.flopsMin === 'number' && (typeof scheduler !== 'string' || FLOPS_MIN_SCHEDULERS.includes(scheduler))) {
    settings.flopsMin = settings.flopsMin / OLD_FLOPS_PER_FLOP;
  }
  return E.right({ ...rest, scheduler: { ...settings, ...named } });
}

function upgradePenalty(penalty: Record<string, unknown>): Either<GoldNasError, Record<string, unknown>> {
  if (!('form' in penalty)) return E.right(penalty);
  const { form, ...rest } = penalty;
  if ('name' in penalty) return E.left(goldNasError('ConfigError', 'penalty.form', 'give the penalty in penalty.name (form is the old spelling), not both'));
  if (typeof form !== 'string') return E.left(goldNasError('DecodeError', 'penalty.form', `expected a penalty name such as 'log' or 'linear', got ${describeValue(form)}`));
  if (form === 'log' && rest.latency !== undefined && rest.latency !== 0) {
    return E.left(goldNasError('ConfigError', 'penalty.latency', "latency is weighed by the linear penalty only; set penalty.name to 'linear'"));
  }
  // The old format carried every penalty field whichever the form; the form's own are kept, the others were never read.
  const own = PENALTY_FIELDS[form];
  const kept: Record<string, unknown> = own === undefined ? rest : { ...omit(rest, OLD_PENALTY_FIELDS), ...pick(rest, own), ...NEW_PENALTY_OPTIONS[form] };
  if (form === 'log' && typeof kept.mu === 'number') kept.mu = kept.mu * OLD_FLOPS_PER_FLOP;
  return E.right({ ...kept, name: form });
}

function upgradeOptimizer(group: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const moved = pick(group, fields);
  if (Object.keys(moved).length === 0) return group;
  const rest = omit(group, fields);
  const optimizer = rest.optimizer;
  if (optimizer !== undefined && !isObject(optimizer)) return group;
  return { ...rest, optimizer: { ...moved, ...optimizer } };
}

/**
 * Converts the old spellings of a (partial) search configuration to the current ones:
 * - `pruning: { scheduler: "gold", options: {…} }` → `pruning: { scheduler: { name: "gold", … } }`, with
 *   `flopsMin` halved (0.1 counted 2·multiply-adds);
 * - `penalty: { form: "linear", r, mu, flops, params, latency }` → `penalty: { name: "linear", r: 0, flops, params, latency }`
 *   (the fields the old format carried but the form never read are dropped; options it did not have
 *   get the value that does what 0.1 did: the linear `r` 0, the log `xiMin` 0; the log `mu` is doubled);
 * - `weights: { momentum, weightDecay, clipNorm, … }` → `weights: { optimizer: { momentum, weightDecay, clipNorm }, … }`
 *   (no name: the base's optimiser, `sgd`), and the same for `alpha`'s `momentum` and `weightDecay`.
 * Anything else is left as it is for the decoder to check.
 *
 * @param input - a configuration as parsed from JSON.
 * @returns the converted configuration, or a `ConfigError`/`DecodeError` for a mix of old and new spellings.
 * @internal
 */
export function upgradeLegacySearchConfig(input: unknown): Either<GoldNasError, unknown> {
  if (!isObject(input)) return E.right(input);
  const out: Record<string, unknown> = { ...input };
  if (isObject(out.pruning)) {
    const pruning = upgradePruning(out.pruning);
    if (E.isLeft(pruning)) return pruning;
    out.pruning = pruning.right;
  }
  if (isObject(out.penalty)) {
    const penalty = upgradePenalty(out.penalty);
    if (E.isLeft(penalty)) return penalty;
    out.penalty = penalty.right;
  }
  for (const key of ['weights', 'alpha'] as const) {
    const group = out[key];
    if (isObject(group)) out[key] = upgradeOptimizer(group, OLD_OPTIMIZER_FIELDS[key]);
  }
  return E.right(out);
}

/** The part fields of a search configuration that the old format spelt differently. */
export interface LegacyConvertible {
  readonly weights: { readonly lr: number; readonly minLr: number; readonly schedule: string; readonly optimizer: PartConfig };
  readonly alpha: { readonly lr: number; readonly initStd?: number; readonly optimizer: PartConfig };
  readonly penalty: PartConfig;
  readonly pruning: { readonly scheduler: PartConfig; readonly periodSteps: number; readonly lambdaMax: number };
  readonly objectives: readonly PartConfig[];
  readonly evaluator: PartConfig;
  readonly update: PartConfig;
}

const OLD_SCHEDULERS = ['gold', 'fixed-threshold', 'darts-argmax'];
const OLD_OBJECTIVES = ['flops', 'params', 'accuracy'];

/** The part's options when it is `name` and has no options but `allowed`, else null. */
function optionsIf(part: PartConfig, name: string, allowed: readonly string[]): Record<string, unknown> | null {
  const { name: n, ...options } = part;
  return n === name && Object.keys(options).every((k) => allowed.includes(k)) ? options : null;
}

/** A penalty's options in the old format, or null when it has a new option at another value than the old behaviour's. */
function oldPenaltyOptions(penalty: PartConfig): Record<string, unknown> | null {
  const own = PENALTY_FIELDS[penalty.name];
  const added = NEW_PENALTY_OPTIONS[penalty.name] ?? {};
  if (own === undefined) return null;
  const options = optionsIf(penalty, penalty.name, [...own, ...Object.keys(added)]);
  if (options === null || Object.entries(added).some(([k, v]) => options[k] !== undefined && options[k] !== v)) return null;
  return omit(options, Object.keys(added));
}

/**
 * The configuration in the old format, when that format can express it (the built-in schedulers,
 * penalties and `sgd`, the default objectives, evaluator and update rule), with the old defaults
 * for options left out; null otherwise.
 *
 * @param config - a full configuration.
 * @returns the old-format object (for fingerprints), or null.
 * @internal
 */
export function legacySearchConfig<C extends LegacyConvertible>(config: C): Record<string, unknown> | null {
  const { weights, alpha, penalty, pruning, objectives, evaluator, update, ...rest } = config;
  if (objectives.length !== OLD_OBJECTIVES.length || objectives.some((o, i) => optionsIf(o, OLD_OBJECTIVES[i]!, []) === null)) return null;
  if (optionsIf(evaluator, 'held-out', []) === null || optionsIf(update, 'one-level', []) === null) return null;
  if ((alpha.initStd ?? 0) !== 0) return null;
  const w = optionsIf(weights.optimizer, 'sgd', OLD_OPTIMIZER_FIELDS.weights);
  const a = optionsIf(alpha.optimizer, 'sgd', ['momentum', 'weightDecay', 'clipNorm']);
  if (w === null || a === null || (a.clipNorm !== undefined && a.clipNorm !== 0)) return null;
  const p = oldPenaltyOptions(penalty);
  if (p === null || !OLD_SCHEDULERS.includes(pruning.scheduler.name)) return null;
  const { name: scheduler, ...given } = pruning.scheduler;
  const options = typeof given.flopsMin === 'number' && FLOPS_MIN_SCHEDULERS.includes(scheduler) ? { ...given, flopsMin: given.flopsMin * OLD_FLOPS_PER_FLOP } : given;
  const mu = typeof p.mu === 'number' ? p.mu / OLD_FLOPS_PER_FLOP : 0;
  return {
    ...rest,
    weights: { lr: weights.lr, minLr: weights.minLr, schedule: weights.schedule, momentum: w.momentum ?? 0.9, weightDecay: w.weightDecay ?? 0, clipNorm: w.clipNorm ?? 0 },
    alpha: { lr: alpha.lr, momentum: a.momentum ?? 0.9, weightDecay: a.weightDecay ?? 0 },
    penalty: { form: penalty.name, r: p.r ?? 1, mu, flops: p.flops ?? 1, params: p.params ?? 0, latency: p.latency ?? 0 },
    pruning: { scheduler, periodSteps: pruning.periodSteps, lambdaMax: pruning.lambdaMax, options },
  };
}
