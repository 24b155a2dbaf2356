import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { OPERATORS, createRng } from '../../src/index.js';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';
import { buildBlock } from '../../src/blocks/block.js';

/** Output and gradients (input, then every variable) of Σ r ⊙ block(x) on wasm, fused or not. */
async function run(op: string, stride: 1 | 2, fused: boolean, shape: [number, number, number, number]): Promise<{ values: Float32Array[]; fusedUsed: boolean }> {
  uninstallKernels(tf, WASM_KERNEL_TABLE);
  installKernels(tf, WASM_KERNEL_TABLE, { fusedReluDepthwise: fused });
  expect(await tf.setBackend('wasm')).toBe(true);
  const layers = OPERATORS[op]!.layers({ channels: shape[3], stride, affine: false, search: true });
  const b = buildBlock(tf, layers, { name: 'op', rng: createRng(3), batchNorm: 'batch' });
  if (E.isLeft(b)) throw new Error(b.left.message);
  const before = tf.memory().numTensors;
  const values = tf.tidy(() => {
    const x = seededTensor(shape, 4);
    const y = b.right.apply(x, true);
    const r = seededTensor(y.shape, 5);
    const vars = b.right.variables.map((v) => v.variable);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(b.right.apply(x, true), r)) as tf.Scalar, vars);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(b.right.apply(t, true), r)))(x);
    return [y, dx, ...vars.map((v) => grads[v.name]!)].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  b.right.dispose();
  return { values, fusedUsed: tf.getKernel('GoldNasReluDepthwise', 'wasm') !== undefined };
}

describe('fused ReLU + depthwise convolution (wasm)', () => {
  beforeAll(async () => { await tf.setBackend('cpu'); });
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it.each([
    { op: 'sep_conv_3x3', stride: 1, shape: [2, 8, 8, 8] },
    { op: 'sep_conv_3x3', stride: 2, shape: [2, 9, 9, 4] },
    { op: 'sep_conv_5x5', stride: 2, shape: [2, 10, 10, 8] },
    { op: 'dil_conv_3x3', stride: 1, shape: [2, 9, 9, 4] },
    { op: 'dil_conv_5x5', stride: 2, shape: [1, 12, 12, 8] },
  ] as const)('$op stride $stride on $shape: output and every gradient match the unfused block', async ({ op, stride, shape }) => {
    const plain = await run(op, stride, false, [...shape]);
    expect(plain.fusedUsed).toBe(false);
    const fused = await run(op, stride, true, [...shape]);
    expect(fused.fusedUsed).toBe(true);
    fused.values.forEach((v, i) => {
      let worst = 0;
      for (let k = 0; k < v.length; k++) worst = Math.max(worst, Math.abs(v[k]! - plain.values[i]![k]!) / (1 + Math.abs(plain.values[i]![k]!)));
      expect(worst, `tensor ${i}`).toBeLessThan(2e-5);
    });
  });

  it('gradient matches central differences for the input and the filters', async () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    installKernels(tf, WASM_KERNEL_TABLE);
    await tf.setBackend('wasm');
    const layers = OPERATORS.sep_conv_3x3!.layers({ channels: 4, stride: 2, affine: false, search: true });
    const b = buildBlock(tf, layers, { name: 'op', rng: createRng(5), batchNorm: 'batch' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const x = tf.variable(seededTensor([2, 7, 7, 4], 6));
    const r = seededTensor([2, 4, 4, 4], 7);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(b.right.apply(x, true), r)));
    const { mismatches } = gradientCheck(loss, [x, ...b.right.variables.map((v) => v.variable)], { coords: 5 });
    expect(mismatches).toEqual([]);
    tf.dispose([x, r]);
    b.right.dispose();
  });
});
