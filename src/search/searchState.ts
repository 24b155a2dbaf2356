/**
 * The JSON state a search checkpoint carries next to its arrays, as an io-ts codec: the step and
 * round, the batch cursor, the live set, the scheduler's and the update rule's own states, the
 * recorded candidates, why the search stopped (if it did), and the names of the strategy's parts.
 * States written before the codec (no `version`) are converted, and so are states that counted
 * FLOPs as 2·multiply-adds (no `version`, or version 2).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec } from '../codecs.js';
import type { BatchCursor } from '../data/batches.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { BatchCursorCodec, JsonNumberCodec, decodeCheckpointState } from '../loop/stateCodecs.js';
import type { ParetoPoint } from '../pareto/objective.js';
import type { Architecture } from '../space/architecture.js';
import { ArchitectureCodec } from '../space/architectureCodec.js';
import { checkArchitecture } from '../space/decodeArchitecture.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { ArchitectureHashCodec } from '../space/architectureHashCodec.js';
import type { SearchStopReason } from './events.js';
import type { StrategyNames } from './strategy.js';

/** What a search keeps with each recorded candidate. */
export interface CandidatePayload {
  readonly step: number;
  readonly architecture: Architecture;
  readonly liveOps: number;
}

/** A recorded candidate as a checkpoint stores it. */
export type StoredCandidate = ParetoPoint<string, CandidatePayload>;

/** The JSON state of a search checkpoint (version 3: FLOPs in multiply-adds; version 2 counted 2·multiply-adds). */
export interface SearchLoopState {
  readonly version: 3;
  readonly step: number;
  readonly round: number;
  /** The step at which the live set last changed (absent in checkpoints written before gold-nas kept it). */
  readonly maskSince?: number;
  readonly cursor: BatchCursor;
  /** The live mask, one 0/1 per slot. */
  readonly live: readonly number[];
  /** The scheduler's state (decoded by the scheduler's `decodeState`). */
  readonly scheduler: unknown;
  /** The update rule's state (restored by the rule). */
  readonly update: unknown;
  readonly candidates: readonly StoredCandidate[];
  /** Why the search stopped, or null while it can go on (also after an interruption). */
  readonly stopReason: SearchStopReason | null;
  /** The names of the strategy's parts, so a resume with other parts is refused. */
  readonly strategy: StrategyNames;
}

/**
 * A state read back from a checkpoint; `legacyDone` is set for a state written before version 2
 * (which only knew that the search had ended); `oldFlopsUnit` for a state that counted FLOPs as
 * 2·multiply-adds (before version 3): its candidates are already converted, its scheduler's state
 * is not (see {@link upgradeSchedulerStateUnits}).
 */
export interface DecodedSearchState {
  readonly state: Omit<SearchLoopState, 'strategy'> & { readonly strategy: StrategyNames | null };
  readonly legacyDone: boolean | null;
  readonly oldFlopsUnit: boolean;
}

const CandidateCodec = closedType('StoredCandidate', {
  // The id names the candidate's files (architectures/<id>.json): a hash, never a path.
  id: ArchitectureHashCodec,
  values: t.record(t.string, JsonNumberCodec),
  payload: closedType('CandidatePayload', { step: integerCodec({ min: 0 }), architecture: ArchitectureCodec, liveOps: integerCodec({ min: 0 }) }),
}, { fidelity: t.number });

const liveCodec = t.readonlyArray(integerCodec({ min: 0, max: 1 }), 'live mask (0/1 per slot)');

const STOP_REASONS = { 'flops-min': null, discretised: null, minimal: null, stalled: null, budget: null, diverged: null, interrupted: null } as const;

const StrategyNamesCodec = closedType('StrategyNames', {
  scheduler: t.string,
  penalty: t.string,
  objectives: t.readonlyArray(t.string),
  evaluator: t.string,
  optimizers: closedType('optimizer names', { weights: t.string, alpha: t.string }),
  update: t.string,
});

/** The codec of a version-3 search state (and of a version-2 one, whose FLOPs count 2·multiply-adds). */
const SearchStateCodec = closedType('SearchLoopState', {
  version: t.union([t.literal(3), t.literal(2)]),
  step: integerCodec({ min: 0 }),
  round: integerCodec({ min: 0 }),
  cursor: BatchCursorCodec,
  live: liveCodec,
  scheduler: t.unknown,
  update: t.unknown,
  candidates: t.readonlyArray(CandidateCodec),
  stopReason: t.union([t.keyof(STOP_REASONS), t.null]),
  strategy: StrategyNamesCodec,
}, { maskSince: integerCodec({ min: 0 }) });

/** The codec of the state gold-nas 0.1 wrote (no version; `done` instead of a stop reason). */
const LegacySearchStateCodec = closedType('SearchLoopState (0.1)', {
  step: integerCodec({ min: 0 }),
  round: integerCodec({ min: 0 }),
  cursor: BatchCursorCodec,
  live: liveCodec,
  scheduler: t.unknown,
  candidates: t.readonlyArray(CandidateCodec),
  done: t.boolean,
});

/** How many of the old FLOPs (2·multiply-adds) make one FLOP now (a multiply-add). */
const OLD_FLOPS_PER_FLOP = 2;

/** A candidate recorded with FLOPs in 2·multiply-adds, in multiply-adds. */
function candidateInMultiplyAdds(c: StoredCandidate): StoredCandidate {
  const flops = c.values.flops;
  return flops === undefined || !Number.isFinite(flops) ? c : { ...c, values: { ...c.values, flops: flops / OLD_FLOPS_PER_FLOP } };
}

/**
 * Decodes a search checkpoint's state. Without a `version` it is read as a state of gold-nas 0.1
 * and converted (no update-rule state, no part names; `done` is kept in `legacyDone` for the loop
 * to name the stop reason). A state before version 3 counted FLOPs as 2·multiply-adds: its
 * candidates' `flops` are halved, and `oldFlopsUnit` says so.
 *
 * @param value - the checkpoint's `state`.
 * @returns the state (as version 3), or a `CheckpointError` naming the bad field (e.g. `state.live.3`).
 */
export function decodeSearchState(value: unknown): Either<GoldNasError, DecodedSearchState> {
  const versioned = typeof value === 'object' && value !== null && 'version' in value;
  if (versioned) {
    return E.map((s: t.TypeOf<typeof SearchStateCodec>): DecodedSearchState => {
      const old = s.version !== 3;
      return { state: { ...s, version: 3, candidates: old ? s.candidates.map(candidateInMultiplyAdds) : s.candidates }, legacyDone: null, oldFlopsUnit: old };
    })(decodeCheckpointState(SearchStateCodec, value));
  }
  return E.map((s: t.TypeOf<typeof LegacySearchStateCodec>): DecodedSearchState => ({
    state: {
      version: 3, step: s.step, round: s.round, cursor: s.cursor, live: s.live, scheduler: s.scheduler, update: null,
      candidates: s.candidates.map(candidateInMultiplyAdds), stopReason: null, strategy: null,
    },
    legacyDone: s.done,
    oldFlopsUnit: true,
  }))(decodeCheckpointState(LegacySearchStateCodec, value));
}

/** The built-in schedulers whose state embeds a configuration with `flopsMin` in FLOPs. */
const FLOPS_MIN_SCHEDULERS = ['gold', 'fixed-threshold'];
/** The built-in schedulers whose state holds no FLOPs. */
const UNIT_FREE_SCHEDULERS = ['darts-argmax'];

/**
 * A scheduler state from a checkpoint that counted FLOPs as 2·multiply-adds, in multiply-adds: the
 * built-in `gold` and `fixed-threshold` schedulers' `config.flopsMin` is halved (so the run stops
 * where it would have), `darts-argmax` holds no FLOPs. Another scheduler's state cannot be
 * converted: that is a `CheckpointError` saying to start over.
 *
 * @param state - the scheduler's state as the checkpoint holds it.
 * @param scheduler - the scheduler's name.
 * @returns the converted state, or the error.
 * @internal
 */
export function upgradeSchedulerStateUnits(state: unknown, scheduler: string): Either<GoldNasError, unknown> {
  if (UNIT_FREE_SCHEDULERS.includes(scheduler)) return E.right(state);
  const s = state as { readonly config?: { readonly flopsMin?: unknown } } | null;
  if (FLOPS_MIN_SCHEDULERS.includes(scheduler) && typeof s === 'object' && s !== null && typeof s.config?.flopsMin === 'number') {
    return E.right({ ...s, config: { ...s.config, flopsMin: s.config.flopsMin / OLD_FLOPS_PER_FLOP } });
  }
  return E.left(goldNasError('CheckpointError', 'state.scheduler',
    `this checkpoint counted FLOPs as 2·multiply-adds (gold-nas 0.1); the state of scheduler '${scheduler}' cannot be converted to multiply-adds: start the search over`));
}

/**
 * A search state as JSON for a checkpoint (NaN objective values become null).
 *
 * @param state - the state.
 * @returns plain JSON.
 * @internal
 */
export function encodeSearchState(state: SearchLoopState): unknown {
  // Every stored candidate has its payload: the search records each with one.
  return SearchStateCodec.encode(state as t.TypeOf<typeof SearchStateCodec>);
}

/**
 * Checks the candidates a checkpoint recorded against the search that resumes it, before any
 * training: every architecture fits the space (cells, nodes, operators, edges), and every
 * candidate has a value for each objective (a state of gold-nas 0.1, `legacy`, is not held to
 * the objectives). A checkpoint is checksummed, not signed: a forged one decodes, and without this
 * check a malformed candidate would fail only when the results are written, after the training.
 *
 * @param candidates - the decoded state's candidates.
 * @param space - the search's space.
 * @param objectives - the names of the search's objectives.
 * @param legacy - whether the state is one of gold-nas 0.1.
 * @returns `Right`, or a `CheckpointError` at `state.candidates.<i>…`.
 * @internal
 */
export function checkStoredCandidates(candidates: readonly StoredCandidate[], space: SearchSpace, objectives: readonly string[], legacy: boolean): Either<GoldNasError, void> {
  for (const [i, c] of candidates.entries()) {
    const at = `state.candidates.${i}`;
    // The codec requires the payload; a candidate built in code may lack it.
    const fits = c.payload === undefined ? E.right(undefined) : checkArchitecture(c.payload.architecture, space);
    if (E.isLeft(fits)) {
      return E.left(goldNasError('CheckpointError', `${at}.payload.architecture${fits.left.path === '' ? '' : `.${fits.left.path}`}`,
        `the recorded candidate ${c.id} does not fit this search's space: ${fits.left.message}; the checkpoint is damaged, start the search over`));
    }
    const missing = legacy ? undefined : objectives.find((o) => !Object.hasOwn(c.values, o));
    if (missing !== undefined) {
      return E.left(goldNasError('CheckpointError', `${at}.values`, `the recorded candidate ${c.id} has no value for objective '${missing}'; the checkpoint is damaged, start the search over`));
    }
  }
  return E.right(undefined);
}
