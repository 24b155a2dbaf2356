/**
 * The report page: one self-contained HTML document (inline CSS and SVG, no scripts, no
 * external resources) laid out from a report model and its rendered figures.
 *
 * @module
 */
import type { CellGroup } from './cellDot.js';
import { REPORT_FONT } from './chartTheme.js';
import type { OperatorStyle } from './operatorStyle.js';
import { accuracyTitle } from './paretoSpec.js';
import type { FrontEntry, ReportModel, RoundEvent } from './reportModel.js';
import { plottedAccuracy } from './reportModel.js';
import { escapeHtml } from './escapeHtml.js';
import { searchMethod } from '../search/searchMethod.js';
import { accuracyLabel, accuracyOn } from '../search/accuracyOn.js';

/**
 * The rendered diagrams of one front candidate: one SVG per group of identical cells.
 *
 * @since 0.1.0
 */
export interface RenderedCandidateCells {
  readonly entry: FrontEntry;
  readonly groups: readonly { readonly group: CellGroup; readonly svg: string }[];
}

/**
 * Every figure of a report, already rendered to inline SVG.
 *
 * @since 0.1.0
 */
export interface RenderedFigures {
  /** The Pareto plot (accuracy vs FLOPs, in multiply-adds, and vs params); empty when no candidate has an accuracy to plot. */
  readonly pareto: string;
  /** λ, live FLOPs (multiply-adds), live operators and loss against the step. */
  readonly timeline: string;
  /** One gate heat map per chosen round. */
  readonly gates: readonly { readonly round: RoundEvent; readonly svg: string }[];
  /** The cells of every front candidate. */
  readonly cells: readonly RenderedCandidateCells[];
  /** The operator styles used by the cell diagrams (for the legend). */
  readonly operators: readonly OperatorStyle[];
}

/**
 * Options of {@link reportHtml}.
 *
 * @since 0.1.0
 */
export interface ReportHtmlOptions {
  /** When the report was made (shown in the footer; omitted when absent). */
  readonly generatedAt?: Date;
  /** The gold-nas version (shown in the footer). */
  readonly version?: string;
}

const h = escapeHtml;

/** What the search's candidate accuracy was measured on, in a few words. */
function scored(model: ReportModel): string {
  return accuracyOn(model.run.config.data) === 'training' ? 'shared-weight training (est.)' : 'shared-weight held-out (est.)';
}

function mflops(flops: number): string {
  const m = flops / 1e6;
  return m >= 1000 ? Math.round(m).toLocaleString('en-US') : m.toPrecision(3);
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function percent(fraction: number | undefined): string {
  return fraction === undefined ? '–' : `${(fraction * 100).toFixed(2)}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

const STOP_REASONS: Readonly<Record<string, string>> = {
  'flops-min': 'FLOPs fell below FLOPs_min',
  discretised: 'architecture discretised',
  budget: 'step budget reached',
  interrupted: 'interrupted',
};

function describeSpace(model: ReportModel): string {
  const { space, data } = model.run.config;
  const l = space.layout;
  const source = data.source === 'mnist' ? 'MNIST' : data.source === 'cifar10' ? 'CIFAR-10' : 'synthetic data';
  return [
    `${space.mode === 'gold' ? 'GOLD' : 'DARTS'} space`,
    `${l.cells} cells × ${l.nodes} nodes, C=${l.channels}`,
    space.operators.join(' + '),
    `${source} ${l.inputSize}×${l.inputSize}×${l.inputChannels}, ${l.classes} classes`,
    `seed ${model.run.config.seed}`,
  ].join(' · ');
}

function kpi(label: string, value: string, detail = ''): string {
  return `<div class="kpi"><dt>${h(label)}</dt><dd>${h(value)}${detail === '' ? '' : ` <small>${h(detail)}</small>`}</dd></div>`;
}

function header(model: ReportModel): string {
  const f = model.figures;
  const smallest = model.front[0]?.candidate;
  const kpis = [
    kpi('Pareto front', count(f.frontSize), `of ${plural(f.candidates, 'candidate')}`),
    kpi('Best accuracy', percent(f.bestAccuracy), model.accuracySource === 'retrained' ? 're-trained top-1' : `${scored(model)}, an estimate`),
    kpi('Smallest model', smallest === undefined ? '–' : mflops(smallest.flops), smallest === undefined ? '' : `M multiply-adds · ${count(smallest.params)} params`),
    kpi('Final FLOPs', f.finalFlops === undefined ? '–' : mflops(f.finalFlops), f.supernetFlops === undefined ? 'M multiply-adds' : `M multiply-adds, from ${mflops(f.supernetFlops)}M at the start`),
    kpi('Steps', count(f.steps), STOP_REASONS[f.stopReason] ?? f.stopReason),
    kpi('Hypervolume', f.hypervolume.toFixed(4), plural(f.rounds, 'pruning round')),
  ];
  return [
    '<header class="hero"><div class="wrap">',
    `<p class="eyebrow">Search report · ${h(searchMethod(model.run.config))}</p>`,
    `<h1>${h(model.run.name)}</h1>`,
    `<p class="subtitle">${h(describeSpace(model))}</p>`,
    `<dl class="kpis">${kpis.join('')}</dl>`,
    '</div></header>',
  ].join('\n');
}

function nav(): string {
  const links = [['front', 'Pareto front'], ['search', 'Search over time'], ['gates', 'Gates'], ['cells', 'Cells'], ['config', 'Configuration']];
  return `<nav class="toc"><div class="wrap">${links.map(([id, label]) => `<a href="#${id}">${h(label!)}</a>`).join('')}</div></nav>`;
}

function frontTable(model: ReportModel): string {
  const retrained = model.accuracySource === 'retrained';
  const anyTop5 = model.front.some((f) => f.candidate.retrain?.top5 !== undefined);
  const head = ['', 'architecture', 'FLOPs (M mult-adds)', 'params', 'live ops', accuracyLabel(accuracyOn(model.run.config.data)), ...(retrained ? ['re-trained top-1'] : []), ...(retrained && anyTop5 ? ['top-5'] : []), ...(retrained ? ['epochs'] : []), 'step found'];
  const rows = model.front.map((f) => {
    const c = f.candidate;
    const cells = [
      `<td><span class="rank">${h(f.label)}</span></td>`,
      `<td><code>${h(c.id)}</code></td>`,
      `<td class="num">${mflops(c.flops)}</td>`,
      `<td class="num">${count(c.params)}</td>`,
      `<td class="num">${count(c.liveOps)}</td>`,
      `<td class="num">${percent(c.sharedWeightAccuracy)}</td>`,
      ...(retrained ? [`<td class="num strong">${percent(c.retrain?.top1)}</td>`] : []),
      ...(retrained && anyTop5 ? [`<td class="num">${percent(c.retrain?.top5)}</td>`] : []),
      ...(retrained ? [`<td class="num">${c.retrain?.epochs === undefined ? '–' : count(c.retrain.epochs)}${c.retrain?.stopReason === 'interrupted' ? ' <small>(partial)</small>' : ''}</td>`] : []),
      `<td class="num">${count(c.step)}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  if (rows.length === 0) return '<p class="empty">No candidate was recorded: the search stopped before its first pruning round.</p>';
  return `<div class="table-wrap"><table class="front"><thead><tr>${head.map((c, i) => `<th${i >= 2 ? ' class="num"' : ''}>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function frontSection(model: ReportModel, figures: RenderedFigures): string {
  // Runs written before gold-nas described the estimate scored candidates without recovery steps: do not claim any.
  const training = accuracyOn(model.run.config.data) === 'training';
  const described = model.run.estimate ?? (training
    ? 'shared-weight training accuracy: top-1 of the super-network restricted to the candidate on training examples the search trained on, recorded by an earlier gold-nas (without recovery steps)'
    : 'shared-weight held-out accuracy: top-1 of the super-network restricted to the candidate on the held-out split, recorded by an earlier gold-nas (straight after a prune for the final candidate, without recovery steps)');
  const estimate = `The <strong>shared-weight ${training ? 'training' : 'held-out'} accuracy</strong> is an estimate, not the accuracy after re-training: ${h(described)}.`;
  const tau = model.figures.kendallTau;
  const agreement = tau === undefined
    ? ''
    : ` Kendall's τ-b between the shared-weight estimates and the re-trained top-1 of the ${tau.n} candidates re-trained to the end: <strong>${Number.isNaN(tau.tau) ? 'undefined (all tied)' : tau.tau.toFixed(3)}</strong> (1: the estimates rank them as re-training does; 0: no better than chance).`;
  const note = model.accuracySource === 'retrained'
    ? `Accuracy is the <strong>re-trained top-1</strong> test accuracy of the ${plural(model.figures.retrained, 'candidate')} re-trained from scratch; candidates without a re-training result are left out of the plot. The search's estimates are in the table. ${estimate}${agreement}`
    : accuracyOn(model.run.config.data) === 'training'
      ? `Accuracy is the search's estimate, on examples the search trained on (it held none out, as the reference implementation): a weak proxy. ${estimate} Re-train the front (gold-nas retrain) for final figures.`
      : `Accuracy is the search's estimate. ${estimate} Re-train the front (gold-nas retrain) for final figures.`;
  return [
    '<section id="front" class="card">',
    '<h2>Pareto front</h2>',
    `<p class="note">Every architecture the search passed through, by cost and ${h(accuracyTitle(model).replace(' (%)', ''))}. The front (fewer FLOPs, fewer parameters, higher accuracy) is highlighted and ranked by FLOPs. FLOPs count multiply-adds, as the paper does (DARTS_V2 on CIFAR-10: 528M). ${note}</p>`,
    figures.pareto === '' ? '<p class="empty">Nothing to plot yet.</p>' : `<figure class="chart" data-figure="pareto">${figures.pareto}</figure>`,
    '<h3>Front candidates</h3>',
    frontTable(model),
    '</section>',
  ].join('\n');
}

function searchSection(model: ReportModel, figures: RenderedFigures): string {
  const how = model.run.config.pruning.scheduler.name === 'darts-argmax'
    ? 'Nothing is pruned while α and the weights train: live FLOPs and operators stay those of the super-network until the argmax genotype (two inputs per node, one operator each) replaces them.'
    : 'The penalty weight λ rises while few operators are pruned and falls back after a large pruning round (Algorithm 1); live FLOPs and operators shrink with every round.';
  return [
    '<section id="search" class="card">',
    '<h2>Search over time</h2>',
    `<p class="note">${how} Points mark the recorded candidates; ranked ones ended on the front.</p>`,
    `<figure class="chart" data-figure="timeline">${figures.timeline}</figure>`,
    '</section>',
  ].join('\n');
}

function gatesSection(model: ReportModel, figures: RenderedFigures): string {
  const body = figures.gates.length === 0
    ? '<p class="empty">No pruning round was logged, so there are no gates to show.</p>'
    : `<div class="gate-grid">${figures.gates.map(({ round, svg }, i) => {
      const which = i === 0 ? ' (first)' : i === figures.gates.length - 1 ? ' (last)' : '';
      return `<figure class="chart gate" data-figure="gates"><figcaption><strong>Round ${round.round}</strong>${which} · step ${count(round.step)}<br><span>${plural(round.liveOps, 'live operator')} · ${mflops(round.liveFlops)}M multiply-adds · λ ${round.lambda.toExponential(1)}</span></figcaption>${svg}</figure>`;
    }).join('\n')}</div>`;
  return [
    '<section id="gates" class="card">',
    '<h2>Gates</h2>',
    `<p class="note">Each operator's gate (${model.run.config.space.mode === 'gold' ? 'σ(α)' : 'the softmax of α over its edge; each round coloured from its smallest weight to its largest, so equal colours in two rounds need not mean equal weights'}) at ${plural(figures.gates.length, 'moment')} of the ${plural(model.rounds.length, 'pruning round')}. One panel per cell (▾ marks reduction cells); rows are edges from a state to a node (k-2 and k-1 are the cell's inputs, 0… its nodes), columns the candidate operators. <span class="pruned-key">×</span> grey squares are pruned operators.</p>`,
    body,
    '</section>',
  ].join('\n');
}

function operatorLegend(styles: readonly OperatorStyle[]): string {
  return `<p class="legend">${styles.map((s) => `<span class="op"><span class="swatch" style="background:${h(s.color)}"></span><strong>${h(s.short)}</strong> ${h(s.op)}</span>`).join('')}</p>`;
}

function cellCaption(group: CellGroup): string {
  const which = group.cells.length === 1 ? `cell ${group.cells[0]}` : `cells ${group.cells.join(', ')}`;
  return `${which} · ${group.cell.reduction ? 'reduction' : 'normal'} · ${plural(group.cell.edges.length, 'op')}`;
}

function cellsSection(model: ReportModel, figures: RenderedFigures): string {
  const blocks = figures.cells.map(({ entry, groups }, i) => {
    const c = entry.candidate;
    const acc = plottedAccuracy(c, model.accuracySource);
    const summary = `<span class="rank">${h(entry.label)}</span> <code>${h(c.id)}</code> <span class="facts">${mflops(c.flops)}M multiply-adds · ${count(c.params)} params · ${plural(c.liveOps, 'live op')} · ${percent(acc)} ${model.accuracySource === 'retrained' ? 're-trained top-1' : scored(model)}</span>`;
    const cells = groups.map(({ group, svg }) => `<figure class="cell-diagram" data-figure="cell"><figcaption>${h(cellCaption(group))}</figcaption>${svg}</figure>`);
    return `<details class="candidate"${i === 0 ? ' open' : ''}><summary>${summary}</summary><div class="cell-grid">${cells.join('\n')}</div></details>`;
  });
  return [
    '<section id="cells" class="card">',
    '<h2>Cells of the front</h2>',
    '<p class="note">Every cell of each front candidate (GOLD-NAS cells all differ; identical cells are drawn once). Arrows carry the live operators from a cell input or an earlier node to a node (several operators on one edge share an arrow, one strand each); the output c<sub>k</sub> concatenates all nodes. A dashed input is unused.</p>',
    operatorLegend(figures.operators),
    blocks.length === 0 ? '<p class="empty">The front is empty.</p>' : blocks.join('\n'),
    '</section>',
  ].join('\n');
}

function flatten(value: unknown, prefix: string, out: [string, string][]): void {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    out.push([prefix, value.join(', ')]);
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.push([prefix, '{}']);
    for (const [k, v] of entries) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else {
    out.push([prefix, String(value)]);
  }
}

function configSection(model: ReportModel): string {
  const groups = new Map<string, [string, string][]>([['run', []]]);
  for (const [key, value] of Object.entries(model.run.config)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const rows: [string, string][] = [];
      flatten(value, '', rows);
      groups.set(key, rows);
    } else {
      groups.get('run')!.push([key, Array.isArray(value) ? value.join(', ') : String(value)]);
    }
  }
  const tables = [...groups.entries()].filter(([, rows]) => rows.length > 0).map(([name, rows]) =>
    `<div class="config-group"><h3>${h(name)}</h3><table class="config"><tbody>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table></div>`);
  return [
    '<section id="config" class="card">',
    '<h2>Configuration</h2>',
    '<p class="note">The run\'s <code>config.json</code>: everything needed to repeat the search.</p>',
    `<div class="config-grid">${tables.join('\n')}</div>`,
    '</section>',
  ].join('\n');
}

function warningsBlock(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  return `<div class="warnings"><strong>Read with warnings:</strong><ul>${warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></div>`;
}

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

const STYLE = `
:root { color-scheme: light; --ink: #0f172a; --ink-2: #334155; --muted: #64748b; --line: #e2e8f0; --bg: #f1f5f9; --card: #ffffff; --accent: #2563eb; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.55 ${REPORT_FONT}; }
.wrap { max-width: 1200px; margin: 0 auto; padding: 0 28px; }
.hero { background: linear-gradient(135deg, #0f172a 0%, #1e3a8a 100%); color: #e2e8f0; padding: 30px 0 26px; }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: 12px; font-weight: 600; color: #93c5fd; }
h1 { margin: 4px 0 6px; font-size: 28px; line-height: 1.2; color: #fff; font-weight: 700; word-break: break-all; }
.subtitle { margin: 0 0 20px; color: #cbd5e1; font-size: 14px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 0; }
.kpi { background: rgba(255,255,255,.08); border: 1px solid rgba(255,255,255,.14); border-radius: 10px; padding: 10px 14px; }
.kpi dt { font-size: 12px; color: #bfdbfe; text-transform: uppercase; letter-spacing: .05em; }
.kpi dd { margin: 2px 0 0; font-size: 22px; font-weight: 650; color: #fff; font-variant-numeric: tabular-nums; }
.kpi small { display: block; font-size: 12px; font-weight: 400; color: #cbd5e1; }
.toc { position: sticky; top: 0; z-index: 2; background: rgba(255,255,255,.92); backdrop-filter: blur(6px); border-bottom: 1px solid var(--line); }
.toc .wrap { display: flex; gap: 22px; overflow-x: auto; }
.toc a { display: inline-block; padding: 11px 0; color: var(--ink-2); text-decoration: none; font-size: 14px; font-weight: 500; white-space: nowrap; }
.toc a:hover { color: var(--accent); }
main.wrap { padding-top: 22px; padding-bottom: 28px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 22px 24px; margin: 0 0 22px; box-shadow: 0 1px 2px rgba(15,23,42,.04); scroll-margin-top: 56px; }
h2 { margin: 0 0 6px; font-size: 20px; }
h3 { margin: 20px 0 8px; font-size: 15px; color: var(--ink-2); }
.note { margin: 0 0 14px; color: var(--muted); font-size: 14px; max-width: 900px; }
.note strong { color: var(--ink-2); }
figure { margin: 0; }
figure.chart { overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
.gate-grid { display: flex; flex-wrap: wrap; gap: 18px 26px; }
.gate figcaption { font-size: 13px; color: var(--ink-2); margin-bottom: 4px; line-height: 1.4; }
.gate figcaption span { color: var(--muted); font-size: 12px; }
.pruned-key { display: inline-block; width: 16px; text-align: center; background: #e2e8f0; color: #94a3b8; border-radius: 2px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; }
table.front { width: 100%; }
table.front th, table.front td { padding: 7px 12px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
table.front thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); }
table.front tbody tr:hover { background: #f8fafc; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
.strong { font-weight: 650; }
code { font-family: ${MONO}; font-size: 13px; background: #f1f5f9; padding: 1px 5px; border-radius: 4px; }
.rank { display: inline-block; min-width: 30px; padding: 1px 7px; border-radius: 999px; background: #dbeafe; color: #1e3a8a; font-weight: 650; font-size: 12px; text-align: center; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 0 0 12px; font-size: 13px; color: var(--ink-2); }
.legend .op { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 22px; height: 4px; border-radius: 2px; }
details.candidate { border: 1px solid var(--line); border-radius: 10px; margin: 0 0 10px; background: #fcfdfe; }
details.candidate > summary { cursor: pointer; padding: 10px 14px; list-style: none; font-size: 14px; }
details.candidate > summary::-webkit-details-marker { display: none; }
details.candidate > summary::before { content: "\\25B8"; display: inline-block; width: 1em; margin-right: 4px; text-align: center; color: var(--muted); transition: transform .15s; }
details.candidate[open] > summary::before { transform: rotate(90deg); }
details.candidate > summary .facts { color: var(--muted); margin-left: 6px; }
details.candidate[open] > summary { border-bottom: 1px solid var(--line); }
.cell-grid { display: flex; flex-wrap: wrap; gap: 14px; padding: 14px; }
.cell-diagram { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.cell-diagram figcaption { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
.config-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 4px 26px; }
.config-group h3 { margin-top: 10px; text-transform: capitalize; }
table.config { width: 100%; font-size: 13px; }
table.config th, table.config td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid #f1f5f9; vertical-align: top; }
table.config th { font-weight: 500; color: var(--muted); white-space: nowrap; }
table.config td { font-family: ${MONO}; font-size: 12.5px; color: var(--ink); word-break: break-word; }
.empty { color: var(--muted); font-style: italic; }
.warnings { background: #fffbeb; border: 1px solid #fcd34d; color: #78350f; border-radius: 10px; padding: 10px 16px; margin: 0 0 22px; font-size: 14px; }
.warnings ul { margin: 6px 0 0; padding-left: 20px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px 0 30px; }
@media print { .toc { display: none; } .card { break-inside: avoid; box-shadow: none; } body { background: #fff; } }
`;

/**
 * Lays out the report page. The result has no scripts and references nothing outside itself.
 *
 * @param model - the report model.
 * @param figures - the rendered SVG figures.
 * @param options - footer details.
 * @returns the HTML document.
 *
 * @example
 * ```ts
 * import { reportHtml } from 'gold-nas/report';
 * import type { ReportModel, RenderedFigures } from 'gold-nas/report';
 * declare const model: ReportModel;
 * declare const figures: RenderedFigures;
 * const html = reportHtml(model, figures, { version: '0.1.0' });
 * ```
 * @since 0.1.0
 */
export function reportHtml(model: ReportModel, figures: RenderedFigures, options: ReportHtmlOptions = {}): string {
  const footer = [
    'Made by gold-nas',
    options.version === undefined ? '' : ` ${h(options.version)}`,
    options.generatedAt === undefined ? '' : ` on ${h(options.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC`,
    '. This file is self-contained: it needs no network and no scripts.',
  ].join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="gold-nas">',
    `<title>${h(`GOLD-NAS report · ${model.run.name}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    header(model),
    nav(),
    '<main class="wrap">',
    warningsBlock(model.run.warnings),
    frontSection(model, figures),
    searchSection(model, figures),
    gatesSection(model, figures),
    cellsSection(model, figures),
    configSection(model),
    '</main>',
    `<footer>${footer}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
