import { describe, expect, it } from 'vitest';
import {
  cifarLayout, createRng, dartsArgmaxScheduler, fixedThresholdScheduler, fullLiveMask, goldScheduler, GOLD_PRIMITIVES,
  liveInputsPerNode, OPERATORS, operatorSlots,
} from '../../src/index.js';
import type { LiveMask, PruningScheduler } from '../../src/index.js';

const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 3 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
const flops = (live: LiveMask) => 1000 + 10 * live.reduce((a, b) => a + b, 0);

function decoded<C, S>(scheduler: PruningScheduler<C, S>, config: unknown): S {
  const c = scheduler.decodeConfig(config);
  if (c._tag === 'Left') throw new Error(c.left.message);
  return scheduler.init(c.right);
}

describe.each([
  { name: 'gold (stable)', scheduler: goldScheduler as PruningScheduler<unknown, unknown>, config: { flopsMin: 1500 } },
  { name: 'gold (every-change)', scheduler: goldScheduler as PruningScheduler<unknown, unknown>, config: { flopsMin: 1500, record: 'every-change', n0: 2 } },
  { name: 'fixed threshold', scheduler: fixedThresholdScheduler as PruningScheduler<unknown, unknown>, config: { threshold: 0.08, flopsMin: 1500 } },
  { name: 'darts argmax', scheduler: dartsArgmaxScheduler as PruningScheduler<unknown, unknown>, config: { atStep: 20 } },
])('$name over 60 random rounds on 84 slots', ({ scheduler, config }) => {
  it('only removes slots, keeps every node fed, reports every removal, and keeps a JSON state', () => {
    const rng = createRng(7);
    let state = decoded(scheduler, config);
    let live = fullLiveMask(slots);
    let done = false;
    for (let round = 0; round < 60 && !done; round++) {
      const gates = Float32Array.from(slots, () => rng.next() ** 4);
      const out = scheduler.step({ slots, snapshot: { gates }, live, state, step: round, flops });
      const removed = slots.filter((s) => live[s.index] && !out.live[s.index]).map((s) => s.index);
      expect(slots.some((s) => !live[s.index] && out.live[s.index])).toBe(false);
      expect(Math.min(...liveInputsPerNode(slots, out.live))).toBeGreaterThanOrEqual(1);
      const reported = out.events.flatMap((e) => (e.type === 'prune' ? e.slots : [])).sort((a, b) => a - b);
      expect(reported).toEqual(removed);
      const records = out.events.filter((e) => e.type === 'record');
      for (const r of records) if (r.type === 'record' && r.architecture === 'before') expect(removed.length).toBeGreaterThan(0);
      expect(out.done).toBe(out.events.some((e) => e.type === 'stop'));
      expect(JSON.parse(JSON.stringify(out.state))).toEqual(out.state);
      expect(scheduler.decodeState(JSON.parse(JSON.stringify(out.state)))).toEqual({ _tag: 'Right', right: out.state });
      expect(Number.isFinite(scheduler.lambda(out.state))).toBe(true);
      ({ state, live, done } = out);
    }
    expect(done).toBe(true);
  });
});
