import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../../src/optim/adam.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Three updates of w = [1, -2, 0.5] with DARTS's α settings (lr 3e-4, betas (0.5, 0.999), weight decay 1e-3). */
const W0 = [1, -2, 0.5];
const GRADS = [[0.5, 1, -0.25], [-0.2, 0.4, 0.3], [1, -1, 0]];
/** `torch.optim.Adam` (torch 1.13, float64) after each of the three updates. */
const TORCH = [
  [0.999700000006, -2.000299999997, 0.500299999988],
  [0.999672974158, -2.000536176397, 0.500172733516],
  [0.999404903287, -2.000424311481, 0.500105535555],
];

describe('createAdam', () => {
  it('takes a first step of lr against the sign of the decayed gradient, by hand', () => {
    // g = 0.5 + 1e-3·1 = 0.501; m = 0.5·g, v = 0.001·g²; m̂ = g, v̂ = g²; w ← 1 − 3e-4·g/(|g| + 1e-8) = 0.9997 (to 1e-11).
    const w = tf.variable(tf.tensor1d([1]));
    const adam = createAdam(tf, { beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 });
    adam.apply([{ name: 'w', variable: w }], { w: tf.tensor1d([0.5]) }, 3e-4);
    expect(w.dataSync()[0]).toBeCloseTo(0.9997, 7);
    adam.dispose();
    w.dispose();
  });

  it("matches PyTorch's Adam step for step, with DARTS's α settings", () => {
    const w = tf.variable(tf.tensor1d(W0));
    const adam = createAdam(tf, { beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 });
    GRADS.forEach((g, k) => {
      const grads = { w: tf.tensor1d(g) };
      adam.apply([{ name: 'w', variable: w }], grads, 3e-4);
      tf.dispose(grads);
      const got = Array.from(w.dataSync());
      TORCH[k]!.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
    });
    adam.dispose();
    w.dispose();
  });

  it('resumes from exported moments to the same weights as an uninterrupted run, and keeps numTensors flat', async () => {
    const run = async (split: boolean): Promise<number[]> => {
      const w = tf.variable(tf.tensor1d(W0));
      const params = [{ name: 'w', variable: w }];
      let adam = createAdam(tf, { beta1: 0.5 });
      const before = tf.memory().numTensors;
      for (const [k, g] of GRADS.entries()) {
        if (split && k === 2) {
          const saved = await adam.exportState();
          expect(Object.keys(saved).sort()).toEqual(['w/m', 'w/step', 'w/v']);
          adam.dispose();
          adam = createAdam(tf, { beta1: 0.5 });
          adam.importState(saved, params);
        }
        const grads = { w: tf.tensor1d(g) };
        adam.apply(params, grads, 0.1);
        tf.dispose(grads);
        if (k > 0) expect(tf.memory().numTensors).toBe(before + 2);
      }
      const out = Array.from(w.dataSync());
      adam.forget(['w']);
      expect(tf.memory().numTensors).toBe(before);
      adam.dispose();
      w.dispose();
      return out;
    };
    expect(await run(true)).toEqual(await run(false));
  });
});
