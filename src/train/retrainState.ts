/**
 * The JSON state a re-training checkpoint carries next to its arrays, as an io-ts codec: the
 * architecture's hash, the step, the batch cursor, the epochs so far, the running sums of the epoch
 * in progress, the wall time and whether it finished.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec } from '../codecs.js';
import type { BatchCursor } from '../data/batches.js';
import type { GoldNasError } from '../errors.js';
import { BatchCursorCodec, JsonNumberCodec, decodeCheckpointState } from '../loop/stateCodecs.js';
import type { RetrainEpochRecord } from './retrainEvents.js';

/** The running sums of the epoch in progress, so a resume mid-epoch reports the same epoch figures. */
export interface EpochSums {
  readonly lossSum: number;
  readonly correct: number;
  readonly examples: number;
  readonly steps: number;
}

/** The JSON state of a re-training checkpoint. */
export interface RetrainState {
  readonly architectureId: string;
  readonly step: number;
  readonly cursor: BatchCursor;
  readonly history: readonly RetrainEpochRecord[];
  readonly sums: EpochSums;
  /** Wall time so far, across resumes, in seconds. */
  readonly seconds: number;
  readonly done: boolean;
}

const nullableNumber = t.union([t.number, t.null]);

const EpochRecordCodec = closedType('RetrainEpochRecord', {
  epoch: integerCodec({ min: 0 }),
  step: integerCodec({ min: 0 }),
  loss: JsonNumberCodec,
  trainAccuracy: JsonNumberCodec,
  lr: t.number,
  dropPath: t.number,
  testTop1: nullableNumber,
  testTop5: nullableNumber,
  imagesPerSecond: JsonNumberCodec,
  seconds: t.number,
});

const RetrainStateCodec = closedType('RetrainState', {
  architectureId: t.string,
  step: integerCodec({ min: 0 }),
  cursor: BatchCursorCodec,
  history: t.readonlyArray(EpochRecordCodec),
  sums: closedType('EpochSums', { lossSum: JsonNumberCodec, correct: t.number, examples: integerCodec({ min: 0 }), steps: integerCodec({ min: 0 }) }),
  seconds: t.number,
  done: t.boolean,
});

/**
 * Decodes a re-training checkpoint's state.
 *
 * @param value - the checkpoint's `state`.
 * @returns the state, or a `CheckpointError` naming the bad field (e.g. `state.sums.steps`).
 */
export function decodeRetrainState(value: unknown): Either<GoldNasError, RetrainState> {
  return decodeCheckpointState(RetrainStateCodec, value);
}

/**
 * A re-training state as JSON for a checkpoint (NaN figures become null).
 *
 * @param state - the state.
 * @returns plain JSON.
 * @internal
 */
export function encodeRetrainState(state: RetrainState): unknown {
  return RetrainStateCodec.encode(state);
}
