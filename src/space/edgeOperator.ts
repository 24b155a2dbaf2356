/**
 * The rule for one operator on one cell edge: its stride, the shape it reads and its layers.
 * Pricing (`edgeCost`), timing (`measureSlotLatency`) and space validation (`searchSpace`) all
 * take it from here, so they cannot disagree about which operator sits where.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { describeValue } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Layer } from './layers.js';
import { LAYER_KINDS } from './layers.js';
import type { CellPlan } from './layout.js';
import type { OperatorDef } from './operators.js';

/**
 * The stride of an edge: 2 on a reduction cell's edges from its two inputs (states 0 and 1),
 * 1 everywhere else.
 *
 * @param cell - the cell's plan.
 * @param from - the state the edge reads.
 * @returns 1 or 2.
 *
 * @internal
 */
export function edgeStride(cell: CellPlan, from: number): 1 | 2 {
  return cell.reduction && from < 2 ? 2 : 1;
}

/**
 * The shape an edge's operator reads in a valid plan: a preprocessed cell input (`[H, W, C]` at
 * the inputs' size) on a strided edge, the node shape's size with C channels otherwise.
 *
 * @param cell - the cell's plan.
 * @param from - the state the edge reads.
 * @returns the input shape, one example, NHWC without N.
 *
 * @internal
 */
export function edgeInputShape(cell: CellPlan, from: number): readonly [number, number, number] {
  return edgeStride(cell, from) === 2
    ? [cell.inputShapes[1][0], cell.inputShapes[1][1], cell.channels]
    : [cell.nodeShape[0], cell.nodeShape[1], cell.channels];
}

/**
 * The layers of an operator on an edge: the table entry built with the cell's width, the edge's
 * stride and the network's batch-norm flags.
 *
 * @param def - the operator's table entry.
 * @param cell - the cell's plan.
 * @param from - the state the edge reads.
 * @param network - `affine` batch norms (evaluation network), `search` (the super-network).
 * @returns the layer chain.
 *
 * @internal
 */
export function edgeOperatorLayers(
  def: OperatorDef,
  cell: CellPlan,
  from: number,
  network: { readonly affine: boolean; readonly search: boolean },
): readonly Layer[] {
  return def.layers({ channels: cell.channels, stride: edgeStride(cell, from), affine: network.affine, search: network.search });
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

/**
 * {@link edgeOperatorLayers}, checked to be a list of layers of known kinds: a custom operator's
 * `layers` function is user code, so what it returns (or throws) becomes a `ConfigError` at
 * `table.<op>` rather than a crash further on (in `buildSupernet`, after other blocks' tensors were made).
 *
 * @param def - the operator's table entry.
 * @param op - its name, for the error path.
 * @param cell - the cell's plan.
 * @param from - the state the edge reads.
 * @param network - `affine` batch norms (evaluation network), `search` (the super-network).
 * @returns the layer chain, or the `ConfigError`.
 *
 * @internal
 */
export function checkedEdgeOperatorLayers(
  def: OperatorDef,
  op: string,
  cell: CellPlan,
  from: number,
  network: { readonly affine: boolean; readonly search: boolean },
): Either<GoldNasError, readonly Layer[]> {
  const fail = (path: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('ConfigError', path, message));
  let layers: unknown;
  try {
    layers = typeof def.layers === 'function' ? edgeOperatorLayers(def, cell, from, network) : undefined;
  } catch (e) {
    return fail(`table.${op}`, `the layers function of operator '${op}' threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(layers)) return fail(`table.${op}`, `the layers function of operator '${op}' must return a list of layers, got ${describeValue(layers)}`);
  for (const [i, layer] of (layers as unknown[]).entries()) {
    const kind = isObject(layer) ? layer.kind : undefined;
    if (!(LAYER_KINDS as readonly unknown[]).includes(kind)) {
      return fail(`table.${op}.layers.${i}.kind`, `operator '${op}' has a layer of unknown kind ${describeValue(kind)}; known kinds: ${LAYER_KINDS.join(', ')}`);
    }
  }
  return E.right(layers as readonly Layer[]);
}
