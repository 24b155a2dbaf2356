/**
 * The study's plot: re-trained test accuracy against multiply-adds, every chosen architecture of
 * every method and seed, with each method's mean per member of its choice.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './chartTheme.js';
import type { StudyTable } from '../study/studyTable.js';

/** Each method's colour and mark, the same in every study. */
const METHOD_STYLE = {
  'gold-nas': { color: '#2563eb', shape: 'circle' },
  darts: { color: '#dc2626', shape: 'square' },
  'darts-pt': { color: '#d97706', shape: 'diamond' },
  random: { color: '#64748b', shape: 'triangle-up' },
} as const;

/**
 * A Vega-Lite spec of a study's accuracy against multiply-adds: one point per re-trained
 * architecture (colour and shape by method), and a dashed line through each method's means.
 *
 * @param table - the study's figures (rows without a re-training are left out).
 * @param options - the plot's width in pixels (default 640).
 * @returns the spec, to render with `renderVegaLiteSvg`.
 *
 * @example
 * ```ts
 * import { studyTable } from 'gold-nas';
 * import { studySpec } from 'gold-nas/report';
 * const spec = studySpec(studyTable([]));
 * ```
 *
 * @since 0.2.0
 */
export function studySpec(table: StudyTable, options: { readonly width?: number } = {}): TopLevelSpec {
  const points = table.rows.flatMap((r) => (r.testAccuracy === null ? [] : [{
    method: r.method, seed: r.seed, member: r.member + 1, id: r.id, madds: r.flops / 1e6, params: r.params, accuracy: 100 * r.testAccuracy,
    estimate: r.sharedWeightAccuracy === null ? null : 100 * r.sharedWeightAccuracy,
  }]));
  const means = table.summary.flatMap((s) => (s.accuracyMean === null ? [] : [{ method: s.method, member: s.member + 1, madds: s.flopsMean / 1e6, accuracy: 100 * s.accuracyMean }]));
  const methods = [...new Set(table.rows.map((r) => r.method))];
  const color = { field: 'method', type: 'nominal', title: 'method', scale: { domain: methods, range: methods.map((m) => METHOD_STYLE[m].color) }, legend: { orient: 'bottom', direction: 'horizontal' } } as const;
  const x = { field: 'madds', type: 'quantitative', title: 'multiply-adds per image (millions)', scale: { zero: false, nice: true, padding: 14 } } as const;
  const y = { field: 'accuracy', type: 'quantitative', title: 're-trained test top-1 accuracy (%)', scale: { zero: false, nice: true, padding: 14 } } as const;
  return {
    config: chartConfig(),
    width: options.width ?? 640,
    height: 380,
    layer: [
      {
        data: { values: means },
        mark: { type: 'line', strokeDash: [5, 4], strokeWidth: 1.5, opacity: 0.7, point: false },
        encoding: { x, y, color, order: { field: 'madds', type: 'quantitative' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, opacity: 0.85, stroke: 'white', strokeWidth: 0.8 },
        encoding: {
          x, y, color,
          shape: { field: 'method', type: 'nominal', title: 'method', scale: { domain: methods, range: methods.map((m) => METHOD_STYLE[m].shape) } },
          tooltip: [{ field: 'method' }, { field: 'seed' }, { field: 'member' }, { field: 'id' }, { field: 'madds', title: 'M mult-adds', format: '.2f' },
            { field: 'params', format: ',' }, { field: 'accuracy', title: 'test top-1 %', format: '.2f' }, { field: 'estimate', title: 'shared-weight est. %', format: '.2f' }],
        },
      },
    ],
  };
}
