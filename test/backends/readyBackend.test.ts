import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readyBackend } from '../../src/backends/readyBackend.js';
import { unregisterWasmTrainingKernels } from '../../src/backends/registerWasmTrainingKernels.js';
import { unregisterCpuTrainingKernels } from '../../src/backends/registerCpuTrainingKernels.js';

describe('readyBackend', () => {
  afterAll(async () => { unregisterWasmTrainingKernels(tf); unregisterCpuTrainingKernels(tf); await tf.setBackend('cpu'); });

  it('readies cpu, reports float32 precision and installs the cpu training kernels', async () => {
    unregisterCpuTrainingKernels(tf);
    const r = await readyBackend(tf, 'cpu')();
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right).toMatchObject({ name: 'cpu', floatPrecision: 32 });
    expect(r.right.cpuKernels?.registered).toEqual([
      'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasSgd', 'Slice', 'SplitV',
      'Multiply', 'Add', 'Relu', 'Step', 'PadV2',
    ]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('leaves the stock cpu kernels when asked to', async () => {
    unregisterCpuTrainingKernels(tf);
    const r = await readyBackend(tf, 'cpu', { cpuKernels: { fastFilterGradients: false, fusedBatchNorm: false, fusedSgd: false, fastElementwise: false } })();
    expect(E.isRight(r) && r.right.cpuKernels?.registered).toEqual([]);
  });

  it('readies wasm with the training kernels installed', async () => {
    unregisterWasmTrainingKernels(tf);
    const r = await readyBackend(tf, 'wasm')();
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.name).toBe('wasm');
    expect(r.right.wasmKernels?.registered).toContain('Conv2DBackpropFilter');
    expect(tf.getBackend()).toBe('wasm');
    const g = tf.tidy(() => tf.grad((f: tf.Tensor) => tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').sum())(tf.ones([3, 3, 2, 2])));
    expect(g.shape).toEqual([3, 3, 2, 2]);
    g.dispose();
  });

  it('says how to get webgl when it is not registered (Node)', async () => {
    const r = await readyBackend(tf, 'webgl')();
    expect(r).toEqual(E.left(expect.objectContaining({ _tag: 'BackendError', message: expect.stringMatching(/'webgl' is not registered: it exists only in a browser/) })));
  });

  it('says how to get tensorflow when tfjs-node is not loaded', async () => {
    const r = await readyBackend(tf, 'tensorflow')();
    expect(E.isLeft(r) && r.left.message).toMatch(/loadTfjs\('tensorflow'\)/);
  });

  it('reports a backend that fails to start instead of silently falling back', async () => {
    await tf.setBackend('cpu');
    tf.registerBackend('webgl', () => { throw new Error('no WebGL2 context'); });
    try {
      const r = await readyBackend(tf, 'webgl')();
      expect(E.isLeft(r) && r.left.message).toMatch(/'webgl' could not be initialised .*tfjs stays on 'cpu'/);
      expect(tf.getBackend()).toBe('cpu');
    } finally {
      tf.removeBackend('webgl');
    }
  });
});
