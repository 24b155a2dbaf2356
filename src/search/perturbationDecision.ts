/**
 * The decisions of DARTS-PT's selection (`selectByPerturbation`), as plain JSON for traces and reports.
 *
 * @module
 */

/**
 * A cell type: DARTS-PT decides the edges of all cells of one type together (in a `darts` space
 * they share α; in a `gold` space this gives the result a genotype).
 *
 * @since 0.2.0
 */
export type CellType = 'normal' | 'reduce';

/**
 * One decision of `selectByPerturbation`, for reports.
 *
 * - `operator`: an edge got its operator. `base` is the held-out accuracy before the decision,
 *   `accuracies[op]` the accuracy with `op` removed from the edge; `chosen` is the operator whose
 *   removal gave the lowest accuracy.
 * - `inputs`: a node kept its inputs. `accuracies` holds one round per input eliminated (the
 *   accuracy with each remaining input edge removed, keyed by the state it reads; the edge whose
 *   removal hurt least left); `chosen` lists the states of the kept inputs, ascending.
 *
 * @since 0.2.0
 */
export type PerturbationDecision =
  | {
      readonly kind: 'operator';
      readonly cellType: CellType;
      /** The edge's index within its cell (`cellEdges` order). */
      readonly edge: number;
      readonly from: number;
      readonly to: number;
      readonly base: number;
      readonly accuracies: Readonly<Record<string, number>>;
      readonly chosen: string;
    }
  | {
      readonly kind: 'inputs';
      readonly cellType: CellType;
      readonly node: number;
      readonly accuracies: readonly Readonly<Record<string, number>>[];
      readonly chosen: readonly number[];
    };
