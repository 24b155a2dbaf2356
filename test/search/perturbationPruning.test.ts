import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { goldPrune } from '../../src/pruning/goldPrune.js';
import { chooseByPerturbation, pruneByPerturbation } from '../../src/search/perturbationPruning.js';
import type { SearchEvent } from '../../src/search/events.js';
import { runSearch } from '../../src/search/runSearch.js';
import { searchMethod } from '../../src/search/searchMethod.js';
import { fullLiveMask, liveInputsPerNode, nodeNormalisedWeights } from '../../src/space/liveSet.js';
import { OPERATORS, GOLD_PRIMITIVES } from '../../src/space/operators.js';
import { cifarLayout } from '../../src/space/layout.js';
import { operatorSlots } from '../../src/space/searchSpace.js';
import type { SupernetState } from '../../src/supernet/buildSupernet.js';
import { useFastCpu } from '../fastCpu.js';
import { X, Y, heldOut, knownSignalNetwork } from './knownSignal.js';
import { tinyConfig, tinyData } from './tinyGold.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

describe('chooseByPerturbation', () => {
  const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 2 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
  // Node 2: slots 0-3 (edges from states 0 and 1); node 3: slots 4-9 (from 0, 1 and 2).
  const weights = new Float32Array(slots.length).fill(0.25);

  it('takes the highest accuracy without the operator first, never a node\'s last input, never an unmeasured slot', () => {
    const live = fullLiveMask(slots);
    const acc = [0.9, 0.91, 0.92, 0.93, NaN, 0.5, 0.4, 0.3, 0.2, 0.1];
    expect(chooseByPerturbation({ slots, live }, acc, weights, 5)).toEqual([3, 2, 1, 5, 6]); // slot 0 is node 2's last input
    expect(chooseByPerturbation({ slots, live }, acc, weights, 2)).toEqual([3, 2]);
    expect(chooseByPerturbation({ slots, live }, acc, weights, 0)).toEqual([]);
  });

  it('breaks ties by the smaller node-normalised weight, then the lower slot', () => {
    const live = fullLiveMask(slots);
    const acc = new Array<number>(slots.length).fill(0.5);
    const w = Float32Array.from(slots, (s) => (s.index === 7 ? 0.01 : 0.3));
    expect(chooseByPerturbation({ slots, live }, acc, w, 3)).toEqual([7, 0, 1]);
  });
});

/**
 * The known network in a `gold` space (operators Y, X), where X on the normal cell's edge 0 has the
 * smallest gate of all (σ(-3)) and Y, zeroed there, a large one (σ(3)): GOLD's magnitude rule prunes
 * X first, perturbation must not.
 */
function knownNetwork(): SupernetState {
  return knownSignalNetwork('gold', [Y, X], (s) => (s.op === Y ? 3 : s.cell === 0 && s.edge === 0 ? -3 : -1));
}

let net: SupernetState | undefined;
afterAll(() => net?.dispose());

describe('pruneByPerturbation (DARTS-PT as GOLD-NAS\'s pruning criterion)', () => {
  it('keeps the operator whose removal destroys the accuracy, where the gates would prune it first', async () => {
    net ??= knownNetwork();
    const essential = net.slots.find((s) => s.cell === 0 && s.edge === 0 && s.op === X)!.index;
    const { gates } = await net.snapshot();
    // GOLD's ξ rules on these gates: X on the normal edge 0 has the smallest weight and goes first.
    const byGates = goldPrune(net.slots, gates, net.live, { xiMin: 0.01, xiMax: 0.05, n0: 1 });
    expect(byGates.events.flatMap((e) => e.slots)).toContain(essential);

    const tensors = tf.memory().numTensors;
    const round = orThrow(await pruneByPerturbation(tf, net, heldOut, { count: 3, pool: 0 }));
    expect(tf.memory().numTensors).toBe(tensors);
    const { decision, live } = round;
    expect(decision.kind).toBe('prune');
    expect(decision.proposed).toBe(3);
    expect(decision.removed).toHaveLength(3);
    expect(decision.removed).not.toContain(essential);
    expect(decision.base).toBeGreaterThan(0.5);
    // Every live operator was measured (each node has 4 inputs); X's removal hurts most.
    expect(Object.keys(decision.accuracies)).toHaveLength(net.slots.length);
    const acc = (i: number) => decision.accuracies[String(i)]!;
    expect(acc(essential)).toBeLessThan(decision.base - 0.2);
    expect(Math.min(...Object.values(decision.accuracies))).toBe(acc(essential));
    // The removed ones are the least harmful: none measured and kept is better.
    const kept = net.slots.map((s) => s.index).filter((i) => !decision.removed.includes(i));
    for (const r of decision.removed) for (const k of kept) expect(acc(r)).toBeGreaterThanOrEqual(acc(k));
    // The network itself is untouched; the new live set is the old one less the removed slots.
    expect(net.live.every((v) => v === 1)).toBe(true);
    expect(Array.from(live)).toEqual(net.slots.map((s) => (decision.removed.includes(s.index) ? 0 : 1)));
  }, 120_000);

  it('measures only the pool with the smallest weights (and never fewer than it removes)', async () => {
    net ??= knownNetwork();
    const two = orThrow(await pruneByPerturbation(tf, net, heldOut, { count: 1, pool: 2 }));
    // The two smallest node-normalised weights: X on the normal cell's edge 0 (σ(-3)), then an X of σ(-1) in a reduction cell.
    const w = nodeNormalisedWeights(net.slots, (await net.snapshot()).gates, net.live);
    const smallest = net.slots.map((s) => s.index).sort((a, b) => w[a]! - w[b]! || a - b).slice(0, 2);
    const x00 = net.slots.find((s) => s.cell === 0 && s.edge === 0 && s.op === X)!.index;
    expect(smallest[0]).toBe(x00);
    expect(Object.keys(two.decision.accuracies).map(Number)).toEqual([...smallest].sort((a, b) => a - b));
    expect(two.decision.removed).toEqual([smallest[1]]);
    const wide = orThrow(await pruneByPerturbation(tf, net, heldOut, { count: 3, pool: 1 }));
    expect(Object.keys(wide.decision.accuracies)).toHaveLength(3);
  }, 120_000);
});

describe('a GOLD-NAS search with DARTS-PT as its pruning criterion', () => {
  it('prunes as many operators as the scheduler would in each round, the ones the criterion chose, without leaking', async () => {
    const config = tinyConfig({ maxSteps: 30, selection: { name: 'darts-pt', pool: 6, maxExamples: 32 } });
    expect(searchMethod(config)).toBe('GOLD-NAS (one-level, sigmoid gates), DARTS-PT pruning criterion');
    const events: SearchEvent[] = [];
    const before = tf.memory().numTensors;
    const result = orThrow(await runSearch(tf, config, tinyData(), { onEvent: (e) => events.push(e) }));
    expect(tf.memory().numTensors).toBe(before);

    const prunes = events.filter((e): e is Extract<SearchEvent, { type: 'prune' }> => e.type === 'prune');
    const decisions = events.filter((e): e is Extract<SearchEvent, { type: 'selection' }> => e.type === 'selection');
    expect(prunes.length).toBeGreaterThan(0);
    expect(prunes.every((e) => e.reason === 'perturbation')).toBe(true);
    expect(decisions).toHaveLength(prunes.length);
    for (const [i, p] of prunes.entries()) {
      const d = decisions[i]!.decision;
      if (d.kind !== 'prune') throw new Error('expected a prune decision');
      expect(decisions[i]!.step).toBe(p.step);
      expect(p.slots).toEqual([...d.removed].sort((a, b) => a - b));
      expect(d.removed).toHaveLength(d.proposed);
      expect(Object.keys(d.accuracies).length).toBeGreaterThanOrEqual(Math.min(6, d.proposed));
    }
    expect(result.selection?.name).toBe('darts-pt');
    expect(result.selection?.trace).toEqual(decisions.map((e) => e.decision));
    // Every node keeps an input.
    const slots = operatorSlots({ ...config.space, table: OPERATORS });
    const final = Uint8Array.from(slots, (s) => (result.final.architecture.cells[s.cell]!.edges.some((e) => e.op === s.op && e.from === s.from && e.to === s.to) ? 1 : 0));
    expect(liveInputsPerNode(slots, final).every((n) => n > 0)).toBe(true);
  }, 300_000);
});
