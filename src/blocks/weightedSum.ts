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

/** One term of a sum: a tensor and its gate (absent: the tensor as it is, a gate already applied or none). */
export interface GatedTerm {
  readonly y: Tensor;
  readonly scale?: Scalar;
}

const FUSED = [WEIGHTED_ADD_N_KERNEL, SCALE_GRAD_KERNEL];

type Sum = (...args: Tensor[]) => Tensor;

/**
 * The op `Σ_k y_k·s_k` over terms of one shape.
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op; call it inside `tidy`.
 * @internal
 */
export function weightedSumOp(tf: TF): (terms: readonly GatedTerm[]) => Tensor {
  const scale = scaleOp(tf);
  // One differentiable function per pattern of gated and ungated terms ('10': the first gated).
  const sums = new Map<string, Sum>();
  const fusedSum = (pattern: string): Sum => {
    let f = sums.get(pattern);
    if (f === undefined) {
      const k = pattern.length;
      const gated = [...pattern].flatMap((c, i) => (c === '1' ? [i] : []));
      f = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
        const ys = args.slice(0, k) as Tensor[];
        const ss = args.slice(k, k + gated.length) as Scalar[];
        (args[k + gated.length] as GradSaveFunc)([...ys, ...ss]);
        const inputs: Record<string, Tensor> = {};
        ys.forEach((y, i) => { inputs[`x${i}`] = y; });
        gated.forEach((i, j) => { inputs[`s${i}`] = ss[j]!; });
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
      }) as unknown as Sum;
      sums.set(pattern, f);
    }
    return f;
  };
  return (terms) => {
    const first = terms[0]!.y;
    const fused = terms.length > 1 && first.dtype === 'float32' && first.size % 4 === 0 && first.size > 0
      && terms.every((t) => t.y.dtype === 'float32' && t.y.shape.every((d, i) => d === first.shape[i]) && t.y.rank === first.rank)
      && hasKernels(tf, FUSED);
    if (!fused) {
      const ys = terms.map((t) => (t.scale === undefined ? t.y : scale(t.y, t.scale)));
      return ys.length === 1 ? ys[0]! : tf.addN(ys);
    }
    const pattern = terms.map((t) => (t.scale === undefined ? '0' : '1')).join('');
    return fusedSum(pattern)(...terms.map((t) => t.y), ...terms.flatMap((t) => (t.scale === undefined ? [] : [t.scale])));
  };
}
