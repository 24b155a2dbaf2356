/**
 * Kendall's rank correlation τ-b, with ties: how well one ranking (the shared-weight estimates of a
 * search's candidates) agrees with another (their accuracies after re-training from scratch), the
 * usual sanity figure of one-shot NAS.
 *
 * @module
 */

/**
 * Kendall's τ-b of paired values and how many pairs it is over.
 *
 * @since 0.2.0
 */
export interface KendallTau {
  /** τ-b in [−1, 1]; NaN when it is undefined (fewer than two pairs, or every x or every y equal). */
  readonly tau: number;
  /** The number of (x, y) pairs. */
  readonly n: number;
}

/**
 * Kendall's τ-b of paired values: (n_c − n_d) / √((n_0 − n_1)(n_0 − n_2)), where n_c and n_d count the
 * concordant and discordant pairs of points, n_0 = n(n−1)/2, and n_1, n_2 the pairs tied in x and in y
 * (a pair tied in x or in y is neither concordant nor discordant). Without ties it is τ-a. O(n²).
 *
 * @param xs - the first values (e.g. the shared-weight held-out accuracies).
 * @param ys - the second values, paired by index (e.g. the re-trained test accuracies).
 * @returns τ-b and n; NaN for τ when it is undefined.
 * @throws Error if the two lists differ in length (a broken invariant of the caller).
 *
 * @example
 * ```ts
 * import { kendallTau } from 'gold-nas';
 * kendallTau([1, 2, 3], [1, 3, 2]).tau; // 1/3: two concordant pairs, one discordant
 * kendallTau([1, 1, 2], [1, 2, 3]).tau; // 2/√6 ≈ 0.816: the tie in x counts in neither
 * ```
 * @since 0.2.0
 */
export function kendallTau(xs: readonly number[], ys: readonly number[]): KendallTau {
  if (xs.length !== ys.length) throw new Error(`kendallTau: ${xs.length} x values but ${ys.length} y values`);
  const n = xs.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(xs[i]! - xs[j]!);
      const dy = Math.sign(ys[i]! - ys[j]!);
      if (dx === 0) tiedX += 1;
      if (dy === 0) tiedY += 1;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant += 1;
        else discordant += 1;
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return { tau: denominator > 0 ? (concordant - discordant) / denominator : NaN, n };
}
