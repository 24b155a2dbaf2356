import { cifarLayout, fullLiveMask, GOLD_PRIMITIVES, OPERATORS, operatorSlots } from '../../src/index.js';
import type { LiveMask, OperatorSlot } from '../../src/index.js';

/**
 * One cell, two nodes, two operators: node 2 has slots 0..3 (edges 0→2, 1→2), node 3 has
 * slots 4..9 (edges 0→3, 1→3, 2→3).
 */
export const tinySlots: readonly OperatorSlot[] = operatorSlots({
  mode: 'gold',
  layout: cifarLayout({ cells: 1, nodes: 2 }),
  operators: GOLD_PRIMITIVES,
  table: OPERATORS,
});

/** Gates for the tiny space: node 2's four values, then node 3's six. */
export function gates(node2: readonly number[], node3: readonly number[]): Float32Array {
  if (node2.length !== 4 || node3.length !== 6) throw new Error('fixture: 4 + 6 gates');
  return Float32Array.from([...node2, ...node3]);
}

export const uniform = gates([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1, 1, 1]);

export function full(): LiveMask {
  return fullLiveMask(tinySlots);
}

/** A FLOPs model: `perOp` per live operator plus a fixed part. */
export function flopsPerOp(perOp: number, fixed = 0): (live: LiveMask) => number {
  return (live) => fixed + perOp * live.reduce((a, b) => a + b, 0);
}
