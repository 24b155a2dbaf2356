import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createSgd } from '../../src/index.js';
import { createRng } from '../../src/random.js';
import { CPU_KERNEL_TABLE, WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';

const values = (n: number, seed: number): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
};

/** Weights after 4 steps (with a prune of `c` after step 2) and the reported clipping norms. */
async function run(backend: 'cpu' | 'wasm', fused: boolean, config: { momentum: number; weightDecay: number; clipNorm?: number }) {
  uninstallKernels(tf, CPU_KERNEL_TABLE);
  uninstallKernels(tf, WASM_KERNEL_TABLE);
  if (backend === 'cpu') installKernels(tf, CPU_KERNEL_TABLE, { fusedSgd: fused });
  else installKernels(tf, WASM_KERNEL_TABLE, { fusedSgd: fused });
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getKernel('GoldNasSgd', backend) !== undefined).toBe(fused);
  const shapes: [string, number[]][] = [['a', [3, 3, 4, 1]], ['b', [10]], ['c', [2, 5]]];
  const params = shapes.map(([name, shape], i) => ({ name, variable: tf.variable(tf.tensor(values(shape.reduce((x, y) => x * y, 1), i), shape)) }));
  const sgd = createSgd(tf, config);
  const norms: number[] = [];
  let live = params;
  const before = tf.memory().numTensors;
  for (let step = 0; step < 4; step++) {
    const grads: tf.NamedTensorMap = {};
    for (const [i, p] of live.entries()) grads[p.name] = tf.tensor(values(p.variable.size, 10 * step + i + 7).map((v) => v * 3), p.variable.shape);
    const norm = sgd.apply(live, grads, 0.05);
    if (norm !== null) { norms.push(norm.dataSync()[0]!); norm.dispose(); }
    tf.dispose(grads);
    if (step === 1) { sgd.forget(['c']); live = live.filter((p) => p.name !== 'c'); }
  }
  const state = await sgd.exportState();
  const weights = params.map((p) => Array.from(p.variable.dataSync()));
  sgd.dispose();
  const leaked = tf.memory().numTensors - before;
  params.forEach((p) => p.variable.dispose());
  return { weights, norms, state: Object.keys(state).sort(), leaked };
}

describe.each(['cpu', 'wasm'] as const)('fused SGD kernel on %s', (backend) => {
  afterAll(async () => { uninstallKernels(tf, CPU_KERNEL_TABLE); uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it.each([
    { name: 'plain SGD', config: { momentum: 0, weightDecay: 0 } },
    { name: 'momentum and weight decay', config: { momentum: 0.9, weightDecay: 3e-4 } },
    { name: 'clipping that bites', config: { momentum: 0.9, weightDecay: 3e-4, clipNorm: 2 } },
  ])('gives the per-variable update with $name, across a pruning', async ({ config }) => {
    const stock = await run(backend, false, config);
    const fused = await run(backend, true, config);
    expect(fused.leaked).toBe(stock.leaked);
    expect(fused.state).toEqual(stock.state);
    fused.norms.forEach((n, i) => expect(n).toBeCloseTo(stock.norms[i]!, 4));
    fused.weights.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(stock.weights[i]![j]!, 5)));
  });
});
