/**
 * What a search reports while it runs. Every event carries the training step it happened at.
 * The same values go to the callback, the progress printer and `events.jsonl`.
 *
 * @module
 */
import type { LambdaReason, PruneReason } from '../pruning/scheduler.js';
import type { AccuracyOn } from './accuracyOn.js';
import type { PerturbationDecision } from './perturbationDecision.js';

/**
 * The unit of every FLOPs figure gold-nas writes: multiply-adds, as the paper, its reference code
 * and the DARTS line count them (DARTS_V2 on CIFAR: 528M). Files that carry FLOPs say so in a
 * `flopsUnit` field; files without one were written by gold-nas 0.1, which counted 2·multiply-adds,
 * and are converted when read.
 */
export const FLOPS_UNIT = 'multiply-adds';

/**
 * Why a search ended.
 * - `flops-min`: the live FLOPs fell below FLOPs_min (GOLD's stop rule).
 * - `discretised`: a discretising scheduler (DARTS argmax) produced its final architecture.
 * - `minimal`: every node is down to its last live input, so nothing more can be pruned, yet FLOPs_min was not reached.
 * - `stalled`: λ passed `pruning.lambdaMax` before FLOPs_min was reached (pruning slowed to a crawl).
 * - `budget`: the step budget ran out.
 * - `diverged`: the loss became NaN or infinite (lower the learning rates or λ0).
 * - `interrupted`: the caller asked to stop (Ctrl-C); resume from the checkpoint.
 *
 * @since 0.1.0
 */
export type SearchStopReason = 'flops-min' | 'discretised' | 'minimal' | 'stalled' | 'budget' | 'diverged' | 'interrupted';

/**
 * One event of a search.
 * - `start`: the run (or a resumed run) begins.
 * - `step`: a periodic training report (every `logEvery` steps).
 * - `round`: a pruning round happened; `gates` holds every slot's gate (0 for pruned slots), rounded to 4 decimals.
 * - `prune`: operators left the network for good.
 * - `lambda`: the penalty weight changed.
 * - `candidate`: an architecture was recorded with its cost and its evaluator's accuracy (by default the
 *   shared-weight held-out accuracy, after its recovery steps).
 * - `selection`: the strategy's selection part (e.g. `darts-pt`) took decision `index` of `total`
 *   while choosing a discretisation (since 0.2.0).
 * - `epoch`: an epoch of the training split ended.
 * - `checkpoint`: a checkpoint was handed to the caller.
 * - `stop`: the search ended.
 *
 * @since 0.1.0
 */
export type SearchEvent =
  | {
      readonly type: 'start';
      readonly step: number;
      readonly resumed: boolean;
      readonly slots: number;
      readonly liveOps: number;
      readonly liveFlops: number;
      readonly periodSteps: number;
      readonly maxSteps: number;
      readonly stepsPerEpoch: number;
      /** The unit of every FLOPs figure of the run's events (events of gold-nas 0.1 lack it and are converted when parsed). */
      readonly flopsUnit: 'multiply-adds';
      /** What candidates' accuracy is measured on (left out by gold-nas 0.1, which always held out a split). */
      readonly accuracyOn?: AccuracyOn;
    }
  | {
      readonly type: 'step';
      readonly step: number;
      readonly epoch: number;
      readonly loss: number;
      readonly lambda: number;
      readonly lr: number;
      readonly liveOps: number;
      readonly liveFlops: number;
      /** Training throughput over the steps since the previous step event. */
      readonly imagesPerSecond: number;
    }
  | {
      readonly type: 'round';
      readonly step: number;
      readonly round: number;
      readonly lambda: number;
      readonly liveOps: number;
      readonly liveFlops: number;
      readonly liveParams: number;
      readonly gates: readonly number[];
    }
  | { readonly type: 'prune'; readonly step: number; readonly slots: readonly number[]; readonly ops: readonly string[]; readonly reason: PruneReason; readonly liveOps: number; readonly liveFlops: number }
  | { readonly type: 'lambda'; readonly step: number; readonly from: number; readonly to: number; readonly reason: LambdaReason }
  | {
      readonly type: 'candidate';
      readonly step: number;
      readonly id: string;
      readonly flops: number;
      readonly params: number;
      /**
       * The evaluator's `accuracy`: with the built-in `held-out` evaluator, the shared-weight held-out
       * accuracy (the super-network restricted to the candidate, on the held-out split), an estimate.
       */
      readonly sharedWeightAccuracy: number;
      readonly liveOps: number;
      /** Recovery steps the candidate's weights took (on a copy) before it was scored; 0 when it had trained long enough with its live set. */
      readonly recoverySteps: number;
      /** Whether it is on the front right after being added. */
      readonly onFront: boolean;
      readonly frontSize: number;
      /** Every objective's value, when the objectives are not the default FLOPs, params and accuracy. */
      readonly values?: Readonly<Record<string, number>>;
    }
  | {
      readonly type: 'selection';
      readonly step: number;
      /** The selection part's name. */
      readonly name: string;
      /** The decision's place, from 0. */
      readonly index: number;
      readonly total: number;
      readonly decision: PerturbationDecision;
    }
  | { readonly type: 'epoch'; readonly step: number; readonly epoch: number }
  | { readonly type: 'checkpoint'; readonly step: number }
  | { readonly type: 'stop'; readonly step: number; readonly reason: SearchStopReason };
