/**
 * The fixed part of a network: stems, every cell's preprocess blocks, global pooling and the
 * classifier. Pruning operators never removes it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { GoldNasException, goldNasError } from '../errors.js';
import type { FeatureShape, Layer } from '../space/layers.js';
import type { NetworkPlan } from '../space/layout.js';
import { networkPlan } from '../space/layout.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { chainCost } from './chainCost.js';
import type { PreprocessedCell } from './edgeCost.js';
import { preprocessedCell } from './edgeCost.js';
import type { LayerCost, ShapedLayerCost } from './layerCost.js';
import type { Cost } from './cost.js';

/** The fixed part of a planned network, priced, with each cell's preprocessed input states. */
export interface FixedPart extends LayerCost {
  /** Per cell, in order: its two preprocess blocks, priced (included in the totals), and the shapes of states 0 and 1. */
  readonly cells: readonly PreprocessedCell[];
}

function priced(layers: readonly Layer[], input: FeatureShape, path: string): Either<GoldNasError, ShapedLayerCost> {
  const cost = chainCost(layers, input);
  return E.isLeft(cost) ? E.left(goldNasError('ConfigError', `${path}.${cost.left.path}`, cost.left.message)) : cost;
}

/**
 * Prices the fixed part of a planned network (no auxiliary head): stems, every cell's preprocess
 * blocks, global pooling and the classifier. The one place that prices it: `networkCost`,
 * `slotCosts` and `fixedCost` all read it from here, together with each cell's state shapes.
 *
 * @param plan - the network plan.
 * @returns params, MACs and elementwise work of the fixed part and each cell's preprocessed states,
 *   or a `ConfigError` (a stem or the head does not fit, path `stem0.layers.<i>`, `stem1…` or `head…`)
 *   or a `ShapeError` (a preprocess block does not fit, path `cells.<i>.preprocess.<s>…`).
 * @internal
 */
export function fixedPart(plan: NetworkPlan): Either<GoldNasError, FixedPart> {
  const { layout } = plan;
  const stem0 = priced(plan.stem0, [layout.inputSize, layout.inputSize, layout.inputChannels], 'stem0');
  if (E.isLeft(stem0)) return stem0;
  const stem1 = priced(plan.stem1, stem0.right.output, 'stem1');
  if (E.isLeft(stem1)) return stem1;
  const head = priced(plan.head, plan.cells[plan.cells.length - 1]!.outputShape, 'head');
  if (E.isLeft(head)) return head;
  let params = stem0.right.params + stem1.right.params + head.right.params;
  let macs = stem0.right.macs + stem1.right.macs + head.right.macs;
  let elementwise = stem0.right.elementwise + stem1.right.elementwise + head.right.elementwise;
  const cells: PreprocessedCell[] = [];
  for (const [i, cell] of plan.cells.entries()) {
    const pre = preprocessedCell(cell, `cells.${i}`);
    if (E.isLeft(pre)) return pre;
    params += pre.right.preprocess.params;
    macs += pre.right.preprocess.macs;
    elementwise += pre.right.preprocess.elementwise;
    cells.push(pre.right);
  }
  return E.right({ params, macs, elementwise, cells });
}

/**
 * {@link fixedPart} for callers that hold a validated space: the value, or the error thrown.
 *
 * @param plan - the network plan.
 * @returns the priced fixed part.
 * @throws GoldNasException if a block does not fit its input (a broken plan).
 * @internal
 */
export function fixedPartOrThrow(plan: NetworkPlan): FixedPart {
  const part = fixedPart(plan);
  if (E.isLeft(part)) throw new GoldNasException(part.left);
  return part.right;
}

/**
 * The cost of the part of a space's super-network that is never pruned: stems, every cell's
 * preprocess blocks, global pooling and the classifier (no auxiliary head). Priced in the search
 * network (non-affine preprocess batch norms) unless `options.affine` is set.
 * MACs count convolutions and linear layers only; FLOPs are multiply-adds (= MACs), the paper's unit.
 *
 * @param space - the search space.
 * @param options - `affine`: price the evaluation network's batch norms instead (default false).
 * @returns params, MACs and FLOPs of the fixed part.
 * @throws GoldNasException if the layout is too small to plan.
 *
 * @example
 * ```ts
 * import { fixedCost, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const fixed = fixedCost({ mode: 'gold', layout: cifarLayout({ channels: 36, cells: 14 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * fixed.flops; // the FLOPs every pruned network still pays
 * ```
 * @since 0.1.0
 */
export function fixedCost(space: SearchSpace, options: { readonly affine?: boolean } = {}): Cost {
  const { params, macs } = fixedPartOrThrow(networkPlan(space.layout, { affine: options.affine ?? false }));
  return { params, macs, flops: macs };
}
