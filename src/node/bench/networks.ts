/**
 * The benchmark's reference networks (issue 5), defined once for the driver and the runs.
 *
 * - gold-tiny: 32×32×3, batch 32, C=16, 5 cells (reductions at 1 and 3), {skip, sep3×3}, GOLD gates.
 * - gold-small: the same with 8 cells (reductions at 2 and 5) and batch 64.
 * - mnist-quick: the quick start's network (28×28×1, batch 64, C=8, 5 cells), to follow its step time.
 *
 * Loss = cross-entropy + 2e-4·Σ σ(α)·MMACs(op) (millions of multiply-adds per op; the same loss as
 * gold-nas 0.1's 1e-4·Σ σ(α)·(2·MACs/1e6)); one
 * plain SGD step (lr 0.025) over the weights and α together.
 *
 * @module
 */
import { createRng } from '../../random.js';
import { liveCost } from '../../resources/liveCost.js';
import { slotCosts } from '../../resources/slotCosts.js';
import type { SlotCosts } from '../../resources/slotCosts.js';
import { cifarLayout } from '../../space/layout.js';
import { fullLiveMask, liveInputsPerNode } from '../../space/liveSet.js';
import type { LiveMask } from '../../space/liveSet.js';
import { GOLD_PRIMITIVES, OPERATORS } from '../../space/operators.js';
import { operatorSlots } from '../../space/searchSpace.js';
import type { OperatorSlot, SearchSpace } from '../../space/searchSpace.js';

/** A benchmark network: a search space and a batch size. */
export interface BenchNetwork {
  readonly name: BenchNetworkName;
  readonly space: SearchSpace;
  readonly batch: number;
}

/** The names of the benchmark networks. */
export type BenchNetworkName = 'gold-tiny' | 'gold-small' | 'mnist-quick';

/** Every benchmark network, in report order. */
export const BENCH_NETWORK_NAMES: readonly BenchNetworkName[] = ['gold-tiny', 'gold-small', 'mnist-quick'];

const gold = (layout: ReturnType<typeof cifarLayout>): SearchSpace => ({ mode: 'gold', layout, operators: GOLD_PRIMITIVES, table: OPERATORS });

/** The benchmark networks by name. */
export const BENCH_NETWORKS: Readonly<Record<BenchNetworkName, BenchNetwork>> = {
  'gold-tiny': { name: 'gold-tiny', space: gold(cifarLayout({ channels: 16, cells: 5 })), batch: 32 },
  'gold-small': { name: 'gold-small', space: gold(cifarLayout({ channels: 16, cells: 8 })), batch: 64 },
  'mnist-quick': { name: 'mnist-quick', space: gold(cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 })), batch: 64 },
};

/** The penalty weight λ of the benchmark loss (per million multiply-adds). */
export const BENCH_LAMBDA = 2e-4;
/** The SGD learning rate. */
export const BENCH_LEARNING_RATE = 0.025;

/**
 * Each slot's millions of multiply-adds per example (the paper's MFLOPs).
 *
 * @param costs - the space's slot costs.
 * @returns millions of multiply-adds per slot.
 */
export function slotMmacs(costs: SlotCosts): Float64Array {
  return Float64Array.from(costs.macs, (m) => m / 1e6);
}

/** What {@link prunedMask} works out from the space, for a caller that has it already. */
export interface SpaceCosts {
  /** `operatorSlots(space)`. */
  readonly slots: readonly OperatorSlot[];
  /** `slotCosts(space)`. */
  readonly costs: SlotCosts;
  /** The full network's live MACs (fixed part included): `liveCost(space, fullLiveMask(slots), costs).macs`. */
  readonly fullMacs: number;
}

/**
 * A live mask with about `fraction` of the full network's live FLOPs (fixed part included): slots are
 * visited in a seeded random order and pruned while the FLOPs stay above the target, never leaving
 * a node without a live input.
 *
 * @param space - the search space.
 * @param fraction - the share of the full network's FLOPs to keep.
 * @param seed - seeds the order in which slots are tried.
 * @param known - the space's slots, slot costs and full MACs, when the caller has them (computed otherwise).
 * @returns the mask.
 */
export function prunedMask(space: SearchSpace, fraction: number, seed: number, known?: SpaceCosts): LiveMask {
  const slots = known?.slots ?? operatorSlots(space);
  const costs = known?.costs ?? slotCosts(space);
  const live = fullLiveMask(slots);
  const fullMacs = known?.fullMacs ?? liveCost(space, live, costs).macs;
  const target = fraction * fullMacs;
  const order = createRng(seed).shuffle(slots.map((s) => s.index));
  let macs = fullMacs;
  for (const i of order) {
    if (macs <= target) break;
    live[i] = 0;
    const orphan = liveInputsPerNode(slots, live).some((c) => c === 0);
    if (orphan || macs - costs.macs[i]! < target * 0.97) { live[i] = 1; continue; }
    macs -= costs.macs[i]!;
  }
  return live;
}
