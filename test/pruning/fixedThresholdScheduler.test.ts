import { describe, expect, it } from 'vitest';
import { fixedThresholdScheduler } from '../../src/index.js';
import type { FixedThresholdConfig, FixedThresholdState } from '../../src/index.js';
import { flopsPerOp, full, gates, tinySlots } from './fixtures.js';

function init(config: Partial<FixedThresholdConfig> & { threshold: number }): FixedThresholdState {
  const decoded = fixedThresholdScheduler.decodeConfig(config);
  if (decoded._tag === 'Left') throw new Error(decoded.left.message);
  return fixedThresholdScheduler.init(decoded.right);
}

function step(state: FixedThresholdState, g: Float32Array, live = full(), flops = flopsPerOp(1)) {
  return fixedThresholdScheduler.step({ slots: tinySlots, snapshot: { gates: g }, live, state, step: 0, flops });
}

describe('fixedThresholdScheduler', () => {
  it('by gate: prunes every live operator whose gate is strictly below τ, once per round', () => {
    const g = gates([0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.05, 0.9, 0.9]);
    const out = step(init({ threshold: 0.2, by: 'gate' }), g);
    expect(out.events).toEqual([
      { type: 'record', architecture: 'before', reason: 'change', stableRounds: 0 },
      { type: 'prune', slots: [0, 4, 7], reason: 'threshold', sweep: 0 },
    ]);
    expect(out.state).toMatchObject({ round: 1, pruned: 3, done: false });
  });

  it('by weight: compares node-normalised weights', () => {
    // Node 3 weights: 2/10 each for four operators, 1/10 for two.
    const g = gates([1, 1, 1, 1], [0.2, 0.2, 0.2, 0.2, 0.1, 0.1]);
    const out = step(init({ threshold: 0.15 }), g);
    expect(out.events.filter((e) => e.type === 'prune')).toEqual([{ type: 'prune', slots: [8, 9], reason: 'threshold', sweep: 0 }]);
  });

  it('keeps the strongest input of a node whose inputs are all below τ', () => {
    const g = gates([0.1, 0.3, 0.2, 0.05], [1, 1, 1, 1, 1, 1]);
    const out = step(init({ threshold: 0.5, by: 'gate' }), g);
    expect(Array.from(out.live.subarray(0, 4))).toEqual([0, 1, 0, 0]);
  });

  it('has a constant λ and stops below flopsMin', () => {
    const state = init({ threshold: 0.5, by: 'gate', lambda: 1e-3, flopsMin: 5 });
    expect(fixedThresholdScheduler.lambda(state)).toBe(1e-3);
    const out = step(state, gates([0.1, 0.3, 0.2, 0.05], [0.1, 0.1, 0.1, 0.1, 0.1, 0.9]));
    expect(out.done).toBe(true);
    expect(out.events.slice(-1)).toEqual([{ type: 'stop', reason: 'flops-min', flops: 2 }]);
    expect(fixedThresholdScheduler.lambda(out.state)).toBe(1e-3);
  });

  it('requires a threshold and round-trips its state through JSON', () => {
    expect(fixedThresholdScheduler.decodeConfig({})).toMatchObject({ _tag: 'Left', left: { path: 'pruning.threshold' } });
    const state = step(init({ threshold: 0.2 }), gates([1, 1, 1, 1], [1, 1, 1, 1, 1, 1])).state;
    expect(fixedThresholdScheduler.decodeState(JSON.parse(JSON.stringify(state)))).toEqual({ _tag: 'Right', right: state });
  });
});
