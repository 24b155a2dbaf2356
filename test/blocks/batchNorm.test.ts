import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { createRng } from '../../src/index.js';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { CPU_KERNEL_TABLE, WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';
import { BATCH_NORM_EPSILON, batchNormOps } from '../../src/blocks/batchNorm.js';
import { buildBlock } from '../../src/blocks/block.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Batch norm written with plain tfjs ops, differentiated by tfjs's autodiff: the reference. */
function reference(x: tf.Tensor4D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  const xhat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPSILON)));
  return gamma === undefined || beta === undefined ? xhat : tf.add(tf.mul(xhat, gamma), beta);
}

describe('batchNormOps', () => {
  it('normalises each channel to mean 0 and variance 1 over N, H, W', () => {
    const bn = batchNormOps(tf);
    const x = tf.add(tf.mul(seededTensor([3, 4, 4, 5], 1), 3), 2) as tf.Tensor4D;
    const y = bn.plain(x);
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    mean.dataSync().forEach((m) => expect(m).toBeCloseTo(0, 5));
    variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 3));
    tf.dispose([x, y, mean, variance]);
  });

  it.each(['plain', 'affine'] as const)('%s gradient equals tfjs autodiff of the textbook formula', (kind) => {
    const bn = batchNormOps(tf);
    const x = seededTensor([2, 3, 3, 4], 2) as tf.Tensor4D;
    const gamma = tf.add(seededTensor([4], 3), 1) as tf.Tensor1D;
    const beta = seededTensor([4], 4) as tf.Tensor1D;
    const r = seededTensor([2, 3, 3, 4], 5);
    const ours = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(kind === 'plain' ? tf.add(bn.plain(a as tf.Tensor4D), tf.mul(tf.sum(tf.add(g, b)), 0)) : bn.affine(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D), r)),
    )([x, gamma, beta]);
    const ref = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(kind === 'plain' ? tf.add(reference(a as tf.Tensor4D), tf.mul(tf.sum(tf.add(g, b)), 0)) : reference(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D), r)),
    )([x, gamma, beta]);
    ours.forEach((g, i) => expect(tf.max(tf.abs(tf.sub(g, ref[i]!))).dataSync()[0]).toBeLessThan(1e-4));
    tf.dispose([x, gamma, beta, r, ...ours, ...ref]);
  });

  it('affine gradient matches central differences for x, gamma and beta', () => {
    const bn = batchNormOps(tf);
    const x = tf.variable(seededTensor([2, 3, 3, 4], 6));
    const gamma = tf.variable(tf.add(seededTensor([4], 7), 1));
    const beta = tf.variable(seededTensor([4], 8));
    const r = seededTensor([2, 3, 3, 4], 9);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(bn.affine(x as unknown as tf.Tensor4D, gamma as unknown as tf.Tensor1D, beta as unknown as tf.Tensor1D), r)));
    const { mismatches } = gradientCheck(loss, [x, gamma, beta], { coords: 6 });
    expect(mismatches).toEqual([]);
    tf.dispose([x, gamma, beta, r]);
  });
});

describe('batch norm running averages (evaluation network)', () => {
  it('update with momentum 0.1 and the unbiased variance in training, and are used at inference', () => {
    const b = buildBlock(tf, [{ kind: 'bn', channels: 2, affine: true }], { name: 'bn', rng: createRng(0), batchNorm: 'running' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const block = b.right;
    expect(block.buffers.map((v) => v.name)).toEqual(['bn.0.running_mean', 'bn.0.running_var']);
    const x = tf.tensor4d([1, 10, 2, 20, 3, 30, 6, 60], [2, 2, 1, 2]);
    const before = tf.memory().numTensors;
    tf.tidy(() => block.apply(x, true)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    const [rm, rv] = block.buffers.map((v) => Array.from(v.variable.dataSync()));
    // channel 0: values 1, 2, 3, 6 -> mean 3, unbiased variance 14/3
    expect(rm![0]).toBeCloseTo(0.1 * 3, 5);
    expect(rv![0]).toBeCloseTo(0.9 + 0.1 * (14 / 3), 5);
    expect(rm![1]).toBeCloseTo(0.1 * 30, 4);
    const y = tf.tidy(() => block.apply(x, false));
    const expected = [1, 2, 3, 6].map((v) => (v - rm![0]!) / Math.sqrt(rv![0]! + BATCH_NORM_EPSILON));
    const got = Array.from(y.dataSync()).filter((_, i) => i % 2 === 0);
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 4));
    tf.dispose([x, y]);
    block.dispose();
  });

  it('are not touched by a gradient computation beyond the one forward update, and leak nothing', () => {
    const b = buildBlock(tf, [{ kind: 'bn', channels: 2, affine: true }], { name: 'bn', rng: createRng(0), batchNorm: 'running' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const x = seededTensor([2, 2, 2, 2], 3);
    const vars = b.right.variables.map((v) => v.variable);
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.square(b.right.apply(x, true)))) as tf.Scalar, vars);
      tf.dispose([value, grads]);
    };
    step();
    const before = tf.memory().numTensors;
    const rm1 = b.right.buffers[0]!.variable.dataSync()[0]!;
    step();
    expect(tf.memory().numTensors).toBe(before);
    const rm2 = b.right.buffers[0]!.variable.dataSync()[0]!;
    const mean = tf.mean(tf.slice(x, [0, 0, 0, 0], [2, 2, 2, 1])).dataSync()[0]!;
    expect(rm2).toBeCloseTo(0.9 * rm1 + 0.1 * mean, 5);
    x.dispose();
    b.right.dispose();
  });
});

describe.each(['cpu', 'wasm'] as const)('fused batch-norm kernels on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  });
  afterAll(async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    await tf.setBackend('cpu');
  });

  const fused = async (on: boolean): Promise<void> => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    if (on) {
      if (backend === 'cpu') installKernels(tf, CPU_KERNEL_TABLE, { fastFilterGradients: false });
      else installKernels(tf, WASM_KERNEL_TABLE);
    }
    expect(await tf.setBackend(backend)).toBe(true);
  };

  /** Outputs and gradients w.r.t. x, gamma and beta of Σ r ⊙ bn(x) on the active backend. */
  const run = (kind: 'plain' | 'affine' | 'scaled', shape: [number, number, number, number], seed: number): Float32Array[] => tf.tidy(() => {
    const bn = batchNormOps(tf);
    const c = shape[3];
    const x = tf.add(tf.mul(seededTensor(shape, seed), 2), 1) as tf.Tensor4D;
    const gamma = tf.add(seededTensor([c], seed + 1), 1) as tf.Tensor1D;
    const beta = seededTensor([c], seed + 2) as tf.Tensor1D;
    const r = seededTensor(shape, seed + 3);
    const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      kind === 'plain' ? tf.add(bn.plain(a as tf.Tensor4D), tf.mul(tf.sum(tf.add(g, b)), 0))
        : kind === 'scaled' ? tf.add(bn.scaled(a as tf.Tensor4D, tf.mean(g) as tf.Scalar), tf.mul(tf.sum(b), 0))
          : bn.affine(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D);
    const y = f(x, gamma, beta);
    const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, g, b), r)))([x, gamma, beta]);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });

  it.each([
    { kind: 'plain', shape: [4, 9, 9, 8] }, { kind: 'affine', shape: [4, 9, 9, 8] },
    { kind: 'plain', shape: [3, 5, 4, 3] }, { kind: 'affine', shape: [2, 7, 3, 5] },
    { kind: 'scaled', shape: [4, 9, 9, 8] }, { kind: 'scaled', shape: [2, 7, 3, 5] },
  ] as const)('$kind $shape: output and gradients agree with the composite batch norm', async ({ kind, shape }) => {
    await fused(false);
    const composite = run(kind, [...shape], 11);
    await fused(true);
    expect(tf.getKernel('GoldNasBatchNorm', backend)).toBeDefined();
    const before = tf.memory().numTensors;
    const ours = run(kind, [...shape], 11);
    expect(tf.memory().numTensors).toBe(before);
    ours.forEach((v, i) => {
      let worst = 0;
      for (let k = 0; k < v.length; k++) worst = Math.max(worst, Math.abs(v[k]! - composite[i]![k]!) / (1 + Math.abs(composite[i]![k]!)));
      expect(worst, `output ${i}`).toBeLessThan(2e-5);
    });
  });

  it('affine gradient matches central differences for x, gamma and beta', async () => {
    await fused(true);
    const bn = batchNormOps(tf);
    const x = tf.variable(seededTensor([2, 3, 3, 8], 6));
    const gamma = tf.variable(tf.add(seededTensor([8], 7), 1));
    const beta = tf.variable(seededTensor([8], 8));
    const r = seededTensor([2, 3, 3, 8], 9);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(bn.affine(x as unknown as tf.Tensor4D, gamma as unknown as tf.Tensor1D, beta as unknown as tf.Tensor1D), r)));
    const { mismatches } = gradientCheck(loss, [x, gamma, beta], { coords: 6 });
    expect(mismatches).toEqual([]);
    tf.dispose([x, gamma, beta, r]);
  });

  it('scaled gradient matches central differences for x and the scale', async () => {
    await fused(true);
    const bn = batchNormOps(tf);
    const x = tf.variable(seededTensor([2, 3, 3, 8], 16));
    const s = tf.variable(tf.scalar(0.7));
    const r = seededTensor([2, 3, 3, 8], 17);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(bn.scaled(x as unknown as tf.Tensor4D, s as unknown as tf.Scalar), r)));
    const { mismatches } = gradientCheck(loss, [x, s], { coords: 6 });
    expect(mismatches).toEqual([]);
    tf.dispose([x, s, r]);
  });

  it('updates the running averages from the fused statistics', async () => {
    await fused(true);
    const b = buildBlock(tf, [{ kind: 'bn', channels: 4, affine: true }], { name: 'bn', rng: createRng(0), batchNorm: 'running' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const x = tf.add(tf.mul(seededTensor([3, 2, 2, 4], 12), 3), 5);
    tf.tidy(() => b.right.apply(x, true)).dispose();
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const rm = b.right.buffers[0]!.variable.dataSync();
    const rv = b.right.buffers[1]!.variable.dataSync();
    mean.dataSync().forEach((m, i) => expect(rm[i]!).toBeCloseTo(0.1 * m, 5));
    variance.dataSync().forEach((v, i) => expect(rv[i]!).toBeCloseTo(0.9 + 0.1 * v * (12 / 11), 4));
    tf.dispose([x, mean, variance]);
    b.right.dispose();
  });

  it.each([[[3, 2, 2, 4]], [[1, 1, 1, 4]]])('updates the running averages in one kernel, to the same values as stock ops (x %j)', async (shape) => {
    await fused(true);
    /** The running averages after three training batches, and the kernels the last one ran. */
    const averages = async (): Promise<{ values: number[][]; kernels: string[] }> => {
      const b = buildBlock(tf, [{ kind: 'bn', channels: 4, affine: false }], { name: 'bn', rng: createRng(0), batchNorm: 'running' });
      if (E.isLeft(b)) throw new Error(b.left.message);
      let kernels: string[] = [];
      for (let i = 0; i < 3; i++) {
        const x = tf.tidy(() => tf.add(tf.mul(seededTensor(shape as [number, number, number, number], 20 + i), 3), i));
        const before = tf.memory().numTensors;
        const p = await tf.profile(() => { tf.tidy(() => b.right.apply(x, true)).dispose(); });
        expect(tf.memory().numTensors).toBe(before);
        kernels = p.kernels.map((k) => k.name).filter((n) => n !== 'unnamed scope');
        x.dispose();
      }
      const values = b.right.buffers.map((v) => Array.from(v.variable.dataSync()));
      b.right.dispose();
      return { values, kernels };
    };
    const ours = await averages();
    expect(ours.kernels).toEqual(['GoldNasBatchNorm', 'GoldNasBatchNormRunning']);
    tf.unregisterKernel('GoldNasBatchNormRunning', backend);
    const stock = await averages();
    expect(stock.kernels.length).toBeGreaterThan(8);
    expect(ours.values).toEqual(stock.values);
    await fused(true);
  });

  it('refuses statistics that do not match the running averages', async () => {
    await fused(true);
    const [stats, mean, variance] = [tf.zeros([3, 4]), tf.zeros([5]), tf.zeros([5])];
    expect(() => tf.engine().runKernel('GoldNasBatchNormRunning', { stats, mean, variance }, { momentum: 0.1, count: 8 })).toThrow(/expected stats \[3, C\] and mean and variance of C values, got \[3, 4\], \[5\] and \[5\]/);
    tf.dispose([stats, mean, variance]);
  });
});
