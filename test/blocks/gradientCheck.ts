/** Test helper: central finite differences against tfjs gradients, on a few random coordinates. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/index.js';

export interface GradientCheckOptions {
  /** Coordinates checked per variable. */
  readonly coords?: number;
  /** Finite-difference step. */
  readonly eps?: number;
  /** Relative tolerance (of the larger magnitude). */
  readonly rtol?: number;
  /** Absolute tolerance, as a fraction of the largest analytic gradient entry of that variable. */
  readonly atolScale?: number;
  readonly seed?: number;
}

export interface GradientMismatch {
  readonly variable: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

/**
 * Compares tf.variableGrads of `loss` with central differences on random coordinates of each
 * variable. Returns the mismatches (empty when all agree) and how many coordinates were checked.
 */
export function gradientCheck(loss: () => tf.Scalar, vars: readonly tf.Variable[], options: GradientCheckOptions = {}): { mismatches: GradientMismatch[]; checked: number } {
  const coords = options.coords ?? 4;
  const eps = options.eps ?? 1e-3;
  const rtol = options.rtol ?? 3e-2;
  const atolScale = options.atolScale ?? 1e-2;
  const rng = createRng(options.seed ?? 7);
  const { value, grads } = tf.variableGrads(loss, [...vars]);
  value.dispose();
  const mismatches: GradientMismatch[] = [];
  let checked = 0;
  const f = (): number => tf.tidy(() => loss().dataSync()[0]!);
  vars.forEach((v, vi) => {
    const g = grads[v.name];
    const analyticAll = g === undefined ? new Float32Array(v.size) : (g.dataSync() as Float32Array);
    const scale = analyticAll.reduce((m, a) => Math.max(m, Math.abs(a)), 0);
    const original = v.dataSync().slice() as Float32Array;
    const set = (values: Float32Array): void => tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    for (let k = 0; k < Math.min(coords, v.size); k++) {
      const i = rng.int(v.size);
      const shifted = original.slice();
      shifted[i] = original[i]! + eps;
      set(shifted);
      const plus = f();
      shifted[i] = original[i]! - eps;
      set(shifted);
      const minus = f();
      set(original);
      const numeric = (plus - minus) / (2 * eps);
      const analytic = analyticAll[i]!;
      checked++;
      const tol = atolScale * scale + rtol * Math.max(Math.abs(numeric), Math.abs(analytic));
      if (!(Math.abs(numeric - analytic) <= tol)) mismatches.push({ variable: vi, index: i, analytic, numeric });
    }
  });
  tf.dispose(grads);
  return { mismatches, checked };
}

/** A fixed random tensor (seeded) for weighting outputs in test losses. */
export function seededTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal()), shape);
}
