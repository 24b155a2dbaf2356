import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { type BackendName, readyBackend } from '../../src/backends/readyBackend.js';
import { CPU_KERNEL_TABLE, WASM_KERNEL_TABLE, uninstallKernels } from '../../src/kernels/index.js';

describe('readyBackend', () => {
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); uninstallKernels(tf, CPU_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it('readies cpu, reports float32 precision, and says which stock kernels it replaced and which gaps it filled', async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const r = await readyBackend(tf, 'cpu');
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right).toMatchObject({ name: 'cpu', floatPrecision: 32 });
    expect(r.right.kernels.replaced).toEqual([
      'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'Slice', 'SplitV', 'Multiply', 'Add', 'Relu', 'Step', 'PadV2',
    ]);
    expect(r.right.kernels.filled).toEqual(['GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasBatchNormRunning', 'GoldNasSgd', 'GoldNasScaleGrad', 'GoldNasFactorizedReduce', 'GoldNasFactorizedReduceGrad', 'GoldNasReluPointwise', 'GoldNasReluPointwiseGrad', 'GoldNasPointwiseBatchNorm', 'GoldNasPointwiseBatchNormGrad']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('reports kernels an earlier call installed as replaced, and leaves them to that call to restore', async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const first = await readyBackend(tf, 'cpu');
    const second = await readyBackend(tf, 'cpu');
    if (E.isLeft(first) || E.isLeft(second)) throw new Error('cpu did not ready');
    expect(second.right.kernels.registered).toEqual([]);
    expect(second.right.kernels.alreadyRegistered).toEqual(first.right.kernels.registered);
    expect(second.right.kernels.replaced).toEqual(first.right.kernels.replaced);
    expect(second.right.kernels.restore()).toEqual([]);
    expect(first.right.kernels.restore()).toEqual(first.right.kernels.registered);
  });

  it("installs only gap-fillers with kernels: 'gaps', and nothing with kernels: 'none'", async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const stockSlice = tf.getKernel('Slice', 'cpu');
    const gaps = await readyBackend(tf, 'cpu', { kernels: 'gaps' });
    if (E.isLeft(gaps)) throw new Error(gaps.left.message);
    expect(gaps.right.kernels.replaced).toEqual([]);
    expect(gaps.right.kernels.filled).toEqual(['GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasBatchNormRunning', 'GoldNasSgd', 'GoldNasScaleGrad', 'GoldNasFactorizedReduce', 'GoldNasFactorizedReduceGrad', 'GoldNasReluPointwise', 'GoldNasReluPointwiseGrad', 'GoldNasPointwiseBatchNorm', 'GoldNasPointwiseBatchNormGrad']);
    expect(tf.getKernel('Slice', 'cpu')).toBe(stockSlice);
    gaps.right.kernels.restore();
    const none = await readyBackend(tf, 'cpu', { kernels: 'none' });
    if (E.isLeft(none)) throw new Error(none.left.message);
    expect(none.right.kernels.registered).toEqual([]);
    expect(tf.getKernel('GoldNasSgd', 'cpu')).toBeUndefined();
  });

  it('leaves the stock cpu kernels when every switch is off', async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const r = await readyBackend(tf, 'cpu', { cpuKernels: { fastFilterGradients: false, fusedBatchNorm: false, fusedSgd: false, fusedScaleGrad: false, fusedFactorizedReduce: false, fusedReluPointwise: false, fusedPointwiseBatchNorm: false, fastElementwise: false } });
    expect(E.isRight(r) && r.right.kernels.registered).toEqual([]);
  });

  it('readies wasm with the training kernels installed', async () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const r = await readyBackend(tf, 'wasm');
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    expect(r.right.name).toBe('wasm');
    expect(r.right.kernels.filled).toContain('Conv2DBackpropFilter');
    expect(r.right.kernels.replaced).toEqual(['Conv2DBackpropInput', 'Conv2D', 'Identity', 'Cast', 'MaxPoolGrad', 'Slice', 'SplitV', 'Concat', 'AddN', 'PadV2', 'Add', 'Multiply', 'Mean']);
    expect(tf.getBackend()).toBe('wasm');
    const g = tf.tidy(() => tf.grad((f: tf.Tensor) => tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').sum())(tf.ones([3, 3, 2, 2])));
    expect(g.shape).toEqual([3, 3, 2, 2]);
    g.dispose();
  });

  it('names the backends it knows when given an unknown one', async () => {
    const r = await readyBackend(tf, 'wsam' as BackendName);
    expect(r).toEqual(E.left(expect.objectContaining({ _tag: 'BackendError', path: 'backend' })));
    expect(E.isLeft(r) && r.left.message).toBe("unknown backend 'wsam': gold-nas readies 'cpu', 'wasm', 'webgl', 'tensorflow'.");
  });

  it('says how to get webgl when it is not registered (Node)', async () => {
    const r = await readyBackend(tf, 'webgl');
    expect(r).toEqual(E.left(expect.objectContaining({ _tag: 'BackendError', message: expect.stringMatching(/'webgl' is not registered: it exists only in a browser/) })));
  });

  it('says how to get tensorflow when tfjs-node is not loaded', async () => {
    const r = await readyBackend(tf, 'tensorflow');
    expect(E.isLeft(r) && r.left.message).toMatch(/loadTfjs\('tensorflow'\)/);
  });

  it('leaves no kernel installed when the backend fails to start', async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    await tf.setBackend('cpu');
    const stock = tf.getKernel('Slice', 'cpu');
    const failing = { ...tf, setBackend: async () => false } as unknown as typeof tf;
    const r = await readyBackend(failing, 'cpu');
    expect(E.isLeft(r) && r.left.message).toMatch(/'cpu' could not be initialised/);
    expect(tf.getKernel('Slice', 'cpu')).toBe(stock);
    expect(tf.getKernel('GoldNasSgd', 'cpu')).toBeUndefined();
  });

  it('reports a backend that fails to start instead of silently falling back', async () => {
    await tf.setBackend('cpu');
    tf.registerBackend('webgl', () => { throw new Error('no WebGL2 context'); });
    try {
      const r = await readyBackend(tf, 'webgl');
      expect(E.isLeft(r) && r.left.message).toMatch(/'webgl' could not be initialised .*tfjs stays on 'cpu'/);
      expect(tf.getBackend()).toBe('cpu');
    } finally {
      tf.removeBackend('webgl');
    }
  });
});
