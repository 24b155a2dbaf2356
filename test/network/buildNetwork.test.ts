import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  DARTS_V2, GOLD_NAS_S1, GoldNasException, OPERATORS, SKIP_CONNECT_BATCH_NORM, buildNetwork, cifarLayout, createRng, formatError, genotypeToArchitecture,
  imagenetLayout, networkCost, publishedArchitecture, withSkipConnect,
} from '../../src/index.js';
import type { Architecture, MacroLayout, NetworkState } from '../../src/index.js';
import { seededTensor } from '../blocks/gradientCheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function dartsV2(layout: MacroLayout): Architecture {
  const arch = genotypeToArchitecture(DARTS_V2, layout);
  if (E.isLeft(arch)) throw new Error(arch.left.message);
  return arch.right;
}

function network(layout: MacroLayout, auxiliary = false, architecture = dartsV2(layout)): NetworkState {
  const built = buildNetwork(tf, { architecture, layout, auxiliary, seed: 0 });
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
}

describe('buildNetwork', () => {
  it('DARTS_V2 on CIFAR with C=36 and 20 cells has exactly 3,349,342 trainable parameters (3,825,768 with the auxiliary head)', () => {
    const start = tf.memory().numTensors;
    const layout = cifarLayout({ channels: 36, cells: 20 });
    const net = network(layout);
    expect(net.trainableParamCount()).toBe(3_349_342);
    net.dispose();
    const aux = network(layout, true);
    expect(aux.trainableParamCount()).toBe(3_825_768);
    aux.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it("builds [R]'s s1 at C=36 with 14 cells, non-affine cells and a batch-norm skip, with [R]'s 3,442,006 trainable parameters (3,918,432 with the head)", () => {
    // [R]'s figures: its own cifar_train/model.py, NetworkCIFAR(36, 10, auxiliary, s1), counted with torch (/work/notes/R/count_params.out).
    const layout = cifarLayout({ channels: 36, cells: 14 });
    const arch = publishedArchitecture(GOLD_NAS_S1, layout);
    if (E.isLeft(arch)) throw new Error(arch.left.message);
    for (const [auxiliary, expected] of [[false, 3_442_006], [true, 3_918_432]] as const) {
      const built = buildNetwork(tf, { architecture: arch.right, layout, cellBatchNorm: 'none', skipConnect: 'batch-norm', auxiliary, seed: 0 });
      if (E.isLeft(built)) throw new Error(built.left.message);
      expect(built.right.trainableParamCount()).toBe(expected);
      expect(built.right).toMatchObject({ cellBatchNorm: 'none', skipConnect: 'batch-norm' });
      // The stride-1 batch-norm skips keep running averages (they are batch norms) but have no parameters;
      // the stride-2 skips of the reduction cells are FactorizedReduce (two convolutions, a non-affine batch norm).
      expect(built.right.buffers.some((b) => /\.skip_connect\.0\.running_mean$/.test(b.name))).toBe(true);
      expect(built.right.variables.some((v) => /\.skip_connect\.0\.(weight|bias)$/.test(v.name))).toBe(false);
      expect(built.right.variables.some((v) => /\.skip_connect\.0\.conv_1\.weight$/.test(v.name))).toBe(true);
      const cost = networkCost(arch.right, layout, { affine: false, auxiliary, table: withSkipConnect(OPERATORS, 'batch-norm') });
      expect(E.isRight(cost) && cost.right.params).toBe(expected);
      built.right.dispose();
    }
  });

  it("exempts [R]'s stride-1 skip from drop-path, as [R] exempts its Identity (a batch norm), and not its stride-2 FactorizedReduce", () => {
    const ctx = { channels: 8, affine: false, search: false } as const;
    expect(SKIP_CONNECT_BATCH_NORM.dropPath!({ ...ctx, stride: 1 })).toBe(false);
    expect(SKIP_CONNECT_BATCH_NORM.dropPath!({ ...ctx, stride: 2 })).toBe(true);
    expect(OPERATORS.skip_connect!.dropPath).toBeUndefined(); // the identity: exempt because it is the identity chain
  });

  it('agrees with networkCost on parameters for a small network, and names variables uniquely', () => {
    const layout = cifarLayout({ channels: 8, cells: 5 });
    const net = network(layout, true);
    const cost = networkCost(dartsV2(layout), layout, { auxiliary: true });
    expect(E.isRight(cost) && cost.right.params).toBe(net.trainableParamCount());
    const names = [...net.variables, ...net.buffers].map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('cells.0.edges.0.sep_conv_3x3.1.weight');
    expect(names).toContain('cells.0.preprocess0.2.running_var');
    net.dispose();
  });

  it('builds and runs the ImageNet layout (two stems, FactorizedReduce on the first cell) with the parameter count of networkCost', () => {
    const layout = imagenetLayout({ channels: 8, cells: 3, inputSize: 32, classes: 5 });
    const net = network(layout);
    const cost = networkCost(dartsV2(layout), layout);
    expect(E.isRight(cost) && cost.right.params).toBe(net.trainableParamCount());
    const x = seededTensor([2, 32, 32, 3], 1);
    const { logits } = net.forward(x, { training: true });
    expect(logits.shape).toEqual([2, 5]);
    tf.dispose([x, logits]);
    net.dispose();
  });

  it('runs a 2-image batch in training and inference, with auxiliary logits only in training', () => {
    const layout = cifarLayout({ channels: 8, cells: 5 });
    const net = network(layout, true);
    const x = seededTensor([2, 32, 32, 3], 1);
    const before = tf.memory().numTensors;
    const train = net.forward(x, { training: true, dropPath: 0.2 });
    expect(train.logits.shape).toEqual([2, 10]);
    expect(train.auxLogits?.shape).toEqual([2, 10]);
    const infer = net.forward(x, { training: false });
    expect(infer.auxLogits).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([x, train.logits, train.auxLogits!, infer.logits]);
    net.dispose();
  });

  it('draws drop-path masks from the seeded generator and skips them at inference', () => {
    const layout = cifarLayout({ channels: 4, cells: 3, inputSize: 8 });
    const net = network(layout);
    const x = seededTensor([4, 8, 8, 3], 1);
    const run = (opts: Parameters<NetworkState['forward']>[1]): Float32Array => tf.tidy(() => net.forward(x, opts).logits.dataSync() as Float32Array);
    const a = run({ training: true, dropPath: 0.5, rng: createRng(1) });
    const b = run({ training: true, dropPath: 0.5, rng: createRng(1) });
    const c = run({ training: true, dropPath: 0.5, rng: createRng(2) });
    const plain = run({ training: true });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a)).not.toEqual(Array.from(plain));
    x.dispose();
    net.dispose();
  });

  it('keeps numTensors flat over training steps and gives everything back on dispose', () => {
    const start = tf.memory().numTensors;
    const layout = cifarLayout({ channels: 4, cells: 3, inputSize: 8 });
    const net = network(layout);
    const x = seededTensor([4, 8, 8, 3], 1);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10));
    const step = (): void => {
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, net.forward(x, { training: true, dropPath: 0.2 }).logits) as tf.Scalar,
        net.variables.map((v) => v.variable),
      );
      tf.dispose([value, grads]);
    };
    step();
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) step();
    expect(tf.memory().numTensors).toBe(afterOne);
    tf.dispose([x, y]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses a wrong input before any computation', () => {
    const net = network(cifarLayout({ channels: 4, cells: 3, inputSize: 8 }));
    const x = tf.zeros([2, 8, 8, 1]);
    const tensors = tf.memory().numTensors;
    expect(() => net.forward(x, { training: false })).toThrow(GoldNasException);
    expect(() => net.forward(x, { training: false })).toThrow(/expected \[N, 8, 8, 3\].*got \[2, 8, 8, 1\]/);
    expect(tf.memory().numTensors).toBe(tensors);
    x.dispose();
    net.dispose();
  });

  it('refuses an architecture that does not fit the layout', () => {
    const layout = cifarLayout({ channels: 4, cells: 3 });
    const arch = dartsV2(cifarLayout({ channels: 4, cells: 4 }));
    const built = buildNetwork(tf, { architecture: arch, layout, seed: 0 });
    expect(E.isLeft(built) && formatError(built.left)).toMatch(/4 cells but the layout has 3/);
  });
});
