import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerCpuTrainingKernels, unregisterCpuTrainingKernels } from '../../src/index.js';
import { padName, relativeError } from './gradCheck.js';
import { CONV_CASES, convGrads } from './convCases.js';

const TOL = 2e-5;

describe('cpu training kernels agree with the stock cpu kernels (tf.grads of conv2d / depthwiseConv2d)', () => {
  beforeAll(async () => { await tf.setBackend('cpu'); });
  afterAll(() => { unregisterCpuTrainingKernels(tf); });

  it.each(CONV_CASES.map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)} pad=${padName(c.pad)}` })))(
    '$name', (c) => {
      unregisterCpuTrainingKernels(tf);
      const stock = convGrads(tf, c, 100 * c.i);
      registerCpuTrainingKernels(tf);
      const before = tf.memory().numTensors;
      const ours = convGrads(tf, c, 100 * c.i);
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(ours.dx, stock.dx), 'dx').toBeLessThan(TOL);
      expect(relativeError(ours.df, stock.df), 'dfilter').toBeLessThan(TOL);
    });
});

describe('registerCpuTrainingKernels', () => {
  afterAll(() => { unregisterCpuTrainingKernels(tf); });

  it('registers the filter gradients and the fused batch norm once, and unregistering puts the stock kernels back', () => {
    unregisterCpuTrainingKernels(tf);
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    const first = registerCpuTrainingKernels(tf);
    expect(first.registered).toEqual(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasSgd']);
    expect(registerCpuTrainingKernels(tf).alreadyRegistered).toEqual(first.registered);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).not.toBe(stock);
    expect(unregisterCpuTrainingKernels(tf)).toEqual(first.registered);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
    expect(tf.getKernel('GoldNasBatchNorm', 'cpu')).toBeUndefined();
  });

  it('installs only what the options ask for', () => {
    unregisterCpuTrainingKernels(tf);
    const r = registerCpuTrainingKernels(tf, { fastFilterGradients: false });
    expect(r.registered).toEqual(['GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasSgd']);
    expect(r.skipped.map((s) => s.kernelName)).toEqual(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter']);
  });
});
