/**
 * Measures the one-level step time of a GOLD supernet (5 cells, C=8, batch 32) on the cpu backend.
 * Not a timed test: it only runs with GOLD_NAS_STEP_TIME=1 and prints its figures.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { GOLD_PRIMITIVES, createSgd, supernetLossAndGrads } from '../../src/index.js';
import { seededTensor } from '../blocks/gradientCheck.js';
import { labels, space, supernet } from './helpers.js';

describe.skipIf(process.env.GOLD_NAS_STEP_TIME !== '1')('step time on cpu (GOLD_NAS_STEP_TIME=1)', () => {
  it.each([
    { name: '32x32x3', layout: { channels: 8, cells: 5 }, shape: [32, 32, 32, 3] },
    { name: '28x28x1', layout: { channels: 8, cells: 5, inputSize: 28, inputChannels: 1 }, shape: [32, 28, 28, 1] },
  ])('GOLD supernet, 5 cells, C=8, batch 32, $name', async ({ name, layout, shape }) => {
    await tf.setBackend('cpu');
    const net = supernet(space('gold', GOLD_PRIMITIVES, layout), 1);
    const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
    const x = seededTensor(shape, 1);
    const y = labels(32, 10);
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const { loss, grads } = supernetLossAndGrads(tf, net, x, y);
      sgd.apply([...net.weights, net.alpha], grads, 0.01)?.dispose();
      await loss.data();
      times.push(performance.now() - t0);
      tf.dispose([loss, grads]);
    }
    console.log(`cpu one-level step, ${name}, batch 32: ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}; ${tf.memory().numTensors} tensors held after the steps`);
    expect(times.length).toBe(2);
    tf.dispose([x, y]);
    sgd.dispose();
    net.dispose();
  }, 1_800_000);
});
