import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Batch, GoldNasError, Rng } from '../../src/index.js';
import { formatError } from '../../src/index.js';

/** Unwraps a Right, failing the test with the error's message on a Left. */
export function right<A>(e: Either<GoldNasError, A>): A {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${formatError(e.left)}`);
  return e.right;
}

/** Unwraps a Left, failing the test on a Right. */
export function left<A>(e: Either<GoldNasError, A>): GoldNasError {
  if (E.isRight(e)) throw new Error('expected Left, got Right');
  return e.left;
}

/** A fake generator that returns fixed values: `int(n)` gives `ints(n)`, `next()` gives `next`. */
export function stubRng(ints: (n: number) => number, next = 0): Rng {
  const rng: Rng = {
    next: () => next,
    int: ints,
    normal: () => 0,
    shuffle: (a) => a,
    fork: () => rng,
    state: () => [0, 0, 0, 0],
  };
  return rng;
}

/** A batch whose value at (b, i, j, c) is `f(b, i, j, c)`. */
export function batchOf(n: number, h: number, w: number, c: number, f: (b: number, i: number, j: number, ch: number) => number): Batch {
  const x = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) x[((b * h + i) * w + j) * c + k] = f(b, i, j, k);
  return { x, y: Int32Array.from({ length: n }, (_, b) => b % 10), n, shape: [n, h, w, c] };
}
