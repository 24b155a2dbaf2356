/**
 * Gates from the architecture parameters α: σ(α) per slot (`gold`), or a softmax over each
 * edge's live operators (`darts`, α shared by all normal and by all reduction cells). One tfjs
 * version for the forward pass and penalties, one plain-JS version for snapshots; both give one
 * gate per operator slot, in `operatorSlots` order.
 *
 * @module
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { LiveMask } from '../space/liveSet.js';
import type { OperatorSlot, SearchSpace } from '../space/searchSpace.js';
import { cellEdges } from '../space/layout.js';

/** A large negative logit that removes pruned operators from a darts-mode softmax. */
const MASKED = -1e9;

/** Computes gate tensors from α for one space; owns the constants that depend on the live set. */
export interface GateFunction {
  /**
   * All slots' gates, `[slots]`, differentiable w.r.t. `alpha`. Call inside `tidy`. Pruned slots
   * still get a value (unused by the network, and 0 in darts mode).
   */
  readonly compute: (alpha: Tensor) => Tensor1D;
  /** Tells it the live set changed (darts mode re-masks its softmax). */
  readonly setLive: (live: LiveMask) => void;
  /** Frees its constants. */
  readonly dispose: () => void;
}

/** Slots per edge and edges per cell of a space. */
function dims(space: SearchSpace): { k: number; e: number } {
  return { k: space.operators.length, e: cellEdges(space.layout.nodes).length };
}

/**
 * Builds the tfjs gate function of a space.
 *
 * @param tf - the injected tfjs namespace.
 * @param space - the search space (its `mode` picks sigmoid or softmax).
 * @param slots - `operatorSlots(space)`.
 * @param live - the current live mask.
 * @returns the gate function.
 * @internal
 */
export function createGateFunction(tf: TF, space: SearchSpace, slots: readonly OperatorSlot[], live: LiveMask): GateFunction {
  if (space.mode === 'gold') {
    return { compute: (alpha) => tf.sigmoid(alpha) as Tensor1D, setLive: () => undefined, dispose: () => undefined };
  }
  const { k, e } = dims(space);
  const cells = space.layout.cells;
  const reductionOf = Array.from({ length: cells }, (_, c) => slots[c * e * k]!.alpha >= e * k);
  let mask: Tensor2D | null = null;
  const setLive = (l: LiveMask): void => {
    mask?.dispose();
    mask = null;
    if (l.every((v) => v === 1)) return;
    const values = Float32Array.from(l, (v) => (v === 1 ? 0 : MASKED));
    mask = tf.keep(tf.tensor2d(values, [cells * e, k]));
  };
  setLive(live);
  const compute = (alpha: Tensor): Tensor1D => {
    const normal = tf.slice(alpha, [0], [e * k]);
    const reduce = tf.slice(alpha, [e * k], [e * k]);
    const perCell = tf.reshape(tf.concat(reductionOf.map((r) => (r ? reduce : normal)), 0), [cells * e, k]);
    const logits = mask === null ? perCell : tf.add(perCell, mask);
    return tf.reshape(tf.softmax(logits), [cells * e * k]) as Tensor1D;
  };
  return {
    compute,
    setLive,
    dispose: () => {
      mask?.dispose();
      mask = null;
    },
  };
}

/**
 * The gates of every slot computed in plain JS from α's values (for snapshots): σ(α) in `gold`
 * mode, the softmax over the edge's live operators in `darts` mode; 0 for pruned slots.
 *
 * @param space - the search space.
 * @param slots - `operatorSlots(space)`.
 * @param alpha - α's values.
 * @param live - the live mask.
 * @returns one gate per slot.
 *
 * @example
 * ```ts
 * import { gateValues, operatorSlots, fullLiveMask, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 3 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const slots = operatorSlots(space);
 * gateValues(space, slots, new Float32Array(slots.length), fullLiveMask(slots))[0]; // 0.5
 * ```
 * @since 0.1.0
 */
export function gateValues(space: SearchSpace, slots: readonly OperatorSlot[], alpha: ArrayLike<number>, live: LiveMask): Float32Array {
  const gates = new Float32Array(slots.length);
  if (space.mode === 'gold') {
    for (const s of slots) if (live[s.index]) gates[s.index] = 1 / (1 + Math.exp(-alpha[s.alpha]!));
    return gates;
  }
  const { k } = dims(space);
  for (let start = 0; start < slots.length; start += k) {
    let max = -Infinity;
    for (let i = start; i < start + k; i++) if (live[i]) max = Math.max(max, alpha[slots[i]!.alpha]!);
    if (max === -Infinity) continue;
    let sum = 0;
    for (let i = start; i < start + k; i++) if (live[i]) sum += (gates[i] = Math.exp(alpha[slots[i]!.alpha]! - max));
    for (let i = start; i < start + k; i++) gates[i] /= sum;
  }
  return gates;
}
