/**
 * The exact cost of one layer of the IR at a given input shape: learnable parameters,
 * conv+linear multiply-accumulates, and a separate count of the remaining elementwise work.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { FeatureShape, Layer } from '../space/layers.js';
import { layerOutputShape } from '../space/layers.js';

/**
 * The cost of one layer (or a chain of layers) for one example.
 *
 * - `params`: learnable parameters (BN running statistics are buffers, not parameters).
 * - `macs`: multiply-accumulates of convolutions and linear layers only, the "conv+linear MACs"
 *   DARTS-family papers report (often under the name "FLOPs" or "multi-adds").
 *   Batch norm, ReLU, pooling, identity and the additions that sum a node's edges are NOT in it.
 *   FLOPs, where reported, are these multiply-adds, as in the papers.
 * - `elementwise`: a rough count of that other work, kept apart from `macs`: ReLU 1 and batch
 *   norm 2 per element, pooling `size²` per output element, global pooling 1 per input
 *   element, a linear bias 1 per output.
 *
 * @since 0.1.0
 */
export interface LayerCost {
  readonly params: number;
  readonly macs: number;
  readonly elementwise: number;
}

/**
 * A {@link LayerCost} together with the shape the layer produces.
 *
 * @since 0.1.0
 */
export interface ShapedLayerCost extends LayerCost {
  /** The layer's output shape. */
  readonly output: FeatureShape;
}

/**
 * The number of elements of a feature map: the product of its dimensions.
 *
 * @param shape - the shape (one example, no batch axis).
 * @returns the element count.
 * @internal
 */
export function volume(shape: FeatureShape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The learnable parameters of a layer; they do not depend on the input shape.
 *
 * - conv (no bias): `inC/groups · outC · kh · kw`; depthwise: `C · kh · kw`;
 * - batch norm: `2·C` when affine, 0 otherwise;
 * - linear: `in · out + out`;
 * - FactorizedReduce: two 1×1 convs `inC → outC/2` (`inC · outC` in all) plus its batch norm;
 * - ReLU, pooling, identity, zero, global pooling: 0.
 *
 * @param layer - the layer.
 * @returns its parameter count.
 *
 * @example
 * ```ts
 * import { layerParams } from 'gold-nas';
 * layerParams({ kind: 'linear', inF: 576, outF: 10 }); // 5770
 * ```
 * @since 0.1.0
 */
export function layerParams(layer: Layer): number {
  switch (layer.kind) {
    case 'conv':
      return (layer.depthwise ? layer.outC : layer.inC * layer.outC) * layer.kernel[0] * layer.kernel[1];
    case 'bn':
      return layer.affine ? 2 * layer.channels : 0;
    case 'linear':
      return layer.inF * layer.outF + layer.outF;
    case 'factorizedReduce':
      return layer.inC * layer.outC + (layer.affine ? 2 * layer.outC : 0);
    case 'relu':
    case 'pool':
    case 'identity':
    case 'zero':
    case 'globalPool':
      return 0;
  }
}

/**
 * Prices one layer at a given input shape (one example, NHWC without N).
 *
 * MACs per layer (the FLOPs gold-nas reports are these multiply-adds):
 * - conv: `outH · outW · outC · (inC/groups) · kh · kw` (depthwise: `outH · outW · C · kh · kw`);
 * - linear: `in · out` (the bias add is elementwise work);
 * - FactorizedReduce: its two 1×1 stride-2 convs, each over the `ceil(H/2)·ceil(W/2)` output
 *   grid (`outH · outW · inC · outC` in all; on odd sizes the shifted half is zero-padded, as in
 *   the layer IR);
 * - everything else: 0 (counted in `elementwise` instead).
 *
 * @param layer - the layer.
 * @param input - its input shape.
 * @returns the cost and output shape, or a `ShapeError` when the input does not fit the layer.
 *
 * @example
 * ```ts
 * import { layerCost } from 'gold-nas';
 * const conv = { kind: 'conv', inC: 3, outC: 108, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: 1, depthwise: false } as const;
 * const cost = layerCost(conv, [32, 32, 3]);
 * // Right({ params: 2916, macs: 2985984, elementwise: 0, output: [32, 32, 108] })
 * ```
 * @since 0.1.0
 */
export function layerCost(layer: Layer, input: FeatureShape): Either<GoldNasError, ShapedLayerCost> {
  const output = layerOutputShape(layer, input);
  if (typeof output === 'string') return E.left(goldNasError('ShapeError', layer.kind, output));
  const params = layerParams(layer);
  const outElems = volume(output);
  const inElems = volume(input);
  let macs = 0;
  let elementwise = 0;
  switch (layer.kind) {
    case 'conv': {
      const perOutput = (layer.depthwise ? 1 : layer.inC) * layer.kernel[0] * layer.kernel[1];
      macs = outElems * perOutput;
      break;
    }
    case 'linear':
      macs = layer.inF * layer.outF;
      elementwise = layer.outF;
      break;
    case 'factorizedReduce':
      // ReLU on the input, two 1×1 convs each producing outC/2 channels on the output grid, BN.
      macs = outElems * layer.inC;
      elementwise = inElems + 2 * outElems;
      break;
    case 'relu':
      elementwise = inElems;
      break;
    case 'bn':
      elementwise = 2 * inElems;
      break;
    case 'pool':
      elementwise = outElems * layer.size * layer.size;
      break;
    case 'globalPool':
      elementwise = inElems;
      break;
    case 'identity':
    case 'zero':
      break;
  }
  return E.right({ params, macs, elementwise, output });
}
