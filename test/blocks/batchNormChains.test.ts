import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { createRng } from '../../src/index.js';
import type { Layer } from '../../src/space/layers.js';
import { OPERATORS } from '../../src/space/operators.js';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { onCpuAroundSuite, useKernels } from './fusedCase.js';
import { POINTWISE_BATCH_NORM_KERNEL, RELU_DEPTHWISE_KERNEL, RELU_SEPARABLE_BATCH_NORM_KERNEL } from '../../src/kernels/index.js';
import { buildBlock } from '../../src/blocks/block.js';

/** Which chain kernels run: none (one kernel per layer or fused pair), the 1×1-batch-norm pair, or whole separable halves (wasm). */
type Variant = 'none' | 'pointwise' | 'separable';

async function use(backend: 'cpu' | 'wasm', variant: Variant): Promise<void> {
  const pointwise = variant !== 'none';
  const separable = variant === 'separable';
  await useKernels(backend, { fusedPointwiseBatchNorm: pointwise, fusedReluSeparableBatchNorm: separable },
    { [POINTWISE_BATCH_NORM_KERNEL]: pointwise, [RELU_SEPARABLE_BATCH_NORM_KERNEL]: separable });
}

/** The search network's separable convolution (two ReLU-depthwise-1×1-BN chains) over `c` channels. */
const sepConv = (c: number, stride: 1 | 2): readonly Layer[] => OPERATORS['sep_conv_3x3']!.layers({ channels: c, stride, affine: false, search: true });

/**
 * The gated block's output, dx, the gate's and every variable's gradient of Σ r ⊙ block(x)·s, and
 * the kernels its forward pass ran.
 */
async function run(backend: 'cpu' | 'wasm', variant: Variant, shape: [number, number, number, number], stride: 1 | 2): Promise<{ values: number[][]; kernels: string[] }> {
  await use(backend, variant);
  const b = buildBlock(tf, sepConv(shape[3], stride), { name: 'sep', rng: createRng(3), batchNorm: 'batch' });
  if (E.isLeft(b)) throw new Error(b.left.message);
  const x = tf.variable(seededTensor(shape, 4));
  const s = tf.variable(tf.scalar(0.7));
  const out = Math.ceil(shape[1] / stride);
  const r = seededTensor([shape[0], out, out, shape[3]], 5);
  const profile = await tf.profile(() => b.right.applyScaled(x, true, s));
  tf.dispose(profile.result as tf.Tensor);
  const before = tf.memory().numTensors;
  const values = tf.tidy(() => {
    const vars = [x, s, ...b.right.variables.map((v) => v.variable)];
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(b.right.applyScaled(x, true, s), r)), vars);
    return [value, ...vars.map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, s, r]);
  b.right.dispose();
  return { values, kernels: profile.kernels.map((k) => k.name).filter((k) => k !== '') }; // '': customGrad's wrapping calls
}

describe('composed chains that end in a batch norm: 1×1 convolution + batch norm, and whole halves of a separable convolution', () => {
  onCpuAroundSuite();

  it.each([
    { backend: 'cpu', shape: [2, 6, 6, 8], stride: 1 },
    { backend: 'cpu', shape: [2, 7, 7, 6], stride: 2 },
    { backend: 'wasm', shape: [2, 8, 8, 16], stride: 1 }, // SIMD loops
    { backend: 'wasm', shape: [3, 7, 7, 12], stride: 2 },
  ] as const)('$backend on $shape, stride $stride: the loss and every gradient are those of the kernels run one by one, exactly', async ({ backend, shape, stride }) => {
    const count = (r: { kernels: string[] }, name: string): number => r.kernels.filter((k) => k === name).length;
    const plain = await run(backend, 'none', [...shape], stride);
    expect(count(plain, 'Conv2D')).toBe(2);
    const pointwise = await run(backend, 'pointwise', [...shape], stride);
    expect(count(pointwise, POINTWISE_BATCH_NORM_KERNEL)).toBe(2);
    expect(pointwise.kernels).not.toContain('Conv2D');
    expect(pointwise.kernels.length).toBe(plain.kernels.length - 2);
    expect(pointwise.values).toEqual(plain.values);
    if (backend === 'wasm') {
      expect(count(plain, RELU_DEPTHWISE_KERNEL)).toBe(2);
      const separable = await run(backend, 'separable', [...shape], stride);
      expect(count(separable, RELU_SEPARABLE_BATCH_NORM_KERNEL)).toBe(2);
      expect(separable.kernels).not.toContain(RELU_DEPTHWISE_KERNEL);
      expect(separable.kernels.length).toBe(plain.kernels.length - 4);
      expect(separable.values).toEqual(plain.values);
    }
  });

  it.each([['cpu', 'pointwise'], ['wasm', 'pointwise'], ['wasm', 'separable']] as const)('%s, %s kernels: the gradient matches central differences for the input, the filters and the gate', async (backend, variant) => {
    await use(backend, variant);
    const x = tf.variable(seededTensor([2, 4, 4, 8], 8));
    const s = tf.variable(tf.scalar(1.3));
    const r = seededTensor([2, 4, 4, 8], 10);
    const b = buildBlock(tf, sepConv(8, 1).slice(0, 4), { name: 'p', rng: createRng(1), batchNorm: 'batch' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const vars = [x, s, ...b.right.variables.map((v) => v.variable)];
    const blockLoss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(tf.square(b.right.applyScaled(x, true, s)), r)));
    const { mismatches, checked } = gradientCheck(blockLoss, vars, { coords: 4 });
    expect(checked).toBe(13); // 4 coordinates of x and of each filter, the gate's one
    expect(mismatches).toEqual([]);
    tf.dispose([x, s, r]);
    b.right.dispose();
  });

  it.each(['cpu', 'wasm'] as const)('%s: is not used with running statistics or an affine batch norm (the re-training network)', async (backend) => {
    await use(backend, backend === 'cpu' ? 'pointwise' : 'separable');
    for (const [affine, mode] of [[true, 'batch'], [false, 'running']] as const) {
      const b = buildBlock(tf, OPERATORS['sep_conv_3x3']!.layers({ channels: 4, stride: 1, affine, search: !affine }), { name: 'q', rng: createRng(1), batchNorm: mode });
      if (E.isLeft(b)) throw new Error(b.left.message);
      const x = seededTensor([1, 3, 3, 4], 2);
      const profile = await tf.profile(() => b.right.apply(x, true));
      expect(profile.kernelNames).not.toContain(POINTWISE_BATCH_NORM_KERNEL);
      expect(profile.kernelNames).not.toContain(RELU_SEPARABLE_BATCH_NORM_KERNEL);
      tf.dispose([x, profile.result as tf.Tensor]);
      b.right.dispose();
    }
  });

  it('refuses a filter that is not 1×1 over the input\'s channels', async () => {
    await use('cpu', 'pointwise');
    const [x, filter] = [tf.zeros([1, 2, 2, 4]), tf.zeros([1, 1, 3, 4])];
    expect(() => tf.engine().runKernel(POINTWISE_BATCH_NORM_KERNEL, { x, filter }, { epsilon: 1e-5 })).toThrow(/expected x \[N, H, W, Cin\] and filter \[1, 1, Cin, Cout\], got \[1, 2, 2, 4\] and \[1, 1, 3, 4\]/);
    tf.dispose([x, filter]);
  });
});
