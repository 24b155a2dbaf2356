/**
 * A study's figures: one row per chosen architecture, their mean ± standard deviation across
 * seeds, and Kendall's τ between the shared-weight estimate and the re-trained accuracy.
 *
 * @module
 */
import { kendallTau } from '../eval/kendallTau.js';
import type { KendallTau } from '../eval/kendallTau.js';
import { formatDuration } from '../duration.js';
import type { StudyMethod } from './studyConfig.js';
import { STUDY_METHODS } from './studyConfig.js';

/**
 * One chosen architecture of a study and what became of it.
 *
 * @since 0.2.0
 */
export interface StudyRow {
  readonly method: StudyMethod;
  readonly seed: number;
  /** Its place in its method's choice for the seed, by cost (0: the cheapest). */
  readonly member: number;
  /** The architecture's hash. */
  readonly id: string;
  /** Multiply-adds per image, on the re-training layout. */
  readonly flops: number;
  readonly params: number;
  /** The search's shared-weight held-out accuracy for it (null: no search scored it, as for random search). */
  readonly sharedWeightAccuracy: number | null;
  /** Test top-1 after re-training from scratch (null: not re-trained yet). */
  readonly testAccuracy: number | null;
  /** Wall time of the search (and selection) that chose it, in seconds, summed over interrupted parts (0 for random search). */
  readonly searchSeconds: number;
  /** Wall time of its re-training, in seconds (null: not re-trained yet). */
  readonly retrainSeconds: number | null;
}

/**
 * A method's figures for one member of its choice (the k-th cheapest), across seeds.
 *
 * @since 0.2.0
 */
export interface StudySummaryRow {
  readonly method: StudyMethod;
  readonly member: number;
  /** How many seeds have a re-trained accuracy for it. */
  readonly seeds: number;
  readonly flopsMean: number;
  readonly paramsMean: number;
  /** Mean shared-weight estimate (null when there is none). */
  readonly sharedWeightMean: number | null;
  /** Mean and sample standard deviation (0 for one seed) of the re-trained test accuracy; null before any re-training. */
  readonly accuracyMean: number | null;
  readonly accuracyStd: number | null;
  readonly searchSecondsMean: number;
}

/**
 * A whole study's figures.
 *
 * @since 0.2.0
 */
export interface StudyTable {
  readonly rows: readonly StudyRow[];
  readonly summary: readonly StudySummaryRow[];
  /** Per method: Kendall's τ-b between shared-weight estimates and re-trained accuracies, over every seed's rows that have both (NaN when undefined). */
  readonly tau: readonly { readonly method: StudyMethod; readonly tau: KendallTau }[];
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Works out a study's summary and τ from its rows.
 *
 * @param rows - every chosen architecture, re-trained or not.
 * @returns the rows (sorted by method, seed, member), the summary per method and member, and τ per method.
 *
 * @example
 * ```ts
 * import { studyTable } from 'gold-nas';
 * const t = studyTable([
 *   { method: 'gold-nas', seed: 1, member: 0, id: 'a', flops: 4e6, params: 2e4, sharedWeightAccuracy: 0.8, testAccuracy: 0.85, searchSeconds: 60, retrainSeconds: 30 },
 *   { method: 'gold-nas', seed: 2, member: 0, id: 'b', flops: 5e6, params: 3e4, sharedWeightAccuracy: 0.7, testAccuracy: 0.83, searchSeconds: 70, retrainSeconds: 30 },
 * ]);
 * t.summary[0]!.accuracyMean; // 0.84
 * t.tau[0]!.tau.tau; // 1
 * ```
 *
 * @since 0.2.0
 */
export function studyTable(rows: readonly StudyRow[]): StudyTable {
  const order = (m: StudyMethod): number => STUDY_METHODS.indexOf(m);
  const sorted = [...rows].sort((a, b) => order(a.method) - order(b.method) || a.seed - b.seed || a.member - b.member);
  const summary: StudySummaryRow[] = [];
  const tau: { method: StudyMethod; tau: KendallTau }[] = [];
  for (const method of STUDY_METHODS) {
    const mine = sorted.filter((r) => r.method === method);
    if (mine.length === 0) continue;
    const members = [...new Set(mine.map((r) => r.member))].sort((a, b) => a - b);
    for (const member of members) {
      const group = mine.filter((r) => r.member === member);
      const accs = group.flatMap((r) => (r.testAccuracy === null ? [] : [r.testAccuracy]));
      const estimates = group.flatMap((r) => (r.sharedWeightAccuracy === null ? [] : [r.sharedWeightAccuracy]));
      summary.push({
        method, member, seeds: accs.length,
        flopsMean: mean(group.map((r) => r.flops)),
        paramsMean: mean(group.map((r) => r.params)),
        sharedWeightMean: estimates.length === 0 ? null : mean(estimates),
        accuracyMean: accs.length === 0 ? null : mean(accs),
        accuracyStd: accs.length === 0 ? null : std(accs),
        searchSecondsMean: mean(group.map((r) => r.searchSeconds)),
      });
    }
    const both = mine.filter((r) => r.sharedWeightAccuracy !== null && r.testAccuracy !== null);
    tau.push({ method, tau: kendallTau(both.map((r) => r.sharedWeightAccuracy!), both.map((r) => r.testAccuracy!)) });
  }
  return { rows: sorted, summary, tau };
}

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(2)}`);
const madds = (x: number): string => (x / 1e6).toFixed(2);
const seconds = (x: number | null): string => (x === null ? '–' : formatDuration(x));

/**
 * The study's tables as Markdown: the summary (mean ± std across seeds), every architecture, and τ.
 *
 * @param table - the study's figures.
 * @returns Markdown text (three tables).
 *
 * @example
 * ```ts
 * import { studyMarkdown, studyTable } from 'gold-nas';
 * console.log(studyMarkdown(studyTable([])));
 * ```
 *
 * @since 0.2.0
 */
export function studyMarkdown(table: StudyTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const head = (cells: readonly string[], right: readonly boolean[]): string[] => [line(cells), line(right.map((r) => (r ? '---:' : '---')))];
  const summary = [
    ...head(['method', 'member', 'seeds', 'M mult-adds (mean)', 'params (mean)', 'shared-weight est. % (mean)', 're-trained test top-1 % (mean ± std)', 'search wall time (mean)'],
      [false, true, true, true, true, true, true, true]),
    ...table.summary.map((s) => line([s.method, String(s.member + 1), String(s.seeds), madds(s.flopsMean), Math.round(s.paramsMean).toLocaleString('en-US'),
      pct(s.sharedWeightMean), s.accuracyMean === null ? '–' : `${pct(s.accuracyMean)} ± ${pct(s.accuracyStd)}`, seconds(s.searchSecondsMean)])),
  ];
  const rows = [
    ...head(['method', 'seed', 'member', 'architecture', 'M mult-adds', 'params', 'shared-weight est. %', 're-trained test top-1 %', 'search wall time', 're-training wall time'],
      [false, true, true, false, true, true, true, true, true, true]),
    ...table.rows.map((r) => line([r.method, String(r.seed), String(r.member + 1), `\`${r.id}\``, madds(r.flops), r.params.toLocaleString('en-US'),
      pct(r.sharedWeightAccuracy), pct(r.testAccuracy), seconds(r.searchSeconds), seconds(r.retrainSeconds)])),
  ];
  const tau = [
    ...head(['method', "Kendall's τ (shared-weight est. vs re-trained)", 'pairs'], [false, true, true]),
    ...table.tau.map((t) => line([t.method, Number.isNaN(t.tau.tau) ? '– (undefined)' : t.tau.tau.toFixed(3), String(t.tau.n)])),
  ];
  return [...summary, '', ...rows, '', ...tau, ''].join('\n');
}
