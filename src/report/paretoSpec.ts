/**
 * The Pareto plot of a report as a Vega-Lite spec: accuracy against FLOPs (millions of multiply-adds) and against
 * parameters, every candidate drawn, the front highlighted, joined and labelled with its ranks.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { ACCENT, MUTED, chartConfig } from './chartTheme.js';
import type { ConcatMember } from './chartTheme.js';
import type { ReportModel } from './reportModel.js';
import { plottedAccuracy } from './reportModel.js';
import { accuracyOn } from '../search/accuracyOn.js';

/** One point of the Pareto plot. */
interface ParetoRow {
  readonly id: string;
  readonly mflops: number;
  readonly params: number;
  readonly accuracy: number;
  readonly status: string;
  readonly label: string;
  readonly rank: number;
  readonly step: number;
}

const FRONT = 'Pareto front';
const OTHER = 'other candidates';

/**
 * The y-axis title for an accuracy source.
 *
 * @param model - the report model.
 * @returns `shared-weight held-out accuracy (%)` (`shared-weight training accuracy (%)` for a search without a held-out split) or `re-trained top-1 accuracy (%)`.
 */
export function accuracyTitle(model: Pick<ReportModel, 'accuracySource'> & { readonly run?: { readonly config: { readonly data: { readonly heldOut: number } } } }): string {
  if (model.accuracySource === 'retrained') return 're-trained top-1 accuracy (%)';
  return model.run !== undefined && accuracyOn(model.run.config.data) === 'training' ? 'shared-weight training accuracy (%)' : 'shared-weight held-out accuracy (%)';
}

function panel(x: 'mflops' | 'params', title: string, yTitle: string, width: number): ConcatMember {
  const xEnc = { field: x, type: 'quantitative', title, scale: { zero: false, nice: true, padding: 14 }, axis: { format: x === 'params' ? '~s' : '~g' } } as const;
  const yEnc = { field: 'accuracy', type: 'quantitative', title: yTitle, scale: { zero: false, nice: true, padding: 14 }, axis: { format: '~r' } } as const;
  return {
    width,
    height: 300,
    layer: [
      {
        transform: [{ filter: `datum.status === '${FRONT}'` }],
        mark: { type: 'line', color: ACCENT, strokeWidth: 1.5, strokeDash: [4, 3], opacity: 0.5 },
        encoding: { x: xEnc, y: yEnc, order: { field: 'rank', type: 'quantitative' } },
      },
      {
        mark: { type: 'circle', opacity: 0.9, stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: xEnc,
          y: yEnc,
          color: { field: 'status', type: 'nominal', title: null, scale: { domain: [FRONT, OTHER], range: [ACCENT, MUTED] }, legend: { orient: 'bottom', direction: 'horizontal' } },
          size: { condition: { test: `datum.status === '${FRONT}'`, value: 90 }, value: 40 },
          order: { field: 'rank', type: 'quantitative' },
          tooltip: [{ field: 'id' }, { field: 'label' }, { field: 'mflops', format: '.3f' }, { field: 'params', format: ',' }, { field: 'accuracy', title: yTitle, format: '.2f' }, { field: 'step' }],
        },
      },
      {
        transform: [{ filter: `datum.status === '${FRONT}'` }],
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11, fontWeight: 600, color: '#1e3a8a' },
        encoding: { x: xEnc, y: yEnc, text: { field: 'label' } },
      },
    ],
  };
}

/**
 * Builds the Pareto plot: two panels side by side (accuracy vs FLOPs in millions of multiply-adds, accuracy vs parameters).
 * With re-training results, only re-trained candidates are drawn and the axis says so.
 *
 * @param model - the report model.
 * @param options - the width of each panel (default 460).
 * @returns a Vega-Lite spec with its data inline.
 *
 * @example
 * ```ts
 * import { paretoSpec, reportModel } from 'gold-nas/report';
 * import type { SearchRunData } from 'gold-nas';
 * declare const run: SearchRunData;
 * const spec = paretoSpec(reportModel(run)); // compile with vega-lite, render with vega
 * ```
 * @since 0.1.0
 */
export function paretoSpec(model: ReportModel, options: { readonly width?: number } = {}): TopLevelSpec {
  const ranks = new Map(model.front.map((f) => [f.candidate.id, f]));
  const rows: ParetoRow[] = model.run.candidates.flatMap((c) => {
    const accuracy = plottedAccuracy(c, model.accuracySource);
    if (accuracy === undefined) return [];
    const f = ranks.get(c.id);
    return [{
      id: c.id,
      mflops: c.flops / 1e6,
      params: c.params,
      accuracy: accuracy * 100,
      status: f !== undefined ? FRONT : OTHER,
      label: f?.label ?? '',
      rank: f?.rank ?? 0,
      step: c.step,
    }];
  });
  const yTitle = accuracyTitle(model);
  const width = options.width ?? 460;
  return {
    config: chartConfig(),
    data: { values: rows },
    hconcat: [panel('mflops', 'FLOPs per image (millions of multiply-adds)', yTitle, width), panel('params', 'parameters', yTitle, width)],
  };
}
