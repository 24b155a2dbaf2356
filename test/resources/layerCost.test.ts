import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { FeatureShape, Layer } from '../../src/index.js';
import { chainCost, layerCost, layerParams, OPERATORS } from '../../src/index.js';

const conv = (inC: number, outC: number, k: number, stride: number, pad: number, depthwise = false, dilation = 1): Layer => ({
  kind: 'conv', inC, outC, kernel: [k, k], stride: [stride, stride], pad: [pad, pad], dilation, depthwise,
});

describe('layerCost', () => {
  const cases: { name: string; layer: Layer; input: FeatureShape; params: number; macs: number; output: FeatureShape }[] = [
    { name: 'CIFAR stem conv 3->108 3x3', layer: conv(3, 108, 3, 1, 1), input: [32, 32, 3], params: 2916, macs: 32 * 32 * 108 * 27, output: [32, 32, 108] },
    { name: 'strided 1x1 conv', layer: conv(16, 32, 1, 2, 0), input: [8, 8, 16], params: 512, macs: 16 * 512, output: [4, 4, 32] },
    { name: 'depthwise 3x3 stride 2', layer: conv(16, 16, 3, 2, 1, true), input: [32, 32, 16], params: 144, macs: 16 * 16 * 16 * 9, output: [16, 16, 16] },
    { name: 'dilated depthwise 5x5', layer: conv(8, 8, 5, 1, 4, true, 2), input: [10, 10, 8], params: 200, macs: 100 * 8 * 25, output: [10, 10, 8] },
    { name: 'affine batch norm', layer: { kind: 'bn', channels: 36, affine: true }, input: [4, 4, 36], params: 72, macs: 0, output: [4, 4, 36] },
    { name: 'non-affine batch norm', layer: { kind: 'bn', channels: 36, affine: false }, input: [4, 4, 36], params: 0, macs: 0, output: [4, 4, 36] },
    { name: 'linear with bias', layer: { kind: 'linear', inF: 576, outF: 10 }, input: [576], params: 5770, macs: 5760, output: [10] },
    { name: 'FactorizedReduce, affine', layer: { kind: 'factorizedReduce', inC: 108, outC: 72, affine: true }, input: [32, 32, 108], params: 108 * 72 + 144, macs: 16 * 16 * 72 * 108, output: [16, 16, 72] },
    { name: 'FactorizedReduce on an odd size', layer: { kind: 'factorizedReduce', inC: 16, outC: 32, affine: false }, input: [7, 7, 16], params: 512, macs: 16 * 32 * 16, output: [4, 4, 32] },
    { name: 'max pool', layer: { kind: 'pool', pool: 'max', size: 3, stride: 2, pad: 1 }, input: [8, 8, 4], params: 0, macs: 0, output: [4, 4, 4] },
    { name: 'relu', layer: { kind: 'relu' }, input: [8, 8, 4], params: 0, macs: 0, output: [8, 8, 4] },
    { name: 'global pool', layer: { kind: 'globalPool' }, input: [8, 8, 576], params: 0, macs: 0, output: [576] },
    { name: 'zero, strided', layer: { kind: 'zero', stride: 2 }, input: [8, 8, 4], params: 0, macs: 0, output: [4, 4, 4] },
  ];
  it.each(cases)('prices $name', ({ layer, input, params, macs, output }) => {
    const cost = layerCost(layer, input);
    expect(E.isRight(cost)).toBe(true);
    if (E.isLeft(cost)) return;
    expect(cost.right.params).toBe(params);
    expect(cost.right.macs).toBe(macs);
    expect(cost.right.output).toEqual(output);
    expect(layerParams(layer)).toBe(params);
  });

  it('counts ReLU, batch norm and pooling as elementwise work, not MACs', () => {
    const elementwise = (layer: Layer, input: FeatureShape) => E.getOrElseW(() => undefined)(layerCost(layer, input))?.elementwise;
    expect(elementwise({ kind: 'relu' }, [2, 2, 3])).toBe(12);
    expect(elementwise({ kind: 'bn', channels: 3, affine: false }, [2, 2, 3])).toBe(24);
    expect(elementwise({ kind: 'pool', pool: 'avg', size: 3, stride: 1, pad: 1 }, [2, 2, 3])).toBe(108);
  });

  it('returns a ShapeError when the input channels do not match', () => {
    const cost = layerCost(conv(16, 16, 3, 1, 1), [8, 8, 12]);
    expect(E.isLeft(cost) && cost.left._tag).toBe('ShapeError');
  });
});

describe('chainCost', () => {
  it('prices sep_conv_3x3 as two (depthwise 3x3, pointwise, BN) stacks', () => {
    const layers = OPERATORS.sep_conv_3x3!.layers({ channels: 16, stride: 1, affine: true, search: false });
    const cost = chainCost(layers, [32, 32, 16]);
    if (E.isLeft(cost)) throw new Error(cost.left.message);
    expect(cost.right.params).toBe(2 * (9 * 16 + 16 * 16 + 32));
    expect(cost.right.macs).toBe(2 * 1024 * (9 * 16 + 16 * 16));
    expect(cost.right.output).toEqual([32, 32, 16]);
  });

  it('prices a strided sep_conv_3x3 at the halved size after its first depthwise conv', () => {
    const layers = OPERATORS.sep_conv_3x3!.layers({ channels: 16, stride: 2, affine: false, search: true });
    const cost = chainCost(layers, [32, 32, 16]);
    if (E.isLeft(cost)) throw new Error(cost.left.message);
    expect(cost.right.params).toBe(2 * (9 * 16 + 16 * 16));
    expect(cost.right.macs).toBe(2 * 256 * (9 * 16 + 16 * 16));
  });

  it('names the first layer that does not fit', () => {
    const cost = chainCost([{ kind: 'relu' }, conv(8, 8, 1, 1, 0)], [4, 4, 16]);
    expect(E.isLeft(cost) && cost.left.path).toBe('layers.1');
  });
});
