import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { WEIGHTED_ADD_N_KERNEL } from '../../src/kernels/index.js';
import { identityTermOp, weightedSumOp } from '../../src/blocks/weightedSum.js';
import { variableGradsFreeing } from '../../src/backends/variableGradsFreeing.js';
import { SUPERNET_CASES, runSupernet } from '../backends/supernetCase.js';
import { onCpuAroundSuite, useKernels } from './fusedCase.js';
import { seededTensor } from './gradientCheck.js';

const use = (fused: boolean): Promise<void> => useKernels('wasm', { fusedWeightedAddN: fused }, { [WEIGHTED_ADD_N_KERNEL]: fused });

describe('the sum of gated terms in one kernel (wasm)', () => {
  onCpuAroundSuite();

  it.each(SUPERNET_CASES)('a super-network step gives the bits of the products and their addN: $name', async (c) => {
    await use(false);
    const plain = runSupernet(tf, c);
    await use(true);
    const profile = await tf.profile(() => { runSupernet(tf, c); });
    expect(profile.kernels.map((k) => k.name)).toContain(WEIGHTED_ADD_N_KERNEL);
    const fused = runSupernet(tf, c);
    expect(fused.leaked).toBe(0);
    expect(fused.loss).toBe(plain.loss);
    expect(fused.logits).toEqual(plain.logits);
    for (const [k, g] of plain.grads) expect(fused.grads.get(k), k).toEqual(g);
  });

  it('differentiates every term and gate, gated or not, as the products and their addN do', async () => {
    const run = (): number[][] => tf.tidy(() => {
      const ys = [0, 1, 2].map((i) => tf.variable(seededTensor([2, 3, 3, 4], 20 + i)));
      const ss = [tf.variable(tf.scalar(0.7)), tf.variable(tf.scalar(-1.3))];
      const r = seededTensor([2, 3, 3, 4], 30);
      const sum = weightedSumOp(tf);
      const vars = [...ys, ...ss];
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(sum([{ y: ys[0]!, scale: ss[0]! }, { y: ys[1]! }, { y: ys[2]!, scale: ss[1]! }]), r)), vars);
      const out = [value, ...vars.map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
      tf.dispose(vars);
      return out;
    });
    await use(false);
    const plain = run();
    await use(true);
    const before = tf.memory().numTensors;
    const fused = run();
    expect(tf.memory().numTensors).toBe(before);
    expect(fused).toEqual(plain);
  });

  it('leaves an identity\'s product on its own tape node: its input\'s gradient parts add up in the same order, so to the same bits', async () => {
    // h feeds an identity (gated by s1), another operator (h², gated by s2) and the loss directly:
    // three parts of h's gradient, whose sum depends on their order. The sum kernel must hand out
    // the identity's part where its product stood on the tape (after h²'s, going backward).
    const run = (): number[][] => tf.tidy(() => {
      const h = tf.variable(seededTensor([2, 5, 5, 8], 40));
      const ss = [tf.variable(tf.scalar(0.3)), tf.variable(tf.scalar(-0.9))];
      const [r1, r2] = [seededTensor([2, 5, 5, 8], 41), seededTensor([2, 5, 5, 8], 42)];
      const sum = weightedSumOp(tf);
      const identity = identityTermOp(tf);
      const vars = [h, ...ss];
      const f = (): tf.Scalar => {
        const skip = identity(h, ss[0]!);
        const other = { y: tf.mul(h, h), scale: ss[1]! };
        return tf.add(tf.sum(tf.mul(sum([skip, other]), r1)), tf.sum(tf.mul(h, r2)));
      };
      const { value, grads } = variableGradsFreeing(tf, f, vars);
      const out = [value, ...vars.map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
      tf.dispose(vars);
      return out;
    });
    const multiplies = async (): Promise<number> => (await tf.profile(() => { run(); })).kernels.filter((k) => k.name === 'Multiply').length;
    await use(false);
    const plain = run();
    const plainMultiplies = await multiplies();
    await use(true);
    // The sum's kernel takes both products (the identity's and h²'s) in its pass.
    expect(await multiplies()).toBe(plainMultiplies - 2);
    const before = tf.memory().numTensors;
    const fused = run();
    expect(tf.memory().numTensors).toBe(before);
    expect(fused).toEqual(plain);
  });

  it('multiplies an identity\'s term by its gate even when the sum cannot take it in one kernel', async () => {
    await use(true);
    const run = (): number[][] => tf.tidy(() => {
      const h = tf.variable(seededTensor([2, 3, 3, 4], 50));
      const s = tf.variable(tf.scalar(0.7));
      const odd = tf.variable(seededTensor([3, 3, 3, 4], 51));
      const r = seededTensor([2, 3, 3, 4], 52);
      const sum = weightedSumOp(tf);
      const identity = identityTermOp(tf);
      // Terms of different shapes (broadcast by addN) keep the sum off its kernel.
      const { value, grads } = variableGradsFreeing(tf, () => tf.sum(tf.mul(sum([identity(h, s), { y: tf.slice(odd, 0, [2, 3, 3, 4]) }]), r)), [h, s, odd]);
      const out = [value, grads[h.name]!, grads[s.name]!].map((t) => Array.from(t.dataSync()));
      tf.dispose([h, s, odd]);
      return out;
    });
    const expected = tf.tidy(() => {
      const h = seededTensor([2, 3, 3, 4], 50);
      const r = seededTensor([2, 3, 3, 4], 52);
      const odd = tf.slice(seededTensor([3, 3, 3, 4], 51), 0, [2, 3, 3, 4]);
      return [tf.sum(tf.mul(tf.add(tf.mul(h, 0.7), odd), r)), tf.mul(r, 0.7), tf.sum(tf.mul(r, h))].map((t) => Array.from(t.dataSync()));
    });
    const got = run();
    for (let i = 0; i < 3; i++) for (let j = 0; j < expected[i]!.length; j++) expect(got[i]![j]).toBeCloseTo(expected[i]![j]!, 4);
  });

  it('refuses inputs it cannot sum, naming them', async () => {
    await use(true);
    const a = tf.zeros([3]);
    const b = tf.zeros([3]);
    expect(() => tf.engine().runKernel(WEIGHTED_ADD_N_KERNEL, { x0: a, x1: b }, {})).toThrow(/GoldNasWeightedAddN: expected .* x0 \[3\] float32/);
    tf.dispose([a, b]);
  });
});
