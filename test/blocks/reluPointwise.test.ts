import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { createRng } from '../../src/index.js';
import type { Layer } from '../../src/space/layers.js';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { expectSameValues, onCpuAroundSuite, useKernels } from './fusedCase.js';
import { RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL } from '../../src/kernels/index.js';
import { buildBlock } from '../../src/blocks/block.js';

const use = (backend: 'cpu' | 'wasm', fused: boolean): Promise<void> =>
  useKernels(backend, { fusedReluPointwise: fused }, { [RELU_POINTWISE_KERNEL]: fused, [RELU_POINTWISE_GRAD_KERNEL]: fused });

/** A cell's preprocessing, ReLU-Conv(1×1)-BN, from `c` to `cout` channels. */
const preprocess = (c: number, cout: number): Layer[] => [
  { kind: 'relu' },
  { kind: 'conv', inC: c, outC: cout, kernel: [1, 1], stride: [1, 1], pad: [0, 0], dilation: 1, depthwise: false },
  { kind: 'bn', channels: cout, affine: false },
];

/** The block's output, dx and every variable's gradient of Σ r ⊙ block(x), and the kernels its forward pass ran. */
async function run(backend: 'cpu' | 'wasm', fused: boolean, shape: [number, number, number, number], cout: number): Promise<{ values: Float32Array[]; kernels: string[] }> {
  await use(backend, fused);
  const b = buildBlock(tf, preprocess(shape[3], cout), { name: 'pre', rng: createRng(3), batchNorm: 'batch' });
  if (E.isLeft(b)) throw new Error(b.left.message);
  const x = seededTensor(shape, 4);
  const r = seededTensor([...shape.slice(0, 3), cout], 5);
  const profile = await tf.profile(() => b.right.apply(x, true));
  tf.dispose(profile.result as tf.Tensor);
  const before = tf.memory().numTensors;
  const values = tf.tidy(() => {
    const vars = b.right.variables.map((v) => v.variable);
    const loss = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(b.right.apply(t, true), r));
    const { grads } = tf.variableGrads(() => loss(x), vars);
    return [b.right.apply(x, true), tf.grad(loss)(x), ...vars.map((v) => grads[v.name]!)].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, r]);
  b.right.dispose();
  return { values, kernels: profile.kernelNames };
}

describe('fused ReLU + 1×1 convolution (a cell\'s preprocessing)', () => {
  onCpuAroundSuite();

  it.each([
    { backend: 'cpu', shape: [2, 5, 6, 6], cout: 5 },
    { backend: 'wasm', shape: [2, 6, 6, 12], cout: 8 }, // SIMD loops
    { backend: 'wasm', shape: [3, 4, 5, 48], cout: 16 }, // SIMD loops, the stem's 48 channels
    { backend: 'wasm', shape: [2, 5, 5, 6], cout: 4 }, // channels not a multiple of 4: plain JS on the heap
  ] as const)('$backend on $shape to $cout channels: output and every gradient match relu then conv2d', async ({ backend, shape, cout }) => {
    const plain = await run(backend, false, [...shape], cout);
    expect(plain.kernels).toContain('Relu');
    const fused = await run(backend, true, [...shape], cout);
    expect(fused.kernels).toContain(RELU_POINTWISE_KERNEL);
    expect(fused.kernels).not.toContain('Relu');
    expectSameValues(fused.values, plain.values, 2e-5);
  });

  it.each(['cpu', 'wasm'] as const)('%s: the gradient matches central differences for the input and the filter', async (backend) => {
    await use(backend, true);
    const x = tf.variable(seededTensor([2, 4, 4, 8], 8));
    const r = seededTensor([2, 4, 4, 4], 10);
    const b = buildBlock(tf, preprocess(8, 4).slice(0, 2), { name: 'p', rng: createRng(1), batchNorm: 'batch' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const wv = b.right.variables[0]!.variable;
    const blockLoss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(tf.square(b.right.apply(x, true)), r)));
    const { mismatches, checked } = gradientCheck(blockLoss, [x, wv], { coords: 6 });
    expect(checked).toBe(12);
    expect(mismatches).toEqual([]);
    tf.dispose([x, r]);
    b.right.dispose();
  });
});
