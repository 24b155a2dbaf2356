/**
 * The exact cost of a whole network: any {@link Architecture} on any macro layout, priced from
 * the network plan and the operator table, with per-cell and per-operator breakdowns.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Architecture } from '../space/architecture.js';
import type { MacroLayout, NetworkPlan } from '../space/layout.js';
import { networkPlan } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS } from '../space/operators.js';
import type { FeatureShape } from '../space/layers.js';
import { chainCost } from './chainCost.js';
import { edgeCost, preprocessedCell } from './edgeCost.js';

/** Parameters and conv+linear multiply-accumulates of a part of a network. */
export interface ParamsMacs {
  readonly params: number;
  readonly macs: number;
}

/** Parameters, conv+linear MACs and FLOPs (= 2·MACs) of a network or a part of it. */
export interface Cost extends ParamsMacs {
  /** Always `2·macs`. */
  readonly flops: number;
}

/** How to price a network. */
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

/** The cost of one cell's operators (its preprocess blocks are reported apart, and belong to the fixed part). */
export interface CellCost extends ParamsMacs {
  /** Position of the cell. */
  readonly cell: number;
  readonly reduction: boolean;
  /** The cell's two preprocess blocks (already counted in {@link NetworkCost.fixed}). */
  readonly preprocess: ParamsMacs;
}

/** How often an operator occurs in a network and what all its occurrences cost together. */
export interface OperatorCost extends ParamsMacs {
  /** Number of (cell, edge) occurrences. */
  readonly count: number;
}

/**
 * A network's cost. `params = fixed.params + Σ perCell.params (+ auxiliary.params when requested)`
 * and `macs = fixed.macs + Σ perCell.macs`.
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

function checkArchitecture(arch: Architecture, plan: NetworkPlan): GoldNasError | undefined {
  const { layout } = plan;
  if (arch.nodes !== layout.nodes) {
    return goldNasError('ArchitectureError', 'nodes', `the architecture has ${arch.nodes} nodes per cell but the layout has ${layout.nodes}; use a layout with nodes: ${arch.nodes}`);
  }
  if (arch.cells.length !== layout.cells) {
    return goldNasError('ArchitectureError', 'cells', `the architecture has ${arch.cells.length} cells but the layout has ${layout.cells}; set the layout's cells to ${arch.cells.length}`);
  }
  for (const [i, cell] of arch.cells.entries()) {
    if (cell.reduction !== plan.cells[i]!.reduction) {
      return goldNasError('ArchitectureError', `cells.${i}.reduction`, `cell ${i} is ${plan.cells[i]!.reduction ? '' : 'not '}a reduction cell in this layout (reductions at floor(L/3) and floor(2L/3))`);
    }
    for (const [j, edge] of cell.edges.entries()) {
      if (!Number.isInteger(edge.to) || edge.to < 2 || edge.to >= layout.nodes + 2) {
        return goldNasError('ArchitectureError', `cells.${i}.edges.${j}.to`, `node ${edge.to} does not exist; nodes are 2..${layout.nodes + 1}`);
      }
      if (!Number.isInteger(edge.from) || edge.from < 0 || edge.from >= edge.to) {
        return goldNasError('ArchitectureError', `cells.${i}.edges.${j}.from`, `an edge into node ${edge.to} must read a state 0..${edge.to - 1}, got ${edge.from}`);
      }
    }
  }
  return undefined;
}

const volume = (shape: FeatureShape): number => shape.reduce((a, b) => a * b, 1);

/**
 * Prices a network exactly: parameters, conv+linear multiply-accumulates per example, and
 * FLOPs = 2·MACs. Batch norm, ReLU, pooling and the node additions are not in `macs` (the DARTS
 * convention); they are counted roughly in `elementwise`.
 *
 * Every operator is built from the table with context `{ channels: cell C, stride: 2 on a
 * reduction cell's edges from its inputs else 1, affine, search }`; stems, preprocess blocks and
 * heads come from `networkPlan(layout, { affine })`. Node values are the sums of their edges and
 * cell outputs concatenate all nodes.
 *
 * DARTS_V2 on `cifarLayout({ channels: 36, cells: 20 })` gives 3,349,342 parameters
 * (3,825,768 with the auxiliary head) and 528,359,040 MACs, as DARTS' reference code does.
 *
 * @param arch - the architecture, one entry per cell of the layout.
 * @param layout - the macro layout.
 * @param options - which network (evaluation by default), the auxiliary head, the operator table.
 * @returns the cost, or an `ArchitectureError` (arch does not fit the layout, unknown operator),
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
 */
export function networkCost(arch: Architecture, layout: MacroLayout, options: NetworkCostOptions = {}): Either<GoldNasError, NetworkCost> {
  const affine = options.affine ?? true;
  const network = { affine, search: options.search ?? false, table: options.table ?? OPERATORS };
  let plan: NetworkPlan;
  try {
    plan = networkPlan(layout, { affine });
  } catch (e) {
    return E.left(goldNasError('ConfigError', 'layout', `the layout does not give a valid network: ${e instanceof Error ? e.message : String(e)}`));
  }
  const bad = checkArchitecture(arch, plan);
  if (bad !== undefined) return E.left(bad);

  const image: FeatureShape = [layout.inputSize, layout.inputSize, layout.inputChannels];
  const stem0 = chainCost(plan.stem0, image);
  if (E.isLeft(stem0)) return E.left(goldNasError('ConfigError', `stem0.${stem0.left.path}`, stem0.left.message));
  const stem1 = chainCost(plan.stem1, stem0.right.output);
  if (E.isLeft(stem1)) return E.left(goldNasError('ConfigError', `stem1.${stem1.left.path}`, stem1.left.message));
  const head = chainCost(plan.head, plan.cells[plan.cells.length - 1]!.outputShape);
  if (E.isLeft(head)) return E.left(goldNasError('ConfigError', `head.${head.left.path}`, head.left.message));

  let fixedParams = stem0.right.params + stem1.right.params + head.right.params;
  let fixedMacs = stem0.right.macs + stem1.right.macs + head.right.macs;
  let elementwise = stem0.right.elementwise + stem1.right.elementwise + head.right.elementwise;
  const perCell: CellCost[] = [];
  const perOperator: Record<string, { count: number; params: number; macs: number }> = {};

  for (const [i, cellArch] of arch.cells.entries()) {
    const cellPlan = plan.cells[i]!;
    const pre = preprocessedCell(cellPlan, `cells.${i}`);
    if (E.isLeft(pre)) return pre;
    fixedParams += pre.right.preprocess.params;
    fixedMacs += pre.right.preprocess.macs;
    elementwise += pre.right.preprocess.elementwise;
    let params = 0;
    let macs = 0;
    const inputsPerNode = new Map<number, number>();
    for (const [j, edge] of cellArch.edges.entries()) {
      const cost = edgeCost(cellPlan, pre.right.states, edge.op, edge.from, network, `cells.${i}.edges.${j}`);
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
    perCell.push({ cell: i, reduction: cellPlan.reduction, params, macs, preprocess: { params: pre.right.preprocess.params, macs: pre.right.preprocess.macs } });
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
  const macs = fixedMacs + cellMacs;
  return E.right({
    params: fixedParams + cellParams + (auxiliary?.params ?? 0),
    macs,
    flops: 2 * macs,
    elementwise,
    perCell,
    perOperator,
    fixed: { params: fixedParams, macs: fixedMacs },
    ...(auxiliary === undefined ? {} : { auxiliary }),
  });
}
