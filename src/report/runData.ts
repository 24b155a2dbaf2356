/**
 * What a report is made from: the files of a search run directory, decoded. The codecs here are
 * open (unknown fields are kept out of the way, not rejected), so a report still reads a run
 * written by a newer version that added fields.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Either } from 'fp-ts/lib/Either.js';
import { decodeWith } from '../decode.js';
import { numberCodec } from '../codecs.js';
import type { GoldNasError } from '../errors.js';
import { FLOPS_UNIT } from '../search/events.js';
import type { SearchEvent } from '../search/events.js';
import type { SearchCandidate } from '../search/runSearch.js';
import type { SearchConfig } from '../search/searchConfig.js';
import { ArchitectureCodec } from '../space/architectureCodec.js';
import { ArchitectureHashCodec } from '../space/architectureHashCodec.js';

/**
 * What a report shows of a re-training (`architectures/<hash>.retrain.json`, written by
 * `gold-nas retrain`): test top-1 (and top-5) accuracy as fractions in [0, 1].
 *
 * @since 0.1.0
 */
export interface RetrainScore {
  readonly top1: number;
  readonly top5?: number;
  /** Epochs trained. */
  readonly epochs?: number;
  /** Why the re-training ended (`interrupted` marks a partial result). */
  readonly stopReason?: string;
}

/**
 * One recorded architecture of the run, with whether it is on the Pareto front and its re-training result if any.
 *
 * @since 0.1.0
 */
export interface ReportCandidate extends SearchCandidate {
  readonly onFront: boolean;
  readonly retrain?: RetrainScore;
}

/**
 * The run's own figures from `summary.json`, when present.
 *
 * @since 0.1.0
 */
export interface RunSummary {
  readonly stopReason: string;
  readonly steps: number;
  /** The full super-network's evaluation-network cost. */
  readonly supernet: { readonly flops: number; readonly params: number };
}

/**
 * A search run, as a report reads it.
 *
 * @example
 * ```ts
 * import type { SearchRunData } from 'gold-nas';
 * const hypervolumeOf = (run: SearchRunData) => run.hypervolume;
 * ```
 * @since 0.1.0
 */
export interface SearchRunData {
  /** A name for titles (the run directory's base name). */
  readonly name: string;
  readonly config: SearchConfig;
  /** `events.jsonl`, in file order. */
  readonly events: readonly SearchEvent[];
  /** Every candidate of `pareto.json`, in its order. */
  readonly candidates: readonly ReportCandidate[];
  readonly hypervolume: number;
  /** What the candidates' accuracy is, in words, as `pareto.json` says (absent for runs of earlier versions). */
  readonly estimate?: string;
  readonly summary?: RunSummary;
  /** Things that were skipped while reading (unreadable event lines, malformed re-training files). */
  readonly warnings: readonly string[];
}

const fraction = t.refinement(t.number, (n) => n >= 0 && n <= 1, 'a fraction in [0, 1]');

/** A cost (FLOPs, parameters): a finite count, never negative. */
const cost = numberCodec({ min: 0 });

/** A recorded accuracy: a fraction (a percentage such as 97.5 is refused, not plotted off the axis). */
const accuracy = numberCodec({ min: 0, max: 1, hint: 'an accuracy is a fraction of the examples, not a percentage' });

const CandidateFields = {
  // The id names the candidate's files (architectures/<id>.retrain.json, …): a hash, never a path.
  id: ArchitectureHashCodec,
  step: t.number,
  architecture: ArchitectureCodec,
  flops: cost,
  params: cost,
  liveOps: t.number,
  onFront: t.boolean,
};

/** A candidate of `pareto.json`; files written before gold-nas named the estimate call it `accuracy`. */
const CandidateCodec = t.union([
  t.type({ ...CandidateFields, sharedWeightAccuracy: accuracy }),
  t.type({ ...CandidateFields, accuracy }),
]);

const ParetoFileCodec = t.intersection([
  t.type({
    hypervolume: t.number,
    candidates: t.array(CandidateCodec),
  }),
  // What the recorded accuracy is, in words (written since gold-nas recorded shared-weight estimates after recovery steps).
  t.partial({ sharedWeightAccuracy: t.string }),
]);

/**
 * The parts of `pareto.json` a report uses: the hypervolume, every candidate with whether it is on the front, and what their accuracy is.
 *
 * @since 0.1.0
 */
export interface ParetoFile {
  readonly hypervolume: number;
  readonly candidates: readonly (SearchCandidate & { readonly onFront: boolean })[];
  /** What the candidates' `sharedWeightAccuracy` is, in words (`describeAccuracyEstimate`); absent in files of earlier versions. */
  readonly estimate?: string;
}

/** How many FLOPs of a file without a `flopsUnit` (gold-nas 0.1: 2·multiply-adds) make one multiply-add. */
const OLD_FLOPS_PER_FLOP = 2;

/** Whether a parsed run file states that its FLOPs are multiply-adds (files of gold-nas 0.1 do not: they counted 2·multiply-adds). */
function inMultiplyAdds(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { flopsUnit?: unknown }).flopsUnit === FLOPS_UNIT;
}

/** A figure of a 0.1 file (2·multiply-adds) in multiply-adds. */
const fromOld = (flops: number): number => flops / OLD_FLOPS_PER_FLOP;

/** A candidate's FLOPs (and its `values.flops`) in multiply-adds. */
function candidateFromOld<C extends { readonly flops: number; readonly values?: Readonly<Record<string, number>> }>(c: C): C {
  const values = c.values?.flops === undefined ? c.values : { ...c.values, flops: fromOld(c.values.flops) };
  return { ...c, flops: fromOld(c.flops), ...(values === undefined ? {} : { values }) };
}

/**
 * Decodes a parsed `pareto.json`: its hypervolume and its candidates (with `onFront`). A file
 * without `flopsUnit: "multiply-adds"` was written by gold-nas 0.1, which counted FLOPs as
 * 2·multiply-adds: its FLOPs are halved.
 *
 * @param json - the parsed file.
 * @returns the file's contents (FLOPs in multiply-adds), or a `DecodeError` naming the bad field.
 *
 * @example
 * ```ts
 * import { decodeParetoFile } from 'gold-nas';
 * decodeParetoFile({ hypervolume: 0, candidates: [] }); // Right
 * decodeParetoFile({ candidates: 3 }); // Left: hypervolume: expected number, got nothing (the field is missing) ...
 * ```
 * @since 0.1.0
 */
export function decodeParetoFile(json: unknown): Either<GoldNasError, ParetoFile> {
  const decoded = E.map((file: t.TypeOf<typeof ParetoFileCodec>): ParetoFile => ({
    hypervolume: file.hypervolume,
    ...(file.sharedWeightAccuracy !== undefined ? { estimate: file.sharedWeightAccuracy } : {}),
    candidates: file.candidates.map((c) => {
      if ('sharedWeightAccuracy' in c) return c;
      const { accuracy, ...rest } = c;
      return { ...rest, sharedWeightAccuracy: accuracy };
    }),
  }))(decodeWith(ParetoFileCodec, json));
  if (E.isLeft(decoded) || inMultiplyAdds(json)) return decoded;
  return E.right({ ...decoded.right, candidates: decoded.right.candidates.map(candidateFromOld) });
}

const RetrainCodec = t.intersection([
  t.type({ top1: t.union([fraction, t.null]) }),
  t.partial({ top5: t.union([fraction, t.null]), epochs: t.number, stopReason: t.string }),
]);

/**
 * Decodes a parsed `architectures/<hash>.retrain.json` (a `RetrainResult`; fields a report does
 * not show are ignored).
 *
 * @param json - the parsed file.
 * @returns the score, `null` when no epoch was evaluated yet (`top1: null`), or a `DecodeError`.
 *
 * @example
 * ```ts
 * import { decodeRetrainScore } from 'gold-nas';
 * decodeRetrainScore({ top1: 0.97, top5: 0.999, epochs: 20, seconds: 600 }); // Right({ top1: 0.97, top5: 0.999, epochs: 20 })
 * decodeRetrainScore({ top1: null, epochs: 0 }); // Right(null)
 * ```
 * @since 0.1.0
 */
export function decodeRetrainScore(json: unknown): Either<GoldNasError, RetrainScore | null> {
  const decoded = decodeWith(RetrainCodec, json);
  if (E.isLeft(decoded)) return decoded;
  const { top1, top5, epochs, stopReason } = decoded.right;
  if (top1 === null) return E.right(null);
  return E.right({ top1, ...(typeof top5 === 'number' ? { top5 } : {}), ...(epochs !== undefined ? { epochs } : {}), ...(stopReason !== undefined ? { stopReason } : {}) });
}

const SummaryCodec = t.type({
  stopReason: t.string,
  steps: t.number,
  supernet: t.type({ flops: t.number, params: t.number }),
});

/**
 * Decodes the fields of a parsed `summary.json` that a report shows (FLOPs of a gold-nas 0.1 file,
 * which has no `flopsUnit`, are halved into multiply-adds).
 *
 * @param json - the parsed file.
 * @returns the summary, or a `DecodeError`.
 *
 * @example
 * ```ts
 * import { decodeRunSummary } from 'gold-nas';
 * decodeRunSummary({ stopReason: 'flops-min', steps: 900, supernet: { flops: 2.1e7, params: 52000 } }); // Right
 * ```
 * @since 0.1.0
 */
export function decodeRunSummary(json: unknown): Either<GoldNasError, RunSummary> {
  const decoded = decodeWith(SummaryCodec, json);
  if (E.isLeft(decoded) || inMultiplyAdds(json)) return decoded;
  const { supernet } = decoded.right;
  return E.right({ ...decoded.right, supernet: { ...supernet, flops: fromOld(supernet.flops) } });
}

/** An event of a gold-nas 0.1 run (FLOPs in 2·multiply-adds) in multiply-adds; its `start` marked as converted. */
function eventFromOld(e: SearchEvent): SearchEvent {
  switch (e.type) {
    case 'start':
      return { ...e, liveFlops: fromOld(e.liveFlops), flopsUnit: FLOPS_UNIT };
    case 'step':
    case 'round':
    case 'prune':
      return { ...e, liveFlops: fromOld(e.liveFlops) };
    case 'candidate':
      return candidateFromOld(e);
    default:
      return e;
  }
}

const EVENT_TYPES = new Set(['start', 'step', 'round', 'prune', 'lambda', 'candidate', 'selection', 'epoch', 'checkpoint', 'stop']);

/**
 * Parses `events.jsonl`: one search event per line. Blank lines are ignored; lines that are not
 * JSON objects with a known `type` and a numeric `step` are skipped and counted. A file whose first
 * `start` event has no `flopsUnit` was written by gold-nas 0.1 (FLOPs in 2·multiply-adds): its
 * FLOPs are halved into multiply-adds and its `start` events marked.
 *
 * @param text - the file's text.
 * @returns the events in order, and the 1-based numbers of the skipped lines.
 *
 * @example
 * ```ts
 * import { parseSearchEvents } from 'gold-nas';
 * parseSearchEvents('{"type":"epoch","step":12,"epoch":0}\nnot json\n'); // { events: [ … ], skipped: [2] }
 * ```
 * @since 0.1.0
 */
export function parseSearchEvents(text: string): { readonly events: readonly SearchEvent[]; readonly skipped: readonly number[] } {
  const events: SearchEvent[] = [];
  const skipped: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push(i + 1);
      return;
    }
    const e = value as { type?: unknown; step?: unknown };
    if (typeof value === 'object' && value !== null && typeof e.type === 'string' && EVENT_TYPES.has(e.type) && typeof e.step === 'number') {
      events.push(value as SearchEvent);
    } else {
      skipped.push(i + 1);
    }
  });
  const start = events.find((e) => e.type === 'start');
  const old = start !== undefined && !inMultiplyAdds(start);
  return { events: old ? events.map(eventFromOld) : events, skipped };
}
