/**
 * The sum of a node's gated terms, `Σ_k y_k·s_k` (a term without a gate counts once), differentiable
 * in every `y_k` and `s_k`. With gold-nas's `WEIGHTED_ADD_N_KERNEL` and `SCALE_GRAD_KERNEL` on the
 * active backend it is one kernel forward and one `SCALE_GRAD_KERNEL` per gated term backward, with
 * the same values as the products and their `addN`, which it falls back to otherwise.
 *
 * @module
 * @internal
 */
import type { GradSaveFunc, Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { SCALE_GRAD_KERNEL, WEIGHTED_ADD_N_KERNEL } from '../kernels/names/kernelNames.js';
import { hasKernels } from '../kernels/hasKernels.js';
import { scaleOp } from './scaleOp.js';

/**
 * One term of a sum: a tensor and its gate. Without `scale` or `after` the term is `y` as it is (a
 * gate already applied, or none). With `scale` the term is `y·scale`, the sum's to differentiate in
 * both. With `after` (see `identityTermOp`) it is `y·after` too, but `y`'s own tape node already
 * stands for the product and its gradient: the sum multiplies by `after` and hands `y` its dy as is.
 */
export interface GatedTerm {
  readonly y: Tensor;
  readonly scale?: Scalar;
  readonly after?: Scalar;
}

const FUSED = [WEIGHTED_ADD_N_KERNEL, SCALE_GRAD_KERNEL];

/** Whether the fused sum (and so `identityTermOp`'s deferred product) can take `x` as a term. */
const fusable = (tf: TF, x: Tensor): boolean => x.dtype === 'float32' && x.size % 4 === 0 && x.size > 0 && hasKernels(tf, FUSED);

/**
 * The term `x·s` of an operator that is the identity (skip_connect): with the fused sum, `y` is a
 * copy of `x` that shares its data (tfjs's `Identity`, zero-copy on gold-nas's wasm kernels) on a
 * tape node whose gradient is the product's (`SCALE_GRAD_KERNEL`), and the sum applies `s` in its
 * pass: no pass writes the product. The tape node keeps the product's place on the tape, so the
 * backward pass adds `x`'s gradient parts in the same order as with the product (and the sum's
 * gradient stays the same bits). Without the fused sum it is the product (`scaleOp`).
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op; call it inside `tidy`, and pass its term to `weightedSumOp`'s op only.
 * @internal
 */
export function identityTermOp(tf: TF): (x: Tensor, s: Scalar) => GatedTerm {
  const scale = scaleOp(tf);
  const deferred = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor;
    const s = args[1] as Scalar;
    (args[2] as GradSaveFunc)([x, s]);
    return {
      value: tf.clone(x),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.engine().runKernel(SCALE_GRAD_KERNEL, { dy, x: saved[0]!, scale: saved[1]! }, {}) as Tensor[],
    };
  }) as (x: Tensor, s: Scalar) => Tensor;
  return (x, s) => (fusable(tf, x) ? { y: deferred(x, s), after: s } : { y: scale(x, s) });
}

/**
 * The op `Σ_k y_k·s_k` over terms of one shape.
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op; call it inside `tidy`.
 * @internal
 */
export function weightedSumOp(tf: TF): (terms: readonly GatedTerm[]) => Tensor {
  const scale = scaleOp(tf);
  // The product `y·s` differentiated in `y` only (dy as is): a deferred term without the fused sum.
  const valueOnly = (s: Scalar): ((y: Tensor) => Tensor) => tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => ({
    value: tf.mul(args[0] as Tensor, s),
    gradFunc: (dy: Tensor) => [dy],
  })) as unknown as (y: Tensor) => Tensor;
  const fusedSum = (terms: readonly GatedTerm[]): Tensor => {
    const k = terms.length;
    const gated = terms.flatMap((t, i) => (t.scale !== undefined ? [i] : []));
    const sum = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
      const ys = args.slice(0, k) as Tensor[];
      const ss = args.slice(k, k + gated.length) as Scalar[];
      (args[k + gated.length] as GradSaveFunc)([...ys, ...ss]);
      const inputs: Record<string, Tensor> = {};
      ys.forEach((y, i) => { inputs[`x${i}`] = y; });
      gated.forEach((i, j) => { inputs[`s${i}`] = ss[j]!; });
      terms.forEach((t, i) => { if (t.after !== undefined) inputs[`s${i}`] = t.after; });
      return {
        value: tf.engine().runKernel(WEIGHTED_ADD_N_KERNEL, inputs, {}) as Tensor,
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const dys: Tensor[] = new Array<Tensor>(k).fill(dy);
          const dss = gated.map((i, j) => {
            const [dx, ds] = tf.engine().runKernel(SCALE_GRAD_KERNEL, { dy, x: saved[i]!, scale: saved[k + j]! }, {}) as Tensor[];
            dys[i] = dx!;
            return ds!;
          });
          return [...dys, ...dss];
        },
      };
    }) as unknown as (...args: Tensor[]) => Tensor;
    return sum(...terms.map((t) => t.y), ...gated.map((i) => terms[i]!.scale!));
  };
  return (terms) => {
    const first = terms[0]!.y;
    const fused = terms.length > 1 && fusable(tf, first)
      && terms.every((t) => t.y.dtype === 'float32' && t.y.rank === first.rank && t.y.shape.every((d, i) => d === first.shape[i]));
    if (fused) return fusedSum(terms);
    const ys = terms.map((t) => (t.scale !== undefined ? scale(t.y, t.scale) : t.after !== undefined ? valueOnly(t.after)(t.y) : t.y));
    return ys.length === 1 ? ys[0]! : tf.addN(ys);
  };
}
