/**
 * A whole report, rendered: the model, every chart through Vega, every cell diagram through
 * Graphviz, laid out as one self-contained HTML page. Node-only (exported from `gold-nas/report`).
 *
 * @module
 */
import { cellDot, cellGroups } from '../../report/cellDot.js';
import { gateHeatmapSpec } from '../../report/gateHeatmapSpec.js';
import { operatorStyles } from '../../report/operatorStyle.js';
import { paretoSpec } from '../../report/paretoSpec.js';
import type { RenderedFigures, ReportHtmlOptions } from '../../report/reportHtml.js';
import { reportHtml } from '../../report/reportHtml.js';
import type { ReportModel, ReportModelOptions } from '../../report/reportModel.js';
import { plottedAccuracy, reportModel } from '../../report/reportModel.js';
import type { SearchRunData } from '../../report/runData.js';
import type { RenderLog } from './renderSvg.js';
import { loadGraphviz, renderDotSvg, renderVegaLiteSvg, scopeSvgIds } from './renderSvg.js';
import { timelineSpec } from '../../report/timelineSpec.js';

/**
 * Options of {@link renderReport}.
 *
 * @since 0.1.0
 */
export interface RenderReportOptions extends ReportModelOptions, ReportHtmlOptions {}

/**
 * How many figures of each kind a report holds.
 *
 * @since 0.1.0
 */
export interface ReportFigureCounts {
  readonly pareto: number;
  readonly timeline: number;
  readonly gates: number;
  readonly cells: number;
}

/**
 * A rendered report.
 *
 * @since 0.1.0
 */
export interface RenderedReport {
  readonly html: string;
  readonly model: ReportModel;
  readonly figures: ReportFigureCounts;
  /** Warnings from Vega-Lite or Vega (empty for a healthy report). */
  readonly renderWarnings: readonly string[];
}

/**
 * Renders the report of a run to one HTML page.
 *
 * @param run - the decoded run (see `readSearchRun`).
 * @param options - gate moments, footer details.
 * @returns the page, its model, and its figure counts.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { readSearchRun, renderReport } from 'gold-nas/report';
 * const run = await readSearchRun('runs/mnist-quick');
 * if (E.isRight(run)) console.log((await renderReport(run.right)).html.length);
 * ```
 * @since 0.1.0
 */
export async function renderReport(run: SearchRunData, options: RenderReportOptions = {}): Promise<RenderedReport> {
  const model = reportModel(run, options);
  const log: RenderLog = { warnings: [] };
  const plotted = run.candidates.some((c) => plottedAccuracy(c, model.accuracySource) !== undefined);
  const pareto = plotted ? scopeSvgIds(await renderVegaLiteSvg(paretoSpec(model), log), 'pareto') : '';
  const timeline = scopeSvgIds(await renderVegaLiteSvg(timelineSpec(model), log), 'timeline');
  const gates: { round: (typeof model.moments)[number]; svg: string }[] = [];
  for (const [i, round] of model.moments.entries()) {
    // Softmax weights are coloured on each round's own range (gateHeatmapSpec): every round needs its legend.
    const spec = gateHeatmapSpec(run.config.space, round, { legend: i === 0 || run.config.space.mode === 'darts' });
    gates.push({ round, svg: scopeSvgIds(await renderVegaLiteSvg(spec, log), `gates${i}`) });
  }
  const styles = operatorStyles(run.config.space.operators);
  const viz = await loadGraphviz();
  const cells = model.front.map((entry) => ({
    entry,
    groups: cellGroups(entry.candidate.architecture).map((group) => ({
      group,
      svg: scopeSvgIds(renderDotSvg(viz, cellDot(group.cell, entry.candidate.architecture.nodes, { styles })), `c${entry.rank}-${group.cells[0]}`),
    })),
  }));
  const figures: RenderedFigures = { pareto, timeline, gates, cells, operators: styles };
  return {
    html: reportHtml(model, figures, options),
    model,
    figures: { pareto: plotted ? 1 : 0, timeline: 1, gates: gates.length, cells: cells.reduce((n, c) => n + c.groups.length, 0) },
    renderWarnings: log.warnings,
  };
}
