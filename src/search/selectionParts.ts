/**
 * The built-in selection parts: `argmax` (the scheduler's discretisation, DARTS's genotype from
 * α) and `darts-pt` (perturbation-based selection on the trained super-network).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec, numberCodec } from '../codecs.js';
import type { PartEntry } from './partEntry.js';
import { fixedPartEntry, partEntry } from './partEntry.js';
import { PERTURBATION_SELECTION_DEFAULTS, selectByPerturbation } from './perturbationSelection.js';
import type { PerturbationSelection } from './perturbationSelection.js';
import { pruneByPerturbation } from './perturbationPruning.js';
import type { SelectionPart } from './strategy.js';

/**
 * Options of {@link dartsPtSelection}; the ones left out come from the search.
 *
 * @since 0.2.0
 */
export interface DartsPtSelectionConfig {
  /** Steps of ω after each decision step (default 10; darts-pt tunes 10 epochs). */
  readonly fineTuneSteps?: number;
  /** The fine-tuning learning rate (default: the search's `weights.lr` / 10, as darts-pt resets it). */
  readonly lr?: number;
  /** Held-out examples per accuracy (default: the search's `evaluation.maxExamples`; 0 for all). */
  readonly maxExamples?: number;
  /** Inputs kept per node (default 2). */
  readonly k?: number;
  /** The operator never chosen (default `none`). */
  readonly noneOp?: string;
  /** Seeds the order of edges and nodes (default: the search's seed). */
  readonly seed?: number;
  /**
   * As a GOLD-NAS pruning criterion: how many operators each round measures, the ones with the
   * smallest node-normalised weights (default 16; 0 for every removable operator).
   */
  readonly pool?: number;
}

/** The `pool` of {@link dartsPtSelection} when it is left out. */
const DEFAULT_PRUNING_POOL = 16;

/**
 * The `argmax` selection: keeps the scheduler's discretisation (DARTS's genotype from α).
 *
 * @since 0.2.0
 */
export const ARGMAX_SELECTION: SelectionPart = {
  name: 'argmax',
  select: async ({ proposed }) => E.right({ live: proposed, trace: [] }),
};

/**
 * The `darts-pt` selection: when the scheduler discretises, `selectByPerturbation` chooses the
 * architecture on the trained super-network instead (held-out accuracies on the search's held-out
 * split, fine-tuning on the search's next training batches with a fresh optimiser of its weights part).
 * In GOLD-NAS's rounds (which prune without discretising) it is the pruning criterion:
 * `pruneByPerturbation` removes as many operators as the scheduler would, those whose removal hurts
 * the held-out accuracy least among the `pool` with the smallest weights.
 *
 * @param config - options over the search's (see {@link DartsPtSelectionConfig}).
 * @returns the part.
 *
 * @example
 * ```ts
 * import { dartsPtSelection, strategyFromConfig, SEARCH_PRESETS } from 'gold-nas';
 * const base = strategyFromConfig(SEARCH_PRESETS['darts-mnist']);
 * if (base._tag === 'Right') {
 *   const strategy = { ...base.right, selection: dartsPtSelection({ fineTuneSteps: 5 }) };
 * }
 * ```
 * @since 0.2.0
 */
export function dartsPtSelection(config: DartsPtSelectionConfig = {}): SelectionPart {
  return {
    name: 'darts-pt',
    select: async ({ tf, net, heldOut, nextBatch, config: search, optimizer, onDecision }) => {
      const picked = await selectByPerturbation(tf, net, { heldOut: () => heldOut(config.maxExamples), train: nextBatch }, {
        seed: config.seed ?? search.seed,
        fineTuneSteps: config.fineTuneSteps ?? PERTURBATION_SELECTION_DEFAULTS.fineTuneSteps,
        lr: config.lr ?? search.weights.lr / 10,
        k: config.k ?? PERTURBATION_SELECTION_DEFAULTS.k,
        noneOp: config.noneOp ?? PERTURBATION_SELECTION_DEFAULTS.noneOp,
        auxiliaryWeight: search.auxiliaryWeight,
        optimizer,
        onDecision,
      });
      return E.map((p: PerturbationSelection) => ({ live: p.live, trace: p.trace }))(picked);
    },
    prune: async ({ tf, net, heldOut, count, onDecision }) => {
      const round = await pruneByPerturbation(tf, net, () => heldOut(config.maxExamples), { count, pool: config.pool ?? DEFAULT_PRUNING_POOL });
      if (E.isLeft(round)) return round;
      await onDecision(round.right.decision, 0, 1);
      return E.right({ live: round.right.live, trace: [round.right.decision] });
    },
  };
}

/** The registry entry of `argmax`. @internal */
export const ARGMAX_SELECTION_ENTRY: PartEntry<SelectionPart> = fixedPartEntry('argmax: the scheduler\'s discretisation (DARTS: per node the two strongest edges by α, the strongest operator on each)', ARGMAX_SELECTION);

/** The registry entry of `darts-pt`. @internal */
export const DARTS_PT_SELECTION_ENTRY: PartEntry<SelectionPart> = partEntry(
  'darts-pt: perturbation-based selection (Wang et al., ICLR 2021) on the trained super-network, and GOLD-NAS\'s pruning criterion (options fineTuneSteps, lr, maxExamples, k, noneOp, seed, pool)',
  closedType('darts-pt options', {}, {
    fineTuneSteps: integerCodec({ min: 0 }),
    lr: numberCodec({ min: 0, exclusiveMin: true }),
    maxExamples: integerCodec({ min: 0 }),
    k: integerCodec({ min: 1 }),
    noneOp: t.string,
    seed: integerCodec({ min: 0, max: 2 ** 32 - 1 }),
    pool: integerCodec({ min: 0 }),
  }),
  (o) => E.right(dartsPtSelection(o)),
);
