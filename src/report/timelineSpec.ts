/**
 * The search over time as a Vega-Lite spec: λ (log scale), live FLOPs in millions of multiply-adds (with the recorded
 * candidates marked), the number of live operators and the training loss against the step.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { ACCENT, MUTED, chartConfig } from './chartTheme.js';
import type { ConcatMember, LayerMember } from './chartTheme.js';
import type { ReportModel } from './reportModel.js';

/** One sample of the search's state. */
interface TimelineRow {
  readonly step: number;
  /** -1 for `start`, 0 for a `step` event and 1 for a `round` event, so a round's new λ follows the step's. */
  readonly order: number;
  /** Position after sorting: the order lines connect the samples in. */
  readonly seq: number;
  readonly lambda: number | null;
  readonly mflops: number;
  readonly liveOps: number;
  readonly loss: number | null;
}

/**
 * The samples of a run's timeline: one per `start`, `step` and `round` event, by step.
 *
 * @param model - the report model.
 * @returns the rows, sorted by step (a round after the step report at the same step).
 */
function timelineRows(model: ReportModel): readonly TimelineRow[] {
  const rows: Omit<TimelineRow, 'seq'>[] = [];
  for (const e of model.run.events) {
    if (e.type === 'start') rows.push({ step: e.step, order: -1, lambda: null, mflops: e.liveFlops / 1e6, liveOps: e.liveOps, loss: null });
    else if (e.type === 'step') rows.push({ step: e.step, order: 0, lambda: e.lambda, mflops: e.liveFlops / 1e6, liveOps: e.liveOps, loss: Number.isFinite(e.loss) ? e.loss : null });
    else if (e.type === 'round') rows.push({ step: e.step, order: 1, lambda: e.lambda, mflops: e.liveFlops / 1e6, liveOps: e.liveOps, loss: null });
  }
  return rows.sort((a, b) => a.step - b.step || a.order - b.order).map((r, seq) => ({ ...r, seq }));
}

/** The powers of ten that span the positive values (the ticks of a log axis). */
function powersOfTen(values: readonly number[]): readonly number[] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [];
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const out: number[] = [];
  for (let k = lo; k <= hi; k++) out.push(Number(`1e${k}`));
  return out;
}

function lineChart(field: keyof TimelineRow, title: string, options: { log?: boolean; ticks?: readonly number[]; lastStep: number; width: number; height: number; color: string; extra?: readonly LayerMember[]; xAxis: boolean }): ConcatMember {
  const filter = options.log === true ? `isValid(datum.${field}) && datum.${field} > 0` : `isValid(datum.${field})`;
  const x = {
    field: 'step', type: 'quantitative', title: options.xAxis ? 'training step' : null,
    scale: { domain: [0, options.lastStep] as number[], nice: false },
    axis: options.xAxis ? {} : { labels: false, ticks: false, domain: false },
  } as const;
  return {
    width: options.width,
    height: options.height,
    layer: [
      {
        transform: [{ filter }],
        mark: { type: 'line', color: options.color, strokeWidth: 1.8, interpolate: field === 'loss' ? 'linear' : 'step-after' },
        encoding: {
          x,
          y: { field, type: 'quantitative', title, scale: options.log === true ? { type: 'log' } : { zero: field === 'liveOps' }, axis: options.ticks !== undefined ? { values: [...options.ticks], format: '.0e' } : { tickCount: 4 } },
          order: { field: 'seq', type: 'quantitative' },
        },
      },
      ...(options.extra ?? []),
    ],
  };
}

/**
 * Builds the timeline: four charts stacked on a shared step axis (λ's only once λ is positive). Recorded candidates appear as
 * points on the FLOPs chart (front candidates in the accent colour, labelled with their rank).
 *
 * @param model - the report model.
 * @param options - the chart width (default 980).
 * @returns a Vega-Lite spec with its data inline.
 *
 * @example
 * ```ts
 * import { timelineSpec, reportModel } from 'gold-nas/report';
 * import type { SearchRunData } from 'gold-nas';
 * declare const run: SearchRunData;
 * const spec = timelineSpec(reportModel(run));
 * ```
 * @since 0.1.0
 */
export function timelineSpec(model: ReportModel, options: { readonly width?: number } = {}): TopLevelSpec {
  const width = options.width ?? 980;
  const ranks = new Map(model.front.map((f) => [f.candidate.id, f.label]));
  const candidates = model.run.events.flatMap((e) =>
    e.type === 'candidate' ? [{ step: e.step, mflops: e.flops / 1e6, id: e.id, front: ranks.has(e.id) ? 'on the final front' : 'recorded candidate', label: ranks.get(e.id) ?? '' }] : []);
  const candidateLayers: LayerMember[] = candidates.length === 0 ? [] : [
    {
      data: { values: candidates },
      mark: { type: 'point', filled: true, size: 50, stroke: 'white', strokeWidth: 1 },
      encoding: {
        x: { field: 'step', type: 'quantitative' },
        y: { field: 'mflops', type: 'quantitative' },
        color: { field: 'front', type: 'nominal', title: null, scale: { domain: ['on the final front', 'recorded candidate'], range: [ACCENT, MUTED] }, legend: null },
        tooltip: [{ field: 'id' }, { field: 'label' }, { field: 'mflops', format: '.3f' }, { field: 'step' }],
      },
    },
    {
      data: { values: candidates },
      transform: [{ filter: "datum.label !== ''" }],
      mark: { type: 'text', dy: -10, fontSize: 10, fontWeight: 600, color: '#1e3a8a' },
      encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'mflops', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
  const rows = timelineRows(model);
  const lambdaTicks = powersOfTen(rows.map((r) => r.lambda ?? 0));
  const lastStep = Math.max(1, model.figures.steps, ...model.run.events.map((e) => e.step));
  return {
    config: chartConfig(),
    data: { values: rows },
    vconcat: [
      ...(lambdaTicks.length === 0 ? [] : [lineChart('lambda', 'λ (log scale)', { log: true, ticks: lambdaTicks, lastStep, width, height: 110, color: '#7c3aed', xAxis: false })]),
      lineChart('mflops', 'live FLOPs (M mult-adds)', { lastStep, width, height: 150, color: '#0f766e', extra: candidateLayers, xAxis: false }),
      lineChart('liveOps', 'live operators', { lastStep, width, height: 110, color: '#b45309', xAxis: false }),
      lineChart('loss', 'loss (CE + λ·R)', { lastStep, width, height: 110, color: '#475569', xAxis: true }),
    ],
    resolve: { scale: { x: 'shared' } },
    spacing: 10,
  };
}
