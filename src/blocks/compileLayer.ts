/**
 * The tfjs interpreter of one {@link Layer}: its variables (drawn from a seeded generator) and a
 * function that applies it to an NHWC tensor. Internal; {@link buildBlock} chains these.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { NamedVariable } from '../namedVariable.js';
import type { Rng } from '../random.js';
import { factorizedReduceOp } from './factorizedReduceOp.js';
import type { BatchNormLayer, ConvLayer, FactorizedReduceLayer, Layer, LinearLayer, PoolLayer } from '../space/layers.js';
import { avgPoolExcludingPadding, globalAveragePool } from './avgPool.js';
import { BATCH_NORM_EPSILON, batchNormOps } from './batchNorm.js';
import { dilateFilter } from './dilateFilter.js';
import { kaimingUniform } from './initialisers.js';
import { reluDepthwiseOp, reluPointwiseOp, reluPointwisePartsOp } from './reluDepthwise.js';
import { POINTWISE_BATCH_NORM_KERNELS, RELU_SEPARABLE_BATCH_NORM_KERNELS, pointwiseBatchNormOps, reluSeparableBatchNormOps } from './batchNormChainOps.js';
import { RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL, RELU_POINTWISE_KERNEL } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';

/**
 * How batch norms get their statistics.
 * - `batch`: always the batch's statistics, no running averages (the DARTS search network).
 * - `running`: the batch's statistics in training, with running averages updated as PyTorch does
 *   (momentum 0.1, unbiased variance); the running averages at inference (the evaluation network).
 */
export type BatchNormMode = 'batch' | 'running';

/** What compiling a layer needs. */
export interface CompileContext {
  readonly tf: TF;
  readonly rng: Rng;
  readonly batchNorm: BatchNormMode;
}

/** One compiled layer. */
export interface CompiledLayer {
  /** Applies the layer (call inside `tidy`). */
  readonly apply: (x: Tensor, training: boolean) => Tensor;
  /**
   * `apply(x, training)·scale` for a scalar `scale`, when the layer can fold the product into its
   * own work (a batch norm without affine parameters, FactorizedReduce); absent otherwise.
   */
  readonly applyScaled?: (x: Tensor, training: boolean, scale: Scalar) => Tensor;
  /** The layer on an input given in parts along channels, when it can take one (see {@link PartsInput}). */
  readonly parts?: PartsInput;
  /** Trainable variables, with stable names. */
  readonly variables: readonly NamedVariable[];
  /** Non-trainable state (batch norm running averages), with stable names. */
  readonly buffers: readonly NamedVariable[];
  /** Frees the variables and any cached constants. */
  readonly dispose: () => void;
}

/**
 * A layer (or block) that reads its input as parts side by side along channels, so that the
 * concatenation is never made: a cell's output read by the next cells' preprocessing.
 * @internal
 */
export interface PartsInput {
  /** Whether it takes these parts now (the active backend's kernels, their shapes). */
  readonly fits: (xs: readonly Tensor[]) => boolean;
  /** The layer on `concat(xs, 3)`, with the same values and gradients. Call inside `tidy`. */
  readonly apply: (xs: readonly Tensor[], training: boolean) => Tensor;
}

type Padding = 'valid' | [[number, number], [number, number], [number, number], [number, number]];

function variable(tf: TF, values: Float32Array, shape: number[], trainable: boolean): Variable {
  const t = tf.tensor(values, shape);
  const v = tf.variable(t, trainable);
  t.dispose();
  return v;
}

function disposeAll(vars: readonly NamedVariable[]): void {
  for (const v of vars) v.variable.dispose();
}

function compileConv(ctx: CompileContext, layer: ConvLayer, name: string): Either<GoldNasError, CompiledLayer> {
  const { tf, rng } = ctx;
  const [kh, kw] = layer.kernel;
  if (layer.depthwise && layer.inC !== layer.outC) {
    return E.left(goldNasError('ConfigError', name, `a depthwise convolution maps C to C channels, got ${layer.inC} -> ${layer.outC}`));
  }
  const shape = layer.depthwise ? [kh, kw, layer.inC, 1] : [kh, kw, layer.inC, layer.outC];
  const fanIn = layer.depthwise ? kh * kw : kh * kw * layer.inC;
  const size = shape.reduce((a, b) => a * b, 1);
  const weight = variable(tf, kaimingUniform(rng, size, fanIn), shape, true);
  const [ph, pw] = layer.pad;
  const pad: Padding = ph === 0 && pw === 0 ? 'valid' : [[0, 0], [ph, ph], [pw, pw], [0, 0]];
  const stride: [number, number] = [layer.stride[0], layer.stride[1]];
  const apply = (x: Tensor): Tensor => {
    const f = dilateFilter(tf, weight as Tensor as Tensor4D, layer.dilation);
    return layer.depthwise ? tf.depthwiseConv2d(x as Tensor4D, f, stride, pad) : tf.conv2d(x as Tensor4D, f, stride, pad);
  };
  const variables = [{ name: `${name}.weight`, variable: weight }];
  return E.right({ apply, variables, buffers: [], dispose: () => disposeAll(variables) });
}

/** Whether a float32 input runs on gold-nas's `kernels` (the active backend has them all), checked at each call since the backend can change. */
const runsOn = (tf: TF, kernels: readonly string[]) => (x: Tensor): boolean => x.dtype === 'float32' && hasKernels(tf, kernels);

/** The fused kernels {@link compileReluConv} runs when the active backend has both, by the convolution's kind. */
const RELU_DEPTHWISE = [RELU_DEPTHWISE_KERNEL, RELU_DEPTHWISE_GRAD_KERNEL];
const RELU_POINTWISE = [RELU_POINTWISE_KERNEL, RELU_POINTWISE_GRAD_KERNEL];

/**
 * A ReLU followed by a depthwise convolution (the first two layers of a DARTS separable or dilated
 * convolution) or by a 1×1 stride-1 convolution (a cell's preprocessing), compiled as one layer: on
 * the fused kernels when the active backend has them, as `relu` then the convolution otherwise.
 * The convolution's variable is the one `compileConv` would make (same name, same initial values).
 *
 * @param ctx - tfjs, the generator and the batch-norm mode.
 * @param layer - the convolution after the ReLU.
 * @param name - the convolution's name prefix.
 * @returns the fused layer, or a `ConfigError`.
 * @internal
 */
export function compileReluConv(ctx: CompileContext, layer: ConvLayer, name: string): Either<GoldNasError, CompiledLayer> {
  const conv = compileConv(ctx, layer, name);
  if (E.isLeft(conv)) return conv;
  const { tf } = ctx;
  const weight = conv.right.variables[0]!.variable as Tensor as Tensor4D;
  const [kernels, fused] = layer.depthwise
    ? [RELU_DEPTHWISE, reluDepthwiseOp(tf, { strides: [layer.stride[0], layer.stride[1]], pad: [layer.pad[0], layer.pad[1]], dilation: layer.dilation })]
    : [RELU_POINTWISE, reluPointwiseOp(tf)];
  const onKernels = runsOn(tf, kernels);
  const apply = (x: Tensor, training: boolean): Tensor => (onKernels(x) ? fused(x as Tensor4D, weight) : conv.right.apply(tf.relu(x), training));
  if (layer.depthwise) return E.right({ ...conv.right, apply });
  // Parts of one shape, distinct, with channels the matrix-product loops take (a multiple of 4).
  const partsOps = new Map<number, ReturnType<typeof reluPointwisePartsOp>>();
  const parts: PartsInput = {
    fits: (xs) => {
      const first = xs[0];
      return first !== undefined && xs.length > 1 && onKernels(first) && first.rank === 4 && (first.shape[3] ?? 0) % 4 === 0
        && new Set(xs.map((x) => x.id)).size === xs.length && xs.every((x) => x.dtype === 'float32' && x.shape.every((d, i) => d === first.shape[i]));
    },
    apply: (xs) => {
      let op = partsOps.get(xs.length);
      if (op === undefined) partsOps.set(xs.length, (op = reluPointwisePartsOp(tf, xs.length)));
      return op(xs[0] as Tensor4D, weight, ...(xs.slice(1) as Tensor4D[]));
    },
  };
  return E.right({ ...conv.right, apply, parts });
}

/**
 * Whether layers `i` and `i + 1` are a ReLU and a convolution that {@link compileReluConv} can fuse:
 * a depthwise one (channels a multiple of 4), or a 1×1 one with stride 1 and no padding.
 * @internal
 */
export function isReluConv(layers: readonly Layer[], i: number): boolean {
  const next = layers[i + 1];
  if (layers[i]?.kind !== 'relu' || next?.kind !== 'conv') return false;
  if (next.depthwise) return next.inC % 4 === 0 && next.inC === next.outC;
  return isPlainPointwise(next);
}

/** Whether a convolution is 1×1 with stride 1 and no padding (what the fused 1×1 kernels take). */
function isPlainPointwise(conv: ConvLayer): boolean {
  return !conv.depthwise && conv.kernel[0] === 1 && conv.kernel[1] === 1 && conv.stride[0] === 1 && conv.stride[1] === 1 && conv.pad[0] === 0 && conv.pad[1] === 0;
}

/**
 * Whether layers `i` and `i + 1` are a 1×1 stride-1 convolution without padding and a batch norm
 * without affine parameters over its output, with batch statistics only (`batch` mode): the second
 * half of a separable or dilated convolution in the search network, which
 * {@link compilePointwiseBatchNorm} compiles as one layer.
 * @internal
 */
export function isPointwiseBatchNorm(layers: readonly Layer[], i: number, mode: BatchNormMode): boolean {
  const conv = layers[i];
  const bn = layers[i + 1];
  if (mode !== 'batch' || conv?.kind !== 'conv' || bn?.kind !== 'bn' || bn.affine) return false;
  return isPlainPointwise(conv) && conv.dilation === 1 && bn.channels === conv.outC;
}

/**
 * A 1×1 convolution and the batch norm after it (see {@link isPointwiseBatchNorm}) compiled as one
 * layer: on the fused kernels when the active backend has them (the same values, one kernel call
 * each way), as the two layers otherwise. The variables are the two layers' own (same names, same
 * initial values).
 *
 * @param ctx - tfjs, the generator and the batch-norm mode.
 * @param conv - the convolution.
 * @param bn - the batch norm.
 * @param convName - the convolution's name prefix.
 * @param bnName - the batch norm's name prefix.
 * @returns the fused layer, or a `ConfigError`.
 * @internal
 */
export function compilePointwiseBatchNorm(ctx: CompileContext, conv: ConvLayer, bn: BatchNormLayer, convName: string, bnName: string): Either<GoldNasError, CompiledLayer> {
  const c = compileConv(ctx, conv, convName);
  if (E.isLeft(c)) return c;
  const b = compileBatchNorm(ctx, bn, bnName);
  const weight = c.right.variables[0]!.variable as Tensor as Tensor4D;
  const ops = pointwiseBatchNormOps(ctx.tf);
  return E.right(chainLayer(runsOn(ctx.tf, POINTWISE_BATCH_NORM_KERNELS), {
    plain: (x) => ops.plain(x, weight),
    scaled: (x, s) => ops.scaled(x, weight, s),
  }, c.right, b));
}

/**
 * Whether layers `i` to `i + 3` are one half of a separable or dilated convolution in the search
 * network: a ReLU and a depthwise convolution {@link compileReluConv} fuses, then a 1×1 convolution
 * and a plain batch norm {@link compilePointwiseBatchNorm} fuses. {@link compileReluSeparableBatchNorm}
 * compiles them as one layer.
 * @internal
 */
export function isReluSeparableBatchNorm(layers: readonly Layer[], i: number, mode: BatchNormMode): boolean {
  return isReluConv(layers, i) && (layers[i + 1] as ConvLayer).depthwise && isPointwiseBatchNorm(layers, i + 2, mode);
}

/**
 * One half of a separable or dilated convolution (see {@link isReluSeparableBatchNorm}) compiled as
 * one layer: on the composed kernels when the active backend has them (the same values, one kernel
 * call each way), as the two fused layers otherwise. The variables are the layers' own (same names,
 * same initial values, drawn in the same order).
 *
 * @param ctx - tfjs, the generator and the batch-norm mode.
 * @param depthwise - the depthwise convolution (after the ReLU).
 * @param pointwise - the 1×1 convolution.
 * @param bn - the batch norm.
 * @param names - the three layers' name prefixes.
 * @returns the fused layer, or a `ConfigError`.
 * @internal
 */
export function compileReluSeparableBatchNorm(ctx: CompileContext, depthwise: ConvLayer, pointwise: ConvLayer, bn: BatchNormLayer,
  names: readonly [string, string, string]): Either<GoldNasError, CompiledLayer> {
  const first = compileReluConv(ctx, depthwise, names[0]);
  if (E.isLeft(first)) return first;
  const second = compilePointwiseBatchNorm(ctx, pointwise, bn, names[1], names[2]);
  if (E.isLeft(second)) {
    first.right.dispose();
    return second;
  }
  const [dwFilter, pwFilter] = [first.right.variables[0]!.variable, second.right.variables[0]!.variable] as Tensor[] as Tensor4D[];
  const ops = reluSeparableBatchNormOps(ctx.tf, { strides: [depthwise.stride[0], depthwise.stride[1]], pad: [depthwise.pad[0], depthwise.pad[1]], dilation: depthwise.dilation });
  return E.right(chainLayer(runsOn(ctx.tf, RELU_SEPARABLE_BATCH_NORM_KERNELS), {
    plain: (x) => ops.plain(x, dwFilter!, pwFilter!),
    scaled: (x, s) => ops.scaled(x, dwFilter!, pwFilter!, s),
  }, first.right, second.right));
}

/**
 * Two compiled layers, the second ending in a plain batch norm (so it has `applyScaled`), as one: on
 * gold-nas's composed kernels (`fused`) when `onKernels` accepts the input, as the two layers
 * otherwise. It owns both layers' variables.
 */
function chainLayer(onKernels: (x: Tensor) => boolean, fused: { plain: (x: Tensor4D) => Tensor; scaled: (x: Tensor4D, s: Scalar) => Tensor },
  first: CompiledLayer, last: CompiledLayer): CompiledLayer {
  const lastScaled = last.applyScaled!;
  return {
    apply: (x, training) => (onKernels(x) ? fused.plain(x as Tensor4D) : last.apply(first.apply(x, training), training)),
    applyScaled: (x, training, s) => (onKernels(x) ? fused.scaled(x as Tensor4D, s) : lastScaled(first.apply(x, training), training, s)),
    variables: [...first.variables, ...last.variables],
    buffers: [...first.buffers, ...last.buffers],
    dispose: () => (first.dispose(), last.dispose()),
  };
}

/** A batch norm over `channels`; shared by the `bn` layer and FactorizedReduce. */
function compileBatchNorm(ctx: CompileContext, layer: Pick<BatchNormLayer, 'channels' | 'affine'>, name: string): CompiledLayer {
  const { tf } = ctx;
  const c = layer.channels;
  const variables: NamedVariable[] = [];
  const buffers: NamedVariable[] = [];
  let gamma: Variable | undefined;
  let beta: Variable | undefined;
  if (layer.affine) {
    gamma = variable(tf, new Float32Array(c).fill(1), [c], true);
    beta = variable(tf, new Float32Array(c), [c], true);
    variables.push({ name: `${name}.weight`, variable: gamma }, { name: `${name}.bias`, variable: beta });
  }
  let runningMean: Variable | undefined;
  let runningVar: Variable | undefined;
  if (ctx.batchNorm === 'running') {
    runningMean = variable(tf, new Float32Array(c), [c], false);
    runningVar = variable(tf, new Float32Array(c).fill(1), [c], false);
    buffers.push({ name: `${name}.running_mean`, variable: runningMean }, { name: `${name}.running_var`, variable: runningVar });
  }
  const ops = batchNormOps(tf, runningMean === undefined || runningVar === undefined ? undefined : { mean: runningMean, variance: runningVar });
  const apply = (x: Tensor, training: boolean): Tensor => {
    if (runningMean !== undefined && runningVar !== undefined && !training) {
      return tf.batchNorm(x as Tensor4D, runningMean as Tensor1D, runningVar as Tensor1D, beta as Tensor1D | undefined, gamma as Tensor1D | undefined, BATCH_NORM_EPSILON);
    }
    return gamma !== undefined && beta !== undefined
      ? ops.affine(x as Tensor4D, gamma as Tensor1D, beta as Tensor1D)
      : ops.plain(x as Tensor4D);
  };
  // Without affine parameters the scale can be the batch norm's own; at inference with running
  // averages it is a plain product.
  const applyScaled = gamma === undefined
    ? (x: Tensor, training: boolean, scale: Scalar): Tensor =>
      (runningMean !== undefined && !training ? tf.mul(apply(x, training), scale) : ops.scaled(x as Tensor4D, scale))
    : undefined;
  const dispose = (): void => {
    disposeAll(variables);
    disposeAll(buffers);
    ops.dispose();
  };
  return { apply, ...(applyScaled !== undefined ? { applyScaled } : {}), variables, buffers, dispose };
}

function compilePool(ctx: CompileContext, layer: PoolLayer): CompiledLayer {
  const { tf } = ctx;
  if (layer.pool === 'max') {
    return {
      apply: (x) => tf.maxPool(x as Tensor4D, layer.size, layer.stride, layer.pad === 0 ? 'valid' : layer.pad),
      variables: [],
      buffers: [],
      dispose: () => undefined,
    };
  }
  const pool = avgPoolExcludingPadding(tf, layer.size, layer.stride, layer.pad);
  return { apply: (x) => pool.apply(x as Tensor4D), variables: [], buffers: [], dispose: pool.dispose };
}

function compileFactorizedReduce(ctx: CompileContext, layer: FactorizedReduceLayer, name: string): Either<GoldNasError, CompiledLayer> {
  const { tf, rng } = ctx;
  if (layer.outC % 2 !== 0) {
    return E.left(goldNasError('ConfigError', name, `FactorizedReduce needs an even number of output channels (two halves), got ${layer.outC}; use an even channel count C`));
  }
  const half = layer.outC / 2;
  const shape = [1, 1, layer.inC, half];
  const w1 = variable(tf, kaimingUniform(rng, layer.inC * half, layer.inC), shape, true);
  const w2 = variable(tf, kaimingUniform(rng, layer.inC * half, layer.inC), shape, true);
  const bn = compileBatchNorm(ctx, { channels: layer.outC, affine: layer.affine }, `${name}.bn`);
  const own = [{ name: `${name}.conv_1.weight`, variable: w1 }, { name: `${name}.conv_2.weight`, variable: w2 }];
  const reduce = factorizedReduceOp(tf);
  const halves = (x: Tensor): Tensor => reduce(x as Tensor4D, w1 as Tensor as Tensor4D, w2 as Tensor as Tensor4D);
  const apply = (x: Tensor, training: boolean): Tensor => bn.apply(halves(x), training);
  const scaledBn = bn.applyScaled;
  return E.right({
    apply,
    ...(scaledBn !== undefined ? { applyScaled: (x: Tensor, training: boolean, scale: Scalar) => scaledBn(halves(x), training, scale) } : {}),
    variables: [...own, ...bn.variables],
    buffers: bn.buffers,
    dispose: () => (disposeAll(own), bn.dispose()),
  });
}

function compileLinear(ctx: CompileContext, layer: LinearLayer, name: string): CompiledLayer {
  const { tf, rng } = ctx;
  const weight = variable(tf, kaimingUniform(rng, layer.inF * layer.outF, layer.inF), [layer.inF, layer.outF], true);
  const bias = variable(tf, kaimingUniform(rng, layer.outF, layer.inF), [layer.outF], true);
  const variables = [{ name: `${name}.weight`, variable: weight }, { name: `${name}.bias`, variable: bias }];
  const apply = (x: Tensor): Tensor => {
    const flat = x.rank === 2 ? (x as Tensor2D) : tf.reshape(x, [x.shape[0]!, layer.inF]);
    return tf.add(tf.matMul(flat as Tensor2D, weight as Tensor as Tensor2D), bias);
  };
  return { apply, variables, buffers: [], dispose: () => disposeAll(variables) };
}

const stateless = (apply: (x: Tensor) => Tensor): CompiledLayer => ({ apply, variables: [], buffers: [], dispose: () => undefined });

/**
 * Compiles one layer: creates its variables (named `${name}.weight` etc., PyTorch's names) and
 * returns the function that applies it.
 *
 * @param ctx - tfjs, the generator for initial values, and the batch-norm mode.
 * @param layer - the layer.
 * @param name - the stable name prefix of its variables.
 * @returns the compiled layer, or a `ConfigError` for a layer tfjs cannot run as given.
 * @internal
 */
export function compileLayer(ctx: CompileContext, layer: Layer, name: string): Either<GoldNasError, CompiledLayer> {
  const { tf } = ctx;
  switch (layer.kind) {
    case 'relu':
      return E.right(stateless((x) => tf.relu(x)));
    case 'identity':
      return E.right(stateless((x) => x));
    case 'zero':
      return E.right(
        stateless((x) => {
          const [n, h, w, c] = x.shape as [number, number, number, number];
          return tf.zeros([n, Math.ceil(h / layer.stride), Math.ceil(w / layer.stride), c]);
        }),
      );
    case 'globalPool':
      return E.right(stateless(globalAveragePool(tf)));
    case 'conv':
      return compileConv(ctx, layer, name);
    case 'bn':
      return E.right(compileBatchNorm(ctx, layer, name));
    case 'pool':
      return E.right(compilePool(ctx, layer));
    case 'factorizedReduce':
      return compileFactorizedReduce(ctx, layer, name);
    case 'linear':
      return E.right(compileLinear(ctx, layer, name));
  }
}
