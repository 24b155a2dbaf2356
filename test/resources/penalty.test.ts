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
    expect(tf.memory().numTensors).toBe(count - 5);
  });

  it('refuses mu without flops, and flops of the wrong length', () => {
    const a = logPenalty(tf, slots, { mu: 1 });
    expect(E.isLeft(a) && a.left.message).toMatch(/needs per-slot FLOPs/);
    const b = logPenalty(tf, slots, { flops: [1, 2, 3] });
    expect(E.isLeft(b) && b.left.message).toMatch(/3 entries but the space has 84 slots/);
    const c = logPenalty(tf, slots, { xiMin: 1 });
    expect(E.isLeft(c) && `${c.left.path}: ${c.left.message}`).toMatch(/xiMin: must be in \[0, 1\)/);
  });
});

describe("logPenalty with xiMin: [R]'s penalty term for term", () => {
  /**
   * [R]'s `Network.forward` penalty (model_search.py, lines 221-264), written out independently: per
   * node, S = Σ σ over its live operators, n = #{w > ξ}, and Σ over operators with w > ξ of
   * ln(1 + n·w)·(r + μ·F).
   */
  function rPenalty(g: ArrayLike<number>, live: Uint8Array, r: number, mu: number, flops: ArrayLike<number>, xi: number): number {
    const nodes = new Map<string, number[]>();
    for (const s of slots) if (live[s.index]) nodes.set(`${s.cell}:${s.to}`, [...(nodes.get(`${s.cell}:${s.to}`) ?? []), s.index]);
    let sum = 0;
    for (const members of nodes.values()) {
      const total = members.reduce((a, i) => a + g[i]!, 0);
      const counted = members.filter((i) => g[i]! / total > xi);
      for (const i of counted) sum += Math.log(1 + counted.length * (g[i]! / total)) * (r + mu * flops[i]!);
    }
    return sum;
  }
  /** Gates spread over three decades, so that some node-normalised weights fall below ξ = 0.01. */
  const spread = (seed: number): Float32Array => Float32Array.from(slots, (_, i) => 10 ** (-3 * Math.abs(Math.sin(seed * 17 + i * 1.3))));

  it.each([
    { r: 1, mu: 0, xi: 0.01 },
    { r: 0.5, mu: 3, xi: 0.01 },
    { r: 1, mu: 1, xi: 0.2 },
  ])('matches [R] with r=$r, mu=$mu, ξ=$xi, with and without pruned slots', ({ r, mu, xi }) => {
    const flops = Float64Array.from(slotCosts(space).macs, (m) => m / 1e6);
    const p = right(logPenalty(tf, slots, { r, mu, flops, xiMin: xi }));
    for (const live of [fullLiveMask(slots), maskWithout([0, 5, 6, 70, 71])]) {
      const g = spread(r + mu);
      const w = nodeNormalisedWeights(slots, g, live);
      expect(Array.from(w).some((v, i) => live[i] && v <= xi)).toBe(true); // the threshold is exercised
      expect(value(p, g, live)).toBeCloseTo(rPenalty(g, live, r, mu, flops, xi), 3);
    }
    p.dispose();
  });

  it("gives [R]'s measured value at initialisation (all gates 0.5): 14 cells × 28 operators × ln 2, plus ln 2 × 613.45 with μ = 1", () => {
    // [R]'s search network: C=36, 14 cells; /work/notes/R/search_probe.out measured R = 271.71 (r=1, μ=0)
    // and an extra 425.21 with μ = 1, i.e. ln 2 × current_flops() = ln 2 × 613.453824 M multiply-adds.
    const big: SearchSpace = { mode: 'gold', layout: cifarLayout({ channels: 36, cells: 14 }), operators: GOLD_PRIMITIVES, table: OPERATORS };
    const bigSlots = operatorSlots(big);
    const flops = Float64Array.from(slotCosts(big).macs, (m) => m / 1e6);
    expect(flops.reduce((a, b) => a + b, 0)).toBeCloseTo(613.453824, 6);
    const half = new Float32Array(bigSlots.length).fill(0.5);
    for (const [mu, expected] of [[0, 14 * 28 * Math.LN2], [1, 14 * 28 * Math.LN2 + Math.LN2 * 613.453824]] as const) {
      const p = right(logPenalty(tf, bigSlots, { r: 1, mu, flops, xiMin: 0.01 }));
      expect(tf.tidy(() => p.evaluate(tf.tensor1d(half), fullLiveMask(bigSlots)).dataSync()[0]!)).toBeCloseTo(expected, 2);
      p.dispose();
    }
  });

  it('has gradients that match central differences (the indicator w > ξ is constant for small steps)', () => {
    const p = right(logPenalty(tf, slots, { r: 1, mu: 0.3, xiMin: 0.01, flops: Float64Array.from(slots, (_, i) => (i % 5) + 1) }));
    const live = maskWithout([2, 9]);
    // Every fifth gate is tiny (its weight far below ξ), the others far above it: a finite-difference step never crosses ξ.
    const g0 = Float32Array.from(slots, (_, i) => (i % 5 === 0 ? 1e-4 : 0.5 + 0.4 * Math.sin(i)));
    const w = nodeNormalisedWeights(slots, g0, live);
    expect(Array.from(w).every((v) => v < 0.005 || v > 0.02)).toBe(true);
    expect(Array.from(w).some((v, i) => live[i] && v < 0.005)).toBe(true);
    const g = tf.variable(tf.tensor1d(g0));
    const { mismatches } = gradientCheck(() => p.evaluate(g as unknown as tf.Tensor1D, live), [g], { coords: 30 });
    expect(mismatches).toEqual([]);
    g.dispose();
    p.dispose();
  });

  it('leaves an operator at or below ξ out of the sum and of n: its gradient is only through the node sum', () => {
    // One node with four live operators (two inputs × two operators); the third has w = 0.0033 < ξ = 0.01.
    const one: SearchSpace = { mode: 'gold', layout: cifarLayout({ channels: 4, cells: 1, nodes: 1 }), operators: ['skip_connect', 'sep_conv_3x3'], table: OPERATORS };
    const oneSlots = operatorSlots(one);
    expect(oneSlots.length).toBe(4);
    const p = right(logPenalty(tf, oneSlots, { r: 1, xiMin: 0.01 }));
    const live = fullLiveMask(oneSlots);
    const gv = [0.6, 0.39, 0.005, 0.5];
    const total = gv.reduce((a, b) => a + b, 0);
    const counted = [0, 1, 3];
    const n = counted.length;
    const expected = counted.reduce((a, i) => a + Math.log(1 + n * (gv[i]! / total)), 0);
    // d/dg_2 of Σ_i ln(1 + n·g_i/S) with S = Σ g: only through S.
    const expectedGrad = counted.reduce((a, i) => a + (-n * gv[i]! / total ** 2) / (1 + n * (gv[i]! / total)), 0);
    const g = tf.tensor1d(gv);
    expect(tf.tidy(() => p.evaluate(g, live).dataSync()[0]!)).toBeCloseTo(expected, 5);
    const grad = tf.grad((x: tf.Tensor) => p.evaluate(x as tf.Tensor1D, live))(g).dataSync();
    expect(grad[2]!).toBeCloseTo(expectedGrad, 4);
    g.dispose();
    p.dispose();
  });
});

describe('linearPenalty with r', () => {
  it('is Σ over live slots of gate · (r + mean-normalised cost), and takes r alone', () => {
    const costs = slotCosts(space);
    const mean = costs.macs.reduce((a, b) => a + b, 0) / costs.macs.length;
    const g = gatesOf(7);
    const live = maskWithout([1, 3]);
    const both = right(linearPenalty(tf, costs, { r: 0.5, flops: 2 }));
    const only = right(linearPenalty(tf, costs, { r: 1 }));
    let expected = 0;
    let expectedR = 0;
    for (let i = 0; i < slots.length; i++) {
      if (!live[i]) continue;
      expected += g[i]! * (0.5 + (2 * costs.macs[i]!) / mean);
      expectedR += g[i]!;
    }
    expect(value(both, g, live)).toBeCloseTo(expected, 3);
    expect(value(only, g, live)).toBeCloseTo(expectedR, 3);
    // A stride-1 skip costs nothing, yet with r it has a penalty gradient.
    const skip = slots.find((s) => s.op === 'skip_connect' && !s.strided)!.index;
    expect(costs.macs[skip]).toBe(0);
    const grad = tf.grad((x: tf.Tensor) => only.evaluate(x as tf.Tensor1D, fullLiveMask(slots)))(tf.tensor1d(g)).dataSync();
    expect(grad[skip]).toBeCloseTo(1, 6);
    both.dispose();
    only.dispose();
  });
});
