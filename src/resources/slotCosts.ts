/**
 * The cost of every operator slot of a super-network: what each (cell, edge, operator) adds to
 * the live network's parameters and MACs. The resource penalty weighs these by the gates, and
 * {@link liveCost} sums them over a live mask.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { GoldNasException } from '../errors.js';
import type { NetworkPlan } from '../space/layout.js';
import { networkPlan } from '../space/layout.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { operatorSlots } from '../space/searchSpace.js';
import { edgeCost } from './edgeCost.js';
import { fixedPartOrThrow } from './fixedCost.js';
import type { ParamsMacs } from './cost.js';

/**
 * Which network slots are priced in. The defaults are the DARTS search network.
 *
 * @since 0.1.0
 */
export interface SlotCostOptions {
  /** Affine batch norms (default false, as in the search network). */
  readonly affine?: boolean;
  /** Pooling operators carry an extra non-affine batch norm (default true, as in the search network). */
  readonly search?: boolean;
}

/**
 * Per-slot costs, indexed like `operatorSlots(space)`, plus the fixed part (stems, preprocess,
 * classifier) of the same network, so that `fixed + Σ live slots` is the live network's cost.
 *
 * @since 0.1.0
 */
export interface SlotCosts {
  /** Parameters of each slot's operator on its edge. */
  readonly params: Float64Array;
  /** Conv+linear multiply-accumulates of each slot's operator on its edge, per example (the FLOPs gold-nas reports). */
  readonly macs: Float64Array;
  /** The part no pruning removes, priced with the same options. */
  readonly fixed: ParamsMacs;
}

/**
 * Prices every operator slot of a space in the search network (batch norms not affine, pooling
 * followed by a non-affine batch norm), each on its own edge at its own shape.
 *
 * @param space - a validated search space.
 * @param options - which network to price in (default: the search network).
 * @returns one params and one MACs entry per slot, and the fixed part.
 * @throws GoldNasException if the space is invalid (an operator not in its table, or one that does not fit its edge); validate spaces first.
 *
 * @example
 * ```ts
 * import { slotCosts, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const costs = slotCosts({ mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS });
 * costs.macs.length; // 140: one per slot
 * costs.params[1]; // sep_conv_3x3 on cell 0's first edge: 2·(9·16 + 16·16) = 800
 * ```
 * @since 0.1.0
 */
export function slotCosts(space: SearchSpace, options: SlotCostOptions = {}): SlotCosts {
  const network = { affine: options.affine ?? false, search: options.search ?? true, table: space.table };
  const plan: NetworkPlan = networkPlan(space.layout, { affine: network.affine });
  const slots = operatorSlots(space);
  const params = new Float64Array(slots.length);
  const macs = new Float64Array(slots.length);
  const fixed = fixedPartOrThrow(plan);
  for (const slot of slots) {
    const cost = edgeCost(plan.cells[slot.cell]!, fixed.cells[slot.cell]!.states, slot.op, slot.from, network, `slots.${slot.index}`);
    if (E.isLeft(cost)) throw new GoldNasException(cost.left);
    params[slot.index] = cost.right.params;
    macs[slot.index] = cost.right.macs;
  }
  return { params, macs, fixed: { params: fixed.params, macs: fixed.macs } };
}
