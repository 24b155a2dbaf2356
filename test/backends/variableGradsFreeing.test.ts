import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { variableGradsFreeing } from '../../src/index.js';
import { randomValues } from './gradCheck.js';
import { WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';

/** A small network with shared inputs, a custom gradient, a concat/split, a reused variable and an unused one. */
function model() {
  const w1 = tf.variable(tf.tensor(randomValues(3 * 3 * 4 * 1, 1), [3, 3, 4, 1]), true, 'fw1');
  const w2 = tf.variable(tf.tensor(randomValues(4 * 4, 2), [1, 1, 4, 4]), true, 'fw2');
  const unused = tf.variable(tf.ones([2]), true, 'funused');
  const frozen = tf.variable(tf.ones([4]), false, 'ffrozen');
  const x = tf.tensor(randomValues(2 * 6 * 6 * 4, 3), [2, 6, 6, 4]) as tf.Tensor4D;
  const square = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const a = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([a]);
    return { value: tf.square(a), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, tf.mul(s!, 2)) };
  });
  const loss = (): tf.Scalar => {
    const h = tf.relu(tf.depthwiseConv2d(x, w1 as unknown as tf.Tensor4D, 1, 'same'));
    const a = tf.conv2d(h, w2 as unknown as tf.Tensor4D, 1, 'valid');
    const b = tf.conv2d(tf.mul(h, frozen) as tf.Tensor4D, w2 as unknown as tf.Tensor4D, 1, 'valid');
    const [p, q] = tf.split(tf.concat([a, square(b) as tf.Tensor4D], 3), 2, 3);
    return tf.sum(tf.add(tf.mul(p!, q!), h)) as tf.Scalar;
  };
  return { vars: [w1, w2, unused, frozen], loss, dispose: () => tf.dispose([w1, w2, unused, frozen, x]) };
}

describe.each(['cpu', 'wasm'])('variableGradsFreeing on %s', (backend) => {
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it('gives tf.variableGrads\' value and gradients, and leaks nothing', async () => {
    if (backend === 'wasm') installKernels(tf, WASM_KERNEL_TABLE);
    expect(await tf.setBackend(backend)).toBe(true);
    const m = model();
    const ref = tf.variableGrads(m.loss, m.vars);
    const before = tf.memory().numTensors;
    const ours = variableGradsFreeing(tf, m.loss, m.vars);
    expect(tf.memory().numTensors - before).toBe(1 + Object.keys(ours.grads).length);
    expect(Object.keys(ours.grads).sort()).toEqual(Object.keys(ref.grads).filter((k) => ref.grads[k] !== null).sort());
    expect(ours.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0]!, 3);
    for (const [name, g] of Object.entries(ours.grads)) {
      const r = ref.grads[name]!.dataSync();
      const v = g.dataSync();
      let worst = 0;
      for (let i = 0; i < v.length; i++) worst = Math.max(worst, Math.abs(v[i]! - r[i]!) / (1 + Math.abs(r[i]!)));
      expect(worst, name).toBeLessThan(1e-5);
    }
    tf.dispose([ref.value, ours.value, ...Object.values(ref.grads).filter((g): g is tf.Tensor => g !== null), ...Object.values(ours.grads)]);
    m.dispose();
  });

  it('saves tensors for the backward pass without an Identity kernel each, and gives the engine back untouched', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const m = model();
    const identities = async (run: () => { value: tf.Scalar; grads: tf.NamedTensorMap }): Promise<number> => {
      const info = await tf.profile(() => { const r = run(); tf.dispose([r.value, r.grads]); });
      return info.kernels.filter((k) => k.name === 'Identity').length;
    };
    expect(await identities(() => tf.variableGrads(m.loss, m.vars) as { value: tf.Scalar; grads: tf.NamedTensorMap })).toBeGreaterThan(5);
    expect(await identities(() => variableGradsFreeing(tf, m.loss, m.vars))).toBe(0);
    const engine = tf.engine();
    expect(Object.prototype.hasOwnProperty.call(engine, 'clone')).toBe(false);
    expect(() => variableGradsFreeing(tf, () => { tf.mul(m.vars[0]!, 2); throw new Error('boom'); }, m.vars)).toThrow('boom');
    expect(Object.prototype.hasOwnProperty.call(engine, 'clone')).toBe(false);
    m.dispose();
  });

  it('sums the gradients a tensor gets from many consumers in one AddN per 8, not pairwise', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const name = `manyUses-${backend}`;
    const w = tf.variable(tf.tensor(randomValues(4 * 8, 6), [4, 8]), true, name);
    // w feeds 11 terms: its gradient has 11 parts, summed by an AddN of 8 and one of 4.
    const loss = (): tf.Scalar => tf.sum(tf.addN(Array.from({ length: 11 }, (_, k) => tf.mul(tf.square(w), k + 1)))) as tf.Scalar;
    const info = await tf.profile(() => { const r = variableGradsFreeing(tf, loss, [w]); tf.dispose([r.value, r.grads]); });
    const sums = (kernel: string): number[] => info.kernels.filter((k) => k.name === kernel && k.inputShapes[0]!.join() === '4,8').map((k) => k.inputShapes.length);
    // The forward pass's AddN of 11 terms, then the backward pass's two.
    expect(sums('AddN')).toEqual([11, 8, 4]);
    expect(sums('Add')).toEqual([]);
    const ours = variableGradsFreeing(tf, loss, [w]);
    const v = w.dataSync();
    const g = ours.grads[name]!.dataSync();
    // d/dw Σ_k (k+1)·w² = 2·66·w
    for (let i = 0; i < v.length; i++) expect(g[i]).toBeCloseTo(132 * v[i]!, 3);
    tf.dispose([ours.value, ours.grads, w]);
  });

  it('holds less memory at its peak than tf.variableGrads', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const w = tf.variable(tf.tensor(randomValues(64 * 64, 4), [64, 64]));
    const x = tf.tensor(randomValues(256 * 64, 5), [256, 64]);
    const loss = (): tf.Scalar => {
      let h: tf.Tensor = x;
      for (let i = 0; i < 12; i++) h = tf.tanh(tf.matMul(h as tf.Tensor2D, w as unknown as tf.Tensor2D));
      return tf.sum(h) as tf.Scalar;
    };
    /** The peak number of live data buffers (clones sharing one counted once) while `run` runs; nearly all are 256x64. */
    const peak = (run: () => { value: tf.Scalar; grads: tf.NamedTensorMap }): number => {
      const state = (tf.engine() as unknown as { state: { numBytes: number } }).state;
      const base = tf.memory().numDataBuffers;
      let max = 0;
      let bytes = state.numBytes;
      Object.defineProperty(state, 'numBytes', { configurable: true, get: () => bytes, set: (v: number) => { bytes = v; max = Math.max(max, tf.memory().numDataBuffers - base); } });
      try {
        const r = run();
        tf.dispose([r.value, r.grads]);
      } finally {
        delete (state as { numBytes?: number }).numBytes;
        state.numBytes = bytes;
      }
      return max;
    };
    const theirs = peak(() => tf.variableGrads(loss, [w]) as { value: tf.Scalar; grads: tf.NamedTensorMap });
    const ours = peak(() => variableGradsFreeing(tf, loss, [w]));
    expect(ours).toBeLessThan(0.7 * theirs);
    tf.dispose([w, x]);
  });
});
