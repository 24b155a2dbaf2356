/**
 * The cost of a chain of layers: each layer priced at the shape the previous one produces.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { FeatureShape, Layer } from '../space/layers.js';
import type { ShapedLayerCost } from './layerCost.js';
import { layerCost } from './layerCost.js';

/**
 * Walks a chain of layers from an input shape, pricing each layer where it sits
 * (see `layerCost` for what `params`, `macs` and `elementwise` count; FLOPs = MACs, multiply-adds, as the paper counts them).
 *
 * @param layers - the chain, e.g. an operator's layers or a preprocess block.
 * @param input - the chain's input shape.
 * @returns the summed cost and the chain's output shape, or a `ShapeError` naming the first layer that does not fit (`path` is `layers.<i>`).
 *
 * @example
 * ```ts
 * import { chainCost, OPERATORS } from 'gold-nas';
 * const layers = OPERATORS.sep_conv_3x3!.layers({ channels: 16, stride: 1, affine: true, search: false });
 * const cost = chainCost(layers, [32, 32, 16]);
 * // Right({ params: 864, macs: 819200, elementwise: ..., output: [32, 32, 16] })
 * ```
 * @since 0.1.0
 */
export function chainCost(layers: readonly Layer[], input: FeatureShape): Either<GoldNasError, ShapedLayerCost> {
  let params = 0;
  let macs = 0;
  let elementwise = 0;
  let shape: FeatureShape = input;
  for (const [i, layer] of layers.entries()) {
    const cost = layerCost(layer, shape);
    if (E.isLeft(cost)) return E.left(goldNasError('ShapeError', `layers.${i}`, `${layer.kind}: ${cost.left.message}`));
    params += cost.right.params;
    macs += cost.right.macs;
    elementwise += cost.right.elementwise;
    shape = cost.right.output;
  }
  return E.right({ params, macs, elementwise, output: shape });
}
