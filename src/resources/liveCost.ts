/**
 * The cost of the live part of a super-network: the fixed part plus every live operator slot.
 *
 * @module
 */
import type { LiveMask } from '../space/liveSet.js';
import type { SearchSpace } from '../space/searchSpace.js';
import type { Cost } from './cost.js';
import type { SlotCosts } from './slotCosts.js';
import { slotCosts } from './slotCosts.js';

/**
 * The params, conv+linear MACs and FLOPs (multiply-adds, = MACs) of the network a live mask leaves:
 * `fixed + Σ live slot costs`. This is what the search compares with FLOPs_min to stop.
 *
 * @param space - the search space.
 * @param live - the live mask, one byte per `operatorSlots(space)` slot.
 * @param costs - precomputed `slotCosts(space)`; computed when left out (pass it in loops).
 * @returns the live network's cost.
 * @throws Error if the mask's length is not the number of slots.
 *
 * @example
 * ```ts
 * import { liveCost, slotCosts, fullLiveMask, operatorSlots, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const costs = slotCosts(space);
 * const full = liveCost(space, fullLiveMask(operatorSlots(space)), costs);
 * console.log(full.flops / 1e6, 'M multiply-adds');
 * ```
 * @since 0.1.0
 */
export function liveCost(space: SearchSpace, live: LiveMask, costs: SlotCosts = slotCosts(space)): Cost {
  if (live.length !== costs.params.length) {
    throw new Error(`liveCost: the live mask has ${live.length} entries but the space has ${costs.params.length} operator slots`);
  }
  let params = costs.fixed.params;
  let macs = costs.fixed.macs;
  for (let i = 0; i < live.length; i++) {
    if (live[i]) {
      params += costs.params[i]!;
      macs += costs.macs[i]!;
    }
  }
  return { params, macs, flops: macs };
}
