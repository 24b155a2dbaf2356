/**
 * A small seeded random generator (xoshiro128**) whose whole state is four 32-bit integers, so
 * a run can checkpoint it and resume the exact same stream. All randomness in gold-nas comes
 * from one of these, passed in.
 *
 * @module
 */

/**
 * The serialisable state of an {@link Rng}: four unsigned 32-bit integers.
 *
 * @since 0.1.0
 */
export type RngState = readonly [number, number, number, number];

/**
 * A seeded random generator. Not cryptographic.
 *
 * @since 0.1.0
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A standard normal sample (Box–Muller). */
  normal(): number;
  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T>(a: T[]): T[];
  /** A new independent generator derived from this one's stream. */
  fork(): Rng;
  /** The current state, for checkpoints. */
  state(): RngState;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a generator from a seed, or from a state saved with `rng.state()`.
 *
 * @param seed - an integer seed, or a saved {@link RngState}.
 * @returns the generator.
 *
 * @example
 * ```ts
 * import { createRng } from 'gold-nas';
 * const rng = createRng(42);
 * const saved = rng.state();
 * const a = rng.next();
 * createRng(saved).next() === a; // true
 * ```
 * @since 0.1.0
 */
export function createRng(seed: number | RngState): Rng {
  let s: [number, number, number, number];
  if (typeof seed === 'number') {
    const sm = splitmix32(seed);
    s = [sm(), sm(), sm(), sm()];
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  } else {
    s = [seed[0] >>> 0, seed[1] >>> 0, seed[2] >>> 0, seed[3] >>> 0];
  }
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    s[0] >>>= 0;
    s[1] >>>= 0;
    s[2] >>>= 0;
    return result;
  };
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal: () => {
      const u = 1 - rng.next();
      const v = rng.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle: (a) => {
      for (let i = a.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
      }
      return a;
    },
    fork: () => createRng([nextU32(), nextU32(), nextU32(), nextU32() | 1]),
    state: () => [s[0], s[1], s[2], s[3]],
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
