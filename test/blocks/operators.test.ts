import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { OPERATORS, SKIP_CONNECT_BATCH_NORM, chainOutputShape, createRng, withSkipConnect } from '../../src/index.js';
import type { Layer } from '../../src/index.js';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { buildBlock, type Block } from '../../src/blocks/block.js';
import { type BatchNormMode } from '../../src/blocks/compileLayer.js';

const C = 4;
const names = Object.keys(OPERATORS);

function block(layers: readonly Layer[], batchNorm: BatchNormMode, seed = 1): Block {
  const b = buildBlock(tf, layers, { name: 'op', rng: createRng(seed), batchNorm });
  if (E.isLeft(b)) throw new Error(b.left.message);
  return b.right;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('every operator of OPERATORS', () => {
  const cases = names.flatMap((name) =>
    ([1, 2] as const).flatMap((stride) => [5, 8].map((size) => ({ name, stride, size }))),
  );
  it.each(cases)('$name at stride $stride on a $size x $size input has the shape chainOutputShape gives', ({ name, stride, size }) => {
    const layers = OPERATORS[name]!.layers({ channels: C, stride, affine: false, search: true });
    const expected = chainOutputShape(layers, [size, size, C]);
    expect(typeof expected).not.toBe('string');
    const b = block(layers, 'batch');
    const y = tf.tidy(() => b.apply(tf.randomNormal([2, size, size, C]), true));
    expect(y.shape).toEqual([2, ...(expected as readonly number[])]);
    y.dispose();
    b.dispose();
  });

  const gradCases = names.filter((n) => n !== 'none').flatMap((name) =>
    ([1, 2] as const).flatMap((stride) => [
      { name, stride, affine: false, mode: 'batch' as const },
      { name, stride, affine: true, mode: 'running' as const },
    ]),
  );
  it.each(gradCases)('$name at stride $stride (affine $affine) has input and weight gradients that match central differences', ({ name, stride, affine, mode }) => {
    const layers = OPERATORS[name]!.layers({ channels: C, stride, affine, search: !affine });
    const b = block(layers, mode, 3);
    const x = tf.variable(seededTensor([2, 5, 5, C], 11), true);
    const out = chainOutputShape(layers, [5, 5, C]) as readonly number[];
    const r = seededTensor([2, ...out], 12);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(b.apply(x, true), r)));
    loss().dispose(); // builds cached constants (the avg-pool correction map)
    const before = tf.memory().numTensors;
    const { mismatches, checked } = gradientCheck(loss, [x, ...b.variables.map((v) => v.variable)], { coords: 5 });
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, r]);
    b.dispose();
  });

  it.each([
    { stride: 1 as const, affine: false, mode: 'batch' as const },
    { stride: 1 as const, affine: true, mode: 'running' as const },
    { stride: 2 as const, affine: false, mode: 'running' as const },
  ])("[R]'s skip_connect (a batch norm of x) at stride $stride (affine $affine, $mode) has gradients that match central differences", ({ stride, affine, mode }) => {
    const layers = withSkipConnect(OPERATORS, 'batch-norm').skip_connect!.layers({ channels: C, stride, affine, search: mode === 'batch' });
    expect(layers[0]!.kind).toBe(stride === 1 ? 'bn' : 'factorizedReduce');
    const b = block(layers, mode, 3);
    expect(b.variables.length).toBe(stride === 1 ? (affine ? 2 : 0) : 2 + (affine ? 2 : 0));
    const x = tf.variable(seededTensor([2, 6, 6, C], 21), true);
    const out = chainOutputShape(layers, [6, 6, C]) as readonly number[];
    const r = seededTensor([2, ...out], 22);
    const s = tf.variable(tf.scalar(0.7), true);
    // The gated form the super-network runs (`applyScaled`: the gate folded into the batch norm).
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(b.applyScaled(x, true, s as unknown as tf.Scalar), r)));
    const { mismatches, checked } = gradientCheck(loss, [x, s, ...b.variables.map((v) => v.variable)], { coords: 6 });
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
    tf.dispose([x, r, s]);
    b.dispose();
  });

  it("[R]'s skip_connect normalises x per channel with batch statistics (zero mean, unit variance)", () => {
    const b = block(SKIP_CONNECT_BATCH_NORM.layers({ channels: C, stride: 1, affine: false, search: true }), 'batch');
    const y = tf.tidy(() => b.apply(tf.add(tf.mul(seededTensor([4, 5, 5, C], 3), 3), 2), true));
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    mean.dataSync().forEach((m) => expect(m).toBeCloseTo(0, 4));
    variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 2));
    tf.dispose([y, mean, variance]);
    b.dispose();
  });

  it('none gives zeros of the strided shape and has no variables', () => {
    const b = block(OPERATORS.none!.layers({ channels: C, stride: 2, affine: false, search: true }), 'batch');
    const y = tf.tidy(() => b.apply(tf.ones([2, 5, 5, C]), true));
    expect(y.shape).toEqual([2, 3, 3, C]);
    expect(Array.from(y.dataSync()).every((v) => v === 0)).toBe(true);
    expect(b.variables).toEqual([]);
    y.dispose();
  });
});

describe('FactorizedReduce', () => {
  it.each([5, 7, 6])('on a %i-pixel square input gives ceil(H/2) and gradients that match central differences', (size) => {
    const layers: Layer[] = [{ kind: 'factorizedReduce', inC: 3, outC: 4, affine: true }];
    const b = block(layers, 'running', 5);
    const x = tf.variable(seededTensor([2, size, size, 3], 21), true);
    const r = seededTensor([2, Math.ceil(size / 2), Math.ceil(size / 2), 4], 22);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(b.apply(x, true), r)));
    const { mismatches } = gradientCheck(loss, [x, ...b.variables.map((v) => v.variable)], { coords: 6 });
    expect(mismatches).toEqual([]);
    tf.dispose([x, r]);
    b.dispose();
  });

  it('reads the pixel grid at (2i, 2j) for one half and (2i+1, 2j+1) for the other, zero past the border', () => {
    const b = block([{ kind: 'factorizedReduce', inC: 1, outC: 2, affine: false }], 'batch');
    const [w1, w2] = b.variables.map((v) => v.variable);
    tf.tidy(() => {
      w1!.assign(tf.ones([1, 1, 1, 1]));
      w2!.assign(tf.ones([1, 1, 1, 1]));
    });
    const x = tf.tensor4d(Array.from({ length: 9 }, (_, i) => i + 1), [1, 3, 3, 1]);
    const y = tf.tidy(() => b.apply(x, true));
    const v = Array.from(y.dataSync());
    // Half 1 sees [1, 3, 7, 9], half 2 sees [5, 0, 0, 0]; each is normalised over its own channel.
    const norm = (a: number[]): number[] => {
      const m = a.reduce((s, t) => s + t, 0) / a.length;
      const s2 = a.reduce((s, t) => s + (t - m) ** 2, 0) / a.length;
      return a.map((t) => (t - m) / Math.sqrt(s2 + 1e-5));
    };
    const h1 = norm([1, 3, 7, 9]);
    const h2 = norm([5, 0, 0, 0]);
    const expected = [0, 1, 2, 3].flatMap((i) => [h1[i]!, h2[i]!]);
    v.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 4));
    tf.dispose([x, y]);
    b.dispose();
  });
});

describe('dilated convolutions', () => {
  it('match tfjs dilated depthwise convolution at stride 1 and its subsampling at stride 2', () => {
    const conv = (stride: number): Layer => ({ kind: 'conv', inC: 3, outC: 3, kernel: [3, 3], stride: [stride, stride], pad: [2, 2], dilation: 2, depthwise: true });
    const b1 = block([conv(1)], 'batch', 9);
    const b2 = block([conv(2)], 'batch', 9);
    const x = seededTensor([1, 7, 7, 3], 4) as tf.Tensor4D;
    const w = b1.variables[0]!.variable as unknown as tf.Tensor4D;
    const ref = tf.depthwiseConv2d(x, w, 1, [[0, 0], [2, 2], [2, 2], [0, 0]], 'NHWC', 2);
    const y1 = b1.apply(x, true);
    const y2 = b2.apply(x, true);
    const sub = tf.stridedSlice(ref, [0, 0, 0, 0], [1, 7, 7, 3], [1, 2, 2, 1]);
    expect(y1.shape).toEqual(ref.shape);
    expect(tf.max(tf.abs(tf.sub(y1, ref))).dataSync()[0]).toBeLessThan(1e-5);
    expect(y2.shape).toEqual([1, 4, 4, 3]);
    expect(tf.max(tf.abs(tf.sub(y2, sub))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, ref, y1, y2, sub]);
    b1.dispose();
    b2.dispose();
  });
});
