/**
 * The fixed part of a network: stems, every cell's preprocess blocks, global pooling and the
 * classifier. Pruning operators never removes it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { GoldNasException } from '../errors.js';
import type { FeatureShape, Layer } from '../space/layers.js';
import type { NetworkPlan } from '../space/layout.js';
import { networkPlan } from '../space/layout.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { chainCost } from './chainCost.js';
import { preprocessedCell } from './edgeCost.js';
import type { Cost, ParamsMacs } from './networkCost.js';

function priced(layers: readonly Layer[], input: FeatureShape, path: string): ParamsMacs & { readonly output: FeatureShape } {
  const cost = chainCost(layers, input);
  if (E.isLeft(cost)) throw new GoldNasException({ ...cost.left, path: `${path}.${cost.left.path}` });
  return cost.right;
}

/**
 * The fixed part of a planned network (no auxiliary head).
 *
 * @param plan - the network plan.
 * @returns its params and MACs.
 * @throws GoldNasException if a block does not fit its input (a broken plan).
 * @internal
 */
export function fixedPartCost(plan: NetworkPlan): ParamsMacs {
  const { layout } = plan;
  const stem0 = priced(plan.stem0, [layout.inputSize, layout.inputSize, layout.inputChannels], 'stem0');
  const stem1 = priced(plan.stem1, stem0.output, 'stem1');
  const head = priced(plan.head, plan.cells[plan.cells.length - 1]!.outputShape, 'head');
  let params = stem0.params + stem1.params + head.params;
  let macs = stem0.macs + stem1.macs + head.macs;
  for (const [i, cell] of plan.cells.entries()) {
    const pre = preprocessedCell(cell, `cells.${i}`);
    if (E.isLeft(pre)) throw new GoldNasException(pre.left);
    params += pre.right.preprocess.params;
    macs += pre.right.preprocess.macs;
  }
  return { params, macs };
}

/**
 * The cost of the part of a space's super-network that is never pruned: stems, every cell's
 * preprocess blocks, global pooling and the classifier (no auxiliary head). Priced in the search
 * network (non-affine preprocess batch norms) unless `options.affine` is set.
 * MACs count convolutions and linear layers only; FLOPs = 2·MACs.
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
 */
export function fixedCost(space: SearchSpace, options: { readonly affine?: boolean } = {}): Cost {
  const { params, macs } = fixedPartCost(networkPlan(space.layout, { affine: options.affine ?? false }));
  return { params, macs, flops: 2 * macs };
}
