/**
 * The exact cost of a whole network: any {@link Architecture} on any macro layout, priced from
 * the network plan and the operator table, with per-cell and per-operator breakdowns.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Architecture } from '../space/architecture.js';
import { checkArchitecture } from '../space/decodeArchitecture.js';
import type { MacroLayout } from '../space/layout.js';
import { networkPlanChecked } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS } from '../space/operators.js';
import { openSpace } from '../space/searchSpace.js';
import { chainCost } from './chainCost.js';
import type { Cost, ParamsMacs } from './cost.js';
import { edgeCost } from './edgeCost.js';
import { fixedPart } from './fixedCost.js';
import { volume } from './layerCost.js';

/**
 * How to price a network.
 *
 * @since 0.1.0
 */
export interface NetworkCostOptions {
  /** Affine batch norms in cells and preprocess blocks: true for the evaluation network (default), false for the search network. */
  readonly affine?: boolean;
  /** The super-network: pooling operators get an extra non-affine batch norm, as in DARTS' `MixedOp`. Default false. */
  readonly search?: boolean;
  /** Include the auxiliary head's parameters in `params` (its MACs are reported apart, never in `macs`). Default false. */
  readonly auxiliary?: boolean;
  /** The operator table operator names are looked up in. Default `OPERATORS`. */
  readonly table?: OperatorTable;
}

/**
 * The cost of one cell's operators (its preprocess blocks are reported apart, and belong to the fixed part).
 *
 * @since 0.1.0
 */
export interface CellCost extends ParamsMacs {
  /** Position of the cell. */
  readonly cell: number;
  readonly reduction: boolean;
  /** The cell's two preprocess blocks (already counted in {@link NetworkCost.fixed}). */
  readonly preprocess: ParamsMacs;
}

/**
 * How often an operator occurs in a network and what all its occurrences cost together.
 *
 * @since 0.1.0
 */
export interface OperatorCost extends ParamsMacs {
  /** Number of (cell, edge) occurrences. */
  readonly count: number;
}

/**
 * A network's cost. `params = fixed.params + Σ perCell.params (+ auxiliary.params when requested)`
 * and `macs = fixed.macs + Σ perCell.macs`.
 *
 * @since 0.1.0
 */
export interface NetworkCost extends Cost {
  /**
   * Elementwise work left out of `macs`: ReLU, batch norm, pooling, global pooling, biases and
   * the additions that sum a node's edges (auxiliary head excluded). A rough count; see `LayerCost`.
   */
  readonly elementwise: number;
  /** One entry per cell: its operators' cost. */
  readonly perCell: readonly CellCost[];
  /** Per operator name: occurrences and their summed cost. */
  readonly perOperator: Readonly<Record<string, OperatorCost>>;
  /** The part that no pruning removes: stems, every cell's preprocess blocks, global pooling and classifier. */
  readonly fixed: ParamsMacs;
  /** The auxiliary head, when `options.auxiliary` is set: its params are in `params`, its MACs are not in `macs`. */
  readonly auxiliary?: ParamsMacs;
}

/**
 * Prices a network exactly: parameters, conv+linear multiply-accumulates per example, and
 * FLOPs in the paper's unit (multiply-adds, = MACs). Batch norm, ReLU, pooling and the node additions are not in `macs` (the DARTS
 * convention); they are counted roughly in `elementwise`.
 *
 * Every operator is built from the table with the context: channels = the cell's C, stride 2 on a
 * reduction cell's edges from its inputs (else 1), `affine` and `search`; stems, preprocess blocks and
 * heads come from `networkPlan(layout, { affine })`. Node values are the sums of their edges and
 * cell outputs concatenate all nodes.
 *
 * DARTS_V2 on `cifarLayout({ channels: 36, cells: 20 })` gives 3,349,342 parameters
 * (3,825,768 with the auxiliary head) and 528,359,040 MACs, as DARTS' reference code does.
 *
 * @param arch - the architecture, one entry per cell of the layout.
 * @param layout - the macro layout.
 * @param options - which network (evaluation by default), the auxiliary head, the operator table.
 * @returns the cost, or an `ArchitectureError` (arch breaks a rule of `checkArchitecture` in `gold`
 *   mode over every operator of the table: it does not fit the layout, names an unknown operator,
 *   repeats an edge or leaves a node without input; the same check `buildNetwork` makes),
 *   `ShapeError` (an operator does not produce the node's shape) or `ConfigError` (layout too small, or
 *   the auxiliary head requested where it does not fit).
 *
 * @example
 * ```ts
 * import { networkCost, cifarLayout } from 'gold-nas';
 * import type { Architecture } from 'gold-nas';
 * const cell = (reduction: boolean) => ({
 *   reduction,
 *   edges: [2, 3, 4, 5].flatMap((to) => [0, 1].map((from) => ({ op: 'sep_conv_3x3', from, to }))),
 * });
 * const arch: Architecture = { nodes: 4, cells: [cell(false), cell(true), cell(false)] };
 * const cost = networkCost(arch, cifarLayout({ channels: 16, cells: 3 }), { affine: true });
 * if (cost._tag === 'Right') console.log(cost.right.params, cost.right.flops);
 * ```
 * @since 0.1.0
 */
export function networkCost(arch: Architecture, layout: MacroLayout, options: NetworkCostOptions = {}): Either<GoldNasError, NetworkCost> {
  const args = checkArguments('networkCost', { arch: [arch, 'object', 'the architecture'], layout: [layout, 'object', 'the macro layout'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  const affine = options.affine ?? true;
  const network = { affine, search: options.search ?? false, table: options.table ?? OPERATORS };
  const planned = networkPlanChecked(layout, { affine });
  if (E.isLeft(planned)) return planned;
  const plan = planned.right;
  const checked = checkArchitecture(arch, openSpace(layout, network.table));
  if (E.isLeft(checked)) return checked;
  const fixed = fixedPart(plan);
  if (E.isLeft(fixed)) return fixed;

  let elementwise = fixed.right.elementwise;
  const perCell: CellCost[] = [];
  const perOperator: Record<string, { count: number; params: number; macs: number }> = {};

  for (const [i, cellArch] of arch.cells.entries()) {
    const cellPlan = plan.cells[i]!;
    const pre = fixed.right.cells[i]!;
    let params = 0;
    let macs = 0;
    const inputsPerNode = new Map<number, number>();
    for (const [j, edge] of cellArch.edges.entries()) {
      const cost = edgeCost(cellPlan, pre.states, edge.op, edge.from, network, `cells.${i}.edges.${j}`);
      if (E.isLeft(cost)) return cost;
      params += cost.right.params;
      macs += cost.right.macs;
      elementwise += cost.right.elementwise;
      inputsPerNode.set(edge.to, (inputsPerNode.get(edge.to) ?? 0) + 1);
      const entry = (perOperator[edge.op] ??= { count: 0, params: 0, macs: 0 });
      entry.count += 1;
      entry.params += cost.right.params;
      entry.macs += cost.right.macs;
    }
    for (const k of inputsPerNode.values()) elementwise += (k - 1) * volume(cellPlan.nodeShape);
    perCell.push({ cell: i, reduction: cellPlan.reduction, params, macs, preprocess: { params: pre.preprocess.params, macs: pre.preprocess.macs } });
  }

  let auxiliary: ParamsMacs | undefined;
  if (options.auxiliary === true) {
    if (typeof plan.auxiliaryHead === 'string') return E.left(goldNasError('ConfigError', 'auxiliary', plan.auxiliaryHead));
    const aux = chainCost(plan.auxiliaryHead, plan.cells[plan.auxiliaryAfter]!.outputShape);
    if (E.isLeft(aux)) return E.left(goldNasError('ConfigError', `auxiliary.${aux.left.path}`, aux.left.message));
    auxiliary = { params: aux.right.params, macs: aux.right.macs };
  }

  const cellParams = perCell.reduce((s, c) => s + c.params, 0);
  const cellMacs = perCell.reduce((s, c) => s + c.macs, 0);
  const macs = fixed.right.macs + cellMacs;
  return E.right({
    params: fixed.right.params + cellParams + (auxiliary?.params ?? 0),
    macs,
    flops: macs,
    elementwise,
    perCell,
    perOperator,
    fixed: { params: fixed.right.params, macs: fixed.right.macs },
    ...(auxiliary === undefined ? {} : { auxiliary }),
  });
}
