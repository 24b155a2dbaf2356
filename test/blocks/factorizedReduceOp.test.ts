import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { expectSameValues, onCpuAroundSuite } from './fusedCase.js';
import { CPU_KERNEL_TABLE, FACTORIZED_REDUCE_GRAD_KERNEL, FACTORIZED_REDUCE_KERNEL, WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';
import { factorizedReduceOp } from '../../src/blocks/factorizedReduceOp.js';

const TABLES = { cpu: CPU_KERNEL_TABLE, wasm: WASM_KERNEL_TABLE } as const;

async function use(backend: 'cpu' | 'wasm', fused: boolean): Promise<void> {
  uninstallKernels(tf, TABLES[backend]);
  installKernels(tf, TABLES[backend], { fusedFactorizedReduce: fused });
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getKernel(FACTORIZED_REDUCE_KERNEL, backend) !== undefined).toBe(fused);
  expect(tf.getKernel(FACTORIZED_REDUCE_GRAD_KERNEL, backend) !== undefined).toBe(fused);
}

/** The output, dx, dw1 and dw2 of Σ r ⊙ op(x, w1, w2) on a backend, with or without the fused kernels. */
async function run(backend: 'cpu' | 'wasm', fused: boolean, shape: [number, number, number, number], half: number): Promise<Float32Array[]> {
  await use(backend, fused);
  const op = factorizedReduceOp(tf);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const [n, h, w, c] = shape;
    const x = seededTensor(shape, 4) as tf.Tensor4D;
    const w1 = seededTensor([1, 1, c, half], 5) as tf.Tensor4D;
    const w2 = seededTensor([1, 1, c, half], 6) as tf.Tensor4D;
    const r = seededTensor([n, Math.ceil(h / 2), Math.ceil(w / 2), 2 * half], 7);
    const f = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor): tf.Scalar => tf.sum(tf.mul(op(a as tf.Tensor4D, b as tf.Tensor4D, d as tf.Tensor4D), r));
    const grads = tf.grads(f)([x, w1, w2]);
    return [op(x, w1, w2), ...grads].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('factorizedReduceOp: FactorizedReduce\'s two halves in one kernel each way', () => {
  onCpuAroundSuite();

  it.each([
    { backend: 'cpu', shape: [2, 6, 8, 5], half: 3 },
    { backend: 'cpu', shape: [2, 7, 5, 4], half: 2 }, // odd sizes: the shifted half is zero at the edge
    { backend: 'wasm', shape: [2, 8, 8, 8], half: 4 }, // SIMD loops
    { backend: 'wasm', shape: [3, 10, 6, 16], half: 8 }, // SIMD loops, wider
    { backend: 'wasm', shape: [2, 7, 9, 8], half: 4 }, // odd sizes: plain JS on the heap
    { backend: 'wasm', shape: [1, 6, 6, 6], half: 3 }, // channels not a multiple of 4: plain JS
  ] as const)('$backend on $shape, half $half: value and every gradient match tfjs\'s slice, convolutions and concat', async ({ backend, shape, half }) => {
    const plain = await run(backend, false, [...shape], half);
    const fused = await run(backend, true, [...shape], half);
    expectSameValues(fused, plain, 2e-5);
  });

  it.each(['cpu', 'wasm'] as const)('%s: the gradient matches central differences for the input and both filters', async (backend) => {
    await use(backend, true);
    const op = factorizedReduceOp(tf);
    const x = tf.variable(seededTensor([2, 6, 6, 8], 8));
    const w1 = tf.variable(seededTensor([1, 1, 8, 4], 9));
    const w2 = tf.variable(seededTensor([1, 1, 8, 4], 10));
    const r = seededTensor([2, 3, 3, 8], 11);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(tf.square(op(x as tf.Tensor as tf.Tensor4D, w1 as tf.Tensor as tf.Tensor4D, w2 as tf.Tensor as tf.Tensor4D)), r)));
    const { mismatches, checked } = gradientCheck(loss, [x, w1, w2], { coords: 6 });
    expect(checked).toBe(18);
    expect(mismatches).toEqual([]);
    tf.dispose([x, w1, w2, r]);
  });

  it('rejects filters that do not match the input', async () => {
    await use('cpu', true);
    const x = tf.zeros([1, 4, 4, 3]);
    const w = tf.zeros([1, 1, 2, 2]);
    expect(() => tf.engine().runKernel(FACTORIZED_REDUCE_KERNEL, { x, w1: w, w2: w }, {})).toThrow(/two filters \[1, 1, c, half\]/);
    tf.dispose([x, w]);
  });
});
