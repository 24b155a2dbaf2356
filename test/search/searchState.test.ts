import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeSearchState, encodeSearchState, upgradeSchedulerStateUnits } from '../../src/search/searchState.js';
import type { SearchLoopState } from '../../src/search/searchState.js';

const architecture = { nodes: 1, cells: [{ reduction: false, edges: [{ op: 'skip_connect', from: 0, to: 2 }] }] };

const state: SearchLoopState = {
  version: 3, step: 40, round: 8, cursor: { epoch: 3, index: 2 }, live: [1, 0, 1], scheduler: { lambda: 0.1 }, update: null,
  candidates: [{ id: '00000000000000ab', values: { flops: 10, params: 3, accuracy: NaN }, fidelity: 35, payload: { step: 35, architecture, liveOps: 2 } }],
  stopReason: 'budget',
  strategy: { scheduler: 'gold', penalty: 'log', objectives: ['flops', 'params', 'accuracy'], evaluator: 'held-out', optimizers: { weights: 'sgd', alpha: 'sgd' }, update: 'one-level' },
};

const roundTrip = (s: SearchLoopState): unknown => JSON.parse(JSON.stringify(encodeSearchState(s)));

describe('the search checkpoint state codec', () => {
  it('round-trips a state through JSON, a NaN objective value included', () => {
    const decoded = decodeSearchState(roundTrip(state));
    expect(E.isRight(decoded) && decoded.right.state).toEqual(state);
    expect(E.isRight(decoded) && decoded.right.legacyDone).toBeNull();
    expect(E.isRight(decoded) && decoded.right.oldFlopsUnit).toBe(false);
  });

  it('reads a version-2 state (FLOPs in 2·multiply-adds) in multiply-adds', () => {
    const r = decodeSearchState({ ...(roundTrip(state) as object), version: 2 });
    expect(E.isRight(r) && r.right.oldFlopsUnit).toBe(true);
    expect(E.isRight(r) && r.right.state.version).toBe(3);
    expect(E.isRight(r) && r.right.state.candidates[0]!.values.flops).toBe(5);
  });

  it.each([
    ['a negative step', { step: -1 }, 'state.step'],
    ['a live mask with a 2', { live: [1, 2, 1] }, 'state.live.1'],
    ['a cursor without an index', { cursor: { epoch: 1 } }, 'state.cursor.index'],
    ['an unknown stop reason', { stopReason: 'tired' }, 'state.stopReason'],
    ['a candidate without its architecture', { candidates: [{ id: '0000000000000001', values: {}, payload: { step: 1, liveOps: 1 } }] }, 'state.candidates.0.payload.architecture'],
    ['a strategy without its scheduler', { strategy: { ...state.strategy, scheduler: undefined } }, 'state.strategy.scheduler'],
    ['an unknown field', { extra: true }, 'state.extra'],
  ])('refuses %s with a CheckpointError naming the field', (_name, change, path) => {
    const r = decodeSearchState({ ...(roundTrip(state) as object), ...change });
    expect(E.isLeft(r) && r.left._tag).toBe('CheckpointError');
    expect(E.isLeft(r) && r.left.path).toBe(path);
  });

  it('refuses a foreign state (a re-training checkpoint) instead of reading it as a search', () => {
    const r = decodeSearchState({ architectureId: 'a', step: 3, cursor: { epoch: 0, index: 0 }, history: [], sums: {}, seconds: 1, done: false });
    expect(E.isLeft(r) && r.left._tag === 'CheckpointError' && r.left.path.startsWith('state.')).toBe(true);
  });

  it('converts a gold-nas 0.1 state (no version, done instead of a stop reason)', () => {
    const { version: _v, update: _u, stopReason: _s, strategy: _p, ...old } = roundTrip(state) as Record<string, unknown>;
    const r = decodeSearchState({ ...old, done: true });
    expect(E.isRight(r) && r.right.legacyDone).toBe(true);
    expect(E.isRight(r) && r.right.state.strategy).toBeNull();
    expect(E.isRight(r) && r.right.state.step).toBe(40);
    // 0.1 counted FLOPs as 2·multiply-adds.
    expect(E.isRight(r) && r.right.oldFlopsUnit).toBe(true);
    expect(E.isRight(r) && r.right.state.candidates[0]!.values.flops).toBe(5);
  });

  it("converts the built-in schedulers' FLOPs_min to multiply-adds and refuses to guess another scheduler's", () => {
    expect(upgradeSchedulerStateUnits({ config: { flopsMin: 7e6, xiMin: 0.01 }, lambda: 1 }, 'gold')).toEqual(E.right({ config: { flopsMin: 3.5e6, xiMin: 0.01 }, lambda: 1 }));
    expect(upgradeSchedulerStateUnits({ config: { threshold: 0.1, flopsMin: 0 } }, 'fixed-threshold')).toEqual(E.right({ config: { threshold: 0.1, flopsMin: 0 } }));
    expect(upgradeSchedulerStateUnits({ round: 1 }, 'darts-argmax')).toEqual(E.right({ round: 1 }));
    const mine = upgradeSchedulerStateUnits({ k: 2 }, 'weakest-k');
    expect(E.isLeft(mine) && `${mine.left._tag} ${mine.left.path}: ${mine.left.message}`).toMatch(/CheckpointError state.scheduler: .*2·multiply-adds.*start the search over/);
  });
});
