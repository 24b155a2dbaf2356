import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { seededTensor } from './gradientCheck.js';
import { expectSameValues, onCpuAroundSuite } from './fusedCase.js';
import { CPU_KERNEL_TABLE, SCALE_GRAD_KERNEL, WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';
import { scaleOp } from '../../src/blocks/scaleOp.js';

const TABLES = { cpu: CPU_KERNEL_TABLE, wasm: WASM_KERNEL_TABLE } as const;

/** x·s, dx and ds of Σ r ⊙ (x·s) on a backend, with or without the fused gradient kernel. */
async function run(backend: 'cpu' | 'wasm', fused: boolean, shape: number[]): Promise<Float32Array[]> {
  uninstallKernels(tf, TABLES[backend]);
  installKernels(tf, TABLES[backend], { fusedScaleGrad: fused });
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getKernel(SCALE_GRAD_KERNEL, backend) !== undefined).toBe(fused);
  const op = scaleOp(tf);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const x = seededTensor(shape, 4);
    const s = tf.scalar(0.37);
    const r = seededTensor(shape, 5);
    const [dx, ds] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(op(a, b as tf.Scalar), r)))([x, s]);
    return [op(x, s), dx!, ds!].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('scaleOp: x·s with the one-pass gradient kernel', () => {
  onCpuAroundSuite();

  it.each([
    { backend: 'cpu', shape: [2, 5, 5, 3] },
    { backend: 'wasm', shape: [2, 6, 6, 8] }, // SIMD loop, several blocks of 1,024 values
    { backend: 'wasm', shape: [3, 5, 1] }, // size not a multiple of 4: plain JS
  ] as const)('$backend on $shape: value, dx and ds match tfjs\'s mul gradient', async ({ backend, shape }) => {
    const plain = await run(backend, false, [...shape]);
    const fused = await run(backend, true, [...shape]);
    expectSameValues(fused, plain, 1e-5);
  });

  it('ds is Σ dy·x and dx is dy·s, checked against plain sums', async () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    installKernels(tf, WASM_KERNEL_TABLE);
    await tf.setBackend('wasm');
    const n = 4 * 700;
    const dyv = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const xv = Float32Array.from({ length: n }, (_, i) => Math.cos(3 * i));
    const [dx, ds] = tf.engine().runKernel(SCALE_GRAD_KERNEL, { dy: tf.tensor1d(dyv), x: tf.tensor1d(xv), scale: tf.tensor1d([-2]) }, {}) as tf.Tensor[];
    expect(ds!.shape).toEqual([1]);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += dyv[i]! * xv[i]!;
    expect(Math.abs(ds!.dataSync()[0]! - sum)).toBeLessThan(1e-4 * (1 + Math.abs(sum)));
    const d = dx!.dataSync();
    for (let i = 0; i < n; i++) expect(d[i]).toBe(Math.fround(dyv[i]! * -2));
    tf.dispose([dx!, ds!]);
  });
});
