import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { WEIGHTED_ADD_N_KERNEL } from '../../src/kernels/index.js';
import { weightedSumOp } from '../../src/blocks/weightedSum.js';
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

  it('refuses inputs it cannot sum, naming them', async () => {
    await use(true);
    const a = tf.zeros([3]);
    const b = tf.zeros([3]);
    expect(() => tf.engine().runKernel(WEIGHTED_ADD_N_KERNEL, { x0: a, x1: b }, {})).toThrow(/GoldNasWeightedAddN: expected .* x0 \[3\] float32/);
    tf.dispose([a, b]);
  });
});
