import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createSgd } from '../../src/optim/sgd.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** PyTorch's SGD on plain arrays: clip by global norm, add weight decay, momentum buffer starting at the first gradient. */
function reference(w: number[], grads: number[][], lr: number, m: number, wd: number, clip: number): number[] {
  const x = [...w];
  let buf: number[] | null = null;
  for (const g0 of grads) {
    const norm = Math.sqrt(g0.reduce((a, b) => a + b * b, 0));
    const s = clip > 0 ? Math.min(1, clip / (norm + 1e-6)) : 1;
    const g = g0.map((v, i) => v * s + wd * x[i]!);
    buf = buf === null ? g : buf.map((b, i) => m * b + g[i]!);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! - lr * buf[i]!;
  }
  return x;
}

describe('createSgd', () => {
  it.each([
    { name: 'plain SGD', m: 0, wd: 0, clip: 0 },
    { name: 'momentum and weight decay', m: 0.9, wd: 3e-4, clip: 0 },
    { name: 'clipping that bites', m: 0.9, wd: 3e-4, clip: 0.5 },
  ])('matches PyTorch SGD semantics with $name', ({ m, wd, clip }) => {
    const w0 = [1, -2, 3];
    const gs = [[0.5, 1, -1], [2, -0.5, 0.25], [-1, 1, 1]];
    const w = tf.variable(tf.tensor1d(w0));
    const sgd = createSgd(tf, { momentum: m, weightDecay: wd, clipNorm: clip });
    for (const g of gs) {
      const grads = { w: tf.tensor1d(g) };
      sgd.apply([{ name: 'w', variable: w }], grads, 0.1)?.dispose();
      tf.dispose(grads);
    }
    const got = Array.from(w.dataSync());
    reference(w0, gs, 0.1, m, wd, clip).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    sgd.dispose();
    w.dispose();
  });

  it('keeps numTensors flat across steps and frees forgotten buffers', () => {
    const a = tf.variable(tf.ones([4]));
    const b = tf.variable(tf.ones([2, 2]));
    const params = [{ name: 'a', variable: a }, { name: 'b', variable: b }];
    const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 1e-4, clipNorm: 5 });
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => tf.add(a.square().sum(), b.square().sum()) as tf.Scalar, [a, b]);
      sgd.apply(params, { a: grads[a.name]!, b: grads[b.name]! }, 0.01)?.dispose();
      tf.dispose([value, grads]);
    };
    step();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) step();
    expect(tf.memory().numTensors).toBe(after1);
    sgd.forget(['b']);
    expect(tf.memory().numTensors).toBe(after1 - 1);
    sgd.dispose();
    tf.dispose([a, b]);
  });

  it('restores exported state so a resumed optimiser continues identically', async () => {
    const run = async (split: boolean): Promise<number[]> => {
      const w = tf.variable(tf.tensor1d([1, 2]));
      const p = [{ name: 'w', variable: w }];
      let sgd = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
      for (let i = 0; i < 4; i++) {
        if (split && i === 2) {
          const saved = await sgd.exportState();
          sgd.dispose();
          sgd = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
          sgd.importState(saved, p);
        }
        const grads = { w: tf.tensor1d([i + 1, -i]) };
        sgd.apply(p, grads, 0.1);
        tf.dispose(grads);
      }
      const out = Array.from(w.dataSync());
      sgd.dispose();
      w.dispose();
      return out;
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it.each([
    { name: 'before the first step (no buffer yet)', steps: 0 },
    { name: 'after two steps (momentum buffer)', steps: 2 },
  ])('gives the weights its next unclipped step would, without changing anything, $name', ({ steps }) => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const p = [{ name: 'w', variable: w }];
    const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4 });
    for (let i = 0; i < steps; i++) {
      const grads = { w: tf.tensor1d([0.5 * (i + 1), -1, 0.25]) };
      sgd.apply(p, grads, 0.1);
      tf.dispose(grads);
    }
    const before = Array.from(w.dataSync());
    const numTensors = tf.memory().numTensors;
    const g = { w: tf.tensor1d([2, 0.5, -1]) };
    const virtual = sgd.virtualStep(p, g, 0.1);
    const predicted = Array.from(virtual.w!.dataSync());
    tf.dispose(virtual);
    expect(tf.memory().numTensors).toBe(numTensors + 1);
    expect(Array.from(w.dataSync())).toEqual(before);
    sgd.apply(p, g, 0.1);
    const after = Array.from(w.dataSync());
    predicted.forEach((v, i) => expect(v).toBeCloseTo(after[i]!, 6));
    tf.dispose(g);
    sgd.dispose();
    w.dispose();
  });
});
