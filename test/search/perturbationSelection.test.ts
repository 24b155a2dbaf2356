import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { dartsArgmaxMask } from '../../src/pruning/dartsArgmaxMask.js';
import { perturbationAccuracies, selectByPerturbation } from '../../src/search/perturbationSelection.js';
import type { PerturbationDecision } from '../../src/search/perturbationDecision.js';
import { OPERATORS } from '../../src/space/operators.js';
import type { SearchSpace } from '../../src/space/searchSpace.js';
import { buildSupernet } from '../../src/supernet/buildSupernet.js';
import type { SupernetState } from '../../src/supernet/buildSupernet.js';
import { useFastCpu } from '../fastCpu.js';
import { X, Y, heldOut, knownSignalNetwork, trainSource } from './knownSignal.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

/**
 * The known network in a `darts` space (operators none, Y, X): α gives Y on every edge far more
 * weight than X, so argmax picks Y everywhere.
 */
async function knownNetwork(): Promise<SupernetState> {
  return knownSignalNetwork('darts', ['none', Y, X], (s) => (s.op === Y ? 3 : 0));
}

/** The trained network, made once; each test restores its trained weights. */
let trained: { net: SupernetState; saved: Tensor[] } | undefined;
async function knownTrained(): Promise<SupernetState> {
  if (trained === undefined) {
    const net = await knownNetwork();
    trained = { net, saved: net.weights.map((w) => tf.keep(w.variable.clone())) };
  }
  const { net, saved } = trained;
  net.weights.forEach((w, i) => w.variable.assign(saved[i]!));
  return net;
}
afterAll(() => {
  if (trained !== undefined) {
    tf.dispose(trained.saved);
    trained.net.dispose();
  }
});

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describe('selectByPerturbation (DARTS-PT)', () => {
  it('keeps the operator whose removal destroys the accuracy, where argmax of α keeps another', async () => {
    const net = await knownTrained();
    // argmax of α: Y on the normal edge 0.
    const { gates } = await net.snapshot();
    const argmax = dartsArgmaxMask(net.slots, gates, net.live, { k: 2, noneOp: 'none' });
    expect(net.slots.filter((s) => s.cell === 0 && s.edge === 0 && argmax[s.index]).map((s) => s.op)).toEqual([Y]);

    const alphaBefore = await values(net.alpha.variable);
    const weightsBefore = await values(net.weights.find((w) => w.name.startsWith(`cells.0.edges.0.${X}`))!.variable);
    const tensors = tf.memory().numTensors;
    const seen: number[] = [];
    const picked = orThrow(await selectByPerturbation(tf, net, { heldOut, train: trainSource() }, {
      seed: 1, fineTuneSteps: 2, onDecision: (_d, i, total) => { seen.push(i); expect(total).toBe(6); },
    }));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);

    const normal0 = picked.trace.find((d): d is Extract<PerturbationDecision, { kind: 'operator' }> => d.kind === 'operator' && d.cellType === 'normal' && d.edge === 0)!;
    expect(normal0.chosen).toBe(X);
    expect(normal0.base).toBeGreaterThan(0.5);
    expect(normal0.accuracies[Y]).toBe(normal0.base); // Y outputs zeros: removing it changes nothing
    expect(normal0.accuracies[X]).toBeLessThan(normal0.base - 0.2);
    expect(picked.genotype).not.toBeNull();
    expect(picked.genotype!.normal.find(([, from]) => from === 0)![0]).toBe(X);
    // The live set is the genotype's: one operator per edge, on every cell.
    expect(picked.live.reduce((n, v) => n + v, 0)).toBe(6);
    expect(picked.architecture.cells[0]!.edges).toContainEqual({ op: X, from: 0, to: 2 });

    // Fine-tuning trains ω, never α; the live set stays.
    expect(await values(net.alpha.variable)).toEqual(alphaBefore);
    expect(await values(net.weights.find((w) => w.name.startsWith(`cells.0.edges.0.${X}`))!.variable)).not.toEqual(weightsBefore);
    expect(net.live.every((v) => v === 1)).toBe(true);
  }, 120_000);

  it('visits edges in a seeded order, one of each cell type per step, then nodes, and is deterministic for a seed', async () => {
    const run = async (seed: number) => {
      const net = await knownTrained();
      return orThrow(await selectByPerturbation(tf, net, { heldOut, train: trainSource() }, { seed, fineTuneSteps: 1 }));
    };
    const a = await run(4);
    const b = await run(4);
    expect(b.trace).toEqual(a.trace);
    expect(b.genotype).toEqual(a.genotype);
    // Steps of (normal, reduce): 2 edges each, then 1 node each (a node of 2 inputs keeps both: nothing to measure).
    expect(a.trace.map((d) => `${d.kind}:${d.kind === 'prune' ? '' : d.cellType}`)).toEqual([
      'operator:normal', 'operator:reduce', 'operator:normal', 'operator:reduce', 'inputs:normal', 'inputs:reduce',
    ]);
    expect(a.trace.filter((d) => d.kind === 'inputs').map((d) => d.kind === 'inputs' && d.chosen)).toEqual([[0, 1], [0, 1]]);
    const orders = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const r = await run(seed);
      orders.add(r.trace.filter((d) => d.kind === 'operator').map((d) => d.kind === 'operator' && d.edge).join(','));
    }
    expect(orders.size).toBeGreaterThan(1);
  }, 120_000);

  it('eliminates inputs one by one, the least harmful first, keeping k', async () => {
    const space: SearchSpace = {
      mode: 'darts',
      layout: { kind: 'cifar', channels: 4, cells: 1, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 },
      operators: ['none', Y, X],
      table: OPERATORS,
    };
    const net = orThrow(buildSupernet(tf, space, { seed: 2 }));
    try {
      const picked = orThrow(await selectByPerturbation(tf, net, { heldOut, train: trainSource() }, { seed: 3, fineTuneSteps: 0 }));
      // One reduction cell: node 2 has 2 inputs, node 3 has 3, of which one leaves after one round of 3 measurements.
      const node3 = picked.trace.find((d) => d.kind === 'inputs' && d.node === 3);
      expect(node3?.kind === 'inputs' && node3.accuracies.length).toBe(1);
      expect(node3?.kind === 'inputs' && Object.keys(node3.accuracies[0]!)).toEqual(['0', '1', '2']);
      expect(node3?.kind === 'inputs' && node3.chosen.length).toBe(2);
      expect(picked.architecture.cells[0]!.edges.length).toBe(4);
      expect(picked.genotype).toBeNull(); // one cell type only: no genotype
    } finally {
      net.dispose();
    }
  }, 120_000);
});

describe('perturbationAccuracies', () => {
  it('measures the network with each live slot removed alone, without leaking tensors', async () => {
    const net = await knownTrained();
    const tensors = tf.memory().numTensors;
    const acc = orThrow(await perturbationAccuracies(tf, net, heldOut));
    expect(tf.memory().numTensors).toBe(tensors);
    const at = (cell: number, edge: number, op: string) => acc[net.slots.find((s) => s.cell === cell && s.edge === edge && s.op === op)!.index]!;
    expect(at(0, 0, X)).toBeLessThan(at(0, 0, Y) - 0.2);
    expect(at(0, 1, X)).toBe(at(0, 0, Y)); // a zeroed operator: nothing changes
  }, 120_000);
});
