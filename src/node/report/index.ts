/**
 * gold-nas/report: the HTML report of a search run directory (Pareto front, search timeline, gate
 * heat maps, cell diagrams), its model and its Vega-Lite figures. Node-only. It renders with
 * `vega` (^6.4.0), `vega-lite` (^6.4.3) and `@viz-js/viz` (^3.31.0), which this entry alone needs and
 * gold-nas does not declare as dependencies: `npm install vega@6 vega-lite@6 @viz-js/viz@3` to use
 * it. `gold-nas` and `gold-nas/node` load without them.
 *
 * @packageDocumentation
 */
// --- model (pure) ---
export type { AccuracySource, RoundEvent, FrontEntry, KeyFigures, ReportModel, ReportModelOptions } from '../../report/reportModel.js';
export { reportModel } from '../../report/reportModel.js';
// --- figures: Vega-Lite specs and Graphviz DOT (pure) ---
export type { OperatorStyle } from '../../report/operatorStyle.js';
export { operatorStyles } from '../../report/operatorStyle.js';
export { paretoSpec } from '../../report/paretoSpec.js';
export { timelineSpec } from '../../report/timelineSpec.js';
export type { GateHeatmapOptions } from '../../report/gateHeatmapSpec.js';
export { gateHeatmapSpec } from '../../report/gateHeatmapSpec.js';
export type { CellGroup, CellDotOptions } from '../../report/cellDot.js';
export { cellGroups, cellDot } from '../../report/cellDot.js';
// --- the page (pure) ---
export type { RenderedCandidateCells, RenderedFigures, ReportHtmlOptions } from '../../report/reportHtml.js';
export { reportHtml } from '../../report/reportHtml.js';
// --- rendering and files (Vega, Graphviz, the run directory) ---
export type { RenderLog } from './renderSvg.js';
export { renderVegaLiteSvg, loadGraphviz, renderDotSvg } from './renderSvg.js';
export type { RenderReportOptions, ReportFigureCounts, RenderedReport } from './renderReport.js';
export { renderReport } from './renderReport.js';
export { readSearchRun } from './readSearchRun.js';
export type { WriteReportOptions, WrittenReport } from './writeReport.js';
export { REPORT_FILE, writeReport } from './writeReport.js';
export { studySpec } from '../../report/studySpec.js';
export { studyHtml } from '../../report/studyHtml.js';
export { STUDY_REPORT_FILES, writeStudyReport } from './writeStudyReport.js';
