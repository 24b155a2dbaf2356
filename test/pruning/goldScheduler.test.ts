import { describe, expect, it } from 'vitest';
import {
  decodeGoldPruningConfig, GOLD_PRUNING_DEFAULTS, goldPruningStep, goldScheduler,
  initGoldPruningState, updateLambda,
} from '../../src/index.js';
import type { GoldPruningConfig, GoldPruningState, LiveMask, PruneEvent } from '../../src/index.js';
import { flopsPerOp, full, gates, tinySlots, uniform } from './fixtures.js';
import { decodeGoldPruningState } from '../../src/pruning/goldScheduler.js';

function config(overrides: Partial<GoldPruningConfig> = {}): GoldPruningConfig {
  return { ...GOLD_PRUNING_DEFAULTS, ...overrides };
}

function run(state: GoldPruningState, g: Float32Array, live: LiveMask = full(), flops = flopsPerOp(1)) {
  return goldPruningStep({ slots: tinySlots, snapshot: { gates: g }, live, state, step: 7, flops });
}

/** Node 2 uniform; node 3 loses four operators to ξ_min in one sweep. */
const pruneFour = gates([0.25, 0.25, 0.25, 0.25], [0.001, 0.001, 0.001, 0.001, 0.5, 0.496]);
/** Node 3 loses one operator to ξ_max. */
const pruneOne = gates([0.25, 0.25, 0.25, 0.25], [0.03, 0.2, 0.2, 0.2, 0.2, 0.17]);

const lambdaEvents = (events: readonly PruneEvent[]) => events.filter((e) => e.type === 'lambda');
const recordEvents = (events: readonly PruneEvent[]) => events.filter((e) => e.type === 'record');

describe('updateLambda', () => {
  const cfg = { n0: 4, lambda0: 1e-5, c0: 2 };
  it.each([
    { name: 'no pruning doubles Δλ, then adds it', from: { lambda: 0, deltaLambda: 1e-5 }, pruned: 0, lambda: 2e-5, delta: 2e-5 },
    { name: 'a second quiet round keeps doubling', from: { lambda: 2e-5, deltaLambda: 2e-5 }, pruned: 0, lambda: 6e-5, delta: 4e-5 },
    { name: 'n0 − 1 pruned still counts as too few', from: { lambda: 6e-5, deltaLambda: 4e-5 }, pruned: 3, lambda: 14e-5, delta: 8e-5 },
    { name: 'exactly n0 pruned halves λ and resets Δλ', from: { lambda: 8e-5, deltaLambda: 4e-5 }, pruned: 4, lambda: 4e-5, delta: 1e-5 },
    { name: 'more than n0 pruned halves λ and resets Δλ', from: { lambda: 8e-5, deltaLambda: 4e-5 }, pruned: 9, lambda: 4e-5, delta: 1e-5 },
  ])('$name', ({ from, pruned, lambda, delta }) => {
    const out = updateLambda(from, pruned, cfg);
    expect(out.lambda).toBeCloseTo(lambda, 15);
    expect(out.deltaLambda).toBeCloseTo(delta, 15);
    expect(out.reason).toBe(pruned >= 4 ? 'pruned-at-least-n0' : 'pruned-fewer-than-n0');
  });
  it('uses c0 as the factor', () => {
    expect(updateLambda({ lambda: 9, deltaLambda: 1 }, 0, { n0: 4, lambda0: 1, c0: 3 })).toEqual({ lambda: 12, deltaLambda: 3, reason: 'pruned-fewer-than-n0' });
    expect(updateLambda({ lambda: 9, deltaLambda: 27 }, 4, { n0: 4, lambda0: 1, c0: 3 })).toEqual({ lambda: 3, deltaLambda: 1, reason: 'pruned-at-least-n0' });
  });
});

describe('goldPruningStep', () => {
  it('λ increase: quiet rounds double Δλ and grow λ by it (0 → 2λ0 → 6λ0 → 14λ0)', () => {
    let state = initGoldPruningState(config());
    const seen: number[] = [];
    for (let r = 0; r < 3; r++) {
      const out = run(state, uniform);
      expect(out.events).toEqual(lambdaEvents(out.events)); // nothing but the λ event
      state = out.state;
      seen.push(state.lambda);
    }
    expect(seen.map((l) => l / 1e-5)).toEqual([2, 6, 14].map((x) => expect.closeTo(x, 9)));
    expect(state.deltaLambda).toBeCloseTo(8e-5, 15);
    expect(state.roundsSincePrune).toBe(3);
    expect(state.round).toBe(3);
  });

  it('λ increase: a round that prunes fewer than n0 operators still tightens', () => {
    const state = { ...initGoldPruningState(config()), lambda: 6e-5, deltaLambda: 4e-5 };
    const out = run(state, pruneOne);
    expect(out.state.pruned).toBe(1);
    expect(lambdaEvents(out.events)).toEqual([
      { type: 'lambda', from: 6e-5, to: 6e-5 + 8e-5, deltaFrom: 4e-5, deltaTo: 8e-5, reason: 'pruned-fewer-than-n0' },
    ]);
  });

  it('λ decrease: a round that prunes at least n0 operators divides λ by c0 and resets Δλ to λ0', () => {
    const state = { ...initGoldPruningState(config()), lambda: 8e-5, deltaLambda: 4e-5 };
    const out = run(state, pruneFour);
    expect(out.events.filter((e) => e.type === 'prune')).toEqual([{ type: 'prune', slots: [4, 5, 6, 7], reason: 'xi-min', sweep: 0 }]);
    expect(out.state.lambda).toBeCloseTo(4e-5, 15);
    expect(out.state.deltaLambda).toBe(1e-5);
    expect(out.state.roundsSincePrune).toBe(0);
    expect(out.state.pruned).toBe(4);
    expect(out.state.lastPruneStep).toBe(7);
  });

  it('honours lambdaInit', () => {
    expect(goldScheduler.lambda(goldScheduler.init(config({ lambdaInit: 3e-4 })))).toBe(3e-4);
  });

  it.each([
    { quiet: 3, stableRounds: 3, policy: 'stable', expected: [] },
    { quiet: 4, stableRounds: 3, policy: 'stable', expected: [{ type: 'record', architecture: 'before', reason: 'stable', stableRounds: 4 }] },
    { quiet: 1, stableRounds: 0, policy: 'stable', expected: [{ type: 'record', architecture: 'before', reason: 'stable', stableRounds: 1 }] },
    { quiet: 0, stableRounds: 3, policy: 'every-change', expected: [{ type: 'record', architecture: 'before', reason: 'change', stableRounds: 0 }] },
    { quiet: 5, stableRounds: 3, policy: 'every-change', expected: [{ type: 'record', architecture: 'before', reason: 'stable', stableRounds: 5 }] },
  ] as const)('stable-round recording: $quiet quiet rounds, stableRounds $stableRounds, policy $policy', ({ quiet, stableRounds, policy, expected }) => {
    let state = initGoldPruningState(config({ stableRounds, record: policy }));
    for (let r = 0; r < quiet; r++) {
      const out = run(state, uniform);
      expect(recordEvents(out.events)).toEqual([]);
      state = out.state;
    }
    const out = run(state, pruneOne);
    expect(recordEvents(out.events)).toEqual(expected);
    if (expected.length > 0) expect(out.events[0]).toEqual(expected[0]); // recorded before the prune events
  });

  it('a quiet round records nothing even after a long stable stretch', () => {
    const state = { ...initGoldPruningState(config()), roundsSincePrune: 10 };
    expect(recordEvents(run(state, uniform).events)).toEqual([]);
  });

  it('stop at FLOPs_min: stops once the pruned network is below FLOPs_min, records it, and then stays put', () => {
    // 10 operators at 100 FLOPs each plus 50 fixed: 1050 before, 650 after pruning four.
    const flops = flopsPerOp(100, 50);
    const state = initGoldPruningState(config({ flopsMin: 700 }));
    const out = run(state, pruneFour, full(), flops);
    expect(out.done).toBe(true);
    expect(out.state.done).toBe(true);
    expect(out.events.slice(-2)).toEqual([
      { type: 'record', architecture: 'after', reason: 'final', stableRounds: 0 },
      { type: 'stop', reason: 'flops-min', flops: 650 },
    ]);
    const after = run(out.state, pruneFour, out.live, flops);
    expect(after.done).toBe(true);
    expect(after.events).toEqual([]);
    expect(Array.from(after.live)).toEqual(Array.from(out.live));
    expect(after.state).toBe(out.state);
  });

  it.each([
    { flopsMin: 650, done: false },
    { flopsMin: 650.5, done: true },
  ])('stop at FLOPs_min is strict: flopsMin $flopsMin → done $done', ({ flopsMin, done }) => {
    const out = run(initGoldPruningState(config({ flopsMin })), pruneFour, full(), flopsPerOp(100, 50));
    expect(out.done).toBe(done);
  });

  it('stop at FLOPs_min without recordFinal emits only the stop event', () => {
    const out = run(initGoldPruningState(config({ flopsMin: 1e9, recordFinal: false })), uniform);
    expect(out.events.filter((e) => e.type !== 'lambda')).toEqual([{ type: 'stop', reason: 'flops-min', flops: 10 }]);
  });

  it('does not mutate its input live set or state', () => {
    const live = full();
    const state = initGoldPruningState(config());
    const frozen = JSON.stringify(state);
    const out = run(state, pruneFour, live);
    expect(Array.from(live)).toEqual(Array(10).fill(1));
    expect(out.live).not.toBe(live);
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it('keeps its state plain JSON: a JSON round trip decodes to the same state and the same next step', () => {
    let state = initGoldPruningState(config({ flopsMin: 5, record: 'every-change' }));
    state = run(run(state, uniform).state, pruneOne).state;
    const restored = decodeGoldPruningState(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual({ _tag: 'Right', right: state });
    expect(run(state, pruneFour)).toEqual(run((restored as { right: GoldPruningState }).right, pruneFour));
  });

  it('rejects a corrupt state as a CheckpointError naming the field', () => {
    const state = initGoldPruningState(config());
    expect(decodeGoldPruningState({ ...state, lambda: 'x' })).toMatchObject({ _tag: 'Left', left: { _tag: 'CheckpointError', path: 'pruningState.lambda' } });
    expect(decodeGoldPruningState({ ...state, config: { ...state.config, n0: 0 } })).toMatchObject({
      _tag: 'Left', left: { _tag: 'CheckpointError', path: 'pruningState.config.n0' },
    });
    expect(decodeGoldPruningState({ ...state, done: undefined })).toMatchObject({ _tag: 'Left', left: { path: 'pruningState.done' } });
  });

  it('is what goldScheduler.step does', () => {
    expect(goldScheduler.name).toBe('gold');
    expect(goldScheduler.step).toBe(goldPruningStep);
  });
});

describe('decodeGoldPruningConfig', () => {
  it('fills the [R] defaults', () => {
    expect(decodeGoldPruningConfig({})).toEqual({
      _tag: 'Right',
      right: { xiMin: 0.01, xiMax: 0.05, n0: 4, lambda0: 1e-5, c0: 2, lambdaInit: 0, stableRounds: 3, flopsMin: 0, record: 'stable', recordFinal: true },
    });
    expect(decodeGoldPruningConfig({ flopsMin: 240e6 })).toMatchObject({ right: { flopsMin: 240e6 } });
  });
  it.each([
    { input: 3, path: 'pruning', tag: 'DecodeError', message: /expected an object/ },
    { input: { ximin: 0.1 }, path: 'pruning.ximin', tag: 'DecodeError', message: /unknown field/ },
    { input: { xiMin: '0.1' }, path: 'pruning.xiMin', tag: 'DecodeError', message: /must be a finite number >= 0 and <= 1, got "0.1"/ },
    { input: { record: 'always' }, path: 'pruning.record', tag: 'DecodeError', message: /always/ },
    { input: { xiMin: -0.1 }, path: 'pruning.xiMin', tag: 'DecodeError', message: />= 0/ },
    { input: { xiMin: 0.1, xiMax: 0.05 }, path: 'pruning.xiMax', tag: 'ConfigError', message: /≥ xiMin/ },
    { input: { xiMax: 1.5 }, path: 'pruning.xiMax', tag: 'DecodeError', message: /<= 1/ },
    { input: { n0: 2.5 }, path: 'pruning.n0', tag: 'DecodeError', message: /integer/ },
    { input: { n0: 0 }, path: 'pruning.n0', tag: 'DecodeError', message: />= 1/ },
    { input: { lambda0: 0 }, path: 'pruning.lambda0', tag: 'DecodeError', message: /> 0/ },
    { input: { c0: 1 }, path: 'pruning.c0', tag: 'DecodeError', message: /> 1/ },
    { input: { stableRounds: -1 }, path: 'pruning.stableRounds', tag: 'DecodeError', message: />= 0/ },
    { input: { flopsMin: Number.POSITIVE_INFINITY }, path: 'pruning.flopsMin', tag: 'DecodeError', message: /finite/ },
    { input: { lambdaInit: Number.NaN }, path: 'pruning.lambdaInit', tag: 'DecodeError', message: /finite/ },
  ])('rejects $input at $path', ({ input, path, tag, message }) => {
    const out = decodeGoldPruningConfig(input);
    expect(out._tag).toBe('Left');
    if (out._tag === 'Left') {
      expect(out.left).toMatchObject({ _tag: tag, path });
      expect(out.left.message).toMatch(message);
    }
  });
});

describe('scheduler inputs', () => {
  it('throws on a live mask or gates of the wrong length (a broken invariant)', () => {
    const state = initGoldPruningState(config());
    expect(() => run(state, uniform, new Uint8Array(3))).toThrow(/expected 10 slots/);
    expect(() => run(state, new Float32Array(4))).toThrow(/expected 10 slots/);
  });
});
