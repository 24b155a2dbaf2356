/**
 * The median of a list of numbers (the mean of the two middle ones for an even count).
 *
 * @module
 * @internal
 */

/**
 * The median of `values` (which it does not reorder).
 *
 * @param values - at least one number.
 * @returns the middle value, or the mean of the two middle values.
 * @internal
 */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
