import { describe, expect, it } from 'vitest';
import { cifarLayout, dartsArgmaxMask, dartsArgmaxScheduler, fullLiveMask, OPERATORS, operatorSlots } from '../../src/index.js';
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

  it('validates its config and has λ = 0 by default', () => {
    expect(dartsArgmaxScheduler.lambda(init({}))).toBe(0);
    expect(dartsArgmaxScheduler.decodeConfig({ k: 0 })).toMatchObject({ _tag: 'Left', left: { _tag: 'DecodeError', path: 'pruning.k' } });
    const s = init({ k: 1 });
    expect(dartsArgmaxScheduler.decodeState(JSON.parse(JSON.stringify(s)))).toEqual({ _tag: 'Right', right: s });
  });
});
