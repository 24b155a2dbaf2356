/**
 * The interface every pruning scheduler implements, so the search loop can swap GOLD's
 * Algorithm 1 for a fixed threshold, DARTS argmax, or a user's own rule. A scheduler is pure:
 * `(gate snapshot, live mask, state) -> (new mask, new state, events)`; its state is plain JSON,
 * so a checkpoint can store it as it is.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { GateSnapshot, LiveMask } from '../space/liveSet.js';
import type { OperatorSlot } from '../space/searchSpace.js';

/**
 * Why operators were pruned: GOLD's two rules, a fixed threshold, DARTS discretisation, or (set by
 * the search loop, never by a scheduler) a pruning criterion that chose the round's operators, such
 * as DARTS-PT's (`perturbation`).
 *
 * @since 0.1.0
 */
export type PruneReason = 'xi-min' | 'xi-max' | 'threshold' | 'argmax' | 'perturbation';

/**
 * Why the penalty weight λ changed (GOLD Algorithm 1, step 3).
 *
 * @since 0.1.0
 */
export type LambdaReason = 'pruned-at-least-n0' | 'pruned-fewer-than-n0';

/**
 * Why a scheduler says the search is over.
 *
 * @since 0.1.0
 */
export type StopReason = 'flops-min' | 'discretised';

/**
 * Why an architecture should be recorded as a Pareto candidate.
 * - `stable`: a stretch of more than `stableRounds` rounds without pruning ended ([R]).
 * - `change`: the architecture is about to change (every distinct architecture is a candidate).
 * - `final`: the scheduler stopped; this is the last architecture of the run.
 *
 * @since 0.1.0
 */
export type RecordReason = 'stable' | 'change' | 'final';

/**
 * Something a scheduler decided in one step, in the order it happened. Slot indices refer to
 * the `slots` of the input.
 *
 * - `prune`: these slots left the live set (`sweep` counts GOLD's repeated sweeps from 0).
 * - `lambda`: the penalty weight changed from `from` to `to`; `deltaFrom`/`deltaTo` are Δλ.
 * - `record`: record an architecture as a candidate. `architecture: 'before'` means the step's
 *   input live set (evaluate it before applying the new mask to the super-network, since pruning
 *   is irreversible); `'after'` means the output live set.
 * - `stop`: the search is over; the output's `done` is true.
 *
 * @since 0.1.0
 */
export type PruneEvent =
  | { readonly type: 'prune'; readonly slots: readonly number[]; readonly reason: PruneReason; readonly sweep: number }
  | {
      readonly type: 'lambda';
      readonly from: number;
      readonly to: number;
      readonly deltaFrom: number;
      readonly deltaTo: number;
      readonly reason: LambdaReason;
    }
  | { readonly type: 'record'; readonly architecture: 'before' | 'after'; readonly reason: RecordReason; readonly stableRounds: number }
  | { readonly type: 'stop'; readonly reason: StopReason; readonly flops?: number };

/**
 * What a scheduler step reads. Nothing in it is mutated.
 *
 * @since 0.1.0
 */
export interface PruningInput<S> {
  /** The space's operator slots (from `operatorSlots`). */
  readonly slots: readonly OperatorSlot[];
  /**
   * The gates read from the super-network after the last training period (e.g. `supernet.snapshot()`).
   * Only `gates` is read: schedulers recompute node-normalised weights over `live`.
   */
  readonly snapshot: Pick<GateSnapshot, 'gates'>;
  /** The current live set. */
  readonly live: LiveMask;
  /** The scheduler's state from `init` or from the previous step. */
  readonly state: S;
  /** The global training step at which this pruning round happens (for schedulers that act at a given step, and for logs). */
  readonly step: number;
  /**
   * FLOPs of the network with a given live set (for instance the live cost from the resource
   * estimators). Schedulers call it on their output mask to decide whether to stop.
   */
  readonly flops: (live: LiveMask) => number;
}

/**
 * What a scheduler step returns.
 *
 * @since 0.1.0
 */
export interface PruningOutput<S> {
  /** The new live set: always a new array, even when nothing was pruned. */
  readonly live: LiveMask;
  /** The new state (plain JSON). */
  readonly state: S;
  /** What happened, in order. */
  readonly events: readonly PruneEvent[];
  /** True once the scheduler considers the search finished; further steps change nothing. */
  readonly done: boolean;
}

/**
 * A pruning scheduler. `C` is its validated configuration, `S` its plain-JSON state (which
 * embeds the configuration, so that a checkpointed state is enough to resume).
 *
 * The search loop calls, per pruning round: `scheduler.step({ slots, snapshot, live, state, step, flops })`,
 * acts on the `record` events (evaluating `'before'` records before it prunes the super-network),
 * prunes the super-network to `output.live`, keeps `output.state`, and uses
 * `scheduler.lambda(state)` as the resource penalty's weight during the next training period.
 *
 * @example
 * ```ts
 * import { goldScheduler, operatorSlots, fullLiveMask, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * import type { PruningScheduler, GoldPruningConfig, GoldPruningState } from 'gold-nas';
 * const scheduler: PruningScheduler<GoldPruningConfig, GoldPruningState> = goldScheduler;
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 3 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * const config = scheduler.decodeConfig({ flopsMin: 0 });
 * if (config._tag === 'Right') {
 *   const state = scheduler.init(config.right);
 *   const gates = new Float32Array(slots.length).fill(0.5);
 *   const out = scheduler.step({ slots, snapshot: { gates }, live: fullLiveMask(slots), state, step: 0, flops: () => 1e9 });
 *   console.log(scheduler.lambda(out.state), out.events);
 * }
 * ```
 * @since 0.1.0
 */
export interface PruningScheduler<C, S> {
  /** A short name for logs and reports (`gold`, `fixed-threshold`, `darts-argmax`). */
  readonly name: string;
  /**
   * Validates a configuration; fields left out take their defaults.
   *
   * @param input - a partial configuration, e.g. parsed JSON (a config file's `pruning.scheduler` without `name`).
   * @param path - where the configuration sits, to prefix error paths with (a search passes `pruning.scheduler`).
   * @returns the full configuration, or a `DecodeError`/`ConfigError` naming the bad field.
   */
  readonly decodeConfig: (input: unknown, path?: string) => Either<GoldNasError, C>;
  /**
   * The state before the first round.
   *
   * @param config - a configuration from `decodeConfig`.
   * @returns the initial state.
   */
  readonly init: (config: C) => S;
  /**
   * One pruning round.
   *
   * @param input - gates, live set, state and the FLOPs function.
   * @returns the new live set, state and events.
   * @throws Error (the built-in schedulers) if the gates or the live mask do not have one entry per
   *   slot: a broken invariant (the caller mixed up spaces), not an input error.
   */
  readonly step: (input: PruningInput<S>) => PruningOutput<S>;
  /**
   * Optional: a last round when the search's step budget runs out (not when the scheduler stopped
   * the search itself, nor on an interruption), with the gates after the last step, to leave the
   * architecture the search ends on. DARTS derives its genotype here (`darts-argmax` with `atEnd`).
   * The loop acts on the output as on a round's (prunes, records, stops); without a `record` event
   * it records the live architecture, as it does at every budget stop.
   *
   * @param input - gates, live set, state and the FLOPs function, as for `step`.
   * @returns the round's output, or null when there is nothing to do (the loop then ends as without `finish`).
   */
  readonly finish?: (input: PruningInput<S>) => PruningOutput<S> | null;
  /**
   * The weight of the resource penalty in the loss for the next training period.
   *
   * @param state - the current state.
   * @returns λ.
   */
  readonly lambda: (state: S) => number;
  /**
   * Validates a state read back from a checkpoint.
   *
   * @param input - parsed JSON.
   * @returns the state, or a `CheckpointError` naming the bad field.
   */
  readonly decodeState: (input: unknown) => Either<GoldNasError, S>;
}
