/**
 * A convolution filter rotated by 180° in space (and its channel axes swapped on request): the
 * filter of an input gradient computed as a forward convolution.
 *
 * @module
 */

/**
 * Flips a filter `[fh, fw, A, B]` in both spatial axes, optionally swapping its last two axes.
 *
 * @param v - the filter values, `[fh, fw, a, b]` row-major.
 * @param fh - filter height.
 * @param fw - filter width.
 * @param a - third axis.
 * @param b - fourth axis.
 * @param swap - whether to return `[fh, fw, b, a]`.
 * @returns the flipped values.
 */
export function flipFilter(v: Float32Array, fh: number, fw: number, a: number, b: number, swap: boolean): Float32Array {
  const out = new Float32Array(v.length);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const src = ((fh - 1 - i) * fw + (fw - 1 - j)) * a * b;
      const dst = (i * fw + j) * a * b;
      if (!swap) { out.set(v.subarray(src, src + a * b), dst); continue; }
      for (let p = 0; p < a; p++) for (let q = 0; q < b; q++) out[dst + q * a + p] = v[src + p * b + q]!;
    }
  }
  return out;
}
