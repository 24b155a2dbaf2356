/**
 * The Keras (tfjs-layers) form of each {@link Layer} of the IR, in standard layers only, computing
 * what gold-nas's interpreter computes at inference:
 * - convolutions keep PyTorch's symmetric zero padding: `same` where Keras pads the same way
 *   (stride 1, odd extent), `ZeroPadding2D` then `valid` otherwise; a dilated depthwise convolution
 *   (tfjs-layers' `DepthwiseConv2D` ignores `dilation_rate`) or a dilated convolution with a stride
 *   above 1 (which tfjs refuses) gets its filter spread out with zeros, as gold-nas runs it;
 * - batch norms use their running averages (`BatchNormalization` with `center`/`scale` off when
 *   the IR's batch norm is not affine);
 * - pooling uses Keras' `same` padding, whose padded values never count (see `sameAxis`);
 * - FactorizedReduce is `ReLU`, a strided 1×1 convolution, the same on the input cropped by one
 *   pixel at the top and left (zero-padded at the bottom and right on odd sizes), `Concatenate`, BN.
 *
 * @module
 * @internal
 */
import { BATCH_NORM_EPSILON } from '../blocks/batchNorm.js';
import type { ConvLayer, FactorizedReduceLayer, Layer, PoolLayer } from '../space/layers.js';
import { layerOutputShape } from '../space/layers.js';
import type { KerasGraph, KerasTensor, KerasWeight } from './kerasGraph.js';
import { sameAxis } from './samePadding.js';

/** What emitting a layer needs: the graph, and the network's arrays by gold-nas name. @internal */
export interface EmitContext {
  readonly graph: KerasGraph;
  /**
   * The values of the network's array `name`, which must have `shape`. A missing or misshapen
   * array is recorded by the caller (the export fails) and zeros stand in, so that emission goes on.
   */
  readonly weight: (name: string, shape: readonly number[]) => Float32Array;
  /** Records a layer that has no standard-layer form (the export fails); emission goes on with a stand-in. */
  readonly unsupported: (name: string, message: string) => void;
}

const CHANNELS_LAST = { data_format: 'channels_last' } as const;

function outputShape(layer: Layer, x: KerasTensor): readonly number[] {
  const shape = layerOutputShape(layer, x.shape as readonly [number, number, number]);
  // The plan and every operator chain were checked before emission.
  if (typeof shape === 'string') throw new Error(`export: ${layer.kind} does not fit [${x.shape.join(', ')}]: ${shape}`);
  return shape;
}

function zeroPadding(ctx: EmitContext, name: string, x: KerasTensor, pad: readonly [readonly [number, number], readonly [number, number]]): KerasTensor {
  const [h, w, c] = x.shape as [number, number, number];
  return ctx.graph.add({
    className: 'ZeroPadding2D', name, inputs: [x], config: { padding: pad, ...CHANNELS_LAST },
    outputShape: [h + pad[0][0] + pad[0][1], w + pad[1][0] + pad[1][1], c],
  });
}

function cropping(ctx: EmitContext, name: string, x: KerasTensor, crop: readonly [readonly [number, number], readonly [number, number]]): KerasTensor {
  const [h, w, c] = x.shape as [number, number, number];
  return ctx.graph.add({
    className: 'Cropping2D', name, inputs: [x], config: { cropping: crop, ...CHANNELS_LAST },
    outputShape: [h - crop[0][0] - crop[0][1], w - crop[1][0] - crop[1][1], c],
  });
}

/**
 * Spreads a `[kH, kW, a, b]` filter to `[(kH−1)·d+1, (kW−1)·d+1, a, b]` with zeros between the taps.
 * @internal
 */
export function spreadFilter(values: Float32Array, shape: readonly number[], d: number): { values: Float32Array; shape: number[] } {
  const [kh, kw, a, b] = shape as [number, number, number, number];
  const h2 = (kh - 1) * d + 1;
  const w2 = (kw - 1) * d + 1;
  const inner = a * b;
  const out = new Float32Array(h2 * w2 * inner);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) out.set(values.subarray((i * kw + j) * inner, (i * kw + j + 1) * inner), (i * d * w2 + j * d) * inner);
  }
  return { values: out, shape: [h2, w2, a, b] };
}

function emitConv(ctx: EmitContext, layer: ConvLayer, name: string, x: KerasTensor): KerasTensor {
  const [kh, kw] = layer.kernel;
  const [sh, sw] = layer.stride;
  const [ph, pw] = layer.pad;
  const d = layer.dilation;
  const shape = layer.depthwise ? [kh, kw, layer.inC, 1] : [kh, kw, layer.inC, layer.outC];
  let filter = { values: ctx.weight(`${name}.weight`, shape), shape };
  const same = sh === 1 && sw === 1 && 2 * ph === d * (kh - 1) && 2 * pw === d * (kw - 1);
  const input = !same && (ph > 0 || pw > 0) ? zeroPadding(ctx, `${name}.pad`, x, [[ph, ph], [pw, pw]]) : x;
  // tfjs refuses a dilation with a stride above 1, and tfjs-layers' DepthwiseConv2D ignores its dilation_rate.
  const spread = d > 1 && (layer.depthwise || sh > 1 || sw > 1);
  if (spread) filter = spreadFilter(filter.values, shape, d);
  const rate = spread ? 1 : d;
  const config = {
    kernel_size: [filter.shape[0], filter.shape[1]], strides: [sh, sw], padding: same ? 'same' : 'valid', ...CHANNELS_LAST,
    dilation_rate: [rate, rate], activation: 'linear', use_bias: false,
  };
  return ctx.graph.add(layer.depthwise
    ? { className: 'DepthwiseConv2D', name, inputs: [input], config: { ...config, depth_multiplier: 1 }, outputShape: outputShape(layer, x), weights: [{ name: 'depthwise_kernel', ...filter }] }
    : { className: 'Conv2D', name, inputs: [input], config: { ...config, filters: layer.outC }, outputShape: outputShape(layer, x), weights: [{ name: 'kernel', ...filter }] });
}

/**
 * A batch norm with running averages, in inference form. Its arrays are gold-nas's `${name}.weight`
 * (γ), `.bias` (β), `.running_mean` and `.running_var`.
 */
function emitBatchNorm(ctx: EmitContext, channels: number, affine: boolean, name: string, x: KerasTensor): KerasTensor {
  const w = (suffix: string, keras: string): KerasWeight => ({ name: keras, shape: [channels], values: ctx.weight(`${name}.${suffix}`, [channels]) });
  const weights = [
    ...(affine ? [w('weight', 'gamma'), w('bias', 'beta')] : []),
    w('running_mean', 'moving_mean'),
    w('running_var', 'moving_variance'),
  ];
  return ctx.graph.add({
    className: 'BatchNormalization', name, inputs: [x], outputShape: x.shape, weights,
    // Keras' momentum is 1 − PyTorch's; it plays no part at inference.
    config: { axis: -1, momentum: 0.9, epsilon: BATCH_NORM_EPSILON, center: affine, scale: affine },
  });
}

function emitPool(ctx: EmitContext, layer: PoolLayer, name: string, x: KerasTensor): KerasTensor {
  const className = layer.pool === 'max' ? 'MaxPooling2D' : 'AveragePooling2D';
  const out = outputShape(layer, x);
  const config = { pool_size: [layer.size, layer.size], strides: [layer.stride, layer.stride], ...CHANNELS_LAST };
  if (layer.pad === 0) return ctx.graph.add({ className, name, inputs: [x], config: { ...config, padding: 'valid' }, outputShape: out });
  const [h, w, c] = x.shape as [number, number, number];
  const rows = sameAxis(h, layer.size, layer.stride, layer.pad);
  const cols = sameAxis(w, layer.size, layer.stride, layer.pad);
  // The DARTS operators always fit; a custom operator's pooling may not (a pad of half the window or more).
  if (rows === undefined || cols === undefined) {
    ctx.unsupported(name, `${layer.pool} pooling ${layer.size}x${layer.size} with stride ${layer.stride} and padding ${layer.pad} on a ${h}x${w} map has no ` +
      "standard Keras form (its padded values would have to count as -infinity or be left out of the average, which only 'same' padding does, and only up to half a window)");
    return { layer: name, shape: out };
  }
  const input = rows.extend > 0 || cols.extend > 0 ? zeroPadding(ctx, `${name}.extend`, x, [[0, rows.extend], [0, cols.extend]]) : x;
  const pooled = ctx.graph.add({
    className, name, inputs: [input], config: { ...config, padding: 'same' },
    outputShape: [out[0]! + rows.crop, out[1]! + cols.crop, c],
  });
  return rows.crop > 0 || cols.crop > 0 ? cropping(ctx, `${name}.crop`, pooled, [[0, rows.crop], [0, cols.crop]]) : pooled;
}

function conv1x1Stride2(ctx: EmitContext, name: string, x: KerasTensor, inC: number, outC: number): KerasTensor {
  const [h, w] = x.shape as [number, number, number];
  return ctx.graph.add({
    className: 'Conv2D', name, inputs: [x],
    config: { filters: outC, kernel_size: [1, 1], strides: [2, 2], padding: 'valid', ...CHANNELS_LAST, dilation_rate: [1, 1], activation: 'linear', use_bias: false },
    outputShape: [Math.ceil(h / 2), Math.ceil(w / 2), outC],
    weights: [{ name: 'kernel', shape: [1, 1, inC, outC], values: ctx.weight(`${name}.weight`, [1, 1, inC, outC]) }],
  });
}

function emitFactorizedReduce(ctx: EmitContext, layer: FactorizedReduceLayer, name: string, x: KerasTensor): KerasTensor {
  const [h, w] = x.shape as [number, number, number];
  if (h < 2 || w < 2) {
    ctx.unsupported(name, `FactorizedReduce of a ${h}x${w} map: its shifted half would be empty, which Cropping2D cannot make; use a larger input size`);
    return { layer: name, shape: outputShape(layer, x) };
  }
  const half = layer.outC / 2;
  const r = ctx.graph.add({ className: 'Activation', name: `${name}.relu`, inputs: [x], config: { activation: 'relu' }, outputShape: x.shape });
  const a = conv1x1Stride2(ctx, `${name}.conv_1`, r, layer.inC, half);
  // The second half reads the input shifted by one pixel, zero-padded at the bottom and right on odd sizes.
  let shifted = cropping(ctx, `${name}.shift`, r, [[1, 0], [1, 0]]);
  if (h % 2 !== 0 || w % 2 !== 0) shifted = zeroPadding(ctx, `${name}.shift_pad`, shifted, [[0, h % 2], [0, w % 2]]);
  const b = conv1x1Stride2(ctx, `${name}.conv_2`, shifted, layer.inC, half);
  const cat = ctx.graph.add({ className: 'Concatenate', name: `${name}.concat`, inputs: [a, b], config: { axis: -1 }, outputShape: outputShape(layer, x) });
  return emitBatchNorm(ctx, layer.outC, layer.affine, `${name}.bn`, cat);
}

/**
 * An all-zero output of `x`'s channels at `stride` (DARTS' `Zero`): a 1×1 depthwise convolution
 * with a zero filter, the one standard layer that makes zeros of the right shape from `x`.
 * @internal
 */
export function emitZero(ctx: EmitContext, name: string, x: KerasTensor, stride: number): KerasTensor {
  const [h, w, c] = x.shape as [number, number, number];
  return ctx.graph.add({
    className: 'DepthwiseConv2D', name, inputs: [x],
    config: { kernel_size: [1, 1], strides: [stride, stride], padding: 'valid', ...CHANNELS_LAST, dilation_rate: [1, 1], activation: 'linear', use_bias: false, depth_multiplier: 1 },
    outputShape: [Math.ceil(h / stride), Math.ceil(w / stride), c],
    weights: [{ name: 'depthwise_kernel', shape: [1, 1, c, 1], values: new Float32Array(c) }],
  });
}

/**
 * Emits one IR layer whose gold-nas arrays are named `${name}.…`, and returns its output.
 *
 * @param ctx - the graph and the arrays.
 * @param layer - the layer.
 * @param name - gold-nas's name prefix of the layer (`cells.3.edges.5.sep_conv_3x3.1`); the Keras layer gets it too.
 * @param x - its input.
 * @returns its output (the input itself for the identity).
 * @internal
 */
export function emitLayer(ctx: EmitContext, layer: Layer, name: string, x: KerasTensor): KerasTensor {
  switch (layer.kind) {
    case 'identity':
      return x;
    case 'relu':
      return ctx.graph.add({ className: 'Activation', name, inputs: [x], config: { activation: 'relu' }, outputShape: x.shape });
    case 'conv':
      return emitConv(ctx, layer, name, x);
    case 'bn':
      return emitBatchNorm(ctx, layer.channels, layer.affine, name, x);
    case 'pool':
      return emitPool(ctx, layer, name, x);
    case 'factorizedReduce':
      return emitFactorizedReduce(ctx, layer, name, x);
    case 'zero':
      return emitZero(ctx, name, x, layer.stride);
    case 'globalPool':
      return ctx.graph.add({ className: 'GlobalAveragePooling2D', name, inputs: [x], config: { ...CHANNELS_LAST }, outputShape: outputShape(layer, x) });
    case 'linear': {
      const flat = x.shape.length === 1 ? x : ctx.graph.add({ className: 'Flatten', name: `${name}.flatten`, inputs: [x], config: { ...CHANNELS_LAST }, outputShape: [layer.inF] });
      return ctx.graph.add({
        className: 'Dense', name, inputs: [flat], config: { units: layer.outF, activation: 'linear', use_bias: true }, outputShape: [layer.outF],
        weights: [
          { name: 'kernel', shape: [layer.inF, layer.outF], values: ctx.weight(`${name}.weight`, [layer.inF, layer.outF]) },
          { name: 'bias', shape: [layer.outF], values: ctx.weight(`${name}.bias`, [layer.outF]) },
        ],
      });
    }
  }
}

/**
 * Emits a chain of IR layers (a block) named `${block}.${i}` layer by layer, as gold-nas names its variables.
 *
 * @param ctx - the graph and the arrays.
 * @param layers - the chain.
 * @param block - the block's name prefix (`stem0`, `cells.2.preprocess0`, `cells.3.edges.5.sep_conv_3x3`).
 * @param x - its input.
 * @returns its output.
 * @internal
 */
export function emitChain(ctx: EmitContext, layers: readonly Layer[], block: string, x: KerasTensor): KerasTensor {
  return layers.reduce((t, layer, i) => emitLayer(ctx, layer, `${block}.${i}`, t), x);
}
