import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { padName, randomValues, relativeError } from '../backends/gradCheck.js';
import { CONV_CASES, convGrads } from '../backends/convCases.js';
import { CPU_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';

const TOL = 2e-5;

describe('cpu training kernels agree with the stock cpu kernels (tf.grads of conv2d / depthwiseConv2d)', () => {
  beforeAll(async () => { await tf.setBackend('cpu'); });
  afterAll(() => { uninstallKernels(tf, CPU_KERNEL_TABLE); });

  it.each(CONV_CASES.map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)} pad=${padName(c.pad)}` })))(
    '$name', (c) => {
      uninstallKernels(tf, CPU_KERNEL_TABLE);
      const stock = convGrads(tf, c, 100 * c.i);
      installKernels(tf, CPU_KERNEL_TABLE);
      const before = tf.memory().numTensors;
      const ours = convGrads(tf, c, 100 * c.i);
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(ours.dx, stock.dx), 'dx').toBeLessThan(TOL);
      expect(relativeError(ours.df, stock.df), 'dfilter').toBeLessThan(TOL);
    });
});

describe('cpu fast paths agree with the stock kernels', () => {
  afterAll(() => { uninstallKernels(tf, CPU_KERNEL_TABLE); });
  const x = (shape: number[], seed: number): tf.Tensor => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);
  const cases: { name: string; f: () => tf.Tensor | tf.Tensor[] }[] = [
    { name: 'slice of a 4-D tensor', f: () => tf.slice(x([2, 5, 6, 3], 1), [0, 1, 1, 0], [2, 4, 5, 3]) },
    { name: 'slice of an int32 tensor', f: () => tf.slice(tf.range(0, 24, 1, 'int32').reshape([4, 6]), [1, 2], [2, 3]) },
    { name: 'split on channels', f: () => tf.split(x([2, 3, 3, 12], 2), [4, 4, 4], 3) },
    { name: 'split on rows', f: () => tf.split(x([6, 5], 3), [2, 4], 0) },
    { name: 'multiply, same shape', f: () => tf.mul(x([3, 4, 5], 4), x([3, 4, 5], 5)) },
    { name: 'multiply by a scalar', f: () => tf.mul(x([3, 4, 5], 6), tf.scalar(0.3)) },
    { name: 'scalar times a tensor', f: () => tf.mul(tf.scalar(-2), x([7], 7)) },
    { name: 'multiply with broadcasting (stock)', f: () => tf.mul(x([3, 4, 5], 8), x([5], 9)) },
    { name: 'add, same shape', f: () => tf.add(x([2, 8], 10), x([2, 8], 11)) },
    { name: 'add a [1, 1] to a matrix', f: () => tf.add(x([2, 8], 12), x([1, 1], 13)) },
    { name: 'add int32 (stock)', f: () => tf.add(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32')) },
    { name: 'relu', f: () => tf.relu(tf.tensor1d([-1, 0, 2, NaN, -0.5])) },
    { name: 'step', f: () => tf.step(tf.tensor1d([-1, 0, 2, NaN, -0.5]), 0.1) },
    { name: 'pad a 4-D tensor', f: () => tf.pad(x([2, 3, 4, 5], 14), [[0, 0], [1, 0], [0, 2], [0, 0]]) },
    { name: 'pad with a constant', f: () => tf.pad(x([3, 4], 15), [[2, 1], [1, 3]], 0.5) },
    { name: 'pad an int32 tensor', f: () => tf.pad(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [[1, 1], [0, 1]]) },
  ];
  it.each(cases)('$name', ({ f }) => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const values = (r: tf.Tensor | tf.Tensor[]): { shape: number[]; v: number[] }[] => (Array.isArray(r) ? r : [r]).map((t) => ({ shape: t.shape, v: Array.from(t.dataSync()) }));
    const stock = tf.tidy(() => values(f()));
    installKernels(tf, CPU_KERNEL_TABLE);
    const ours = tf.tidy(() => values(f()));
    expect(ours).toEqual(stock);
  });
});

describe('installKernels(tf, CPU_KERNEL_TABLE)', () => {
  afterAll(() => { uninstallKernels(tf, CPU_KERNEL_TABLE); });

  it('registers the filter gradients and the fused batch norm once, and unregistering puts the stock kernels back', () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    const first = installKernels(tf, CPU_KERNEL_TABLE);
    expect(first.registered).toEqual([
      'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasBatchNormRunning', 'GoldNasSgd', 'GoldNasScaleGrad', 'GoldNasFactorizedReduce', 'GoldNasFactorizedReduceGrad', 'GoldNasReluPointwise', 'GoldNasReluPointwiseGrad', 'GoldNasPointwiseBatchNorm', 'GoldNasPointwiseBatchNormGrad', 'Slice', 'SplitV',
      'Multiply', 'Add', 'Relu', 'Step', 'PadV2',
    ]);
    expect(installKernels(tf, CPU_KERNEL_TABLE).alreadyRegistered).toEqual(first.registered);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).not.toBe(stock);
    expect(uninstallKernels(tf, CPU_KERNEL_TABLE)).toEqual(first.registered);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
    expect(tf.getKernel('GoldNasBatchNorm', 'cpu')).toBeUndefined();
  });

  it('installs only what the options ask for', () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    const r = installKernels(tf, CPU_KERNEL_TABLE, { fastFilterGradients: false });
    expect(r.registered).toEqual(['GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasBatchNormRunning', 'GoldNasSgd', 'GoldNasScaleGrad', 'GoldNasFactorizedReduce', 'GoldNasFactorizedReduceGrad', 'GoldNasReluPointwise', 'GoldNasReluPointwiseGrad', 'GoldNasPointwiseBatchNorm', 'GoldNasPointwiseBatchNormGrad', 'Slice', 'SplitV', 'Multiply', 'Add', 'Relu', 'Step', 'PadV2']);
    expect(r.skipped.map((s) => s.kernelName)).toEqual(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter']);
  });
});
