import { describe, expect, it } from 'vitest';
import { addCandidate, paretoTracker, trackerFront } from '../../src/index.js';
import { p2, two } from './fixtures.js';
import type { K2 } from './fixtures.js';

describe('paretoTracker', () => {
  it('de-duplicates by id: the later point wins on equal fidelity and keeps the first position', () => {
    const t0 = paretoTracker<K2>(two);
    const t1 = addCandidate(t0, p2('x', 10, 0.5));
    const t2 = addCandidate(t1, p2('y', 20, 0.9));
    const t3 = addCandidate(t2, p2('x', 10, 0.95));
    expect(t0.candidates).toEqual([]);
    expect(t2.candidates.map((c) => c.id)).toEqual(['x', 'y']); // inputs unchanged
    expect(t2.candidates[0]!.values.accuracy).toBe(0.5);
    expect(t3.candidates).toEqual([p2('x', 10, 0.95), p2('y', 20, 0.9)]);
    expect(trackerFront(t3).map((c) => c.id)).toEqual(['x']);
    expect(trackerFront(t2).map((c) => c.id)).toEqual(['x', 'y']);
  });
  it('de-duplicates by id: a higher fidelity wins, a lower one is ignored', () => {
    let t = paretoTracker<K2>(two);
    t = addCandidate(t, { ...p2('x', 10, 0.5), fidelity: 1000 });
    const same = addCandidate(t, { ...p2('x', 10, 0.99), fidelity: 10 });
    expect(same).toBe(t);
    t = addCandidate(t, { ...p2('x', 10, 0.6), fidelity: 5000 });
    expect(t.candidates).toEqual([{ ...p2('x', 10, 0.6), fidelity: 5000 }]);
  });
  it('keeps dominated candidates, and carries payloads', () => {
    let t = paretoTracker<K2, { round: number }>(two);
    t = addCandidate(t, { ...p2('a', 1, 0.9), payload: { round: 1 } });
    t = addCandidate(t, { ...p2('b', 2, 0.8), payload: { round: 2 } });
    expect(t.candidates).toHaveLength(2);
    expect(trackerFront(t).map((c) => c.payload)).toEqual([{ round: 1 }]);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
});
