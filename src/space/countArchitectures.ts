/**
 * The size of a search space (METHOD.md §2), exactly, as a bigint, and its base-10 logarithm.
 *
 * @module
 */
import { reductionCells } from './layout.js';
import type { ConstraintMode, SearchSpace } from './searchSpace.js';

/**
 * The shape of a space as far as counting goes; {@link countArchitectures} also takes a whole `SearchSpace`.
 *
 * @since 0.1.0
 */
export interface CountOptions {
  readonly mode: ConstraintMode;
  /** Intermediate nodes per cell. */
  readonly nodes: number;
  /** K, the number of candidate operators per edge. */
  readonly operators: number;
  /** L, the number of cells. */
  readonly cells: number;
}

/**
 * A space size: the exact count and its base-10 logarithm (`-Infinity` for an empty space).
 *
 * @since 0.1.0
 */
export interface ArchitectureCount {
  readonly exact: bigint;
  readonly log10: number;
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`countArchitectures: ${name} must be a non-negative integer, got ${value}`);
}

/** n choose 2 as a bigint. */
function choose2(n: number): bigint {
  return (BigInt(n) * BigInt(n - 1)) / 2n;
}

/**
 * The base-10 logarithm of a non-negative bigint, accurate to double precision however large
 * the number is: the digit count plus the logarithm of the leading 17 digits.
 *
 * @param n - the number.
 * @returns log10(n), or `-Infinity` for 0.
 */
function bigLog10(n: bigint): number {
  if (n === 0n) return -Infinity;
  const digits = n.toString();
  if (digits.length <= 17) return Math.log10(Number(n));
  return Math.log10(Number(digits.slice(0, 17))) + (digits.length - 17);
}

/**
 * Counts the architectures of a space.
 *
 * - `gold`: node j (j = 0..n−1) has j+2 incoming edges of K operators each and keeps any
 *   non-empty subset of those K·(j+2) operators, so one cell has Π_j (2^(K(j+2)) − 1)
 *   architectures, and the L cells are independent: the count is that to the power L.
 * - `darts`: node j keeps 2 of its j+2 inputs and one operator on each, C(j+2, 2)·K² choices, so
 *   one cell type has Π_j C(j+2, 2)·K²; normal and reduction cells are each shared, so the count is
 *   that to the power of the number of cell types the layout has (2, or 1 when L ≤ 2).
 *
 * @param space - a search space, or just its mode, node count, operator count and cell count.
 * @returns the exact count and its base-10 logarithm.
 * @throws RangeError if a count in `CountOptions` is not a non-negative integer (a programming error; validate user input with `searchSpace`).
 *
 * @example
 * ```ts
 * import { countArchitectures } from 'gold-nas';
 * countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 1 }).exact; // 246517425n
 * countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 14 }).log10; // ≈ 117.49
 * ```
 * @since 0.1.0
 */
export function countArchitectures(space: SearchSpace | CountOptions): ArchitectureCount {
  const options: CountOptions =
    'layout' in space
      ? { mode: space.mode, nodes: space.layout.nodes, operators: space.operators.length, cells: space.layout.cells }
      : space;
  const { mode, nodes, operators: k, cells } = options;
  checkCount('nodes', nodes);
  checkCount('operators', k);
  checkCount('cells', cells);
  let perCell = 1n;
  if (mode === 'gold') {
    for (let j = 0; j < nodes; j++) perCell *= (1n << BigInt(k * (j + 2))) - 1n;
    const exact = perCell ** BigInt(cells);
    return { exact, log10: bigLog10(exact) };
  }
  const kk = BigInt(k) * BigInt(k);
  for (let j = 0; j < nodes; j++) perCell *= choose2(j + 2) * kk;
  const reductions = cells === 0 ? 0 : reductionCells(cells).length;
  const types = (reductions > 0 ? 1 : 0) + (cells > reductions ? 1 : 0);
  const exact = perCell ** BigInt(types);
  return { exact, log10: bigLog10(exact) };
}
