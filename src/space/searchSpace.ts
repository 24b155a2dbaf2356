/**
 * A search space: a macro layout, a constraint mode, the candidate operators, and the operator
 * table they come from. Also the flat enumeration of (cell, edge, operator) slots that the
 * super-network, gate snapshots, live masks and cost vectors all share.
 *
 * @module
 */
import type { MacroLayout } from './layout.js';
import { cellEdges, reductionCells } from './layout.js';
import type { OperatorTable } from './operators.js';

/**
 * `gold`: any subset of operators per edge, at least one live input per node, every cell its own.
 * `darts`: one operator per edge, two inputs per node, one normal and one reduction cell shared by all.
 *
 * @since 0.1.0
 */
export type ConstraintMode = 'gold' | 'darts';

/**
 * A search space. Build one with `searchSpace` (validated) or as a literal.
 *
 * @since 0.1.0
 */
export interface SearchSpace {
  readonly mode: ConstraintMode;
  readonly layout: MacroLayout;
  /** Candidate operator names, in slot order. Each must be a key of `table`. */
  readonly operators: readonly string[];
  /** Where operator names are looked up. */
  readonly table: OperatorTable;
}

/**
 * The most permissive space on a layout: `gold` rules, and every operator of the table a
 * candidate. Checking an architecture against it checks only that it fits the layout and that its
 * operators exist, which is what building, pricing or re-training a given architecture needs.
 *
 * @param layout - the macro layout.
 * @param table - the operator table; all its names become candidates, in key order.
 * @returns the space `{ mode: 'gold', layout, operators: Object.keys(table), table }`.
 *
 * @example
 * ```ts
 * import { cifarLayout, checkArchitecture, openSpace, OPERATORS } from 'gold-nas';
 * const space = openSpace(cifarLayout({ cells: 1, nodes: 1 }), OPERATORS);
 * checkArchitecture({ nodes: 1, cells: [{ reduction: true, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }] }] }, space); // Right
 * ```
 * @since 0.2.0
 */
export function openSpace(layout: MacroLayout, table: OperatorTable): SearchSpace {
  return { mode: 'gold', layout, operators: Object.keys(table), table };
}

/**
 * One (cell, edge, operator) of the super-network.
 *
 * @since 0.1.0
 */
export interface OperatorSlot {
  /** Position in {@link operatorSlots}' result. */
  readonly index: number;
  readonly cell: number;
  /** Edge index within the cell (see `cellEdges`). */
  readonly edge: number;
  readonly from: number;
  readonly to: number;
  /** Whether the edge has stride 2 (a reduction cell's edge from one of its inputs). */
  readonly strided: boolean;
  readonly op: string;
  /** Index of `op` in the space's `operators`. */
  readonly opIndex: number;
  /**
   * Index of this slot's architecture parameter. In `gold` mode every slot has its own
   * (equal to `index`); in `darts` mode all normal cells share one set and all reduction cells another.
   */
  readonly alpha: number;
}

/**
 * Enumerates every (cell, edge, operator) slot: cell-major, then edges (by target node, then source), then operators.
 *
 * @param space - the search space.
 * @returns the slots; `slots[i].index === i`.
 *
 * @example
 * ```ts
 * import { cifarLayout, operatorSlots, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const slots = operatorSlots({ mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * slots.length; // 5 cells × 14 edges × 2 operators = 140
 * ```
 * @since 0.1.0
 */
export function operatorSlots(space: SearchSpace): readonly OperatorSlot[] {
  const edges = cellEdges(space.layout.nodes);
  const reductions = reductionCells(space.layout.cells);
  const k = space.operators.length;
  const slots: OperatorSlot[] = [];
  for (let cell = 0; cell < space.layout.cells; cell++) {
    const reduction = reductions.includes(cell);
    edges.forEach(({ from, to }, edge) => {
      space.operators.forEach((op, opIndex) => {
        const index = slots.length;
        const alpha = space.mode === 'gold' ? index : ((reduction ? 1 : 0) * edges.length + edge) * k + opIndex;
        slots.push({ index, cell, edge, from, to, strided: reduction && from < 2, op, opIndex, alpha });
      });
    });
  }
  return slots;
}

/**
 * The number of architecture parameters of a space: one per slot in `gold` mode, 2·edges·operators in `darts` mode.
 *
 * @param space - the search space.
 * @returns the length of the α vector.
 *
 * @example
 * ```ts
 * import { alphaCount, cifarLayout, OPERATORS, DARTS_PRIMITIVES } from 'gold-nas';
 * alphaCount({ mode: 'darts', layout: cifarLayout(), operators: DARTS_PRIMITIVES, table: OPERATORS }); // 2 × 14 × 8 = 224
 * ```
 * @since 0.1.0
 */
export function alphaCount(space: SearchSpace): number {
  const perCell = cellEdges(space.layout.nodes).length * space.operators.length;
  return space.mode === 'gold' ? perCell * space.layout.cells : 2 * perCell;
}
