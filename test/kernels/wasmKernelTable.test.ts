import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { padName, randomValues, relativeError, sizeOf } from '../backends/gradCheck.js';
import { CONV_CASES, type GradCase, type Shape4, convGrads, explicit } from '../backends/convCases.js';
import { WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';

const TOL = 2e-5;

async function onBackend<T>(name: string, f: () => T): Promise<T> {
  expect(await tf.setBackend(name)).toBe(true);
  return f();
}

describe('wasm training kernels agree with cpu (tf.grads of conv2d / depthwiseConv2d)', () => {
  beforeAll(() => { installKernels(tf, WASM_KERNEL_TABLE); });
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it.each(CONV_CASES.map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)} pad=${padName(c.pad)}` })))(
    '$name', async (c) => {
      const cpu = await onBackend('cpu', () => convGrads(tf, c, 100 * c.i));
      const before = tf.memory().numTensors;
      const wasm = await onBackend('wasm', () => convGrads(tf, c, 100 * c.i));
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(wasm.dx, cpu.dx), 'dx').toBeLessThan(TOL);
      expect(relativeError(wasm.df, cpu.df), 'dfilter').toBeLessThan(TOL);
    });
});

/** Inserts d-1 zeros between the taps of a filter [fh, fw, a, b] (a dilated filter as a dense one). */
function dilateFilter(f: tf.Tensor4D, d: [number, number]): tf.Tensor4D {
  const [fh, fw, a, b] = f.shape;
  const buf = tf.buffer([(fh - 1) * d[0] + 1, (fw - 1) * d[1] + 1, a, b], 'float32');
  const v = f.arraySync();
  for (let i = 0; i < fh; i++) for (let j = 0; j < fw; j++) for (let p = 0; p < a; p++) for (let q = 0; q < b; q++) buf.set(v[i]![j]![p]![q]!, i * d[0], j * d[1], p, q);
  return buf.toTensor() as tf.Tensor4D;
}

interface DilatedCase extends GradCase { readonly dilations: [number, number] }

const dilatedCases: DilatedCase[] = [
  { kind: 'depthwise', x: [2, 9, 9, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same', dilations: [2, 2] },
  { kind: 'depthwise', x: [2, 10, 9, 3], filter: [5, 5, 3, 1], strides: 1, pad: 'same', dilations: [2, 2] },
  { kind: 'depthwise', x: [1, 11, 9, 2], filter: [3, 3, 2, 1], strides: 1, pad: 'valid', dilations: [2, 3] },
  { kind: 'depthwise', x: [1, 11, 9, 2], filter: [3, 3, 2, 2], strides: 2, pad: explicit(2, 2, 2, 2), dilations: [2, 2] },
  { kind: 'depthwise', x: [2, 9, 9, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'same', dilations: [2, 2] },
  { kind: 'depthwise', x: [1, 11, 9, 8], filter: [3, 3, 8, 1], strides: 2, pad: explicit(2, 2, 2, 2), dilations: [2, 2] },
  { kind: 'conv2d', x: [2, 9, 9, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same', dilations: [2, 2] },
  { kind: 'conv2d', x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dilations: [2, 2] },
  { kind: 'conv2d', x: [1, 11, 10, 2], filter: [3, 3, 2, 8], strides: 2, pad: explicit(1, 2, 2, 1), dilations: [2, 1] },
  { kind: 'conv2d', x: [1, 11, 10, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'valid', dilations: [2, 2] },
];

describe('wasm backprop kernels with dilations agree with a dense dilated filter on cpu', () => {
  // tfjs's own conv gradients refuse dilation > 1, so these call the kernels directly; the
  // reference differentiates the same convolution written with a zero-filled dense filter.
  beforeAll(() => { installKernels(tf, WASM_KERNEL_TABLE); });
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it.each(dilatedCases.map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)} d=${c.dilations.join(',')} pad=${padName(c.pad)}` })))(
    '$name', async (c) => {
      const xv = randomValues(sizeOf(c.x), 7 + c.i);
      const fv = randomValues(sizeOf(c.filter), 8 + c.i);
      const [d0, d1] = c.dilations;
      await tf.setBackend('cpu');
      const [yShape, wv, refDx, refDf] = tf.tidy(() => {
        const x = tf.tensor4d(xv, c.x);
        const f = tf.tensor4d(fv, c.filter);
        const dense = dilateFilter(f, c.dilations);
        const fwd = (a: tf.Tensor, b: tf.Tensor): tf.Tensor4D => c.kind === 'conv2d'
          ? tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)
          : tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad);
        const shape = fwd(x, dense).shape;
        const w = tf.tensor(randomValues(sizeOf(shape), 9 + c.i), shape);
        const [dx, dDense] = tf.grads((a: tf.Tensor, b: tf.Tensor) => fwd(a, b).mul(w).sum())([x, dense]);
        const df = tf.stridedSlice(dDense!, [0, 0, 0, 0], dDense!.shape, [d0, d1, 1, 1]);
        return [shape, w.dataSync(), dx!.dataSync(), df.dataSync()] as const;
      });
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const [dx, df] = tf.tidy(() => {
        const x = tf.tensor4d(xv, c.x);
        const f = tf.tensor4d(fv, c.filter);
        const dy = tf.tensor(wv, yShape);
        const common = { strides: c.strides, pad: c.pad, dilations: c.dilations };
        const names = c.kind === 'conv2d'
          ? ['Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const
          : ['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter'] as const;
        const gx = tf.engine().runKernel(names[0], { dy, filter: f }, { ...common, dataFormat: 'NHWC', inputShape: c.x }) as tf.Tensor;
        const gf = tf.engine().runKernel(names[1], { x, dy }, { ...common, dataFormat: 'NHWC', filterShape: c.filter }) as tf.Tensor;
        return [gx.dataSync(), gf.dataSync()];
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(dx!, refDx), 'dx').toBeLessThan(TOL);
      expect(relativeError(df!, refDf), 'dfilter').toBeLessThan(TOL);
    });
});

interface PoolCase { readonly x: Shape4; readonly size: number; readonly strides: number; readonly pad: 'same' | 'valid' | number; readonly relu: boolean }

/** Gradient of sum(maxPool(x) ⊙ w) w.r.t. x on the active backend. */
function maxPoolGrad(c: PoolCase, seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(sizeOf(c.x), seed), c.x);
    const input = c.relu ? tf.relu(x) : x;
    const shape = tf.maxPool(input, c.size, c.strides, c.pad).shape;
    const w = tf.tensor(randomValues(sizeOf(shape), seed + 1), shape);
    return tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.strides, c.pad).mul(w).sum())(input).dataSync() as Float32Array;
  });
}

describe('wasm MaxPoolGrad agrees with cpu (the stock one does not)', () => {
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  const poolCases: PoolCase[] = [
    { x: [2, 8, 8, 3], size: 3, strides: 1, pad: 'same', relu: false },
    { x: [2, 8, 8, 3], size: 3, strides: 2, pad: 'same', relu: false },
    { x: [2, 9, 9, 3], size: 3, strides: 2, pad: 'same', relu: false },
    { x: [2, 8, 8, 3], size: 3, strides: 1, pad: 1, relu: false },
    { x: [2, 9, 7, 3], size: 2, strides: 2, pad: 'valid', relu: false },
    // after a ReLU many windows hold several zeros: ties go to the first maximum, as on cpu
    { x: [2, 8, 8, 4], size: 3, strides: 1, pad: 'same', relu: true },
  ];
  it.each(poolCases.map((c, i) => ({ ...c, i, name: `x=${c.x.join('x')} ${c.size}x${c.size} s=${c.strides} pad=${String(c.pad)}${c.relu ? ' after relu' : ''}` })))(
    '$name', async (c) => {
      await tf.setBackend('cpu');
      const cpu = maxPoolGrad(c, 30 + c.i);
      await tf.setBackend('wasm');
      installKernels(tf, WASM_KERNEL_TABLE);
      expect(relativeError(maxPoolGrad(c, 30 + c.i), cpu)).toBeLessThan(1e-6);
    });

  it('documents the stock kernel\'s bug: an all-negative window sends its gradient to pixel 0', async () => {
    await tf.setBackend('wasm');
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const g = tf.tidy(() => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1])).dataSync());
    installKernels(tf, WASM_KERNEL_TABLE);
    const fixed = tf.tidy(() => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1])).dataSync());
    expect(Array.from(g)).toEqual([1, 0, 0, 0]);
    expect(Array.from(fixed)).toEqual([0, 0, 0, 1]);
  });
});

describe('wasm Slice and SplitV agree with cpu', () => {
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  const x = (): tf.Tensor4D => tf.tensor4d(randomValues(3 * 5 * 6 * 4, 77), [3, 5, 6, 4]);
  const ops: { name: string; f: () => tf.Tensor | tf.Tensor[] }[] = [
    { name: 'slice x[:, 1:, 1:, :] (FactorizedReduce)', f: () => tf.slice(x(), [0, 1, 1, 0], [-1, -1, -1, -1]) },
    { name: 'slice of one channel', f: () => tf.slice(x(), [0, 0, 0, 2], [3, 5, 6, 1]) },
    { name: 'slice of whole images', f: () => tf.slice(x(), [1, 0, 0, 0], [2, 5, 6, 4]) },
    { name: 'slice of an int32 tensor', f: () => tf.slice(tf.range(0, 60, 1, 'int32').reshape([3, 4, 5]), [1, 1, 1], [2, 2, 3]) },
    { name: 'split into channel groups (concat gradient)', f: () => tf.split(x(), [1, 2, 1], 3) },
    { name: 'split rows', f: () => tf.split(x(), 5, 1) },
    { name: 'gradient through split and concat', f: () => tf.grad((a: tf.Tensor) => tf.concat(tf.split(a, 2, 3).map((t, i) => t.mul(i + 1)), 3).square().sum())(x()) },
  ];
  it.each(ops)('$name', async ({ f }) => {
    await tf.setBackend('cpu');
    const run = (): { shapes: number[][]; values: Float32Array[] } => tf.tidy(() => {
      const r = f();
      const list = Array.isArray(r) ? r : [r];
      return { shapes: list.map((t) => t.shape), values: list.map((t) => Float32Array.from(t.dataSync())) };
    });
    const cpu = run();
    await tf.setBackend('wasm');
    installKernels(tf, WASM_KERNEL_TABLE);
    const before = tf.memory().numTensors;
    const wasm = run();
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm.shapes).toEqual(cpu.shapes);
    wasm.values.forEach((v, i) => expect(relativeError(v, cpu.values[i]!)).toBeLessThan(1e-6));
  });
});

describe('installKernels(tf, WASM_KERNEL_TABLE)', () => {
  afterAll(() => { uninstallKernels(tf, WASM_KERNEL_TABLE); });

  it('registers the three missing gradients, the replacements and the fused batch norm, then is a no-op the second time', () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const first = installKernels(tf, WASM_KERNEL_TABLE);
    expect(first.registered).toEqual([
      'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Conv2DBackpropInput', 'Conv2D', 'Identity',
      'Cast', 'MaxPoolGrad', 'Slice', 'SplitV', 'Concat', 'AddN', 'PadV2', 'Add', 'Multiply', 'Mean', 'GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasBatchNormRunning',
      'GoldNasReluDepthwise', 'GoldNasReluDepthwiseGrad', 'GoldNasSgd', 'GoldNasScaleGrad', 'GoldNasWeightedAddN', 'GoldNasFactorizedReduce', 'GoldNasFactorizedReduceGrad', 'GoldNasReluPointwise', 'GoldNasReluPointwiseGrad', 'GoldNasPointwiseBatchNorm', 'GoldNasPointwiseBatchNormGrad', 'GoldNasReluSeparableBatchNorm', 'GoldNasReluSeparableBatchNormGrad',
    ]);
    const second = installKernels(tf, WASM_KERNEL_TABLE);
    expect(second.registered).toEqual([]);
    expect(second.alreadyRegistered).toEqual(first.registered);
  });

  it('leaves the stock kernels alone when the options turn the replacements off', () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const stockIdentity = tf.getKernel('Identity', 'wasm');
    const r = installKernels(tf, WASM_KERNEL_TABLE, {
      zeroCopyIdentity: false, fastConv2DBackpropInput: false, pointwiseConvolutions: false, fixMaxPoolGrad: false, fastSlice: false,
      simdElementwise: false, simdSpatialMean: false, fusedBatchNorm: false, fusedReluDepthwise: false, fusedSgd: false, fusedScaleGrad: false, fusedWeightedAddN: false, fusedFactorizedReduce: false, fusedReluPointwise: false, fusedPointwiseBatchNorm: false, fusedReluSeparableBatchNorm: false,
    });
    expect(r.registered).toHaveLength(3);
    expect(r.skipped.map((s) => s.kernelName)).toEqual([
      'Conv2DBackpropInput', 'Conv2D', 'Identity', 'Cast', 'MaxPoolGrad', 'Slice', 'SplitV', 'Concat', 'AddN', 'PadV2', 'Add', 'Multiply', 'Mean',
      'GoldNasBatchNorm', 'GoldNasBatchNormGrad', 'GoldNasBatchNormRunning', 'GoldNasReluDepthwise', 'GoldNasReluDepthwiseGrad', 'GoldNasSgd', 'GoldNasScaleGrad', 'GoldNasWeightedAddN', 'GoldNasFactorizedReduce', 'GoldNasFactorizedReduceGrad', 'GoldNasReluPointwise', 'GoldNasReluPointwiseGrad', 'GoldNasPointwiseBatchNorm', 'GoldNasPointwiseBatchNormGrad', 'GoldNasReluSeparableBatchNorm', 'GoldNasReluSeparableBatchNormGrad',
    ]);
    expect(tf.getKernel('Identity', 'wasm')).toBe(stockIdentity);
  });

  it('does not replace a gap kernel that tfjs-wasm provides itself', () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const stand = { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: () => { throw new Error('stand-in'); } };
    tf.registerKernel(stand);
    const r = installKernels(tf, WASM_KERNEL_TABLE);
    expect(r.skipped).toEqual([{ kernelName: 'Conv2DBackpropFilter', reason: 'tfjs-wasm already provides it' }]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(stand);
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  });

  it('uninstallKernels puts the stock kernels back', () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const stock = tf.getKernel('Identity', 'wasm');
    installKernels(tf, WASM_KERNEL_TABLE);
    expect(tf.getKernel('Identity', 'wasm')).not.toBe(stock);
    expect(uninstallKernels(tf, WASM_KERNEL_TABLE)).toContain('Identity');
    expect(tf.getKernel('Identity', 'wasm')).toBe(stock);
  });
});

describe('zero-copy Identity on wasm', () => {
  beforeAll(async () => { await tf.setBackend('wasm'); });
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  /** Distinct data buffers alive at the end of a forward pass whose tensors tfjs saves for backprop. */
  function buffersHeldForBackprop(): { held: number; grad: Float32Array } {
    const x = tf.tensor(randomValues(64 * 1024, 5), [64, 1024]);
    let held = 0;
    const g = tf.tidy(() => tf.grad((a: tf.Tensor) => {
      let y = a;
      for (let i = 0; i < 8; i++) y = tf.relu(tf.sin(y));
      held = tf.memory().numDataBuffers;
      return y.sum();
    })(x));
    const grad = g.dataSync() as Float32Array;
    g.dispose();
    x.dispose();
    return { held, grad };
  }

  it('halves the buffers held for the backward pass, with identical gradients', () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const base = tf.memory().numDataBuffers;
    const stock = buffersHeldForBackprop();
    installKernels(tf, WASM_KERNEL_TABLE);
    const zero = buffersHeldForBackprop();
    expect(tf.memory().numDataBuffers).toBe(base);
    // 8 × (sin saves x, relu saves x): 16 saved tensors, each a copy with the stock kernel.
    expect(stock.held - base - (zero.held - base)).toBeGreaterThanOrEqual(16);
    expect((zero.held - base) / (stock.held - base)).toBeLessThan(0.6);
    expect(relativeError(zero.grad, stock.grad)).toBe(0);
  });

  it('keeps a clone valid after its source is disposed or a variable is reassigned', () => {
    installKernels(tf, WASM_KERNEL_TABLE);
    const v = tf.variable(tf.tensor([1, 2, 3]));
    const c = tf.clone(v);
    v.assign(tf.tensor([7, 8, 9]));
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    const d = tf.clone(c);
    c.dispose();
    expect(Array.from(d.dataSync())).toEqual([1, 2, 3]);
    d.dispose();
    v.dispose();
  });
});

describe('wasm copy, sum and element-wise kernels agree with cpu', () => {
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });
  const x = (shape: number[], seed: number): tf.Tensor => tf.tensor(randomValues(sizeOf(shape), seed), shape);
  const cases: { name: string; f: () => tf.Tensor | tf.Tensor[] }[] = [
    { name: 'concat on channels (SIMD)', f: () => tf.concat([x([2, 3, 3, 8], 1), x([2, 3, 3, 4], 2), x([2, 3, 3, 8], 3)], 3) },
    { name: 'concat on channels, odd widths (stock)', f: () => tf.concat([x([2, 3, 3, 3], 4), x([2, 3, 3, 5], 5)], 3) },
    { name: 'concat on rows', f: () => tf.concat([x([2, 4], 6), x([3, 4], 7)], 0) },
    { name: 'split on channels (SIMD)', f: () => tf.split(x([2, 3, 3, 16], 8), [4, 8, 4], 3) },
    { name: 'split on channels, odd widths', f: () => tf.split(x([2, 3, 3, 6], 9), [1, 5], 3) },
    { name: 'addN of four (SIMD)', f: () => tf.addN([x([4, 6], 10), x([4, 6], 11), x([4, 6], 12), x([4, 6], 13)]) },
    { name: 'addN of odd size (stock)', f: () => tf.addN([x([5], 14), x([5], 15)]) },
    { name: 'pad a 4-D tensor', f: () => tf.pad(x([2, 3, 4, 5], 16), [[0, 0], [1, 0], [0, 2], [0, 0]]) },
    { name: 'pad with a constant', f: () => tf.pad(x([3, 4], 17), [[2, 1], [1, 3]], 0.5) },
    { name: 'add, same shape (SIMD)', f: () => tf.add(x([2, 3, 3, 8], 18), x([2, 3, 3, 8], 19)) },
    { name: 'add, broadcast (stock)', f: () => tf.add(x([2, 3, 3, 8], 20), x([8], 21)) },
    { name: 'add, odd size (stock)', f: () => tf.add(x([3, 5], 22), x([3, 5], 23)) },
    { name: 'multiply, same shape (SIMD)', f: () => tf.mul(x([4, 6], 24), x([4, 6], 25)) },
    { name: 'multiply by a scalar on either side (SIMD)', f: () => [tf.mul(x([4, 6], 26), x([], 27)), tf.mul(x([], 28), x([2, 2, 2, 4], 29))] },
    { name: 'multiply, broadcast (stock)', f: () => tf.mul(x([4, 6], 30), x([6], 31)) },
    { name: 'multiply int32 (stock)', f: () => tf.mul(tf.tensor([1, 2, 3, 4], [4], 'int32'), tf.tensor([5, 6, 7, 8], [4], 'int32')) },
    { name: 'spatial mean (SIMD)', f: () => [tf.mean(x([3, 5, 4, 8], 32), [1, 2]), tf.mean(x([2, 3, 3, 4], 33), [-2, -3], true)] },
    { name: 'spatial mean of more than 64 pixels (SIMD, summed in blocks)', f: () => tf.mean(x([2, 9, 9, 12], 34), [2, 1]) },
    { name: 'spatial mean, odd channels (stock)', f: () => tf.mean(x([2, 3, 3, 5], 35), [1, 2]) },
    { name: 'mean over other axes (stock)', f: () => [tf.mean(x([2, 3, 3, 8], 36), [1, 2, 3]), tf.mean(x([2, 3, 3, 8], 37), 3), tf.mean(x([4, 8], 38), 0)] },
  ];
  it.each(cases)('$name', async ({ f }) => {
    const values = (r: tf.Tensor | tf.Tensor[]): { shape: number[]; v: number[] }[] => (Array.isArray(r) ? r : [r]).map((t) => ({ shape: t.shape, v: Array.from(t.dataSync()) }));
    await tf.setBackend('cpu');
    const cpu = tf.tidy(() => values(f()));
    installKernels(tf, WASM_KERNEL_TABLE);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const wasm = tf.tidy(() => values(f()));
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm.map((w) => w.shape)).toEqual(cpu.map((c) => c.shape));
    wasm.forEach((w, i) => expect(relativeError(w.v, cpu[i]!.v)).toBeLessThan(1e-6));
  });

  it('the spatial mean gives the stock kernel\'s bits up to 64 pixels an image (the search head: 8×8, 7×7)', async () => {
    await tf.setBackend('wasm');
    const inputs = [x([5, 8, 8, 16], 39), x([3, 7, 7, 8], 40)];
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    const stock = inputs.map((t) => tf.tidy(() => tf.mean(t, [1, 2]).dataSync()));
    installKernels(tf, WASM_KERNEL_TABLE);
    const ours = inputs.map((t) => tf.tidy(() => tf.mean(t, [1, 2]).dataSync()));
    expect(ours).toEqual(stock);
    tf.dispose(inputs);
  });
});
