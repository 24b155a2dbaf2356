import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { GOLD_PRIMITIVES, OPERATORS, cifarLayout, fullLiveMask, linearPenalty, liveInputsPerNode, logPenalty, nodeNormalisedWeights, operatorSlots, slotCosts } from '../../src/index.js';
import type { GatePenalty, SearchSpace } from '../../src/index.js';
import { gradientCheck } from '../blocks/gradientCheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const space: SearchSpace = { mode: 'gold', layout: cifarLayout({ channels: 8, cells: 3 }), operators: GOLD_PRIMITIVES, table: OPERATORS };
const slots = operatorSlots(space);
const gatesOf = (seed: number): Float32Array => Float32Array.from(slots, (_, i) => 1 / (1 + Math.exp(-Math.sin(seed * 31 + i))));
const maskWithout = (pruned: number[]): Uint8Array => {
  const m = fullLiveMask(slots);
  for (const i of pruned) m[i] = 0;
  return m;
};

function right(p: E.Either<unknown, GatePenalty>): GatePenalty {
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left));
  return p.right;
}

function value(p: GatePenalty, gates: Float32Array, live: Uint8Array): number {
  return tf.tidy(() => p.evaluate(tf.tensor1d(gates), live).dataSync()[0]!);
}

describe('linearPenalty', () => {
  const costs = slotCosts(space);
  const mean = (v: Float64Array): number => v.reduce((a, b) => a + b, 0) / v.length;

  it.each([
    { spec: { flops: 1 } },
    { spec: { params: 1 } },
    { spec: { flops: 0.3, params: 0.7 } },
  ])('is Σ over live slots of gate · mean-normalised cost for $spec', ({ spec }) => {
    const p = right(linearPenalty(tf, costs, spec));
    const g = gatesOf(1);
    const live = maskWithout([1, 3, 40]);
    const mf = mean(costs.macs);
    const mp = mean(costs.params);
    let expected = 0;
    for (let i = 0; i < slots.length; i++) {
      if (!live[i]) continue;
      expected += g[i]! * (('flops' in spec ? spec.flops! : 0) * (costs.macs[i]! / mf) + ('params' in spec ? spec.params! : 0) * (costs.params[i]! / mp));
    }
    expect(value(p, g, live)).toBeCloseTo(expected, 3);
    p.dispose();
  });

  it('averages 1 per slot with unit weight', () => {
    const p = right(linearPenalty(tf, costs));
    expect(value(p, new Float32Array(slots.length).fill(1), fullLiveMask(slots)) / slots.length).toBeCloseTo(1, 5);
    p.dispose();
  });

  it('has the masked cost vector as its gradient', () => {
    const p = right(linearPenalty(tf, { params: [1, 2, 3], macs: [2, 4, 6] }, { flops: 1 }));
    const live = new Uint8Array([1, 0, 1]);
    const grad = tf.grad((g: tf.Tensor) => p.evaluate(g as tf.Tensor1D, live))(tf.tensor1d([0.5, 0.5, 0.5]));
    // macs / mean(macs) = [0.5, 1, 1.5], pruned slot 1 -> 0
    expect(Array.from(grad.dataSync())).toEqual([0.5, 0, 1.5]);
    grad.dispose();
    p.dispose();
  });

  it.each([
    { costs: { params: [1, 2], macs: [1] }, spec: { flops: 1 }, match: /params has 2 entries but macs has 1/ },
    { costs: { params: [1], macs: [1] }, spec: {}, match: /not all 0/ },
    { costs: { params: [1], macs: [1] }, spec: { flops: -1 }, match: /≥ 0/ },
    { costs: { params: [1], macs: [Number.NaN] }, spec: { flops: 1 }, match: /costs.macs.0/ },
  ])('refuses $match', ({ costs: c, spec, match }) => {
    const p = linearPenalty(tf, c, spec);
    expect(E.isLeft(p) && `${p.left.path}: ${p.left.message}`).toMatch(match);
  });
});

describe('logPenalty', () => {
  /** R = Σ log(1 + n·w)·(r + μ·F) in plain JS. */
  function reference(g: Float32Array, live: Uint8Array, r: number, mu: number, flops: ArrayLike<number>): number {
    const w = nodeNormalisedWeights(slots, g, live);
    const n = liveInputsPerNode(slots, live);
    let sum = 0;
    for (let i = 0; i < slots.length; i++) if (live[i]) sum += Math.log(1 + n[i]! * w[i]!) * (r + mu * flops[i]!);
    return sum;
  }

  it.each([
    { r: 1, mu: 0 },
    { r: 0.5, mu: 2 },
  ])('matches the formula with r=$r, mu=$mu, with and without pruned slots', ({ r, mu }) => {
    const flops = Float64Array.from(slotCosts(space).macs, (m) => m / 1e6);
    const p = right(logPenalty(tf, slots, { r, mu, flops }));
    for (const live of [fullLiveMask(slots), maskWithout([0, 5, 6, 70, 71])]) {
      const g = gatesOf(2);
      expect(value(p, g, live)).toBeCloseTo(reference(g, live, r, mu, flops), 3);
    }
    p.dispose();
  });

  it('has gradients that match central differences', () => {
    const p = right(logPenalty(tf, slots, { r: 1, mu: 0.1, flops: Float64Array.from(slots, (_, i) => (i % 5) + 1) }));
    const live = maskWithout([2, 9]);
    const g = tf.variable(tf.tensor1d(gatesOf(3)));
    const { mismatches } = gradientCheck(() => p.evaluate(g as unknown as tf.Tensor1D, live), [g], { coords: 20 });
    expect(mismatches).toEqual([]);
    g.dispose();
    p.dispose();
  });

  it('makes its constants once per live set', () => {
    const p = right(logPenalty(tf, slots));
    const g = gatesOf(4);
    value(p, g, fullLiveMask(slots));
    const count = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) value(p, g, fullLiveMask(slots));
    expect(tf.memory().numTensors).toBe(count);
    value(p, g, maskWithout([3]));
    expect(tf.memory().numTensors).toBe(count);
    p.dispose();
    expect(tf.memory().numTensors).toBe(count - 4);
  });

  it('refuses mu without flops, and flops of the wrong length', () => {
    const a = logPenalty(tf, slots, { mu: 1 });
    expect(E.isLeft(a) && a.left.message).toMatch(/needs per-slot FLOPs/);
    const b = logPenalty(tf, slots, { flops: [1, 2, 3] });
    expect(E.isLeft(b) && b.left.message).toMatch(/3 entries but the space has 84 slots/);
  });
});
