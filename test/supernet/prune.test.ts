import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { DARTS_PRIMITIVES, GOLD_PRIMITIVES, formatError } from '../../src/index.js';
import type { SupernetState } from '../../src/index.js';
import { seededTensor } from '../blocks/gradientCheck.js';
import { space, supernet } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = { channels: 4, cells: 3, inputSize: 8, classes: 5 };

/** Slot indices of a cell matching a predicate. */
function slotsWhere(net: SupernetState, pred: (s: SupernetState['slots'][number]) => boolean): number[] {
  return net.slots.filter(pred).map((s) => s.index);
}

async function kernelCounts(f: () => void): Promise<Map<string, number>> {
  const info = await tf.profile(f);
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  return counts;
}

describe('prune', () => {
  it('gives the same output as gates of exactly 0, frees the pruned variables and drops them from weights', async () => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, tiny), 5);
    tf.tidy(() => net.alpha.variable.assign(seededTensor([net.slots.length], 3) as tf.Tensor1D));
    // cell 0: sep_conv on 0->2, skip on 1->2; cell 1 (reduction): the FactorizedReduce skip on 0->3 and sep_conv on 2->4
    const pruned = [
      ...slotsWhere(net, (s) => s.cell === 0 && s.from === 0 && s.to === 2 && s.op === 'sep_conv_3x3'),
      ...slotsWhere(net, (s) => s.cell === 0 && s.from === 1 && s.to === 2 && s.op === 'skip_connect'),
      ...slotsWhere(net, (s) => s.cell === 1 && s.from === 0 && s.to === 3 && s.op === 'skip_connect'),
      ...slotsWhere(net, (s) => s.cell === 1 && s.from === 2 && s.to === 4 && s.op === 'sep_conv_3x3'),
    ];
    expect(pruned.length).toBe(4);
    const x = seededTensor([3, 8, 8, 3], 9);

    // reference: the same network with those gates forced to exactly 0 (σ(−1e30) = 0)
    const alpha = Float32Array.from(await net.alpha.variable.data());
    const zeroed = alpha.slice();
    for (const i of pruned) zeroed[i] = -1e30;
    tf.tidy(() => net.alpha.variable.assign(tf.tensor1d(zeroed)));
    const reference = net.forward(x, { training: true }).logits;
    tf.tidy(() => net.alpha.variable.assign(tf.tensor1d(alpha)));

    const weightsBefore = net.weights;
    const tensorsBefore = tf.memory().numTensors;
    const result = net.prune(pruned);
    if (E.isLeft(result)) throw new Error(result.left.message);
    const { removed, live } = result.right;
    // 4 conv weights of the sep_conv in cell 0, 2 of the FactorizedReduce, 4 of the sep_conv in cell 1; identity has none
    expect(removed.length).toBe(10);
    expect(removed.every((n) => n.startsWith('cells.0.edges.0.sep_conv_3x3') || n.startsWith('cells.1.'))).toBe(true);
    expect(tf.memory().numTensors).toBe(tensorsBefore - 10);
    for (const w of weightsBefore) expect(w.variable.isDisposed).toBe(removed.includes(w.name));
    expect(net.weights.length).toBe(weightsBefore.length - 10);
    expect(net.weights.some((w) => removed.includes(w.name))).toBe(false);
    for (const i of pruned) expect(live[i]).toBe(0);
    expect(net.live).toBe(live);

    const after = net.forward(x, { training: true }).logits;
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(after, reference))).dataSync()[0]!);
    expect(diff).toBeLessThan(1e-5);
    const snap = await net.snapshot();
    for (const i of pruned) {
      expect(snap.gates[i]).toBe(0);
      expect(snap.weights[i]).toBe(0);
    }
    tf.dispose([x, reference, after]);
    net.dispose();
  });

  it('never computes pruned operators, nor a preprocess block no live edge reads', async () => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, tiny), 5);
    const x = seededTensor([2, 8, 8, 3], 9);
    const run = (): void => tf.dispose(net.forward(x, { training: true }).logits);
    const full = await kernelCounts(run);
    // every edge of cell 0 that reads state 0: 4 edges, 2 operators each
    const r = net.prune(slotsWhere(net, (s) => s.cell === 0 && s.from === 0));
    expect(E.isRight(r)).toBe(true);
    const pruned = await kernelCounts(run);
    // 4 sep_convs: 8 depthwise and 8 pointwise convolutions; plus the 1x1 conv of cell 0's preprocess 0
    expect(full.get('DepthwiseConv2dNative')! - pruned.get('DepthwiseConv2dNative')!).toBe(8);
    expect(full.get('Conv2D')! - pruned.get('Conv2D')!).toBe(9);
    x.dispose();
    net.dispose();
  });

  it("refuses to remove a node's last live input and changes nothing", () => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, tiny));
    const node2 = slotsWhere(net, (s) => s.cell === 2 && s.to === 2);
    const tensors = tf.memory().numTensors;
    const r = net.prune(node2);
    expect(E.isLeft(r) && r.left._tag).toBe('ArchitectureError');
    expect(E.isLeft(r) && formatError(r.left)).toMatch(/node 2 of cell 2 without a live input/);
    expect(Array.from(net.live).every((v) => v === 1)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    // all but one is fine
    expect(E.isRight(net.prune(node2.slice(1)))).toBe(true);
    expect(E.isLeft(net.prune(node2.slice(0, 1)))).toBe(true);
    net.dispose();
  });

  it('rejects a slot index out of range', () => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, tiny));
    const r = net.prune([net.slots.length]);
    expect(E.isLeft(r) && formatError(r.left)).toMatch(/prune.0: slot 84 does not exist/);
    net.dispose();
  });

  it('renormalises a darts softmax over the live operators of each edge', async () => {
    const net = supernet(space('darts', DARTS_PRIMITIVES, tiny));
    tf.tidy(() => net.alpha.variable.assign(seededTensor([net.alpha.variable.size], 1) as tf.Tensor1D));
    const edge = slotsWhere(net, (s) => s.cell === 0 && s.edge === 0);
    const r = net.prune(edge.slice(0, 5));
    expect(E.isRight(r)).toBe(true);
    const snap = await net.snapshot();
    const g = snap.gates.slice(edge[0]!, edge[0]! + 8);
    expect(Array.from(g.slice(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(g.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const tensorGates = net.gates();
    const tg = await tensorGates.data();
    tensorGates.dispose();
    for (let i = 0; i < net.slots.length; i++) if (net.live[i]) expect(tg[i]).toBeCloseTo(snap.gates[i]!, 6);
    net.dispose();
  });
});
