/**
 * Internal helpers shared by `networkCost` and `slotCosts`: the preprocessed input states of a
 * cell and the cost of one operator on one edge. Not part of the public API.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { FeatureShape } from '../space/layers.js';
import { edgeOperatorLayers } from '../space/edgeOperator.js';
import type { CellPlan } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import type { LayerCost, ShapedLayerCost } from './layerCost.js';
import { chainCost } from './chainCost.js';

/** A cell's two preprocess blocks, priced, and the shapes of the states 0 and 1 they produce. */
export interface PreprocessedCell {
  readonly preprocess: LayerCost;
  readonly states: readonly [FeatureShape, FeatureShape];
}

/**
 * Prices a cell's preprocess blocks and returns the shapes of its states 0 and 1.
 *
 * @param cell - the cell's plan.
 * @param path - where to report errors (e.g. `cells.3`).
 * @returns the preprocess cost and state shapes, or a `ShapeError`.
 * @internal
 */
export function preprocessedCell(cell: CellPlan, path: string): Either<GoldNasError, PreprocessedCell> {
  const p0 = chainCost(cell.preprocess[0], cell.inputShapes[0]);
  if (E.isLeft(p0)) return E.left(goldNasError('ShapeError', `${path}.preprocess.0.${p0.left.path}`, p0.left.message));
  const p1 = chainCost(cell.preprocess[1], cell.inputShapes[1]);
  if (E.isLeft(p1)) return E.left(goldNasError('ShapeError', `${path}.preprocess.1.${p1.left.path}`, p1.left.message));
  return E.right({
    preprocess: {
      params: p0.right.params + p1.right.params,
      macs: p0.right.macs + p1.right.macs,
      elementwise: p0.right.elementwise + p1.right.elementwise,
    },
    states: [p0.right.output, p1.right.output],
  });
}

/** Options that pick the network an operator is priced in. */
export interface EdgeNetwork {
  readonly affine: boolean;
  readonly search: boolean;
  readonly table: OperatorTable;
}

/**
 * Prices operator `op` on the edge `from -> node` of a cell, checking that it yields the node's shape.
 *
 * @param cell - the cell's plan.
 * @param states - the shapes of the preprocessed states 0 and 1.
 * @param op - the operator's name.
 * @param from - the state the edge reads.
 * @param network - affine/search flags and the operator table.
 * @param path - where to report errors.
 * @returns the operator's cost, or an `ArchitectureError` (unknown operator) or `ShapeError`.
 * @internal
 */
export function edgeCost(
  cell: CellPlan,
  states: readonly [FeatureShape, FeatureShape],
  op: string,
  from: number,
  network: EdgeNetwork,
  path: string,
): Either<GoldNasError, ShapedLayerCost> {
  const def = Object.hasOwn(network.table, op) ? network.table[op] : undefined;
  if (def === undefined) {
    return E.left(goldNasError('ArchitectureError', `${path}.op`, `unknown operator '${op}'; known: ${Object.keys(network.table).join(', ')}`));
  }
  const layers = edgeOperatorLayers(def, cell, from, network);
  const input = from < 2 ? states[from as 0 | 1] : cell.nodeShape;
  const cost = chainCost(layers, input);
  if (E.isLeft(cost)) return E.left(goldNasError('ShapeError', `${path}.${cost.left.path}`, `${op}: ${cost.left.message}`));
  const out = cost.right.output;
  if (out.length !== 3 || out.some((d, i) => d !== cell.nodeShape[i])) {
    return E.left(goldNasError('ShapeError', path, `${op} produces [${out.join(', ')}] but the node is [${cell.nodeShape.join(', ')}]`));
  }
  return cost;
}
