import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DARTS_PRIMITIVES, createRng, createSgd, supernetLoss, unrolledAlphaGrad } from '../../src/index.js';
import type { NamedVariable, SupernetState } from '../../src/index.js';
import { labels, space, supernet } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LR = 0.5;

/**
 * A tiny differentiable-NAS network with smooth operators: two candidate operators on one edge,
 * tanh(x·W1)·Wa and (x·W1)·Wb, mixed by softmax(α), then cross-entropy. (The super-network's ReLUs and
 * max-pooling make ∇ω L_train jump with α, so the unrolled objective itself is not smooth there and
 * finite differences of it do not converge.)
 */
function toy(): {
  weights: NamedVariable[]; alpha: NamedVariable; sgd: ReturnType<typeof createSgd>; train: () => tf.Scalar; val: () => tf.Scalar; dispose: () => void;
} {
  const rng = createRng(11);
  const randn = (shape: number[], scale: number): tf.Variable => tf.variable(tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * rng.normal()), shape));
  const weights: NamedVariable[] = [
    { name: 'w1', variable: randn([4, 6], 0.5) },
    { name: 'wa', variable: randn([6, 3], 0.5) },
    { name: 'wb', variable: randn([6, 3], 0.5) },
  ];
  const alpha: NamedVariable = { name: 'alpha', variable: randn([2], 0.3) };
  const xt = tf.tensor2d(Array.from({ length: 32 }, () => rng.normal()), [8, 4]);
  const xv = tf.tensor2d(Array.from({ length: 32 }, () => rng.normal()), [8, 4]);
  const yt = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
  const yv = tf.oneHot(tf.tensor1d([2, 1, 0, 2, 1, 0, 1, 2], 'int32'), 3);
  const [w1, wa, wb] = weights.map((w) => w.variable) as [tf.Variable, tf.Variable, tf.Variable];
  const loss = (x: tf.Tensor, y: tf.Tensor) => (): tf.Scalar => {
    const g = tf.softmax(alpha.variable);
    const h = tf.matMul(x as tf.Tensor2D, w1 as tf.Tensor2D);
    const a = tf.matMul(tf.tanh(h), wa as tf.Tensor2D);
    const b = tf.matMul(h, wb as tf.Tensor2D);
    const logits = tf.add(tf.mul(a, tf.slice(g, [0], [1])), tf.mul(b, tf.slice(g, [1], [1])));
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  };
  const train = loss(xt, yt);
  const val = loss(xv, yv);
  const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4 });
  // One real step, so that the virtual step has a momentum buffer to read.
  tf.tidy(() => {
    const { grads } = tf.variableGrads(train, weights.map((w) => w.variable));
    sgd.apply(weights, Object.fromEntries(weights.map((w) => [w.name, grads[w.variable.name]!])), 0.05);
  });
  return { weights, alpha, sgd, train, val, dispose: () => { tf.dispose([xt, xv, yt, yv, ...weights.map((w) => w.variable), alpha.variable]); sgd.dispose(); } };
}

type Setup = ReturnType<typeof toy>;

/** A tiny DARTS super-network, two batches, and SGD with a momentum buffer from one real step. */
function supernetSetup(): { net: SupernetState; sgd: ReturnType<typeof createSgd>; train: () => tf.Scalar; val: () => tf.Scalar; dispose: () => void } {
  const net = supernet(space('darts', DARTS_PRIMITIVES, { channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 3 }), 5);
  const rng = createRng(11);
  const x = (): tf.Tensor4D => tf.tensor4d(Array.from({ length: 8 * 8 * 8 * 3 }, () => rng.normal()), [8, 8, 8, 3]);
  const [xt, xv] = [x(), x()];
  const yt = labels(8, 3);
  const yv = tf.tensor1d([2, 1, 0, 2, 1, 0, 1, 2], 'int32');
  const train = supernetLoss(tf, net, xt, yt);
  const val = supernetLoss(tf, net, xv, yv);
  const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4 });
  tf.tidy(() => {
    const { grads } = tf.variableGrads(train, net.weights.map((w) => w.variable));
    sgd.apply(net.weights, Object.fromEntries(net.weights.map((w) => [w.name, grads[w.variable.name]!])), 0.05);
  });
  return { net, sgd, train, val, dispose: () => { tf.dispose([xt, xv, yt, yv]); sgd.dispose(); net.dispose(); } };
}

/** The unrolled objective F(α) = L_val(ω − η·(m·buf + ∇ω L_train(ω, α) + wd·ω), α), at the current α; changes nothing. */
function unrolledObjective(s: Setup): number {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(s.train, s.weights.map((w) => w.variable));
    const unrolled = s.sgd.virtualStep(s.weights, Object.fromEntries(s.weights.map((w) => [w.name, grads[w.variable.name]!])), LR);
    const saved = s.weights.map((w) => w.variable.clone());
    s.weights.forEach((w) => w.variable.assign(unrolled[w.name]!));
    const value = s.val().dataSync()[0]!;
    s.weights.forEach((w, i) => w.variable.assign(saved[i]!));
    return value;
  });
}

describe('unrolledAlphaGrad', () => {
  it('agrees with central differences of the unrolled objective on a tiny network, where the first-order gradient does not', () => {
    const s = toy();
    const second = unrolledAlphaGrad(tf, s.weights, s.alpha, { trainLoss: s.train, valLoss: s.val, lr: LR, virtualStep: s.sgd.virtualStep });
    const analytic = Array.from(second.dataSync());
    second.dispose();
    const first = tf.tidy(() => Array.from(tf.variableGrads(s.val, [s.alpha.variable]).grads[s.alpha.variable.name]!.dataSync()));
    const alpha0 = Array.from(s.alpha.variable.dataSync());
    const h = 1e-2;
    const numeric = alpha0.map((_, i) => {
      const at = (t: number): number => {
        s.alpha.variable.assign(tf.tensor1d(alpha0.map((a, j) => (j === i ? a + t : a))));
        return unrolledObjective(s);
      };
      const d = (at(h) - at(-h)) / (2 * h);
      s.alpha.variable.assign(tf.tensor1d(alpha0));
      return d;
    });
    const scale = Math.max(...numeric.map(Math.abs));
    const secondError = Math.max(...numeric.map((n, i) => Math.abs(n - analytic[i]!)));
    const firstError = Math.max(...numeric.map((n, i) => Math.abs(n - first[i]!)));
    expect(secondError).toBeLessThan(1e-3 * scale);
    // The Hessian term is not negligible here: the first-order gradient misses the objective by far more.
    expect(firstError).toBeGreaterThan(5 * secondError);
    s.dispose();
  });

  it("leaves a super-network's weights and α as they were and frees every tensor it made", () => {
    const s = supernetSetup();
    const before = s.net.weights.map((w) => Array.from(w.variable.dataSync()));
    const alpha = Array.from(s.net.alpha.variable.dataSync());
    const numTensors = tf.memory().numTensors;
    unrolledAlphaGrad(tf, s.net.weights, s.net.alpha, { trainLoss: s.train, valLoss: s.val, lr: LR, virtualStep: s.sgd.virtualStep }).dispose();
    expect(tf.memory().numTensors).toBe(numTensors);
    s.net.weights.forEach((w, i) => expect(Array.from(w.variable.dataSync())).toEqual(before[i]));
    expect(Array.from(s.net.alpha.variable.dataSync())).toEqual(alpha);
    s.dispose();
  });
});
