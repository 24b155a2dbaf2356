/**
 * Random search's architectures: sampled from a GOLD space at a given cost, by removing operators
 * of the full super-network in a seeded random order until the network's multiply-adds fall to the
 * target.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { createRng } from '../random.js';
import { networkCost } from '../resources/networkCost.js';
import type { NetworkCostOptions } from '../resources/networkCost.js';
import type { Architecture } from '../space/architecture.js';
import { architectureFromMask } from '../space/architectureMask.js';
import { fullLiveMask, nodeKey } from '../space/liveSet.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { operatorSlots } from '../space/searchSpace.js';

/**
 * A sampled architecture and its cost on the space's layout.
 *
 * @since 0.2.0
 */
export interface SampledArchitecture {
  readonly architecture: Architecture;
  /** Multiply-adds per image (the evaluation network's). */
  readonly flops: number;
  readonly params: number;
}

/**
 * Samples an architecture of a `gold` space at about `targetFlops` multiply-adds: starting from
 * every operator on every edge, it visits the operators in a random order (from `seed`) and removes
 * each one unless it is its node's last input, until the network costs at most `targetFlops`. Every
 * architecture of the space that has at least one input per node can come out; the cost lands at
 * or just below the target (within one operator's cost). The same seed gives the same architecture.
 *
 * @param space - a `gold` space (GOLD-NAS's).
 * @param targetFlops - the multiply-adds to reach, per image.
 * @param seed - the sample's seed.
 * @param cost - how the network is priced (as the re-training prices it: `affine`, `table`).
 * @returns the architecture and its cost, or a `ConfigError` when the target is below the
 *   cheapest network of the space (one operator per node) or the space is not `gold`.
 *
 * @example
 * ```ts
 * import { randomArchitectureAtCost, searchSpace } from 'gold-nas';
 * const space = searchSpace({ mode: 'gold', layout: { channels: 8, cells: 5, inputSize: 28, inputChannels: 1 } });
 * if (space._tag === 'Right') {
 *   const arch = randomArchitectureAtCost(space.right, 6e6, 1);
 *   if (arch._tag === 'Right') console.log(arch.right.flops <= 6e6); // true
 * }
 * ```
 *
 * @since 0.2.0
 */
export function randomArchitectureAtCost(space: SearchSpace, targetFlops: number, seed: number, cost: Omit<NetworkCostOptions, 'search'> = {}): Either<GoldNasError, SampledArchitecture> {
  if (space.mode !== 'gold') return E.left(goldNasError('ConfigError', 'space.mode', "random search samples a 'gold' space"));
  const slots = operatorSlots(space);
  const live = fullLiveMask(slots);
  const inputs = new Map<number, number>();
  for (const s of slots) inputs.set(nodeKey(s), (inputs.get(nodeKey(s)) ?? 0) + 1);
  const order = createRng(seed).shuffle(slots.map((s) => s.index));
  const price = (): Either<GoldNasError, SampledArchitecture> => {
    const architecture = architectureFromMask(space, live);
    if (E.isLeft(architecture)) return architecture;
    const c = networkCost(architecture.right, space.layout, { ...cost, table: cost.table ?? space.table });
    return E.isLeft(c) ? c : E.right({ architecture: architecture.right, flops: c.right.flops, params: c.right.params });
  };
  let current = price();
  for (const i of order) {
    if (E.isLeft(current) || current.right.flops <= targetFlops) return current;
    const key = nodeKey(slots[i]!);
    if (inputs.get(key)! <= 1) continue;
    live[i] = 0;
    inputs.set(key, inputs.get(key)! - 1);
    current = price();
  }
  if (E.isLeft(current) || current.right.flops <= targetFlops) return current;
  return E.left(goldNasError('ConfigError', 'targetFlops', `${targetFlops} multiply-adds is below the cheapest network this sampler reaches (${current.right.flops}): one operator per node`));
}
