/**
 * The built-in objectives: `flops` and `params` of a candidate's evaluation network (min),
 * `accuracy` from the evaluator's scores (max), and `latency`, an estimate from per-slot latency
 * measured on the search's backend (min).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { LiveMask } from '../space/liveSet.js';
import type { PartEntry } from './partEntry.js';
import { fixedPartEntry } from './partEntry.js';
import type { CandidateMeasurement, ObjectiveContext, ObjectiveMeasure, ObjectivePart } from './strategy.js';

/**
 * An objective that needs no preparation: a name, a direction and a measure.
 *
 * @param name - the key of each candidate's `values`.
 * @param direction - `min` or `max`.
 * @param measure - the candidate's value.
 * @param reference - the hypervolume's reference value (in the objective's units), made from the context when needed.
 * @returns the objective part.
 *
 * @example
 * ```ts
 * import { objective } from 'gold-nas';
 * const sepConvs = objective('sepConvs', 'min', (c) => c.architecture.cells.flatMap((cell) => cell.edges).filter((e) => e.op === 'sep_conv_3x3').length);
 * ```
 * @since 0.2.0
 */
export function objective(
  name: string,
  direction: 'min' | 'max',
  measure: (candidate: CandidateMeasurement) => number,
  reference?: (context: ObjectiveContext) => number,
): ObjectivePart {
  return {
    name,
    direction,
    create: async (context): Promise<Either<GoldNasError, ObjectiveMeasure>> =>
      E.right(reference === undefined ? { measure } : { measure, reference: reference(context) }),
  };
}

/**
 * `flops`: FLOPs (multiply-adds, the paper's unit) per example of the evaluation network (min; reference: the full super-network's).
 *
 * @since 0.2.0
 */
export const FLOPS_OBJECTIVE: ObjectivePart = objective('flops', 'min', (c) => c.cost.flops, (ctx) => ctx.full.cost.flops);

/**
 * `params`: parameters of the evaluation network (min; reference: the full super-network's).
 *
 * @since 0.2.0
 */
export const PARAMS_OBJECTIVE: ObjectivePart = objective('params', 'min', (c) => c.cost.params, (ctx) => ctx.full.cost.params);

/**
 * `accuracy`: the evaluator's `accuracy` score (max; reference 0; NaN when the evaluator gives none).
 *
 * @since 0.2.0
 */
export const ACCURACY_OBJECTIVE: ObjectivePart = objective('accuracy', 'max', (c) => c.scores.accuracy ?? NaN, () => 0);

function liveSum(values: ArrayLike<number>, live: LiveMask): number {
  let sum = 0;
  for (let i = 0; i < live.length; i++) if (live[i]) sum += values[i]!;
  return sum;
}

/**
 * `latency`: an estimate of the candidate's cell operators' inference latency in milliseconds
 * (batch 1): the sum of its live slots' latencies, each measured once on the search's backend
 * before training (stems and classifier not included). Min; reference: the full super-network's.
 *
 * @since 0.2.0
 */
export const LATENCY_OBJECTIVE: ObjectivePart = {
  name: 'latency',
  direction: 'min',
  create: async (ctx) => {
    const table = await ctx.slotLatency();
    if (E.isLeft(table)) return table;
    const ms = table.right.ms;
    return E.right({ measure: (c) => liveSum(ms, c.live), reference: liveSum(ms, ctx.full.live) });
  },
};

/** The registry entries of the built-in objectives (none takes options). */
export const OBJECTIVE_ENTRIES: Readonly<Record<'flops' | 'params' | 'accuracy' | 'latency', PartEntry<ObjectivePart>>> = {
  flops: fixedPartEntry('FLOPs (multiply-adds) per example of the evaluation network, minimised', FLOPS_OBJECTIVE),
  params: fixedPartEntry('parameters of the evaluation network, minimised', PARAMS_OBJECTIVE),
  accuracy: fixedPartEntry("the evaluator's accuracy score, maximised", ACCURACY_OBJECTIVE),
  latency: fixedPartEntry('estimated latency (ms, batch 1) from per-slot measurements on the search backend, minimised', LATENCY_OBJECTIVE),
};
