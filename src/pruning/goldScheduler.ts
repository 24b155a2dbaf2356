/**
 * GOLD-NAS's gradual pruning with a variable constraint (METHOD.md §4, Algorithm 1) as a
 * {@link PruningScheduler}: prune by node-normalised weights, move λ, say when to record an
 * architecture and when to stop.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldPruningConfig } from './goldConfig.js';
import { checkGoldPruningConfig, decodeGoldPruningConfig, goldPruningConfigCodec } from './goldConfig.js';
import { goldPrune } from './goldPrune.js';
import { assertPruningInput } from './assertPruningInput.js';
import type { PruneEvent, PruningInput, PruningOutput, PruningScheduler } from './scheduler.js';
import { updateLambda } from './updateLambda.js';

/**
 * The plain-JSON state of {@link goldScheduler}; checkpoint it as it is.
 *
 * @since 0.1.0
 */
export interface GoldPruningState {
  /** The configuration the run uses (part of the state, so a checkpoint is enough to resume). */
  readonly config: GoldPruningConfig;
  /** λ, the weight of the resource penalty for the next training period. */
  readonly lambda: number;
  /** Δλ, the next increment of λ. */
  readonly deltaLambda: number;
  /** t: how many rounds in a row ended without pruning (0 right after a round that pruned). */
  readonly roundsSincePrune: number;
  /** Rounds completed. */
  readonly round: number;
  /** Operators pruned so far. */
  readonly pruned: number;
  /** The `step` of the last round that pruned, or null. */
  readonly lastPruneStep: number | null;
  /** Whether the search has stopped (FLOPs below FLOPs_min). */
  readonly done: boolean;
}

const stateCodec = closedType('GoldPruningState', {
  config: goldPruningConfigCodec,
  lambda: numberCodec({ min: 0 }),
  deltaLambda: numberCodec({ min: 0, exclusiveMin: true }),
  roundsSincePrune: integerCodec({ min: 0 }),
  round: integerCodec({ min: 0 }),
  pruned: integerCodec({ min: 0 }),
  lastPruneStep: t.union([t.number, t.null]),
  done: t.boolean,
});

/**
 * The state before the first round: λ = λ_init (0), Δλ = λ0, t = 0.
 *
 * @param config - a configuration from `decodeGoldPruningConfig`.
 * @returns the initial state.
 *
 * @example
 * ```ts
 * import { initGoldPruningState, GOLD_PRUNING_DEFAULTS } from 'gold-nas';
 * initGoldPruningState(GOLD_PRUNING_DEFAULTS).deltaLambda; // 1e-5
 * ```
 * @since 0.1.0
 */
export function initGoldPruningState(config: GoldPruningConfig): GoldPruningState {
  return { config, lambda: config.lambdaInit, deltaLambda: config.lambda0, roundsSincePrune: 0, round: 0, pruned: 0, lastPruneStep: null, done: false };
}

/**
 * Validates a GOLD pruning state read back from a checkpoint (its embedded config included).
 *
 * @param input - parsed JSON.
 * @returns the state, or a `CheckpointError` naming the bad field.
 */
export function decodeGoldPruningState(input: unknown): Either<GoldNasError, GoldPruningState> {
  const state = decodeWith(stateCodec, input, 'pruningState');
  const checked = E.isLeft(state) ? state : E.map(() => state.right)(checkGoldPruningConfig(state.right.config, 'pruningState.config'));
  return E.mapLeft((e: GoldNasError) => goldNasError('CheckpointError', e.path, e.message))(checked);
}

/**
 * One round of GOLD-NAS's Algorithm 1, after a training period:
 * 1. prune with {@link goldPrune} (up to n0 sweeps of the ξ_min and ξ_max rules, never a node's last input);
 * 2. move λ with {@link updateLambda} (pruned ≥ n0: λ/c0 and Δλ ← λ0; otherwise Δλ ← c0·Δλ, λ ← λ + Δλ);
 * 3. say which architectures to record:
 *    - policy `stable` ([R]): when this round prunes and the t rounds before it pruned nothing with
 *      `t > stableRounds`, the input architecture (`architecture: 'before'`, reason `stable`);
 *    - policy `every-change`: the input architecture whenever this round prunes (reason `stable` when the
 *      stretch was long enough, `change` otherwise), so every distinct architecture is recorded once;
 *    - with `recordFinal`, the output architecture when the search stops (reason `final`);
 * 4. stop when `input.flops(output live set) < flopsMin`.
 *
 * The `record` event for the input architecture comes first in `events`: the loop should evaluate it
 * before pruning the super-network, since pruning is irreversible. Once `done`, further calls return
 * the live set unchanged, with no events.
 *
 * @param input - slots, gate snapshot, live set, state, step and the FLOPs function.
 * @returns the new live set, state, events and whether the search is over.
 * @throws Error if the gates or the live mask do not have one entry per slot (a broken invariant).
 *
 * @example
 * ```ts
 * import { goldPruningStep, initGoldPruningState, GOLD_PRUNING_DEFAULTS, operatorSlots, fullLiveMask, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 1 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * const gates = new Float32Array([0.005, 0.04, 0.455, 0.5]);
 * const out = goldPruningStep({
 *   slots, snapshot: { gates }, live: fullLiveMask(slots),
 *   state: initGoldPruningState(GOLD_PRUNING_DEFAULTS), step: 100, flops: () => 1e9,
 * });
 * out.state.lambda; // 2e-5: two operators pruned, fewer than n0 = 4
 * ```
 * @since 0.1.0
 */
export function goldPruningStep(input: PruningInput<GoldPruningState>): PruningOutput<GoldPruningState> {
  assertPruningInput(input);
  const { state } = input;
  const { config } = state;
  if (state.done) return { live: Uint8Array.from(input.live), state, events: [], done: true };

  const pruning = goldPrune(input.slots, input.snapshot.gates, input.live, config);
  const events: PruneEvent[] = [];
  const stable = state.roundsSincePrune > config.stableRounds;
  if (pruning.pruned > 0 && (stable || config.record === 'every-change')) {
    events.push({ type: 'record', architecture: 'before', reason: stable ? 'stable' : 'change', stableRounds: state.roundsSincePrune });
  }
  events.push(...pruning.events);

  const lambda = updateLambda(state, pruning.pruned, config);
  events.push({ type: 'lambda', from: state.lambda, to: lambda.lambda, deltaFrom: state.deltaLambda, deltaTo: lambda.deltaLambda, reason: lambda.reason });

  const roundsSincePrune = pruning.pruned > 0 ? 0 : state.roundsSincePrune + 1;
  const flops = input.flops(pruning.live);
  const done = flops < config.flopsMin;
  if (done) {
    if (config.recordFinal) events.push({ type: 'record', architecture: 'after', reason: 'final', stableRounds: roundsSincePrune });
    events.push({ type: 'stop', reason: 'flops-min', flops });
  }
  return {
    live: pruning.live,
    state: {
      config,
      lambda: lambda.lambda,
      deltaLambda: lambda.deltaLambda,
      roundsSincePrune,
      round: state.round + 1,
      pruned: state.pruned + pruning.pruned,
      lastPruneStep: pruning.pruned > 0 ? input.step : state.lastPruneStep,
      done,
    },
    events,
    done,
  };
}

/**
 * GOLD-NAS's Algorithm 1 as a {@link PruningScheduler}: `decodeConfig` = `decodeGoldPruningConfig`,
 * `init` = `initGoldPruningState`, `step` = `goldPruningStep`, `lambda` reads `state.lambda`.
 *
 * @example
 * ```ts
 * import { goldScheduler } from 'gold-nas';
 * const config = goldScheduler.decodeConfig({ flopsMin: 240e6, record: 'every-change' });
 * if (config._tag === 'Right') {
 *   const state = goldScheduler.init(config.right);
 *   goldScheduler.lambda(state); // 0
 * }
 * ```
 * @since 0.1.0
 */
export const goldScheduler: PruningScheduler<GoldPruningConfig, GoldPruningState> = {
  name: 'gold',
  decodeConfig: (input, path) => decodeGoldPruningConfig(input, path),
  init: initGoldPruningState,
  step: goldPruningStep,
  lambda: (state) => state.lambda,
  decodeState: decodeGoldPruningState,
};
