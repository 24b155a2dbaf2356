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
 * - `prune`: a GOLD-NAS pruning round chose its operators by perturbation
 *   (`pruneByPerturbation`). `base` is the held-out accuracy before the round, `accuracies[slot]`
 *   the accuracy with that operator slot removed alone (one entry per operator measured), and
 *   `removed` the slots the round pruned, in the order they were taken (least harm first).
 *   `proposed` is how many the scheduler's own rule would have pruned (the round prunes as many
 *   when the nodes allow).
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
    }
  | {
      readonly kind: 'prune';
      readonly base: number;
      readonly accuracies: Readonly<Record<string, number>>;
      readonly removed: readonly number[];
      readonly proposed: number;
    };
