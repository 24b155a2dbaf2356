/**
 * The figures a report shows, computed once from a run: the ranked Pareto front, which accuracy
 * the plots use, the pruning rounds and the moments whose gates are drawn, and the run's key
 * figures for the header.
 *
 * @module
 */
import { compareByCost } from '../pareto/compareByCost.js';
import type { SearchEvent } from '../search/events.js';
import type { ReportCandidate, SearchRunData } from './runData.js';
import { estimateAgreement } from '../eval/estimateAgreement.js';
import type { KendallTau } from '../eval/kendallTau.js';

/**
 * Which accuracy the plots show: the search's shared-weight held-out accuracy (an estimate), or the
 * re-trained top-1 when any candidate has one.
 *
 * @since 0.1.0
 */
export type AccuracySource = 'shared-weight' | 'retrained';

/**
 * A pruning round's event (`type: 'round'`).
 *
 * @since 0.1.0
 */
export type RoundEvent = Extract<SearchEvent, { readonly type: 'round' }>;

/**
 * A front candidate with its rank (1 = fewest FLOPs) and its label in plots and tables.
 *
 * @since 0.1.0
 */
export interface FrontEntry {
  readonly rank: number;
  /** `#1`, `#2`, … */
  readonly label: string;
  readonly candidate: ReportCandidate;
}

/**
 * The header's figures.
 *
 * @since 0.1.0
 */
export interface KeyFigures {
  readonly steps: number;
  readonly stopReason: string;
  /** FLOPs and params of the full super-network (evaluation network), when known. */
  readonly supernetFlops?: number;
  readonly supernetParams?: number;
  /** Live FLOPs when the search ended. */
  readonly finalFlops?: number;
  readonly rounds: number;
  readonly candidates: number;
  readonly frontSize: number;
  readonly hypervolume: number;
  /** The best plotted accuracy on the front (fraction), if there is a front. */
  readonly bestAccuracy?: number;
  readonly retrained: number;
  /**
   * Kendall's τ-b between the shared-weight estimates and the re-trained top-1 of the candidates
   * with a finished re-training, when there are at least three of them.
   */
  readonly kendallTau?: KendallTau;
}

/**
 * Everything a report lays out, before any rendering.
 *
 * @since 0.1.0
 */
export interface ReportModel {
  readonly run: SearchRunData;
  readonly accuracySource: AccuracySource;
  /** The front, by increasing FLOPs, then params, then id (`compareByCost`). */
  readonly front: readonly FrontEntry[];
  /** Every pruning round, in order. */
  readonly rounds: readonly RoundEvent[];
  /** The rounds whose gates are drawn: the first, evenly spaced ones, and the last. */
  readonly moments: readonly RoundEvent[];
  readonly figures: KeyFigures;
}

/**
 * Options of {@link reportModel}.
 *
 * @since 0.1.0
 */
export interface ReportModelOptions {
  /** How many rounds the gate heat maps show at most (default 5; at least 2 when there are 2 rounds). */
  readonly moments?: number;
}

/**
 * Picks `count` items spread evenly over a list, always including the first and the last.
 *
 * @param items - the list.
 * @param count - how many to pick (all of them when the list is no longer).
 * @returns the picked items, in order, without repeats.
 */
export function evenlySpaced<A>(items: readonly A[], count: number): readonly A[] {
  if (items.length <= count) return items;
  if (count <= 1) return items.length > 0 ? [items[items.length - 1]!] : [];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (items.length - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

/**
 * The accuracy a plot shows for a candidate under a source: the shared-weight held-out accuracy (an
 * estimate), or the re-trained top-1 (undefined when the candidate was not re-trained).
 *
 * @param candidate - the candidate.
 * @param source - which accuracy.
 * @returns a fraction in [0, 1], or undefined.
 */
export function plottedAccuracy(candidate: ReportCandidate, source: AccuracySource): number | undefined {
  return source === 'shared-weight' ? candidate.sharedWeightAccuracy : candidate.retrain?.top1;
}

/**
 * Computes what a report shows from a run.
 *
 * @param run - the decoded run.
 * @param options - how many gate moments to draw.
 * @returns the report model.
 *
 * @example
 * ```ts
 * import { reportModel } from 'gold-nas/report';
 * import type { SearchRunData } from 'gold-nas';
 * declare const run: SearchRunData;
 * const model = reportModel(run);
 * model.front.map((f) => `${f.label} ${f.candidate.id}`);
 * ```
 * @since 0.1.0
 */
export function reportModel(run: SearchRunData, options: ReportModelOptions = {}): ReportModel {
  const accuracySource: AccuracySource = run.candidates.some((c) => c.retrain !== undefined) ? 'retrained' : 'shared-weight';
  const front = run.candidates
    .filter((c) => c.onFront)
    .sort(compareByCost)
    .map((candidate, i): FrontEntry => ({ rank: i + 1, label: `#${i + 1}`, candidate }));
  const rounds = run.events.filter((e): e is RoundEvent => e.type === 'round');
  const moments = evenlySpaced(rounds, Math.max(1, options.moments ?? 5));
  const last = run.events[run.events.length - 1];
  const stop = run.events.find((e) => e.type === 'stop');
  const start = run.events.find((e) => e.type === 'start');
  const lastRound = rounds[rounds.length - 1];
  const accuracies = front.map((f) => plottedAccuracy(f.candidate, accuracySource)).filter((a): a is number => a !== undefined);
  const supernetFlops = run.summary?.supernet.flops ?? (start?.type === 'start' ? start.liveFlops : undefined);
  const supernetParams = run.summary?.supernet.params ?? rounds[0]?.liveParams;
  const finalFlops = lastRound?.liveFlops;
  const bestAccuracy = accuracies.length > 0 ? Math.max(...accuracies) : undefined;
  // Partial re-trainings say little about a candidate: only finished ones count.
  const kendallTau = estimateAgreement(run.candidates.map((c) => ({
    estimate: c.sharedWeightAccuracy, retrained: c.retrain === undefined || c.retrain.stopReason === 'interrupted' ? null : c.retrain.top1,
  })));
  const figures: KeyFigures = {
    steps: run.summary?.steps ?? last?.step ?? 0,
    stopReason: run.summary?.stopReason ?? (stop?.type === 'stop' ? stop.reason : 'unknown'),
    ...(supernetFlops !== undefined ? { supernetFlops } : {}),
    ...(supernetParams !== undefined ? { supernetParams } : {}),
    ...(finalFlops !== undefined ? { finalFlops } : {}),
    rounds: rounds.length,
    candidates: run.candidates.length,
    frontSize: front.length,
    hypervolume: run.hypervolume,
    ...(bestAccuracy !== undefined ? { bestAccuracy } : {}),
    retrained: run.candidates.filter((c) => c.retrain !== undefined).length,
    ...(kendallTau !== null ? { kendallTau } : {}),
  };
  return { run, accuracySource, front, rounds, moments, figures };
}
