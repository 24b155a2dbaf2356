/**
 * A fixed-threshold pruning scheduler: each round, prune every live operator whose gate (or
 * node-normalised weight) is below a constant τ, keeping one input per node. A baseline sibling
 * of GOLD's Algorithm 1, with a constant penalty weight.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { nodeNormalisedWeights } from '../space/liveSet.js';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import { dropKeepingOneInput } from './dropKeepingOneInput.js';
import { assertPruningInput } from './assertPruningInput.js';
import type { PruneEvent, PruningInput, PruningOutput, PruningScheduler } from './scheduler.js';

const requiredFields = { threshold: numberCodec({ min: 0, max: 1 }) };
const optionalFields = {
  by: t.keyof({ gate: null, weight: null }),
  lambda: numberCodec({ min: 0 }),
  flopsMin: numberCodec({ min: 0 }),
  recordFinal: t.boolean,
};
const partialConfigCodec = closedType('FixedThresholdConfig', requiredFields, optionalFields);
const configCodec = closedType('FixedThresholdConfig', { ...requiredFields, ...optionalFields });
const defaults: Omit<FixedThresholdConfig, 'threshold'> = { by: 'weight', lambda: 0, flopsMin: 0, recordFinal: true };

/**
 * Settings of {@link fixedThresholdScheduler}.
 *
 * @since 0.1.0
 */
export interface FixedThresholdConfig {
  /** τ: live operators whose value is strictly below it are pruned. Required, in [0, 1]. */
  readonly threshold: number;
  /** Compare the gate σ(α) itself, or the node-normalised weight (default `weight`). */
  readonly by: 'gate' | 'weight';
  /** The constant weight of the resource penalty (default 0). */
  readonly lambda: number;
  /** Stop once the live FLOPs fall below this (default 0: never). */
  readonly flopsMin: number;
  /** Whether the architecture the search stops at is recorded (default true). */
  readonly recordFinal: boolean;
}

/**
 * The plain-JSON state of {@link fixedThresholdScheduler}.
 *
 * @since 0.1.0
 */
export interface FixedThresholdState {
  readonly config: FixedThresholdConfig;
  /** Rounds completed. */
  readonly round: number;
  /** Operators pruned so far. */
  readonly pruned: number;
  /** Whether the search has stopped. */
  readonly done: boolean;
}

function decodeConfig(input: unknown, path = 'pruning'): Either<GoldNasError, FixedThresholdConfig> {
  return E.map((c: t.TypeOf<typeof partialConfigCodec>) => ({ ...defaults, ...c }))(decodeWith(partialConfigCodec, input, path));
}

const stateCodec = closedType('FixedThresholdState', {
  config: configCodec,
  round: integerCodec({ min: 0 }),
  pruned: integerCodec({ min: 0 }),
  done: t.boolean,
});

function decodeState(input: unknown): Either<GoldNasError, FixedThresholdState> {
  return E.mapLeft((e: GoldNasError) => goldNasError('CheckpointError', e.path, e.message))(decodeWith(stateCodec, input, 'pruningState'));
}

function step(input: PruningInput<FixedThresholdState>): PruningOutput<FixedThresholdState> {
  assertPruningInput(input);
  const { state, slots, live } = input;
  const { config } = state;
  if (state.done) return { live: Uint8Array.from(live), state, events: [], done: true };
  const values = config.by === 'gate' ? input.snapshot.gates : nodeNormalisedWeights(slots, input.snapshot.gates, live);
  const next = Uint8Array.from(live);
  const weak: number[] = [];
  for (const s of slots) if (live[s.index] && values[s.index]! < config.threshold) weak.push(s.index);
  const dropped = dropKeepingOneInput(slots, next, weak, values);
  const events: PruneEvent[] = [];
  if (dropped.length > 0) {
    events.push({ type: 'record', architecture: 'before', reason: 'change', stableRounds: 0 });
    events.push({ type: 'prune', slots: dropped, reason: 'threshold', sweep: 0 });
  }
  const flops = input.flops(next);
  const done = flops < config.flopsMin;
  if (done) {
    if (config.recordFinal) events.push({ type: 'record', architecture: 'after', reason: 'final', stableRounds: 0 });
    events.push({ type: 'stop', reason: 'flops-min', flops });
  }
  return { live: next, state: { config, round: state.round + 1, pruned: state.pruned + dropped.length, done }, events, done };
}

/**
 * A fixed-threshold scheduler: once per round, every live operator whose gate (`by: 'gate'`) or
 * node-normalised weight (`by: 'weight'`) is strictly below `threshold` is pruned; when that would
 * empty a node, its strongest operator stays. λ is constant. Every architecture change is recorded
 * (the input architecture, before the round that prunes it), and the search stops below `flopsMin`.
 *
 * @example
 * ```ts
 * import { fixedThresholdScheduler } from 'gold-nas';
 * const config = fixedThresholdScheduler.decodeConfig({ threshold: 0.1, by: 'gate', lambda: 1e-4 });
 * if (config._tag === 'Right') fixedThresholdScheduler.lambda(fixedThresholdScheduler.init(config.right)); // 1e-4
 * ```
 * @since 0.1.0
 */
export const fixedThresholdScheduler: PruningScheduler<FixedThresholdConfig, FixedThresholdState> = {
  name: 'fixed-threshold',
  decodeConfig: (input, path) => decodeConfig(input, path),
  init: (config) => ({ config, round: 0, pruned: 0, done: false }),
  step,
  lambda: (state) => state.config.lambda,
  decodeState,
};
