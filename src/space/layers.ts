/**
 * The layer IR: every block of every network (operators, stems, preprocess, heads) is a
 * chain of these plain values. The resource estimators price them and the tfjs builders
 * run them, so each block has exactly one definition.
 *
 * Tensors are NHWC. Padding is explicit and symmetric, as in PyTorch's DARTS, so shapes and
 * costs match the reference code exactly.
 *
 * @module
 */

/**
 * A rectified linear unit. Costs nothing in the MAC count.
 *
 * @since 0.1.0
 */
export interface ReluLayer {
  readonly kind: 'relu';
}

/**
 * A 2-D convolution without bias (DARTS convs have none).
 * `depthwise: true` means one filter per channel (`inC === outC`, channel multiplier 1).
 *
 * @since 0.1.0
 */
export interface ConvLayer {
  readonly kind: 'conv';
  readonly inC: number;
  readonly outC: number;
  /** Kernel height and width. */
  readonly kernel: readonly [number, number];
  /** Stride along height and width. */
  readonly stride: readonly [number, number];
  /** Symmetric zero padding along height and width. */
  readonly pad: readonly [number, number];
  readonly dilation: number;
  readonly depthwise: boolean;
}

/**
 * Batch normalisation over channels. `affine: false` has no learnable scale or shift
 * (the DARTS search network); `affine: true` has both (2·C parameters).
 *
 * @since 0.1.0
 */
export interface BatchNormLayer {
  readonly kind: 'bn';
  readonly channels: number;
  readonly affine: boolean;
}

/**
 * Max or average pooling with symmetric padding. Average pooling excludes the padding from
 * the divisor (PyTorch's `count_include_pad=False`), as DARTS does.
 *
 * @since 0.1.0
 */
export interface PoolLayer {
  readonly kind: 'pool';
  readonly pool: 'max' | 'avg';
  readonly size: number;
  readonly stride: number;
  readonly pad: number;
}

/**
 * DARTS FactorizedReduce: ReLU, then two 1×1 stride-2 convolutions (`inC -> outC/2` each), the
 * second on the input shifted by one pixel, concatenated on channels, then batch norm.
 * On odd sizes the shifted half is zero-padded at the bottom and right so both halves have
 * `ceil(H/2)` rows.
 *
 * @since 0.1.0
 */
export interface FactorizedReduceLayer {
  readonly kind: 'factorizedReduce';
  readonly inC: number;
  readonly outC: number;
  readonly affine: boolean;
}

/**
 * The identity: output is input.
 *
 * @since 0.1.0
 */
export interface IdentityLayer {
  readonly kind: 'identity';
}

/**
 * DARTS `Zero` (the `none` operator): an all-zero output, strided like the edge.
 *
 * @since 0.1.0
 */
export interface ZeroLayer {
  readonly kind: 'zero';
  readonly stride: number;
}

/**
 * Global average pooling over height and width, giving `[N, C]`.
 *
 * @since 0.1.0
 */
export interface GlobalPoolLayer {
  readonly kind: 'globalPool';
}

/**
 * A fully connected layer with bias, on `[N, inF]` (a 4-D input is flattened first).
 *
 * @since 0.1.0
 */
export interface LinearLayer {
  readonly kind: 'linear';
  readonly inF: number;
  readonly outF: number;
}

/**
 * One layer of the IR.
 *
 * @since 0.1.0
 */
export type Layer =
  | ReluLayer
  | ConvLayer
  | BatchNormLayer
  | PoolLayer
  | FactorizedReduceLayer
  | IdentityLayer
  | ZeroLayer
  | GlobalPoolLayer
  | LinearLayer;

/**
 * Every layer kind of the IR, as `Layer['kind']` lists them.
 */
export const LAYER_KINDS: readonly Layer['kind'][] = ['relu', 'conv', 'bn', 'pool', 'factorizedReduce', 'identity', 'zero', 'globalPool', 'linear'];

/**
 * The shape of one example flowing through the IR: `[height, width, channels]`, or `[features]` after pooling.
 *
 * @since 0.1.0
 */
export type FeatureShape = readonly [number, number, number] | readonly [number];

/**
 * The output length of a convolution or pooling window along one axis (PyTorch's formula).
 *
 * @param size - input length.
 * @param kernel - window length.
 * @param stride - step.
 * @param pad - symmetric zero padding.
 * @param dilation - spacing between taps (1 for dense).
 * @returns `floor((size + 2·pad − dilation·(kernel−1) − 1) / stride) + 1`.
 *
 * @example
 * ```ts
 * import { windowOutputSize } from 'gold-nas';
 * windowOutputSize(32, 3, 2, 1, 1); // 16
 * ```
 * @since 0.1.0
 */
export function windowOutputSize(size: number, kernel: number, stride: number, pad: number, dilation = 1): number {
  return Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * The output shape of one layer for one example, or a message saying why the input does not fit.
 *
 * @param layer - the layer.
 * @param input - its input shape.
 * @returns the output shape, or a string describing the mismatch (or naming an unknown `kind`).
 *
 * @example
 * ```ts
 * import { layerOutputShape } from 'gold-nas';
 * layerOutputShape({ kind: 'factorizedReduce', inC: 16, outC: 32, affine: true }, [7, 7, 16]); // [4, 4, 32]
 * ```
 * @since 0.1.0
 */
export function layerOutputShape(layer: Layer, input: FeatureShape): FeatureShape | string {
  if (layer.kind === 'linear') {
    const features = input.reduce((a, b) => a * b, 1);
    return features === layer.inF ? [layer.outF] : `linear expects ${layer.inF} features, got ${features}`;
  }
  if (input.length !== 3) return `${layer.kind} expects a [height, width, channels] input, got [${input.join(', ')}]`;
  const [h, w, c] = input;
  switch (layer.kind) {
    case 'relu':
    case 'identity':
      return input;
    case 'bn':
      return c === layer.channels ? input : `batch norm over ${layer.channels} channels got ${c}`;
    case 'conv': {
      if (c !== layer.inC) return `conv expects ${layer.inC} input channels, got ${c}`;
      const oh = windowOutputSize(h, layer.kernel[0], layer.stride[0], layer.pad[0], layer.dilation);
      const ow = windowOutputSize(w, layer.kernel[1], layer.stride[1], layer.pad[1], layer.dilation);
      return oh > 0 && ow > 0 ? [oh, ow, layer.outC] : `conv output would be empty for a ${h}x${w} input`;
    }
    case 'pool': {
      const oh = windowOutputSize(h, layer.size, layer.stride, layer.pad);
      const ow = windowOutputSize(w, layer.size, layer.stride, layer.pad);
      return oh > 0 && ow > 0 ? [oh, ow, c] : `pool output would be empty for a ${h}x${w} input`;
    }
    case 'factorizedReduce':
      if (c !== layer.inC) return `factorized reduce expects ${layer.inC} input channels, got ${c}`;
      return [Math.ceil(h / 2), Math.ceil(w / 2), layer.outC];
    case 'zero':
      return [Math.ceil(h / layer.stride), Math.ceil(w / layer.stride), c];
    case 'globalPool':
      return [c];
    default:
      return `unknown layer kind '${String((layer as { readonly kind?: unknown }).kind)}'; known kinds: ${LAYER_KINDS.join(', ')}`;
  }
}

/**
 * Runs {@link layerOutputShape} along a chain of layers.
 *
 * @param layers - the chain.
 * @param input - the chain's input shape.
 * @returns the output shape, or a string naming the first layer that does not fit.
 *
 * @example
 * ```ts
 * import { chainOutputShape, OPERATORS } from 'gold-nas';
 * const layers = OPERATORS.sep_conv_3x3!.layers({ channels: 16, stride: 2, affine: false, search: true });
 * chainOutputShape(layers, [32, 32, 16]); // [16, 16, 16]
 * ```
 * @since 0.1.0
 */
export function chainOutputShape(layers: readonly Layer[], input: FeatureShape): FeatureShape | string {
  let shape: FeatureShape = input;
  for (const [i, layer] of layers.entries()) {
    const next = layerOutputShape(layer, shape);
    if (typeof next === 'string') return `layer ${i} (${layer.kind}): ${next}`;
    shape = next;
  }
  return shape;
}
