/**
 * DARTS argmax discretisation as a {@link PruningScheduler}: nothing happens until `atStep` (or,
 * with `atEnd`, until the step budget runs out), then the live set becomes the DARTS genotype
 * (top-k edges per node, one operator per edge) in one step, and the search is over.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { dartsArgmaxMask } from './dartsArgmaxMask.js';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import { assertPruningInput } from './assertPruningInput.js';
import type { PruneEvent, PruningInput, PruningOutput, PruningScheduler } from './scheduler.js';

const configFields = { k: integerCodec({ min: 1 }), noneOp: t.string, atStep: integerCodec({ min: 0 }), lambda: numberCodec({ min: 0 }) };
const partialConfigCodec = closedType('DartsArgmaxConfig', {}, { ...configFields, atEnd: t.boolean });
// `atEnd` is optional in a saved state: states written before it existed decode as false.
const stateCodec = closedType('DartsArgmaxState', { config: closedType('DartsArgmaxConfig', configFields, { atEnd: t.boolean }), done: t.boolean });

/**
 * Settings of {@link dartsArgmaxScheduler}.
 *
 * @since 0.1.0
 */
export interface DartsArgmaxConfig {
  /** Incoming edges kept per node (default 2, as in DARTS). */
  readonly k: number;
  /** The operator that never counts as an edge's choice (default `none`). */
  readonly noneOp: string;
  /** The first step at which the scheduler discretises (default 0: at its first call, i.e. on demand). */
  readonly atStep: number;
  /**
   * Discretise when the search's step budget runs out instead (in `finish`, after the last step),
   * as DARTS derives its genotype when its epochs are over; rounds before change nothing. Default false.
   */
  readonly atEnd?: boolean;
  /** The constant weight of a resource penalty during the search (default 0: plain DARTS). */
  readonly lambda: number;
}

/**
 * The plain-JSON state of {@link dartsArgmaxScheduler}.
 *
 * @since 0.1.0
 */
export interface DartsArgmaxState {
  readonly config: DartsArgmaxConfig;
  /** Whether the live set has been discretised. */
  readonly done: boolean;
}

function decodeConfig(input: unknown, path = 'pruning'): Either<GoldNasError, DartsArgmaxConfig> {
  const defaults: DartsArgmaxConfig = { k: 2, noneOp: 'none', atStep: 0, lambda: 0, atEnd: false };
  return E.map((c: t.TypeOf<typeof partialConfigCodec>) => ({ ...defaults, ...c }))(decodeWith(partialConfigCodec, input, path));
}

function decodeState(input: unknown): Either<GoldNasError, DartsArgmaxState> {
  return E.mapLeft((e: GoldNasError) => goldNasError('CheckpointError', e.path, e.message))(decodeWith(stateCodec, input, 'pruningState'));
}

function step(input: PruningInput<DartsArgmaxState>): PruningOutput<DartsArgmaxState> {
  assertPruningInput(input);
  const { state, live } = input;
  const waiting = input.step < state.config.atStep || state.config.atEnd === true;
  if (state.done || waiting) return { live: Uint8Array.from(live), state, events: [], done: state.done };
  return discretise(input);
}

/** The budget ran out: with `atEnd`, discretise now (unless done); otherwise nothing to do. */
function finish(input: PruningInput<DartsArgmaxState>): PruningOutput<DartsArgmaxState> | null {
  assertPruningInput(input);
  return input.state.config.atEnd === true && !input.state.done ? discretise(input) : null;
}

/** The live set becomes the DARTS genotype: prune, record it, stop. */
function discretise(input: PruningInput<DartsArgmaxState>): PruningOutput<DartsArgmaxState> {
  const { state, slots, live } = input;
  const next = dartsArgmaxMask(slots, input.snapshot.gates, live, state.config);
  const dropped: number[] = [];
  for (const s of slots) if (live[s.index] && !next[s.index]) dropped.push(s.index);
  const events: PruneEvent[] = [];
  if (dropped.length > 0) events.push({ type: 'prune', slots: dropped, reason: 'argmax', sweep: 0 });
  events.push({ type: 'record', architecture: 'after', reason: 'final', stableRounds: 0 });
  events.push({ type: 'stop', reason: 'discretised', flops: input.flops(next) });
  return { live: next, state: { ...state, done: true }, events, done: true };
}

/**
 * DARTS argmax discretisation as a scheduler, valid for a `darts` or a `gold` space. Before
 * `atStep` a step changes nothing; the first step at or after it (or, with `atEnd`, `finish` when the
 * search's step budget runs out) replaces the live set with
 * `dartsArgmaxMask` (top-k incoming edges per node by their strongest non-`none` operator, one operator
 * per edge), records that architecture, and stops. λ is constant (0 for plain DARTS).
 *
 * @example
 * ```ts
 * import { dartsArgmaxScheduler } from 'gold-nas';
 * const config = dartsArgmaxScheduler.decodeConfig({ atStep: 10000 });
 * if (config._tag === 'Right') dartsArgmaxScheduler.init(config.right).done; // false
 * ```
 * @since 0.1.0
 */
export const dartsArgmaxScheduler: PruningScheduler<DartsArgmaxConfig, DartsArgmaxState> = {
  name: 'darts-argmax',
  decodeConfig: (input, path) => decodeConfig(input, path),
  init: (config) => ({ config, done: false }),
  step,
  finish,
  lambda: (state) => state.config.lambda,
  decodeState,
};
