/**
 * A search strategy: the parts of a search as values. The loop (`runSearch`) owns the order of
 * things (train, prune, record, checkpoint); the strategy says how each is done:
 *
 * - `scheduler`: the pruning rule (any {@link PruningScheduler}) and its decoded configuration;
 * - `penalty`: makes the resource penalty R(gates) (a {@link GatePenalty}, which owns tensors);
 * - `objectives`: what a candidate is compared on, each with its direction;
 * - `evaluator`: how a recorded candidate is scored (default: held-out accuracy of the
 *   super-network restricted to it);
 * - `optimizers`: make the optimisers of the weights ω and of α;
 * - `update`: the per-step update rule (default: one-level, ω and α from the same batch and one
 *   backward pass).
 *
 * Config files name parts through a {@link SearchRegistry}; code can also build a strategy directly.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { BatchCursor, BatchIterator } from '../data/batches.js';
import type { Batch, Dataset } from '../data/dataset.js';
import type { GoldNasError } from '../errors.js';
import type { TrainingOptimizer } from '../loop/trainingOptimizer.js';
import type { PruningScheduler } from '../pruning/scheduler.js';
import type { LatencyTable } from '../latency/measureSlotLatency.js';
import type { Cost } from '../resources/cost.js';
import type { GatePenalty } from '../resources/penalty.js';
import type { SlotCosts } from '../resources/slotCosts.js';
import type { Architecture } from '../space/architecture.js';
import type { LiveMask } from '../space/liveSet.js';
import type { OperatorSlot, SearchSpace } from '../space/searchSpace.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import type { SearchConfig } from './searchConfig.js';
import type { PerturbationDecision } from './perturbationDecision.js';

/**
 * A pruning scheduler with any configuration and state types (registries hold schedulers of
 * different types side by side; each only ever sees the configuration and state it made itself).
 *
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScheduler = PruningScheduler<any, any>;

/**
 * The pruning part of a strategy: a scheduler and its configuration (from its `decodeConfig`).
 * Make one with {@link schedulerPart}.
 *
 * @since 0.2.0
 */
export interface SchedulerPart {
  readonly rule: AnyScheduler;
  readonly config: unknown;
}

/**
 * Pairs a scheduler with a configuration of its own type.
 *
 * @param rule - the scheduler.
 * @param config - its configuration (e.g. the `right` of `rule.decodeConfig(…)`).
 * @returns the strategy's pruning part.
 *
 * @example
 * ```ts
 * import { schedulerPart, goldScheduler, GOLD_PRUNING_DEFAULTS } from 'gold-nas';
 * const pruning = schedulerPart(goldScheduler, { ...GOLD_PRUNING_DEFAULTS, flopsMin: 3.5e6 });
 * ```
 * @since 0.2.0
 */
export function schedulerPart<C, S>(rule: PruningScheduler<C, S>, config: NoInfer<C>): SchedulerPart {
  return { rule, config };
}

/**
 * What a penalty factory gets: the super-network's slots, their costs and the live set when the search starts.
 *
 * @since 0.2.0
 */
export interface PenaltyContext {
  readonly tf: TF;
  readonly space: SearchSpace;
  /** `operatorSlots(space)`: the index of gates, costs and live masks. */
  readonly slots: readonly OperatorSlot[];
  /** The search network's per-slot costs (`slotCosts(space)`). */
  readonly costs: SlotCosts;
  /** The live set at the start (all slots on a new search; fewer on a resume). */
  readonly live: LiveMask;
  /** Each slot's measured inference latency on this backend (batch 1); measured on first call, then shared. */
  readonly slotLatency: () => Promise<Either<GoldNasError, LatencyTable>>;
}

/**
 * The resource penalty of a strategy: a name (for checkpoints and logs) and a factory, since a
 * penalty owns tensors (the search disposes it at the end).
 *
 * @example
 * ```ts
 * import { linearPenalty } from 'gold-nas';
 * import type { PenaltyPart } from 'gold-nas';
 * const paramsPenalty: PenaltyPart = { name: 'params-only', create: async ({ tf, costs }) => linearPenalty(tf, costs, { params: 1 }) };
 * ```
 * @since 0.2.0
 */
export interface PenaltyPart {
  readonly name: string;
  /**
   * Makes the penalty.
   *
   * @param context - tf, the space, its slots and costs, the starting live set, latency.
   * @returns the penalty, or why it cannot be made.
   */
  readonly create: (context: PenaltyContext) => Promise<Either<GoldNasError, GatePenalty>>;
}

/**
 * A recorded architecture as the objectives see it.
 *
 * @since 0.2.0
 */
export interface CandidateMeasurement {
  /** The training step at which it was recorded. */
  readonly step: number;
  readonly architecture: Architecture;
  readonly live: LiveMask;
  /** Its evaluation network's cost (the space's cell batch norms, no auxiliary head); FLOPs are multiply-adds. */
  readonly cost: Cost;
  /** What the strategy's evaluator said of it (e.g. `{ accuracy: 0.93 }`). */
  readonly scores: Readonly<Record<string, number>>;
}

/**
 * One objective made ready for a search.
 *
 * @since 0.2.0
 */
export interface ObjectiveMeasure {
  /**
   * The candidate's value.
   *
   * @param candidate - the recorded architecture, its cost and scores.
   * @returns the value (NaN keeps the candidate off the front).
   */
  readonly measure: (candidate: CandidateMeasurement) => number;
  /**
   * The hypervolume's reference value in the objective's own units (the full super-network's cost
   * for a cost; 0 for an accuracy). Values are divided by it when it is not 0. Without it the
   * search reports no hypervolume.
   */
  readonly reference?: number;
}

/**
 * What an objective's factory gets.
 *
 * @since 0.2.0
 */
export interface ObjectiveContext {
  readonly tf: TF;
  readonly space: SearchSpace;
  readonly slots: readonly OperatorSlot[];
  /** The evaluation network's per-slot costs (the space's cell batch norms, no search-only parts). */
  readonly evalCosts: SlotCosts;
  /** The full super-network (every slot live) as a candidate without scores: a reference for costs. */
  readonly full: { readonly live: LiveMask; readonly cost: Cost };
  /** Each slot's measured inference latency on this backend (batch 1); measured on first call, then shared. */
  readonly slotLatency: () => Promise<Either<GoldNasError, LatencyTable>>;
}

/**
 * An objective of a strategy: a name (the key of each candidate's `values`), a direction, and a
 * factory (which may measure something first, e.g. a latency table). Make a simple one with `objective`.
 *
 * @since 0.2.0
 */
export interface ObjectivePart {
  readonly name: string;
  readonly direction: 'min' | 'max';
  /**
   * Readies the objective for a search.
   *
   * @param context - tf, the space, its costs, the full network, latency.
   * @returns the measure, or why it cannot be made.
   */
  readonly create: (context: ObjectiveContext) => Promise<Either<GoldNasError, ObjectiveMeasure>>;
}

/**
 * What an evaluator gets for one recorded candidate. The super-network is restricted to it (its live set is `live`).
 *
 * @since 0.2.0
 */
export interface EvaluationContext {
  readonly tf: TF;
  readonly net: SupernetState;
  readonly step: number;
  readonly architecture: Architecture;
  readonly live: LiveMask;
  /** The held-out batches in one fixed order, the same for every candidate, at most `evaluation.maxExamples` examples. */
  readonly heldOut: () => Iterable<Batch>;
  /**
   * How many training steps the search has taken with exactly this live set since it last changed:
   * 0 for an architecture recorded right after a prune (the final one, say), a full pruning period or
   * more for one recorded before the round that prunes it.
   */
  readonly stepsWithMask: number;
  /**
   * Recovery training: trains the weights ω alone for `steps` steps with the candidate's live set,
   * runs `score`, then puts ω back, so the search goes on as if nothing happened. The steps use the
   * training batches the search will draw next (read, not drawn), the current learning rate, a fresh
   * optimiser of the strategy's weights part, and no penalty; α is left alone. Deterministic, and
   * nothing of it goes into checkpoints.
   *
   * @param steps - how many steps (0: score at once).
   * @param score - what to do on the recovered weights (e.g. evaluate on `heldOut()`).
   * @returns what `score` returns, or the error of a batch that cannot be made.
   */
  readonly recover: <A>(steps: number, score: () => Promise<Either<GoldNasError, A>>) => Promise<Either<GoldNasError, A>>;
}

/**
 * How a strategy scores a recorded candidate. The default (`held-out`) gives `{ accuracy }`: the
 * shared-weight held-out accuracy, top-1 of the super-network restricted to the candidate on the
 * held-out split, after recovery steps when the candidate has trained fewer than that with its mask.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import type { CandidateEvaluator } from 'gold-nas';
 * const liveOps: CandidateEvaluator = {
 *   name: 'live-ops',
 *   evaluate: async ({ live }) => E.right({ liveOps: live.reduce((n, v) => n + v, 0) }),
 * };
 * ```
 * @since 0.2.0
 */
export interface CandidateEvaluator {
  readonly name: string;
  /**
   * Scores one candidate.
   *
   * @param context - the super-network restricted to the candidate, the held-out batches, recovery training.
   * @returns named scores, or an error that stops the search.
   */
  readonly evaluate: (context: EvaluationContext) => Promise<Either<GoldNasError, Readonly<Record<string, number>>>>;
}

/**
 * Makes one optimiser of a strategy (for the weights ω, or for α).
 *
 * @since 0.2.0
 */
export interface OptimizerPart {
  readonly name: string;
  /**
   * Makes the optimiser.
   *
   * @param tf - the injected tfjs namespace.
   * @returns the optimiser (the search disposes it).
   */
  readonly create: (tf: TF) => TrainingOptimizer;
}

/**
 * What an update rule is made with.
 *
 * @since 0.2.0
 */
export interface UpdateContext {
  readonly tf: TF;
  readonly net: SupernetState;
  readonly penalty: GatePenalty;
  readonly optimizers: { readonly weights: TrainingOptimizer; readonly alpha: TrainingOptimizer };
  /** The whole configuration (auxiliary weight, α's learning rate, seed, batch size, data settings, …). */
  readonly config: SearchConfig;
  /**
   * The data: `train`, the examples the loop draws its batches from; `rule`, the examples the
   * rule kept for itself with `splitTraining` (e.g. DARTS' α half), absent otherwise. The held-out
   * split is for scoring candidates only and is not given to a rule.
   */
  readonly data: {
    readonly train: Dataset;
    readonly rule?: Dataset;
    /**
     * Batches over `rule`, made as the loop's are (batch size, augmentation, the training split's
     * normalisation, the last partial batch dropped) but in an order of their own, starting at
     * `start` (a cursor from the rule's checkpointed state). Present when `rule` is.
     */
    readonly ruleBatches?: (start?: BatchCursor) => Either<GoldNasError, BatchIterator>;
  };
}

/**
 * The per-step inputs of an update.
 *
 * @since 0.2.0
 */
export interface UpdateInput {
  /** The training batch the loop drew. */
  readonly batch: Batch;
  /** The weights' learning rate at this step. */
  readonly lr: number;
  /** The penalty weight λ (the scheduler's). */
  readonly lambda: number;
  /** The global step (0-based, before this step). */
  readonly step: number;
}

/**
 * A running update rule: one step at a time, with a JSON state for checkpoints.
 *
 * @since 0.2.0
 */
export interface UpdateStep {
  /**
   * One update, synchronous (no `await` between kernels). Reads nothing back from the device.
   *
   * @param input - the batch, the learning rate, λ, the step.
   * @returns the training loss as a scalar the caller reads when it logs, then disposes.
   */
  step(input: UpdateInput): Scalar;
  /**
   * The rule's own JSON state for a checkpoint (e.g. a validation-batch cursor), or null.
   *
   * @returns plain JSON.
   */
  state(): unknown;
  /**
   * Restores a state from {@link UpdateStep.state} read back from a checkpoint.
   *
   * @param state - parsed JSON.
   * @returns nothing, or a `CheckpointError` naming the bad field.
   */
  restore(state: unknown): Either<GoldNasError, void>;
  /** Frees what the rule owns (not the network, penalty or optimisers). */
  dispose(): void;
}

/**
 * The per-step update rule of a strategy: today's one-level rule, or e.g. a bilevel DARTS rule.
 *
 * @since 0.2.0
 */
export interface UpdateRule {
  readonly name: string;
  /**
   * Splits the training examples between the loop (whose batches train ω) and the rule (e.g. the
   * validation half α trains on in bilevel DARTS). Without it the loop trains on all of them.
   *
   * @param train - the search's training split.
   * @param seed - the search's seed.
   * @returns the loop's and the rule's examples, or why they cannot be split.
   */
  readonly splitTraining?: (train: Dataset, seed: number) => Either<GoldNasError, { readonly loop: Dataset; readonly rule: Dataset }>;
  /**
   * Readies the rule for a search.
   *
   * @param context - the network, penalty, optimisers, configuration and data.
   * @returns the running rule, or why it cannot run.
   */
  readonly create: (context: UpdateContext) => Either<GoldNasError, UpdateStep>;
}

/**
 * What a selection part gets when the scheduler discretises the super-network (a round whose
 * `prune` event has the reason `argmax`, as `darts-argmax`'s): the trained network before the
 * discretisation and the scheduler's own choice.
 *
 * @since 0.2.0
 */
export interface SelectionContext {
  readonly tf: TF;
  /** The super-network, trained, with the live set before the discretisation. A part may train its weights ω (the search goes on with them); it must not prune it. */
  readonly net: SupernetState;
  /** The live set the scheduler chose (DARTS's argmax genotype). */
  readonly proposed: LiveMask;
  /**
   * The held-out batches in one fixed order, the same at every call, as candidates are scored.
   *
   * @param maxExamples - at most this many examples (default: the search's `evaluation.maxExamples`; 0 for all).
   * @returns the batches.
   */
  readonly heldOut: (maxExamples?: number) => Iterable<Batch>;
  /** Draws the search's next training batch (of the loop's examples: ω's half in bilevel DARTS). */
  readonly nextBatch: () => Batch;
  /** The weights' learning rate at this step. */
  readonly lr: number;
  /** The whole configuration (seed, auxiliary weight, evaluation settings, …). */
  readonly config: SearchConfig;
  /** The strategy's weights optimiser part (to make a fresh optimiser for any training). */
  readonly optimizer: OptimizerPart;
  /**
   * Reports a decision as it is taken (the search emits a `selection` event); awaited.
   *
   * @param decision - the decision.
   * @param index - its place, from 0.
   * @param total - how many there will be.
   * @returns when the event's callbacks are done.
   */
  readonly onDecision: (decision: PerturbationDecision, index: number, total: number) => Promise<void>;
}

/**
 * What a selection part chose: a live set within the network's, and the decisions that led to it.
 *
 * @since 0.2.0
 */
export interface SelectionOutcome {
  readonly live: LiveMask;
  /** The decisions, for reports (empty for `argmax`). */
  readonly trace: readonly PerturbationDecision[];
}

/**
 * What a selection part's `prune` gets in a pruning round that is not a discretisation (GOLD-NAS's
 * ξ rules, a fixed threshold): the {@link SelectionContext} with the scheduler's mask as `proposed`,
 * and how many operators that mask removes.
 *
 * @since 0.2.0
 */
export interface PruningRoundContext extends SelectionContext {
  /** How many operators the scheduler's rule removes in this round (at least 1). */
  readonly count: number;
}

/**
 * How a discretisation picks its architecture: `argmax` keeps the scheduler's (DARTS's
 * genotype from α), `darts-pt` selects by perturbation on the trained super-network instead
 * (`selectByPerturbation`). A search without a selection part keeps the scheduler's.
 *
 * With `prune`, the part is also a pruning criterion: in every round where the scheduler removes
 * operators without discretising (GOLD-NAS's), it chooses which ones (`darts-pt`: the ones whose
 * removal hurts the held-out accuracy least, `pruneByPerturbation`). The scheduler still decides
 * when and how many, and moves λ as it would.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import type { SelectionPart } from 'gold-nas';
 * const keepProposal: SelectionPart = { name: 'keep', select: async ({ proposed }) => E.right({ live: proposed, trace: [] }) };
 * ```
 * @since 0.2.0
 */
export interface SelectionPart {
  readonly name: string;
  /**
   * Chooses the discretised architecture.
   *
   * @param context - the trained network, the scheduler's choice, the held-out and training batches.
   * @returns the live set to prune to (within `context.net.live`, every node keeping an input), or an error that stops the search.
   */
  readonly select: (context: SelectionContext) => Promise<Either<GoldNasError, SelectionOutcome>>;
  /**
   * Optional: chooses the operators a pruning round removes, instead of the scheduler's rule.
   *
   * @param context - the trained network, the scheduler's mask and its count, the held-out and training batches.
   * @returns the live set to prune to (within `context.net.live`, every node keeping an input), and the round's decisions.
   * @since 0.2.0
   */
  readonly prune?: (context: PruningRoundContext) => Promise<Either<GoldNasError, SelectionOutcome>>;
}

/**
 * A search's parts as values. `strategyFromConfig(config, registry)` builds the one a
 * configuration names; any part can be replaced by a value of your own.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { strategyFromConfig, SEARCH_PRESETS, DEFAULT_SEARCH_REGISTRY } from 'gold-nas';
 * import type { SearchStrategy } from 'gold-nas';
 * const base = strategyFromConfig(SEARCH_PRESETS['synthetic-tiny'], DEFAULT_SEARCH_REGISTRY);
 * if (E.isRight(base)) {
 *   const strategy: SearchStrategy = { ...base.right, evaluator: { name: 'none', evaluate: async () => E.right({ accuracy: 0 }) } };
 * }
 * ```
 * @since 0.2.0
 */
export interface SearchStrategy {
  readonly scheduler: SchedulerPart;
  readonly penalty: PenaltyPart;
  /** At least one; candidates are compared on all of them (order = the `values` order). */
  readonly objectives: readonly ObjectivePart[];
  readonly evaluator: CandidateEvaluator;
  readonly optimizers: { readonly weights: OptimizerPart; readonly alpha: OptimizerPart };
  readonly update: UpdateRule;
  /**
   * How a discretisation (a `prune` event with reason `argmax`) picks its architecture (default:
   * the scheduler's own, as `argmax`), and, when the part has `prune`, which operators the other
   * pruning rounds remove.
   *
   * @since 0.2.0
   */
  readonly selection?: SelectionPart;
}

/** The names of a strategy's parts, as a checkpoint records them. */
export interface StrategyNames {
  readonly scheduler: string;
  readonly penalty: string;
  readonly objectives: readonly string[];
  readonly evaluator: string;
  readonly optimizers: { readonly weights: string; readonly alpha: string };
  readonly update: string;
}

/**
 * The names of a strategy's parts (a resume refuses a checkpoint written with other parts).
 *
 * @param strategy - the strategy.
 * @returns its parts' names.
 */
export function strategyNames(strategy: SearchStrategy): StrategyNames {
  return {
    scheduler: strategy.scheduler.rule.name,
    penalty: strategy.penalty.name,
    objectives: strategy.objectives.map((o) => o.name),
    evaluator: strategy.evaluator.name,
    optimizers: { weights: strategy.optimizers.weights.name, alpha: strategy.optimizers.alpha.name },
    update: strategy.update.name,
  };
}
