/**
 * The report's chart look: one Vega-Lite `config` (fonts, axes, colours) that every chart uses,
 * matching the page's typography.
 *
 * @module
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/** A chart inside a concatenation (a Vega-Lite unit, layer, facet or concat spec). */
export type ConcatMember = Extract<TopLevelSpec, { readonly hconcat: unknown }>['hconcat'][number];

/** A layer of a Vega-Lite layer spec. */
export type LayerMember = Extract<ConcatMember, { readonly layer: unknown }>['layer'][number];

/** The font stack of the page and its charts (no web fonts: the report works offline). */
export const REPORT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The report's accent colour (the Pareto front, highlights). */
export const ACCENT = '#2563eb';

/** The colour of everything that is not highlighted. */
export const MUTED = '#94a3b8';

/**
 * The Vega-Lite configuration shared by the report's charts.
 *
 * @returns a `config` object for a Vega-Lite spec.
 */
export function chartConfig(): Config {
  return {
    font: REPORT_FONT,
    background: 'white',
    padding: 8,
    view: { stroke: null },
    axis: {
      labelColor: '#475569',
      titleColor: '#1e293b',
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 600,
      gridColor: '#e2e8f0',
      domainColor: '#cbd5e1',
      tickColor: '#cbd5e1',
    },
    legend: { labelColor: '#334155', titleColor: '#1e293b', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600 },
    header: { labelColor: '#334155', titleColor: '#1e293b', labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600 },
    title: { color: '#0f172a', fontSize: 13, fontWeight: 600, anchor: 'start', subtitleColor: '#64748b', subtitleFontSize: 11 },
    concat: { spacing: 28 },
  };
}
