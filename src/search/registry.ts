/**
 * The search registry: what the names in a configuration file mean. It is a plain value, like the
 * operator table; extend it by spreading:
 * `{ ...DEFAULT_SEARCH_REGISTRY, schedulers: { ...DEFAULT_SEARCH_REGISTRY.schedulers, 'my-rule': myRule } }`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { dartsArgmaxScheduler } from '../pruning/dartsArgmaxScheduler.js';
import { fixedThresholdScheduler } from '../pruning/fixedThresholdScheduler.js';
import { goldScheduler } from '../pruning/goldScheduler.js';
import type { PartConfig, PartEntry } from './partEntry.js';
import { HELD_OUT_ENTRY } from './heldOutEvaluator.js';
import { OBJECTIVE_ENTRIES } from './objectiveParts.js';
import { ONE_LEVEL_ENTRY } from './oneLevelUpdate.js';
import { DARTS_BILEVEL_ENTRY } from './dartsUpdate.js';
import { SGD_ENTRY } from './sgdPart.js';
import { ADAM_ENTRY } from './adamPart.js';
import { LINEAR_PENALTY_ENTRY, LOG_PENALTY_ENTRY } from './penaltyParts.js';
import { ARGMAX_SELECTION_ENTRY, DARTS_PT_SELECTION_ENTRY } from './selectionParts.js';
import type { AnyScheduler, CandidateEvaluator, ObjectivePart, OptimizerPart, PenaltyPart, SearchStrategy, SelectionPart, UpdateRule } from './strategy.js';

/**
 * The parts a configuration can name, by kind and name. Schedulers are `PruningScheduler`s (each
 * decodes its own configuration); the other kinds are {@link PartEntry}s.
 *
 * @since 0.2.0
 */
export interface SearchRegistry {
  /** `pruning.scheduler.name`. */
  readonly schedulers: Readonly<Record<string, AnyScheduler>>;
  /** `penalty.name`. */
  readonly penalties: Readonly<Record<string, PartEntry<PenaltyPart>>>;
  /** Each `objectives[i].name`. */
  readonly objectives: Readonly<Record<string, PartEntry<ObjectivePart>>>;
  /** `evaluator.name`. */
  readonly evaluators: Readonly<Record<string, PartEntry<CandidateEvaluator>>>;
  /** `weights.optimizer.name` and `alpha.optimizer.name`. */
  readonly optimizers: Readonly<Record<string, PartEntry<OptimizerPart>>>;
  /** `update.name`. */
  readonly updates: Readonly<Record<string, PartEntry<UpdateRule>>>;
  /**
   * `selection.name` (a registry without it looks selections up in {@link DEFAULT_SEARCH_REGISTRY}'s).
   *
   * @since 0.2.0
   */
  readonly selections?: Readonly<Record<string, PartEntry<SelectionPart>>>;
}

/**
 * Some kinds of a registry, e.g. what a `--registry` module exports: merged kind by kind over a base.
 *
 * @since 0.2.0
 */
export type SearchRegistryExtension = { readonly [K in keyof SearchRegistry]?: SearchRegistry[K] };

/**
 * The built-in parts: schedulers `gold`, `fixed-threshold`, `darts-argmax`; penalties `log`,
 * `linear`; objectives `flops`, `params`, `accuracy`, `latency`; evaluator `held-out`; optimisers
 * `sgd`, `adam`; update rules `one-level`, `darts-bilevel`; selections `argmax`, `darts-pt`.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEARCH_REGISTRY, fixedThresholdScheduler } from 'gold-nas';
 * import type { SearchRegistry } from 'gold-nas';
 * const registry: SearchRegistry = { ...DEFAULT_SEARCH_REGISTRY, schedulers: { ...DEFAULT_SEARCH_REGISTRY.schedulers, 'my-rule': fixedThresholdScheduler } };
 * ```
 * @since 0.2.0
 */
export const DEFAULT_SEARCH_REGISTRY: SearchRegistry = {
  schedulers: { gold: goldScheduler, 'fixed-threshold': fixedThresholdScheduler, 'darts-argmax': dartsArgmaxScheduler },
  penalties: { log: LOG_PENALTY_ENTRY, linear: LINEAR_PENALTY_ENTRY },
  objectives: OBJECTIVE_ENTRIES,
  evaluators: { 'held-out': HELD_OUT_ENTRY },
  optimizers: { sgd: SGD_ENTRY, adam: ADAM_ENTRY },
  updates: { 'one-level': ONE_LEVEL_ENTRY, 'darts-bilevel': DARTS_BILEVEL_ENTRY },
  selections: { argmax: ARGMAX_SELECTION_ENTRY, 'darts-pt': DARTS_PT_SELECTION_ENTRY },
};

const KINDS: readonly (keyof SearchRegistry)[] = ['schedulers', 'penalties', 'objectives', 'evaluators', 'optimizers', 'updates', 'selections'];

/**
 * A registry with an extension's entries added (and same-named ones replaced), kind by kind.
 *
 * @param base - the registry to extend (usually {@link DEFAULT_SEARCH_REGISTRY}).
 * @param extension - the kinds and entries to add.
 * @returns the extended registry.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEARCH_REGISTRY, extendRegistry, fixedThresholdScheduler } from 'gold-nas';
 * const registry = extendRegistry(DEFAULT_SEARCH_REGISTRY, { schedulers: { 'my-rule': fixedThresholdScheduler } });
 * Object.keys(registry.schedulers); // ['gold', 'fixed-threshold', 'darts-argmax', 'my-rule']
 * ```
 * @since 0.2.0
 */
export function extendRegistry(base: SearchRegistry, extension: SearchRegistryExtension): SearchRegistry {
  return {
    schedulers: { ...base.schedulers, ...extension.schedulers },
    penalties: { ...base.penalties, ...extension.penalties },
    objectives: { ...base.objectives, ...extension.objectives },
    evaluators: { ...base.evaluators, ...extension.evaluators },
    optimizers: { ...base.optimizers, ...extension.optimizers },
    updates: { ...base.updates, ...extension.updates },
    selections: { ...base.selections, ...extension.selections },
  };
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Checks that an unknown value (e.g. what a `--registry` module exports) is a registry extension:
 * an object whose keys are registry kinds, each a record of schedulers (with `name`, `decodeConfig`,
 * `init`, `step`, `lambda`, `decodeState`) or of entries (with `decode`).
 *
 * @param value - the value.
 * @param path - where it came from, for errors (e.g. the module's file).
 * @returns the extension, or a `ConfigError` naming the bad key.
 */
export function decodeRegistryExtension(value: unknown, path: string): Either<GoldNasError, SearchRegistryExtension> {
  const fail = (at: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('ConfigError', `${path}: ${at}`.replace(/: $/, ''), message));
  if (!isObject(value)) return fail('', `expected a registry extension object ({ schedulers?, penalties?, objectives?, evaluators?, optimizers?, updates?, selections? }), got ${typeof value}`);
  for (const [kind, entries] of Object.entries(value)) {
    if (!(KINDS as readonly string[]).includes(kind)) return fail(kind, `unknown registry kind '${kind}'; known kinds: ${KINDS.join(', ')}`);
    if (!isObject(entries)) return fail(kind, 'expected an object of entries by name');
    for (const [name, entry] of Object.entries(entries)) {
      const ok = kind === 'schedulers'
        ? isObject(entry) && typeof entry.name === 'string' && ['decodeConfig', 'init', 'step', 'lambda', 'decodeState'].every((k) => typeof entry[k] === 'function')
        : isObject(entry) && typeof entry.decode === 'function';
      if (!ok) {
        return fail(`${kind}.${name}`, kind === 'schedulers'
          ? 'is not a pruning scheduler (it needs name, decodeConfig, init, step, lambda and decodeState)'
          : 'is not a registry entry (it needs decode(options, path); see partEntry)');
      }
    }
  }
  return E.right(value as SearchRegistryExtension);
}

function unknownName(kind: string, path: string, name: string, known: readonly string[]): GoldNasError {
  return goldNasError('ConfigError', `${path}.name`,
    `unknown ${kind} '${name}'; known: ${known.join(', ')} (add your own to the registry, see docs/strategies.md)`);
}

function optionsOf(part: PartConfig): Readonly<Record<string, unknown>> {
  const { name: _name, ...options } = part;
  return options;
}

/**
 * Makes the part a config names from a registry kind.
 *
 * @param entries - the registry kind.
 * @param kind - what the part is, for errors (`penalty`, `objective`, …).
 * @param part - the part's config.
 * @param path - where it sits in the configuration.
 * @returns the part, or a `ConfigError` at `<path>.name` (unknown name, listing the known ones) or the entry's error.
 * @internal
 */
export function partFromEntry<P>(entries: Readonly<Record<string, PartEntry<P>>>, kind: string, part: PartConfig, path: string): Either<GoldNasError, P> {
  const entry = Object.hasOwn(entries, part.name) ? entries[part.name] : undefined;
  if (entry === undefined) return E.left(unknownName(kind, path, part.name, Object.keys(entries)));
  return entry.decode(optionsOf(part), path);
}

/**
 * Decodes a scheduler's options with the scheduler a config names.
 *
 * @param registry - the registry.
 * @param part - `pruning.scheduler`.
 * @param path - where it sits (`pruning.scheduler`).
 * @returns the scheduler and its configuration, or a `ConfigError`/`DecodeError` whose path starts with `path`.
 * @internal
 */
export function schedulerFromConfig(registry: SearchRegistry, part: PartConfig, path: string): Either<GoldNasError, SearchStrategy['scheduler']> {
  const rule = Object.hasOwn(registry.schedulers, part.name) ? registry.schedulers[part.name] : undefined;
  if (rule === undefined) return E.left(unknownName('scheduler', path, part.name, Object.keys(registry.schedulers)));
  const config = rule.decodeConfig(optionsOf(part), path) as Either<GoldNasError, unknown>;
  if (E.isRight(config)) return E.right({ rule, config: config.right });
  // A scheduler of a user's that reports paths of its own: put them under `path`.
  const e = config.left;
  return E.left(e.path === path || e.path.startsWith(`${path}.`) ? e : { ...e, path: e.path === '' ? path : `${path}.${e.path}` });
}
