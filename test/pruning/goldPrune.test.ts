import { describe, expect, it } from 'vitest';
import { goldPrune, GOLD_PRUNING_DEFAULTS } from '../../src/index.js';
import { full, gates, tinySlots, uniform } from './fixtures.js';

const rules = { xiMin: 0.01, xiMax: 0.05, n0: 4 };

describe('goldPrune', () => {
  it('has the tiny fixture laid out as the tests assume', () => {
    expect(tinySlots.map((s) => s.to)).toEqual([2, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
  });

  it('ξ_min sweep: drops every operator at or under ξ_min at once', () => {
    const g = gates([0.25, 0.25, 0.25, 0.25], [0.001, 0.001, 0.3, 0.3, 0.2, 0.198]);
    const out = goldPrune(tinySlots, g, full(), rules);
    expect(Array.from(out.live)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 1, 1]);
    expect(out.events).toEqual([{ type: 'prune', slots: [4, 5], reason: 'xi-min', sweep: 0 }]);
    expect(out.pruned).toBe(2);
    expect(out.sweeps).toBe(2); // the second sweep removes nothing and ends the step
  });

  it('ξ_min counts a weight equal to ξ_min as prunable', () => {
    const g = gates([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1, 1, 1]);
    const out = goldPrune(tinySlots, g, full(), { xiMin: 0.25, xiMax: 0.25, n0: 1 });
    expect(Array.from(out.live.subarray(0, 4))).toEqual([1, 0, 0, 0]); // all four at 0.25: the guard keeps the first
  });

  it('ξ_max: drops only the single weakest operator of the whole network per sweep', () => {
    // Node 2: 0.04 and 0.03 are both ≤ ξ_max; node 3: 0.045 too. Only the global weakest (slot 1) goes in sweep 0.
    const g = gates([0.04, 0.03, 0.43, 0.5], [0.045, 0.191, 0.191, 0.191, 0.191, 0.191]);
    const out = goldPrune(tinySlots, g, full(), { ...rules, n0: 1 });
    expect(out.events).toEqual([{ type: 'prune', slots: [1], reason: 'xi-max', sweep: 0 }]);
    expect(out.pruned).toBe(1);
  });

  it('ξ_max: later sweeps recompute the weights over the shrunken live set', () => {
    const g = gates([0.04, 0.03, 0.43, 0.5], [1, 1, 1, 1, 1, 1]);
    const out = goldPrune(tinySlots, g, full(), rules);
    // sweep 0: slot 1 (0.03); sweep 1: slot 0 (0.04/0.97 ≈ 0.041); sweep 2: 0.43/0.93, 0.5/0.93: nothing.
    expect(out.events).toEqual([
      { type: 'prune', slots: [1], reason: 'xi-max', sweep: 0 },
      { type: 'prune', slots: [0], reason: 'xi-max', sweep: 1 },
    ]);
    expect(out.sweeps).toBe(3);
  });

  it('ξ_max: does nothing when the weakest operator is above ξ_max', () => {
    const out = goldPrune(tinySlots, uniform, full(), rules);
    expect(out.pruned).toBe(0);
    expect(out.events).toEqual([]);
    expect(out.sweeps).toBe(1);
  });

  it('last-input guard: keeps the strongest when every input of a node falls under ξ_min', () => {
    const g = gates([1, 1, 1, 1], [0.1, 0.12, 0.14, 0.18, 0.22, 0.24]);
    const out = goldPrune(tinySlots, g, full(), { xiMin: 0.245, xiMax: 0.245, n0: 4 });
    expect(Array.from(out.live)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(out.events).toEqual([{ type: 'prune', slots: [4, 5, 6, 7, 8], reason: 'xi-min', sweep: 0 }]);
  });

  it('last-input guard: never drops a node\'s only live operator, even with a zero gate', () => {
    const live = full();
    live.fill(0, 1, 4); // node 2 keeps only slot 0
    const g = gates([0, 1, 1, 1], [1, 1, 1, 1, 1, 1]);
    const out = goldPrune(tinySlots, g, live, rules);
    expect(out.live[0]).toBe(1);
    expect(out.pruned).toBe(0);
  });

  it('last-input guard: ξ_max skips a guarded operator and takes the weakest removable one', () => {
    const live = full();
    live.fill(0, 1, 4); // node 2: only slot 0 live, weight 0 (gate 0)
    const g = gates([0, 1, 1, 1], [0.2, 1, 1, 1, 1, 1]); // slot 4: 0.2 / 5.2 ≈ 0.038
    const out = goldPrune(tinySlots, g, live, { ...rules, n0: 1 });
    expect(out.events).toEqual([{ type: 'prune', slots: [4], reason: 'xi-max', sweep: 0 }]);
  });

  it.each([
    { n0: 1, pruned: [4] },
    { n0: 2, pruned: [4, 5] },
    { n0: 4, pruned: [4, 5, 6, 7] },
    { n0: 6, pruned: [4, 5, 6, 7, 8] },
  ])('n0 cap: with n0 = $n0 at most n0 sweeps run', ({ n0, pruned }) => {
    // Node 3: five operators at 0.03, one at 0.85. Each sweep's ξ_max removes one (lowest index on ties);
    // the fifth is removed only if a fifth sweep runs, then 0.85 alone remains (guarded).
    const g = gates([0.25, 0.25, 0.25, 0.25], [0.03, 0.03, 0.03, 0.03, 0.03, 0.85]);
    const out = goldPrune(tinySlots, g, full(), { ...rules, n0 });
    expect(out.events.flatMap((e) => e.slots)).toEqual(pruned);
    expect(out.events.every((e) => e.reason === 'xi-max')).toBe(true);
    expect(out.sweeps).toBe(Math.min(n0, 6));
  });

  it('never mutates the input mask and always returns a new array', () => {
    const live = full();
    const g = gates([0.25, 0.25, 0.25, 0.25], [0.001, 0.001, 0.3, 0.3, 0.2, 0.198]);
    const out = goldPrune(tinySlots, g, live, GOLD_PRUNING_DEFAULTS);
    expect(Array.from(live)).toEqual(Array(10).fill(1));
    expect(out.live).not.toBe(live);
    const none = goldPrune(tinySlots, uniform, live, GOLD_PRUNING_DEFAULTS);
    expect(none.live).not.toBe(live);
    expect(Array.from(none.live)).toEqual(Array.from(live));
  });

  it('ignores the gates of slots that are already pruned', () => {
    const live = full();
    live[4] = 0;
    const g = gates([0.25, 0.25, 0.25, 0.25], [1e-9, 1, 1, 1, 1, 1]);
    expect(goldPrune(tinySlots, g, live, rules).pruned).toBe(0);
  });
});
