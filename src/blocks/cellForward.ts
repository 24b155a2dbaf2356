/**
 * The cell computation shared by the super-network and the discrete network: each node is the
 * sum of its incoming terms, and the cell output is all nodes, concatenated on channels (by
 * `macroForward`, and only for a consumer that cannot read them as parts).
 *
 * @module
 * @internal
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { GatedTerm } from './weightedSum.js';

/** One incoming term of a node: the state it reads and what it computes from it (an operator, gated or drop-pathed). */
export interface CellTerm {
  /** DARTS state numbering: 0 and 1 are the preprocessed inputs, 2.. the nodes. */
  readonly from: number;
  readonly apply: (x: Tensor) => Tensor;
  /** `apply` with its gate left apart for `sum` (see `Block.applyGated`), when it has one. */
  readonly gated?: (x: Tensor) => GatedTerm;
}

/**
 * Runs one cell. Inputs are thunks: a preprocessed input no term reads is never computed.
 * Call inside `tidy`.
 *
 * @param tf - the injected tfjs namespace.
 * @param inputs - thunks giving the preprocessed states 0 and 1.
 * @param nodes - for each intermediate node, its terms (may be empty).
 * @param emptyNode - the value of a node without terms (zeros of the node's shape).
 * @param sum - sums a node's terms in one op when every one of its (several) terms is `gated`
 *   (`weightedSumOp`); otherwise the node is the `addN` of the terms' `apply`.
 * @returns the nodes, in order: the cell's output is their concatenation on channels.
 * @internal
 */
export function cellForward(
  tf: TF,
  inputs: readonly [() => Tensor, () => Tensor],
  nodes: readonly (readonly CellTerm[])[],
  emptyNode: () => Tensor,
  sum?: (terms: readonly GatedTerm[]) => Tensor,
): Tensor[] {
  const cache: (Tensor | undefined)[] = [undefined, undefined];
  const state = (i: number): Tensor => {
    let s = cache[i];
    if (s === undefined) {
      if (i > 1) throw new Error(`cell state ${i} read before it was computed`);
      s = inputs[i as 0 | 1]();
      cache[i] = s;
    }
    return s;
  };
  const outputs: Tensor[] = [];
  for (const terms of nodes) {
    let node: Tensor;
    if (sum !== undefined && terms.length > 1 && terms.every((t) => t.gated !== undefined)) {
      node = sum(terms.map((t) => t.gated!(state(t.from))));
    } else {
      const ys = terms.map((t) => t.apply(state(t.from)));
      node = ys.length === 0 ? emptyNode() : ys.length === 1 ? ys[0]! : tf.addN(ys);
    }
    cache.push(node);
    outputs.push(node);
  }
  return outputs;
}
