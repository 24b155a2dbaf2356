/**
 * Helpers shared by the backend tests: seeded random data and float comparison.
 * (Not a test file: vitest only collects *.test.ts.)
 */
import { createRng } from '../../src/random.js';

/** Seeded normal samples, `n` of them. */
export function randomValues(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return v;
}

/** The number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** max |a - b| / max(1, max |b|): an error relative to the reference's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/** A readable name for a padding. */
export function padName(pad: unknown): string {
  return typeof pad === 'string' || typeof pad === 'number' ? String(pad) : JSON.stringify(pad);
}
