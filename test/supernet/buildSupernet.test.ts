import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  DARTS_PRIMITIVES, GOLD_PRIMITIVES, GoldNasException, OPERATORS, alphaCount, buildSupernet, createSgd, formatError, logPenalty,
  nodeNormalisedWeights, supernetLossAndGrads, withSkipConnect,
} from '../../src/index.js';
import type { TF } from '../../src/index.js';
import { gradientCheck, seededTensor } from '../blocks/gradientCheck.js';
import { labels, space, supernet } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const tiny = { channels: 4, cells: 3, inputSize: 8, classes: 5 };

describe('buildSupernet', () => {
  it('creates one weight block per live slot and one zero-initialised alpha vector', async () => {
    const s = space('gold', GOLD_PRIMITIVES, tiny);
    const net = supernet(s);
    expect(net.alpha.variable.shape).toEqual([alphaCount(s)]);
    expect(Array.from(await net.alpha.variable.data()).every((a) => a === 0)).toBe(true);
    expect(net.slots.length).toBe(3 * 14 * 2);
    // every sep_conv_3x3 slot owns 4 conv weights; skip_connect owns weights only on stride-2 edges (FactorizedReduce)
    const sep = net.weights.filter((w) => w.name.includes('.sep_conv_3x3.'));
    expect(sep.length).toBe(3 * 14 * 4);
    const names = new Set(net.weights.map((w) => w.name));
    expect(names.size).toBe(net.weights.length);
    expect(names.has('stem0.0.weight')).toBe(true);
    expect(names.has('classifier.1.weight')).toBe(true);
    net.dispose();
  });

  it('returns logits, and auxiliary logits only in training when built with the head', () => {
    const s = space('gold', GOLD_PRIMITIVES, { channels: 4, cells: 3, inputSize: 32, classes: 5 });
    const net = supernet(s, 1, true);
    const x = tf.randomNormal([2, 32, 32, 3]);
    const train = net.forward(x, { training: true });
    expect(train.logits.shape).toEqual([2, 5]);
    expect(train.auxLogits?.shape).toEqual([2, 5]);
    const evalOut = net.forward(x, { training: false });
    expect(evalOut.auxLogits).toBeUndefined();
    tf.dispose([x, train.logits, train.auxLogits!, evalOut.logits]);
    net.dispose();
  });

  it('says why the auxiliary head does not fit a 28x28 input', () => {
    const built = buildSupernet(tf, space('gold', GOLD_PRIMITIVES, { channels: 4, cells: 5, inputSize: 28, inputChannels: 1 }), { seed: 0, auxiliary: true });
    expect(E.isLeft(built) && built.left._tag === 'ConfigError' && /auxiliary head needs/.test(built.left.message)).toBe(true);
  });

  it('rejects an operator missing from the table', () => {
    const built = buildSupernet(tf, { ...space('gold', ['skip_connect', 'conv_9x9'], tiny), table: OPERATORS }, { seed: 0 });
    expect(E.isLeft(built) && formatError(built.left)).toMatch(/operators.1: unknown operator 'conv_9x9'/);
  });

  it('gives back every tensor on dispose', () => {
    const before = tf.memory().numTensors;
    const net = supernet(space('darts', DARTS_PRIMITIVES, tiny));
    const x = tf.zeros([2, 8, 8, 3]);
    const out = net.forward(x, { training: true });
    tf.dispose([x, out.logits]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('input checks', () => {
  it.each([
    { shape: [8, 8, 3], match: /expected \[N, 8, 8, 3\].*got \[8, 8, 3\]/ },
    { shape: [2, 8, 8, 1], match: /expected \[N, 8, 8, 3\].*got \[2, 8, 8, 1\].*inputChannels: 3/ },
    { shape: [2, 16, 16, 3], match: /got \[2, 16, 16, 3\].*inputSize: 8/ },
  ])('a $shape batch is refused before any computation', ({ shape, match }) => {
    // a tf namespace that counts the scopes the network opens: the check must come first
    let scopes = 0;
    const counting: TF = { ...tf, tidy: ((...args: Parameters<typeof tf.tidy>) => (scopes++, tf.tidy(...args))) as typeof tf.tidy };
    const built = buildSupernet(counting, space('gold', GOLD_PRIMITIVES, tiny), { seed: 1 });
    if (E.isLeft(built)) throw new Error(built.left.message);
    const net = built.right;
    const x = tf.zeros(shape);
    const checked = net.checkInput(x);
    expect(E.isLeft(checked) && formatError(checked.left)).toMatch(match);
    const tensors = tf.memory().numTensors;
    scopes = 0;
    expect(() => net.forward(x, { training: true })).toThrow(GoldNasException);
    expect(() => net.forward(x, { training: true })).toThrow(match);
    expect(scopes).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
    x.dispose();
    net.dispose();
  });
});

describe('gates and snapshots', () => {
  it('snapshot reads alpha once and gives sigmoid gates and node-normalised weights (gold)', async () => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, tiny));
    const values = Float32Array.from({ length: net.slots.length }, (_, i) => ((i * 7) % 11) / 5 - 1);
    tf.tidy(() => net.alpha.variable.assign(tf.tensor1d(values)));
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const snap = await net.snapshot();
    expect(data.mock.calls.length + dataSync.mock.calls.length).toBe(1);
    const sig = values.map((a) => 1 / (1 + Math.exp(-a)));
    snap.gates.forEach((g, i) => expect(g).toBeCloseTo(sig[i]!, 6));
    const w = nodeNormalisedWeights(net.slots, sig, net.live);
    snap.weights.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 6));
    net.dispose();
  });

  it('darts gates are a softmax over each edge, shared by all cells of a type, and agree with the tensor gates', async () => {
    const s = space('darts', DARTS_PRIMITIVES, tiny);
    const net = supernet(s);
    const values = Float32Array.from({ length: alphaCount(s) }, (_, i) => Math.sin(i));
    tf.tidy(() => net.alpha.variable.assign(tf.tensor1d(values)));
    const snap = await net.snapshot();
    const tensorGates = net.gates();
    const tg = await tensorGates.data();
    tensorGates.dispose();
    snap.gates.forEach((g, i) => expect(tg[i]).toBeCloseTo(g, 6));
    for (let e = 0; e < snap.gates.length; e += 8) expect(snap.gates.slice(e, e + 8).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // cells 0 and 2 are normal... cell 1 and 2 are reductions for 3 cells: reductions at 1 and 2
    const perCell = 14 * 8;
    expect(Array.from(snap.gates.slice(perCell, 2 * perCell))).toEqual(Array.from(snap.gates.slice(2 * perCell, 3 * perCell)));
    net.dispose();
  });
});

describe('one-level gradients of alpha', () => {
  const small = { channels: 4, cells: 1, nodes: 1, inputSize: 6, classes: 3 };
  it.each([
    { mode: 'gold' as const, ops: GOLD_PRIMITIVES },
    { mode: 'gold' as const, ops: DARTS_PRIMITIVES },
    { mode: 'darts' as const, ops: DARTS_PRIMITIVES },
  ])('match central differences through mixed edges ($mode, $ops.length operators)', ({ mode, ops }) => {
    const net = supernet(space(mode, ops, small), 4);
    tf.tidy(() => net.alpha.variable.assign(seededTensor([net.alpha.variable.size], 5) as tf.Tensor1D));
    const x = seededTensor([3, 6, 6, 3], 6);
    const y = labels(3, 3);
    const loss = (): tf.Scalar =>
      tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 3), net.forward(x, { training: true }).logits) as tf.Scalar);
    const { mismatches, checked } = gradientCheck(loss, [net.alpha.variable], { coords: 12 });
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
    tf.dispose([x, y]);
    net.dispose();
  });

  it("match central differences with [R]'s skip_connect (a batch norm of x) on every edge", () => {
    const s = { ...space('gold', GOLD_PRIMITIVES, { ...small, cells: 3 }), table: withSkipConnect(OPERATORS, 'batch-norm') };
    const net = supernet(s, 4);
    tf.tidy(() => net.alpha.variable.assign(seededTensor([net.alpha.variable.size], 5) as tf.Tensor1D));
    const x = seededTensor([3, 6, 6, 3], 6);
    const y = labels(3, 3);
    const loss = (): tf.Scalar =>
      tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 3), net.forward(x, { training: true }).logits) as tf.Scalar);
    const { mismatches, checked } = gradientCheck(loss, [net.alpha.variable], { coords: 12 });
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
    tf.dispose([x, y]);
    net.dispose();
  });

  it('supernetLossAndGrads includes λ·R and returns the gradient of alpha under the name alpha', async () => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, small), 4);
    const penalty = logPenalty(tf, net.slots);
    if (E.isLeft(penalty)) throw new Error(penalty.left.message);
    const x = seededTensor([3, 6, 6, 3], 6);
    const y = labels(3, 3);
    const plain = supernetLossAndGrads(tf, net, x, y);
    const penalised = supernetLossAndGrads(tf, net, x, y, { lambda: 0.5, penalty: penalty.right });
    const r = tf.tidy(() => penalty.right.evaluate(net.gates(), net.live));
    const [l0, l1, rv] = await Promise.all([plain.loss.data(), penalised.loss.data(), r.data()]);
    expect(l1[0]!).toBeCloseTo(l0[0]! + 0.5 * rv[0]!, 4);
    expect(Object.keys(penalised.grads)).toContain('alpha');
    expect(Object.keys(penalised.grads).length).toBe(net.weights.length + 1);
    tf.dispose([x, y, r, plain.loss, plain.grads, penalised.loss, penalised.grads]);
    penalty.right.dispose();
    net.dispose();
  });
});

describe('training steps', () => {
  it('keep numTensors flat after the first step, read nothing back, and dispose to the starting count', () => {
    const start = tf.memory().numTensors;
    const net = supernet(space('gold', GOLD_PRIMITIVES, tiny), 2, false);
    const penalty = logPenalty(tf, net.slots);
    if (E.isLeft(penalty)) throw new Error(penalty.left.message);
    const sgdW = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
    const sgdA = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
    const x = seededTensor([4, 8, 8, 3], 1);
    const y = labels(4, 5);
    const reads = [
      vi.spyOn(tf.Tensor.prototype, 'dataSync'),
      vi.spyOn(tf.Tensor.prototype, 'arraySync'),
      vi.spyOn(tf.Tensor.prototype, 'data'),
      vi.spyOn(tf.Tensor.prototype, 'array'),
    ];
    const step = (): void => {
      const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: 1e-3, penalty: penalty.right });
      sgdW.apply(net.weights, grads, 0.01)?.dispose();
      sgdA.apply([net.alpha], grads, 1)?.dispose();
      tf.dispose([loss, grads]);
    };
    step();
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) step();
    expect(tf.memory().numTensors).toBe(afterOne);
    for (const r of reads) expect(r).not.toHaveBeenCalled();
    tf.dispose([x, y]);
    sgdW.dispose();
    sgdA.dispose();
    penalty.right.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it.each([
    { name: '32x32x3 (CIFAR-like)', layout: { channels: 8, cells: 5 }, shape: [2, 32, 32, 3] },
    { name: '28x28x1 (MNIST-like)', layout: { channels: 8, cells: 5, inputSize: 28, inputChannels: 1 }, shape: [2, 28, 28, 1] },
  ])('a GOLD supernet with 5 cells and C=8 takes a one-level step on $name', async ({ layout, shape }) => {
    const net = supernet(space('gold', GOLD_PRIMITIVES, layout), 3);
    const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4 });
    const x = seededTensor(shape, 2);
    const y = labels(shape[0]!, 10);
    const before = Float32Array.from(await net.alpha.variable.data());
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y);
    sgd.apply([...net.weights, net.alpha], grads, 0.1);
    const l = (await loss.data())[0]!;
    expect(Number.isFinite(l)).toBe(true);
    const after = await net.alpha.variable.data();
    expect(after.some((a, i) => a !== before[i])).toBe(true);
    tf.dispose([x, y, loss, grads]);
    sgd.dispose();
    net.dispose();
  });
});
