import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { createRng } from '../../src/index.js';
import type { Layer } from '../../src/space/layers.js';
import type { Block } from '../../src/blocks/block.js';
import { buildBlock } from '../../src/blocks/block.js';
import { variableGradsFreeing } from '../../src/backends/variableGradsFreeing.js';
import { RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL } from '../../src/kernels/index.js';
import { gradientCheck, seededTensor } from './gradientCheck.js';
import { onCpuAroundSuite, useKernels } from './fusedCase.js';

const use = (backend: 'cpu' | 'wasm'): Promise<void> =>
  useKernels(backend, {}, { [RELU_POINTWISE_KERNEL]: true, [RELU_POINTWISE_GRAD_KERNEL]: true });

/** A cell's preprocessing, ReLU-Conv(1×1)-BN, from `c` to `cout` channels. */
const preprocess = (c: number, cout: number): Layer[] => [
  { kind: 'relu' },
  { kind: 'conv', inC: c, outC: cout, kernel: [1, 1], stride: [1, 1], pad: [0, 0], dilation: 1, depthwise: false },
  { kind: 'bn', channels: cout, affine: false },
];

const block = (c: number, cout: number, seed: number): Block => {
  const b = buildBlock(tf, preprocess(c, cout), { name: `pre${seed}`, rng: createRng(seed), batchNorm: 'batch' });
  if (E.isLeft(b)) throw new Error(b.left.message);
  return b.right;
};

/** How the two readers of a cell's output read it: its nodes as parts, or their concatenation. */
type Reading = readonly ['parts' | 'concat', 'parts' | 'concat'];

/**
 * A cell's output (3 nodes) read by two preprocess blocks as `reading` says, one node also read by
 * an operator of its own (as a later node of the cell reads it): the loss, the readers' outputs,
 * and the gradient of every node and variable (the backward pass of a search step).
 */
function step(shape: readonly number[], cout: number, reading: Reading): number[][] {
  const readers = [block(3 * shape[3]!, cout, 1), block(3 * shape[3]!, cout, 2)];
  const nodes = [0, 1, 2].map((i) => tf.tidy(() => tf.variable(seededTensor([...shape], 10 + i))));
  const rs = [20, 21, 22].map((s, i) => seededTensor(i < 2 ? [...shape.slice(0, 3), cout] : [...shape], s));
  const vars = [...nodes, ...readers.flatMap((b) => b.variables.map((v) => v.variable))];
  const outs: tf.Tensor[] = [];
  const { value, grads } = variableGradsFreeing(tf, () => {
    // The cell's own reader of node 1 comes first on the tape, as in a cell: nothing reads its
    // nodes after the next cells' preprocessing.
    const own = tf.sum(tf.mul(tf.square(nodes[1]!), rs[2]!));
    const joined = reading.includes('concat') ? tf.concat(nodes, 3) : undefined;
    const ys = readers.map((b, i) => (reading[i] === 'parts' ? b.parts!.apply(nodes, true) : b.apply(joined!, true)));
    outs.push(...ys.map((y) => tf.keep(y.clone())));
    return tf.addN([own, tf.sum(tf.mul(ys[0]!, rs[0]!)), tf.sum(tf.mul(ys[1]!, rs[1]!))]) as tf.Scalar;
  }, vars);
  const result = [value, ...outs, ...vars.map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
  tf.dispose([value, ...outs, ...Object.values(grads), ...nodes, ...rs]);
  for (const b of readers) b.dispose();
  return result;
}

describe('a cell\'s output read as parts by the ReLU + 1×1 convolution (no concatenation)', () => {
  onCpuAroundSuite();

  it.each([
    { backend: 'cpu', shape: [2, 4, 5, 4], cout: 8 }, // plain JS
    { backend: 'wasm', shape: [2, 6, 6, 8], cout: 12 }, // SIMD loops
    { backend: 'wasm', shape: [3, 5, 7, 16], cout: 16 }, // SIMD loops, odd sizes
  ] as const)('$backend on 3 parts of $shape: the same bits as on their concatenation, however each reader reads them', async ({ backend, shape, cout }) => {
    await use(backend);
    const concat = step(shape, cout, ['concat', 'concat']);
    const before = tf.memory().numTensors;
    for (const reading of [['parts', 'parts'], ['parts', 'concat'], ['concat', 'parts']] as const) {
      const parts = step(shape, cout, reading);
      expect(parts.length).toBe(concat.length);
      parts.forEach((v, i) => expect(v, `${reading.join('/')}: tensor ${i}`).toEqual(concat[i]));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs one kernel each way with the parts as inputs: no Concat forward, no SplitV backward', async () => {
    await use('wasm');
    const b = block(24, 8, 1);
    const nodes = [0, 1, 2].map((i) => seededTensor([2, 4, 4, 8], 30 + i));
    const profile = await tf.profile(() => tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(b.parts!.apply(nodes, true)), b.variables.map((v) => v.variable));
      tf.dispose(grads);
      return value;
    }));
    tf.dispose(profile.result as tf.Tensor);
    expect(profile.kernelNames).toContain(RELU_POINTWISE_KERNEL);
    expect(profile.kernelNames).not.toContain('Concat');
    tf.dispose(nodes);
    b.dispose();
  });

  it('takes parts of one shape, distinct, with channels a multiple of 4, only where the kernels are', async () => {
    await use('wasm');
    const b = block(24, 8, 1);
    const [a, c, d] = [0, 1, 2].map((i) => seededTensor([2, 3, 3, 8], 40 + i));
    expect(b.parts!.fits([a!, c!, d!])).toBe(true);
    expect(b.parts!.fits([a!, c!, a!])).toBe(false);
    expect(b.parts!.fits([a!])).toBe(false);
    const odd = [0, 1, 2, 3].map((i) => seededTensor([2, 3, 3, 6], 50 + i));
    expect(block(24, 8, 2).parts!.fits(odd)).toBe(false);
    const other = seededTensor([2, 3, 4, 8], 60);
    expect(b.parts!.fits([a!, c!, other])).toBe(false);
    await useKernels('wasm', { fusedReluPointwise: false }, { [RELU_POINTWISE_KERNEL]: false });
    expect(b.parts!.fits([a!, c!, d!])).toBe(false);
    tf.dispose([a!, c!, d!, other, ...odd]);
    b.dispose();
  });

  it.each(['cpu', 'wasm'] as const)('%s: the gradient of every part and the filter matches central differences', async (backend) => {
    await use(backend);
    const parts = [0, 1].map((i) => tf.tidy(() => tf.variable(seededTensor([2, 3, 3, 4], 70 + i))));
    const r = seededTensor([2, 3, 3, 4], 72);
    const b = buildBlock(tf, preprocess(8, 4).slice(0, 2), { name: 'p', rng: createRng(1), batchNorm: 'batch' });
    if (E.isLeft(b)) throw new Error(b.left.message);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(tf.square(b.right.parts!.apply(parts, true)), r)));
    const { mismatches, checked } = gradientCheck(loss, [...parts, b.right.variables[0]!.variable], { coords: 4 });
    expect(checked).toBe(12);
    expect(mismatches).toEqual([]);
    tf.dispose([...parts, r]);
    b.right.dispose();
  });
});
