import { describe, expect, it } from 'vitest';
import {
  DARTS_PRIMITIVES, architectureFromMask, architectureToGenotype, cifarLayout, createRng, dartsArgmaxMask, dartsArgmaxScheduler, fullLiveMask,
  gateValues, OPERATORS, operatorSlots,
} from '../../src/index.js';
import type { SearchSpace } from '../../src/index.js';
import type { DartsArgmaxState, LiveMask, OperatorSlot } from '../../src/index.js';

const ops = ['none', 'skip_connect', 'sep_conv_3x3'];

/** Live (from, to, op) triples per cell. */
function chosen(slots: readonly OperatorSlot[], live: LiveMask): string[][] {
  const cells: string[][] = [];
  for (const s of slots) if (live[s.index]) (cells[s.cell] ??= []).push(`${s.from}->${s.to}:${s.op}`);
  return cells;
}

describe('dartsArgmaxMask', () => {
  const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 2 }), operators: ops, table: OPERATORS });
  // Values per (edge, op); `none` is the strongest everywhere but never chosen.
  const table: Record<string, [number, number, number]> = {
    '0->2': [0.9, 0.2, 0.3],
    '1->2': [0.9, 0.6, 0.1],
    '0->3': [0.9, 0.5, 0.4],
    '1->3': [0.9, 0.1, 0.2],
    '2->3': [0.9, 0.3, 0.7],
  };
  const gates = Float32Array.from(slots, (s) => table[`${s.from}->${s.to}`]![s.opIndex]!);

  it('keeps the top-2 edges per node by their strongest non-none operator, one operator per edge', () => {
    const mask = dartsArgmaxMask(slots, gates, fullLiveMask(slots), { k: 2, noneOp: 'none' });
    expect(chosen(slots, mask)).toEqual([['0->2:sep_conv_3x3', '1->2:skip_connect', '0->3:skip_connect', '2->3:sep_conv_3x3']]);
  });

  it('with k = 1 keeps one input per node', () => {
    const mask = dartsArgmaxMask(slots, gates, fullLiveMask(slots), { k: 1, noneOp: 'none' });
    expect(chosen(slots, mask)).toEqual([['1->2:skip_connect', '2->3:sep_conv_3x3']]);
  });

  it('only chooses among live operators, and falls back to the strongest live one when a node has no non-none operator', () => {
    const live = fullLiveMask(slots);
    for (const s of slots) if (s.to === 2 && s.op !== 'none') live[s.index] = 0; // node 2: only `none` left
    for (const s of slots) if (s.from === 2 && s.op === 'sep_conv_3x3') live[s.index] = 0;
    const mask = dartsArgmaxMask(slots, gates, live, { k: 2, noneOp: 'none' });
    expect(chosen(slots, mask)).toEqual([['0->2:none', '0->3:skip_connect', '2->3:skip_connect']]);
  });

  it('gives every cell of one type the same choices in a darts space', () => {
    const darts = operatorSlots({ mode: 'darts', layout: cifarLayout({ cells: 3, nodes: 2 }), operators: ops, table: OPERATORS });
    // Shared α: the gate is a function of the slot's alpha index.
    const g = Float32Array.from(darts, (s) => (s.op === 'none' ? 0.95 : ((s.alpha * 7919) % 97) / 97));
    const mask = dartsArgmaxMask(darts, g, fullLiveMask(darts), { k: 2, noneOp: 'none' });
    const cells = chosen(darts, mask);
    expect(cells[1]).toEqual(cells[2]); // cells 1 and 2 are the reductions of a 3-cell layout
    for (const c of cells) expect(c).toHaveLength(4);
  });
});

/**
 * DARTS's own genotype derivation, `_parse` in quark0/darts `cnn/model_search.py` (lines 133-162),
 * ported line for line: W is one cell type's softmax weights, 14 edges × 8 operators in PRIMITIVES
 * order; Python's `sorted` is stable (ties: the lower edge), and the operator loop keeps the first
 * maximum (ties: the lower operator).
 */
function dartsParse(W: readonly (readonly number[])[], primitives: readonly string[], steps: number): [string, number][] {
  const none = primitives.indexOf('none');
  const gene: [string, number][] = [];
  let n = 2;
  let start = 0;
  for (let i = 0; i < steps; i++) {
    const end = start + n;
    const rows = W.slice(start, end);
    const strength = (x: number): number => Math.max(...rows[x]!.filter((_, k) => k !== none));
    const edges = Array.from({ length: i + 2 }, (_, x) => x).sort((a, b) => -strength(a) - -strength(b) || a - b).slice(0, 2);
    for (const j of edges) {
      let kBest: number | null = null;
      for (let k = 0; k < rows[j]!.length; k++) if (k !== none && (kBest === null || rows[j]![k]! > rows[j]![kBest]!)) kBest = k;
      gene.push([primitives[kBest!]!, j]);
    }
    start = end;
    n += 1;
  }
  return gene;
}

describe("dartsArgmaxMask on DARTS's space", () => {
  const space: SearchSpace = { mode: 'darts', layout: cifarLayout({ cells: 8 }), operators: DARTS_PRIMITIVES, table: OPERATORS };
  const slots = operatorSlots(space);

  it.each([
    ['random α, seed 1', 1], ['random α, seed 2', 2], ['random α, seed 3', 3], ['random α, seed 4', 4],
    ['α = 0 (every weight ties: the first edges and the first operator win)', 0],
  ])("derives the genotype DARTS's _parse derives from the same softmax weights: %s", (_, seed) => {
    const rng = createRng(seed);
    // α as DARTS holds it: one vector per cell type, shared by the cells of that type.
    const alpha = Float32Array.from({ length: 2 * 14 * 8 }, () => (seed === 0 ? 0 : rng.normal()));
    const gates = gateValues(space, slots, alpha, fullLiveMask(slots));
    const mask = dartsArgmaxMask(slots, gates, fullLiveMask(slots), { k: 2, noneOp: 'none' });
    const arch = architectureFromMask({ ...space, mode: 'gold' }, mask);
    if (arch._tag === 'Left') throw new Error(arch.left.message);
    const genotype = architectureToGenotype(arch.right, space.layout);
    if (genotype._tag === 'Left') throw new Error(genotype.left.message);
    // W per cell type, in DARTS's row order (edges 0->2, 1->2, 0->3, 1->3, 2->3, …), from the same gates.
    const W = (reduction: boolean): number[][] => {
      const cell = reduction ? 2 : 0; // cell 2 is the first reduction of an 8-cell layout
      const rows: number[][] = [];
      for (const s of slots) if (s.cell === cell) (rows[s.edge] ??= [])[s.opIndex] = gates[s.index]!;
      return rows;
    };
    // Within a node, gold-nas lists the kept edges by their source; DARTS by strength. Compare per node as sets.
    const byNode = (gene: readonly (readonly [string, number])[]) => Array.from({ length: 4 }, (_, i) => [...gene.slice(2 * i, 2 * i + 2)].map((g) => g.join('@')).sort());
    expect(byNode(genotype.right.normal)).toEqual(byNode(dartsParse(W(false), DARTS_PRIMITIVES, 4)));
    expect(byNode(genotype.right.reduce)).toEqual(byNode(dartsParse(W(true), DARTS_PRIMITIVES, 4)));
  });
});

describe('dartsArgmaxScheduler', () => {
  const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 2 }), operators: ops, table: OPERATORS });
  const gates = Float32Array.from(slots, (s) => 0.1 * (s.opIndex + 1) + 0.01 * s.from);
  const init = (input: unknown): DartsArgmaxState => {
    const c = dartsArgmaxScheduler.decodeConfig(input);
    if (c._tag === 'Left') throw new Error(c.left.message);
    return dartsArgmaxScheduler.init(c.right);
  };
  const step = (state: DartsArgmaxState, at: number, live = fullLiveMask(slots)) =>
    dartsArgmaxScheduler.step({ slots, snapshot: { gates }, live, state, step: at, flops: (m) => m.reduce((a, b) => a + b, 0) });

  it('does nothing before atStep, then discretises once, records and stops', () => {
    const state = init({ atStep: 100 });
    const early = step(state, 99);
    expect(early).toMatchObject({ done: false, events: [] });
    expect(Array.from(early.live)).toEqual(Array(15).fill(1));
    const out = step(state, 100);
    expect(out.done).toBe(true);
    expect(out.events.map((e) => e.type)).toEqual(['prune', 'record', 'stop']);
    expect(out.events[2]).toEqual({ type: 'stop', reason: 'discretised', flops: 4 });
    expect(chosen(slots, out.live)).toEqual([['0->2:sep_conv_3x3', '1->2:sep_conv_3x3', '1->3:sep_conv_3x3', '2->3:sep_conv_3x3']]);
    expect(step(out.state, 200, out.live).events).toEqual([]);
  });

  it('with atEnd, changes nothing in its rounds and discretises when the budget runs out (finish)', () => {
    const state = init({ atEnd: true });
    const input = { slots, snapshot: { gates }, live: fullLiveMask(slots), state, step: 50, flops: (m: LiveMask) => m.reduce((a, b) => a + b, 0) };
    expect(dartsArgmaxScheduler.step(input)).toMatchObject({ done: false, events: [] });
    const out = dartsArgmaxScheduler.finish!(input)!;
    expect(out.done).toBe(true);
    expect(out.events.map((e) => e.type)).toEqual(['prune', 'record', 'stop']);
    expect(chosen(slots, out.live)).toEqual([['0->2:sep_conv_3x3', '1->2:sep_conv_3x3', '1->3:sep_conv_3x3', '2->3:sep_conv_3x3']]);
    // Without atEnd, or once done, finish has nothing to do.
    expect(dartsArgmaxScheduler.finish!({ ...input, state: init({}) })).toBeNull();
    expect(dartsArgmaxScheduler.finish!({ ...input, state: out.state })).toBeNull();
    // A state saved before atEnd existed still decodes.
    expect(dartsArgmaxScheduler.decodeState({ config: { k: 2, noneOp: 'none', atStep: 0, lambda: 0 }, done: false })._tag).toBe('Right');
  });

  it('validates its config and has λ = 0 by default', () => {
    expect(dartsArgmaxScheduler.lambda(init({}))).toBe(0);
    expect(dartsArgmaxScheduler.decodeConfig({ k: 0 })).toMatchObject({ _tag: 'Left', left: { _tag: 'DecodeError', path: 'pruning.k' } });
    const s = init({ k: 1 });
    expect(dartsArgmaxScheduler.decodeState(JSON.parse(JSON.stringify(s)))).toEqual({ _tag: 'Right', right: s });
  });
});
