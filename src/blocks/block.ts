/**
 * A block: a chain of {@link Layer}s interpreted with tfjs. Every part of both networks (stems,
 * preprocess, operators, heads) is one of these, so an operator has one definition (its layer
 * chain in the operator table) and one interpreter.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { GoldNasError } from '../errors.js';
import type { NamedVariable } from '../namedVariable.js';
import type { Rng } from '../random.js';
import type { BatchNormLayer, ConvLayer, Layer } from '../space/layers.js';
import type { BatchNormMode, CompiledLayer, PartsInput } from './compileLayer.js';
import { compileLayer, compilePointwiseBatchNorm, compileReluConv, compileReluSeparableBatchNorm, isPointwiseBatchNorm, isReluConv, isReluSeparableBatchNorm } from './compileLayer.js';
import { scaleOp } from './scaleOp.js';
import type { GatedTerm } from './weightedSum.js';
import { identityTermOp } from './weightedSum.js';

/** Options of {@link buildBlock}. */
export interface BlockOptions {
  /** Prefix of the variables' stable names: layer `i`'s weight is `${name}.${i}.weight`. */
  readonly name: string;
  /** Where initial values come from. */
  readonly rng: Rng;
  /** How batch norms get their statistics. */
  readonly batchNorm: BatchNormMode;
}

/** A compiled layer chain with its variables. */
export interface Block {
  /** The chain it interprets. */
  readonly layers: readonly Layer[];
  /** Trainable variables, by stable name. */
  readonly variables: readonly NamedVariable[];
  /** Batch-norm running averages (empty in `batch` mode), by stable name. */
  readonly buffers: readonly NamedVariable[];
  /**
   * Applies the chain to an NHWC tensor. Call inside `tidy`. `training` selects batch statistics
   * (and updates the running averages) in `running` mode; it has no effect in `batch` mode.
   */
  readonly apply: (x: Tensor, training: boolean) => Tensor;
  /**
   * `apply(x, training)·scale` for a scalar `scale` (the super-network's gate). A chain that ends in
   * a batch norm without affine parameters folds the product into it, which saves a pass over the
   * output and the gradient's two. Call inside `tidy`.
   */
  readonly applyScaled: (x: Tensor, training: boolean, scale: Scalar) => Tensor;
  /**
   * `applyScaled` left for `weightedSumOp` to finish: the scale folded into a last batch norm as
   * there (no `scale` in the result); for an identity, `identityTermOp`'s term (the product left to
   * the sum's pass); else `apply(x, training)` and the scale apart. Call inside `tidy`.
   */
  readonly applyGated: (x: Tensor, training: boolean, scale: Scalar) => GatedTerm;
  /** The block on an input in parts along channels, when its first layer can take one. */
  readonly parts?: PartsInput;
  /** Frees every variable and cached constant of the block. */
  readonly dispose: () => void;
}

/**
 * Compiles a layer chain into a {@link Block}: creates its variables from the seeded generator
 * (PyTorch's default initialisation) and returns the function that runs it.
 *
 * @param tf - the injected tfjs namespace.
 * @param layers - the chain (from the operator table or a network plan).
 * @param options - name prefix, generator, batch-norm mode.
 * @returns the block, or a `ConfigError` naming a layer tfjs cannot run as given.
 */
export function buildBlock(tf: TF, layers: readonly Layer[], options: BlockOptions): Either<GoldNasError, Block> {
  const ctx = { tf, rng: options.rng, batchNorm: options.batchNorm };
  const compiled: CompiledLayer[] = [];
  for (let i = 0; i < layers.length; i++) {
    // Layers that run as one (named after their own names): half a separable convolution (ReLU,
    // depthwise, 1×1, plain batch norm); else a ReLU and the depthwise or 1×1 convolution after it;
    // else a 1×1 convolution and the plain batch norm after it.
    const at = (k: number): string => `${options.name}.${i + k}`;
    const [c, span] = isReluSeparableBatchNorm(layers, i, options.batchNorm)
      ? [compileReluSeparableBatchNorm(ctx, layers[i + 1] as ConvLayer, layers[i + 2] as ConvLayer, layers[i + 3] as BatchNormLayer, [at(1), at(2), at(3)]), 4]
      : isReluConv(layers, i)
        ? [compileReluConv(ctx, layers[i + 1] as ConvLayer, at(1)), 2]
        : isPointwiseBatchNorm(layers, i, options.batchNorm)
          ? [compilePointwiseBatchNorm(ctx, layers[i] as ConvLayer, layers[i + 1] as BatchNormLayer, at(0), at(1)), 2]
          : [compileLayer(ctx, layers[i]!, at(0)), 1];
    if (E.isLeft(c)) {
      for (const done of compiled) done.dispose();
      return c;
    }
    compiled.push(c.right);
    i += span - 1;
  }
  const apply = (x: Tensor, training: boolean): Tensor => {
    let y = x;
    for (const c of compiled) y = c.apply(y, training);
    return y;
  };
  const scale = scaleOp(tf);
  // The block's term with its gate: folded into a last batch norm; else, for an identity, what
  // `identity` makes of it; else the output and the gate apart.
  const gatedTerm = (identity: (x: Tensor, s: Scalar) => GatedTerm) => (x: Tensor, training: boolean, s: Scalar): GatedTerm => {
    const last = compiled[compiled.length - 1];
    if (last?.applyScaled === undefined) {
      const y = apply(x, training);
      return y === x ? identity(x, s) : { y, scale: s };
    }
    let y = x;
    for (let i = 0; i < compiled.length - 1; i++) y = compiled[i]!.apply(y, training);
    return { y: last.applyScaled(y, training, s) };
  };
  const applyGated = gatedTerm(identityTermOp(tf));
  const scaledTerm = gatedTerm((x, s) => ({ y: scale(x, s) }));
  const applyScaled = (x: Tensor, training: boolean, s: Scalar): Tensor => {
    const { y, scale: apart } = scaledTerm(x, training, s);
    return apart === undefined ? y : scale(y, apart);
  };
  const firstParts = compiled[0]?.parts;
  const parts: PartsInput | undefined = firstParts === undefined ? undefined : {
    fits: firstParts.fits,
    apply: (xs, training) => {
      let y = firstParts.apply(xs, training);
      for (let i = 1; i < compiled.length; i++) y = compiled[i]!.apply(y, training);
      return y;
    },
  };
  return E.right({
    layers,
    ...(parts !== undefined ? { parts } : {}),
    variables: compiled.flatMap((c) => c.variables),
    buffers: compiled.flatMap((c) => c.buffers),
    apply,
    applyScaled,
    applyGated,
    dispose: () => {
      for (const c of compiled) c.dispose();
    },
  });
}
