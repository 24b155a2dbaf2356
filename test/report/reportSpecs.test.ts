import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { cifarLayout, DARTS_V2, SEARCH_PRESETS, decodeParetoFile, decodeRetrainScore, genotypeToArchitecture, kendallTau, OPERATORS, operatorSlots, parseSearchEvents } from '../../src/index.js';
import type { SearchRunData } from '../../src/index.js';
import { cellDot, cellGroups, gateHeatmapSpec, loadGraphviz, operatorStyles, paretoSpec, renderDotSvg, renderReport, renderVegaLiteSvg, reportModel, timelineSpec } from '../../src/node/report/index.js';
import type { ReportModel } from '../../src/node/report/index.js';
import { externalReferences, fixtureCopy, readFixture, vegaLiteWarnings } from './reportHelpers.js';
import { evenlySpaced } from '../../src/report/reportModel.js';
import { scopeSvgIds } from '../../src/node/report/renderSvg.js';
import { stateName } from '../../src/report/gateHeatmapSpec.js';

let run: SearchRunData;
let model: ReportModel;

beforeAll(async () => {
  run = await readFixture();
  model = reportModel(run);
});

describe('reading a run directory', () => {
  it('reads the fixture: config, events, every candidate, the front', () => {
    expect(run.name).toBe('report-run');
    expect(run.candidates).toHaveLength(7);
    expect(run.candidates.filter((c) => c.onFront)).toHaveLength(2);
    expect(run.events.filter((e) => e.type === 'round')).toHaveLength(12);
    expect(run.summary?.steps).toBe(48);
    expect(run.warnings).toEqual([]);
  });

  it('skips unreadable event lines and counts them', () => {
    const r = parseSearchEvents('{"type":"epoch","step":12,"epoch":0}\nnot json\n\n{"type":"nope","step":1}\n[1]\n{"type":"stop","step":20,"reason":"budget"}\n');
    expect(r.events.map((e) => e.type)).toEqual(['epoch', 'stop']);
    expect(r.skipped).toEqual([2, 4, 5]);
  });

  it.each([
    [{ hypervolume: 0.5, candidates: [] }, true],
    [{ hypervolume: 0.5, candidates: [{ id: 'a' }] }, false],
    [{ candidates: [] }, false],
    [[], false],
  ])('decodes pareto.json %j: %s', (json, ok) => {
    expect(E.isRight(decodeParetoFile(json))).toBe(ok);
  });

  it.each([
    [{ top1: 0.9, top5: 0.99, epochs: 3, seconds: 12, history: [] }, { top1: 0.9, top5: 0.99, epochs: 3 }],
    [{ top1: 0.9, top5: null, epochs: 1, stopReason: 'interrupted' }, { top1: 0.9, epochs: 1, stopReason: 'interrupted' }],
    [{ top1: null, top5: null, epochs: 0 }, null],
  ])('decodes a re-training result %j', (json, expected) => {
    expect(decodeRetrainScore(json)).toEqual(E.right(expected));
  });

  it.each([[{ top1: 97.5 }], [{ top5: 0.9 }], ['0.9']])('rejects a malformed re-training result %j', (json) => {
    expect(E.isLeft(decodeRetrainScore(json))).toBe(true);
  });
});

describe('the report model', () => {
  it('ranks the front by FLOPs and labels it #1, #2, …', () => {
    expect(model.front.map((f) => f.label)).toEqual(['#1', '#2']);
    const flops = model.front.map((f) => f.candidate.flops);
    expect(flops).toEqual([...flops].sort((a, b) => a - b));
    expect(model.accuracySource).toBe('shared-weight');
    expect(model.figures).toMatchObject({ steps: 48, stopReason: 'budget', candidates: 7, frontSize: 2, rounds: 12, retrained: 0 });
    expect(model.figures.bestAccuracy).toBeCloseTo(0.9875, 6);
  });

  it('draws the first round, the last, and evenly spaced ones between', () => {
    expect(model.moments.map((m) => m.round)).toEqual([1, 4, 7, 9, 12]);
    expect(reportModel(run, { moments: 2 }).moments.map((m) => m.round)).toEqual([1, 12]);
    expect(reportModel(run, { moments: 50 }).moments).toHaveLength(12);
  });

  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], 3, [1, 5, 9]],
    [[1, 2, 3], 5, [1, 2, 3]],
    [[1, 2, 3, 4], 1, [4]],
    [[], 3, []],
  ])('evenlySpaced(%j, %i) = %j', (items, n, expected) => {
    expect(evenlySpaced(items, n)).toEqual(expected);
  });
});

describe('chart specs', () => {
  it('the Pareto plot has a point per candidate, the front labelled, and compiles without warnings', () => {
    const spec = paretoSpec(model) as { data: { values: { status: string; label: string }[] } };
    expect(spec.data.values).toHaveLength(7);
    expect(spec.data.values.filter((r) => r.status === 'Pareto front').map((r) => r.label).sort()).toEqual(['#1', '#2']);
    expect(vegaLiteWarnings(paretoSpec(model))).toEqual([]);
  });

  it('the timeline samples every start, step and round event, in step order', () => {
    const spec = timelineSpec(model) as { data: { values: { step: number; seq: number }[] } };
    const expected = run.events.filter((e) => e.type === 'start' || e.type === 'step' || e.type === 'round').length;
    expect(spec.data.values).toHaveLength(expected);
    const steps = spec.data.values.map((r) => r.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(vegaLiteWarnings(timelineSpec(model))).toEqual([]);
  });

  it('a gate heat map has one square per operator slot, pruned exactly where the gate is 0', () => {
    const round = model.moments[model.moments.length - 1]!;
    const spec = gateHeatmapSpec(run.config.space, round) as { data: { values: { gate: number; pruned: boolean; edgeLabel: string }[] } };
    const slots = operatorSlots({ ...run.config.space, table: OPERATORS });
    expect(spec.data.values).toHaveLength(slots.length);
    expect(spec.data.values.filter((r) => r.pruned)).toHaveLength(slots.length - round.liveOps);
    expect(spec.data.values[0]!.edgeLabel).toBe('k-2 → 0');
    expect(vegaLiteWarnings(gateHeatmapSpec(run.config.space, round))).toEqual([]);
  });

  it("colours a DARTS space's softmax weights from the round's smallest to its largest, not on the sigmoid gates' 0–1", () => {
    const space = SEARCH_PRESETS['darts-mnist'].space;
    const slots = operatorSlots({ ...space, table: OPERATORS });
    const round = { ...model.moments[0]!, gates: slots.map((s) => (s.opIndex === 3 ? 0.3 : 0.1)) };
    const color = (spec: unknown) => (spec as { spec: { layer: { encoding: { color?: { title: string; scale: object } } }[] } }).spec.layer[0]!.encoding.color!;
    expect(color(gateHeatmapSpec(space, round))).toMatchObject({ title: 'softmax(α)', scale: { zero: false, scheme: 'viridis' } });
    expect(color(gateHeatmapSpec(space, round)).scale).not.toHaveProperty('domain');
    expect(color(gateHeatmapSpec(run.config.space, model.moments[0]!))).toMatchObject({ title: 'gate σ(α)', scale: { domain: [0, 1] } });
    expect(vegaLiteWarnings(gateHeatmapSpec(space, round))).toEqual([]);
  });

  it.each([[0, 'k-2'], [1, 'k-1'], [2, '0'], [5, '3']])('names state %i %s', (state, name) => {
    expect(stateName(state)).toBe(name);
  });
});

describe('cell diagrams', () => {
  const cell = { reduction: false, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 0, to: 2 }, { op: 'skip_connect', from: 2, to: 3 }] };

  it('writes one labelled arrow per live edge (its operators as strands) and one concat arrow per node', () => {
    const dot = cellDot(cell, 2, { styles: operatorStyles(['skip_connect', 'sep_conv_3x3']) });
    expect(dot.match(/-> n\d \[label=/g)).toHaveLength(2);
    expect(dot).toContain('s0 -> n2 [label=<<font color="#4e79a7">skip</font> + <font color="#f28e2b">sep3</font>>, color="#4e79a7:#f28e2b"');
    expect(dot).toContain('n2 -> n3 [label=<<font color="#4e79a7">skip</font>>, color="#4e79a7"');
    expect(dot.match(/-> out /g)).toHaveLength(2);
    expect(dot).toMatch(/s1 \[label=<c<sub>k-1<\/sub>>, [^\]]*dashed/); // unused input
    expect(cellDot(cell, 2, { labels: 'full' })).toContain('>sep_conv_3x3</font>');
  });

  it('lays out with Graphviz into an SVG with every node and edge', async () => {
    const svg = renderDotSvg(await loadGraphviz(), cellDot(cell, 2));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<!DOCTYPE|<\?xml|<!--/);
    expect(svg.match(/class="node"/g)).toHaveLength(5); // 2 inputs, 2 nodes, output
    expect(svg.match(/class="edge"/g)).toHaveLength(4); // 2 operator arrows, 2 concats (invisible ordering edges are not drawn)
  });

  it('groups identical cells: DARTS_V2 has one normal and one reduction cell', () => {
    const arch = genotypeToArchitecture(DARTS_V2, cifarLayout({ cells: 8 }));
    if (E.isLeft(arch)) throw new Error(arch.left.message);
    const groups = cellGroups(arch.right);
    expect(groups.map((g) => g.cells)).toEqual([[0, 1, 3, 4, 6, 7], [2, 5]]);
    expect(groups.map((g) => g.cell.reduction)).toEqual([false, true]);
  });

  it('keeps every GOLD cell of the fixture apart', () => {
    for (const f of model.front) expect(cellGroups(f.candidate.architecture).length).toBe(run.config.space.layout.cells);
  });
});

describe('rendering', () => {
  it('scopes SVG ids and every reference to them', () => {
    expect(scopeSvgIds('<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/><a href="#other"/></svg>', 'f'))
      .toBe('<svg><clipPath id="f-clip1"/><g clip-path="url(#f-clip1)"/><use href="#f-clip1"/><a href="#other"/></svg>');
  });

  it('renders a Vega-Lite spec to SVG in Node without a canvas', async () => {
    const log = { warnings: [] as string[] };
    const svg = await renderVegaLiteSvg(timelineSpec(model), log);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('class="mark-line');
    expect(log.warnings).toEqual([]);
  });

  it('renders the whole report: every figure, no warnings, no external reference, no script', async () => {
    const report = await renderReport(run, { generatedAt: new Date(Date.UTC(2025, 0, 2, 3, 4)) });
    expect(report.figures).toEqual({ pareto: 1, timeline: 1, gates: 5, cells: 6 });
    expect(report.renderWarnings).toEqual([]);
    const { html } = report;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(1 + 1 + 5 + 6);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@font-face/i);
    for (const f of model.front) expect(html).toContain(f.candidate.id);
    expect(html).toContain('held-out accuracy');
    expect(html).toContain('2025-01-02 03:04 UTC');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports a run that has recorded nothing yet (no round, no candidate)', async () => {
    const early: SearchRunData = { ...run, candidates: [], hypervolume: 0, events: run.events.filter((e) => e.step <= 3 && e.type !== 'round'), warnings: [] };
    const report = await renderReport(early);
    expect(report.figures).toEqual({ pareto: 0, timeline: 1, gates: 0, cells: 0 });
    expect(report.renderWarnings).toEqual([]);
    expect(report.html).toContain('No candidate was recorded');
    expect(report.html).toContain('No pruning round was logged');
  });

  it('describes a DARTS search over time as one that prunes nothing until its genotype', async () => {
    const darts: SearchRunData = { ...run, config: { ...run.config, pruning: { ...run.config.pruning, scheduler: { name: 'darts-argmax', atEnd: true } } } };
    const { html } = await renderReport(darts);
    expect(html).toContain('Nothing is pruned while α and the weights train');
    expect(html).not.toContain('The penalty weight λ rises');
  });

  it("gives every gate map of a DARTS space a legend of its own (each round has its own colour range)", async () => {
    const space = SEARCH_PRESETS['darts-mnist'].space;
    const slots = operatorSlots({ ...space, table: OPERATORS }).length;
    const rounds = run.events.flatMap((e, i) => (e.type === 'round' ? [{ ...e, gates: Array.from({ length: slots }, (_, j) => 0.1 + 0.001 * ((i + j) % 7)) }] : []));
    const events = [...run.events.filter((e) => e.type !== 'round'), ...rounds].sort((a, b) => a.step - b.step);
    const report = await renderReport({ ...run, config: { ...run.config, space }, events, candidates: [], hypervolume: 0 });
    expect(report.figures.gates).toBe(5);
    expect(report.html.match(/>softmax\(α\)<\/text>/g)).toHaveLength(5);
  });

  it('escapes the run name and configuration values', async () => {
    const report = await renderReport({ ...run, name: '<img src=x onerror=alert(1)>' });
    expect(report.html).not.toContain('<img');
    expect(report.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('re-training results', () => {
  it('plots re-trained top-1 when a candidate has one, and says so', async () => {
    const dir = await fixtureCopy();
    const front = model.front.map((f) => f.candidate.id);
    await mkdir(join(dir, 'architectures'), { recursive: true });
    await writeFile(join(dir, 'architectures', `${front[0]}.retrain.json`), JSON.stringify({ top1: 0.912, top5: 0.998, epochs: 20, stopReason: 'done' }));
    await writeFile(join(dir, 'architectures', `${front[1]}.retrain.json`), JSON.stringify({ top1: null, top5: null, epochs: 0 }));
    const retrained = await readFixture(dir);
    expect(retrained.warnings).toEqual([]);
    const m = reportModel(retrained);
    expect(m.accuracySource).toBe('retrained');
    expect(m.figures.retrained).toBe(1);
    const spec = paretoSpec(m) as { data: { values: { accuracy: number }[] } };
    expect(spec.data.values).toHaveLength(1);
    expect(spec.data.values[0]!.accuracy).toBeCloseTo(91.2, 9);
    const { html } = await renderReport(retrained);
    expect(html).toContain('re-trained top-1 accuracy (%)');
    expect(html).toContain('91.20%');
    expect(html).toContain('99.80%');
  });

  it("gives Kendall's τ-b between the shared-weight estimates and the re-trained top-1 from three finished re-trainings", async () => {
    const dir = await fixtureCopy();
    const front = run.candidates;
    await mkdir(join(dir, 'architectures'), { recursive: true });
    const write = (i: number, top1: number, stopReason = 'done') =>
      writeFile(join(dir, 'architectures', `${front[i]!.id}.retrain.json`), JSON.stringify({ top1, epochs: 20, stopReason }));
    await write(0, 0.95);
    await write(1, 0.96);
    expect(reportModel(await readFixture(dir)).figures.kendallTau).toBeUndefined();
    await write(2, 0.94, 'interrupted');
    expect(reportModel(await readFixture(dir)).figures.kendallTau).toBeUndefined();
    await write(3, 0.97);
    const m = reportModel(await readFixture(dir));
    const estimates = [0, 1, 3].map((i) => front[i]!.sharedWeightAccuracy);
    const expected = kendallTau(estimates, [0.95, 0.96, 0.97]).tau;
    expect(m.figures.kendallTau).toEqual({ tau: expected, n: 3 });
    const { html } = await renderReport(await readFixture(dir));
    expect(html).toContain(`Kendall's τ-b between the shared-weight estimates and the re-trained top-1 of the 3 candidates re-trained to the end: <strong>${expected.toFixed(3)}</strong>`);
    // A run of an earlier version: no recovery steps are claimed for its estimates.
    expect(html).toContain('recorded by an earlier gold-nas');
  });

  it('ignores a malformed re-training file with a warning', async () => {
    const dir = await fixtureCopy();
    await mkdir(join(dir, 'architectures'), { recursive: true });
    await writeFile(join(dir, 'architectures', `${model.front[0]!.candidate.id}.retrain.json`), '{"top1": "high"');
    const r = await readFixture(dir);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/retrain\.json: ignored \(.*not valid JSON/);
    expect(reportModel(r).accuracySource).toBe('shared-weight');
  });
});
