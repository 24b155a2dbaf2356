/**
 * DARTS-PT: perturbation-based architecture selection (R. Wang, M. Cheng, X. Chen, X. Tang,
 * C.-J. Hsieh, *Rethinking Architecture Selection in Differentiable NAS*, ICLR 2021). On a trained
 * super-network it decides one edge at a time, in a seeded random order: the held-out accuracy with
 * each operator of the edge removed (its gate set to 0), and the operator whose removal hurts most
 * is the edge's. The edge is then discretised (that operator's gate 1, the others 0) and ω is
 * fine-tuned for a few steps. Then each node keeps the inputs whose removal hurts most, the same
 * way. α is never changed: it only gives the undecided edges their mixture weights.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import type { Batch } from '../data/dataset.js';
import type { GoldNasError } from '../errors.js';
import { evaluateAccuracy } from '../eval/accuracy.js';
import { createRng } from '../random.js';
import type { Architecture } from '../space/architecture.js';
import { architectureFromMask } from '../space/architectureMask.js';
import type { Genotype } from '../space/genotype.js';
import { architectureToGenotype } from '../space/genotypeArchitecture.js';
import type { LiveMask } from '../space/liveSet.js';
import type { OperatorSlot } from '../space/searchSpace.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import { sgdPart } from './sgdPart.js';
import type { OptimizerPart } from './strategy.js';
import { weightStep } from './weightStep.js';
import type { CellType, PerturbationDecision } from './perturbationDecision.js';

/**
 * Settings of {@link selectByPerturbation}.
 *
 * @since 0.2.0
 */
export interface PerturbationSelectionOptions {
  /** Seeds the order in which edges and nodes are visited. */
  readonly seed: number;
  /**
   * Steps of ω after each decision step (one edge, or one node, of each cell type), with the
   * decided edges discretised. darts-pt tunes for 10 epochs between decisions; the default, 10
   * steps, is that scaled down to a CPU.
   */
  readonly fineTuneSteps: number;
  /** The fine-tuning learning rate (darts-pt: DARTS's 0.025 / 10, the default). */
  readonly lr: number;
  /** Inputs kept per node (2, as in DARTS). */
  readonly k: number;
  /** The operator that is never chosen and never evaluated (`none`): a genotype has none, and removing a zero operator changes nothing. */
  readonly noneOp: string;
  /** Weight of the auxiliary head's loss during fine-tuning, when the network has the head. */
  readonly auxiliaryWeight: number;
  /** Makes the fine-tuning optimiser (made once for the whole selection, as darts-pt resets its optimiser once). */
  readonly optimizer: OptimizerPart;
  /** Called after every decision (e.g. to show progress); awaited when it returns a promise. */
  readonly onDecision?: (decision: PerturbationDecision, index: number, total: number) => void | Promise<void>;
}

/**
 * The defaults of {@link selectByPerturbation}: seed 0, 10 fine-tuning steps at 0.0025 with SGD
 * (momentum 0.9, weight decay 3e-4, clipping at 5, as DARTS trains ω), k = 2, `none`, no auxiliary loss.
 *
 * @since 0.2.0
 */
export const PERTURBATION_SELECTION_DEFAULTS: PerturbationSelectionOptions = {
  seed: 0,
  fineTuneSteps: 10,
  lr: 0.0025,
  k: 2,
  noneOp: 'none',
  auxiliaryWeight: 0,
  optimizer: sgdPart({ momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 }),
};

/**
 * The data of {@link selectByPerturbation}.
 *
 * @since 0.2.0
 */
export interface PerturbationData {
  /** The held-out batches every accuracy is measured on: the same batches in the same order at every call (mixed classes: batch norms use batch statistics). */
  readonly heldOut: () => Iterable<Batch>;
  /** The next fine-tuning batch (e.g. `() => iterator.next()` over the training split). */
  readonly train: () => Batch;
}

/**
 * What {@link selectByPerturbation} chose.
 *
 * @since 0.2.0
 */
export interface PerturbationSelection {
  /** The selected architecture as a live mask: on each kept edge, its chosen operator (where it is live). */
  readonly live: LiveMask;
  readonly architecture: Architecture;
  /** Its DARTS genotype; null when it is not DARTS-shaped (a `gold` super-network pruned so that some cell lacks a chosen operator, or a node has fewer than `k` candidate edges). */
  readonly genotype: Genotype | null;
  /** Every decision, in order. */
  readonly trace: readonly PerturbationDecision[];
}

/** The live slots of one edge of one cell type, over all cells of that type. */
interface EdgeGroup {
  readonly key: string;
  readonly type: CellType;
  readonly edge: number;
  readonly from: number;
  readonly to: number;
  readonly slots: OperatorSlot[];
  /** Candidate operators (live somewhere, not `none`), in the space's operator order. */
  readonly ops: string[];
}

/** What is removed in one evaluation: an operator of an edge, or a whole edge. */
type Removal = { readonly group: string; readonly op?: string } | null;

const CELL_TYPES: readonly CellType[] = ['normal', 'reduce'];

function edgeGroups(net: SupernetState, noneOp: string): EdgeGroup[] {
  const groups = new Map<string, EdgeGroup>();
  for (const s of net.slots) {
    if (!net.live[s.index]) continue;
    const type: CellType = net.plan.cells[s.cell]!.reduction ? 'reduce' : 'normal';
    const key = `${type}:${s.edge}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, type, edge: s.edge, from: s.from, to: s.to, slots: [], ops: [] };
      groups.set(key, g);
    }
    g.slots.push(s);
    if (s.op !== noneOp && !g.ops.includes(s.op)) g.ops.push(s.op);
  }
  const order = net.space.operators;
  for (const g of groups.values()) g.ops.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...groups.values()].sort((a, b) => (a.type === b.type ? a.edge - b.edge : a.type === 'normal' ? -1 : 1));
}

/** Held-out top-1 of the super-network with the given gates instead of α's. @internal */
export async function accuracyWithGates(tf: TF, net: SupernetState, heldOut: () => Iterable<Batch>, values: Float32Array): Promise<Either<GoldNasError, number>> {
  const gates = tf.tensor1d(values);
  try {
    const acc = await evaluateAccuracy(tf, (x) => net.forward(x, { training: false, gates }).logits, heldOut(), { k: 1 });
    return E.map((a: { readonly top1: number }) => a.top1)(acc);
  } finally {
    gates.dispose();
  }
}

/** Takes a seeded random element out of a list (mutates it). */
function draw<T>(list: T[], rng: { int(n: number): number }): T {
  return list.splice(rng.int(list.length), 1)[0]!;
}

/**
 * DARTS-PT's selection on a trained super-network. Edges (per cell type: the same edge of every
 * cell of a type is one decision) are visited in a seeded random order, one of each cell type per
 * step as darts-pt does. For each, the held-out accuracy is measured with each candidate operator
 * removed (its gate 0, the other gates unchanged); the operator whose removal gives the lowest
 * accuracy (ties: the first in the space's order) becomes the edge's, which is then discretised (gate 1,
 * its other operators 0). After every step, ω is fine-tuned for `fineTuneSteps` steps on the
 * partly discretised network. Then nodes, in a seeded random order, keep `k` inputs: while more
 * remain, the accuracy with each input edge removed is measured and the edge whose removal hurts
 * least leaves (ties: the later edge), as darts-pt's `project_edge` does; ω is fine-tuned between
 * steps again.
 *
 * The super-network's weights ω are changed in place (fine-tuning); α and the live set are not.
 * Accuracies use the super-network's batch statistics, as candidates are scored in a search.
 *
 * @param tf - the injected tfjs namespace.
 * @param net - a trained super-network (`darts` or `gold` mode).
 * @param data - the held-out batches (fixed order) and the fine-tuning batches.
 * @param options - settings over {@link PERTURBATION_SELECTION_DEFAULTS}.
 * @returns the selected architecture, its genotype and the trace, or the error of a held-out batch
 *   (labels that are not classes of the network) or of an architecture that cannot be made.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectByPerturbation, formatGenotype } from 'gold-nas';
 * import type { Batch, SupernetState } from 'gold-nas';
 * declare const net: SupernetState;
 * declare const heldOut: readonly Batch[];
 * declare const nextTrainingBatch: () => Batch;
 * const picked = await selectByPerturbation(tf, net, { heldOut: () => heldOut, train: nextTrainingBatch }, { seed: 2, fineTuneSteps: 5 });
 * if (picked._tag === 'Right' && picked.right.genotype !== null) console.log(formatGenotype(picked.right.genotype));
 * ```
 * @since 0.2.0
 */
export async function selectByPerturbation(
  tf: TF,
  net: SupernetState,
  data: PerturbationData,
  options: Partial<PerturbationSelectionOptions> = {},
): Promise<Either<GoldNasError, PerturbationSelection>> {
  const o: PerturbationSelectionOptions = { ...PERTURBATION_SELECTION_DEFAULTS, ...options };
  const groups = edgeGroups(net, o.noneOp);
  const base = (await net.snapshot()).gates;
  const chosen = new Map<string, string>();
  const dropped = new Set<string>();
  const trace: PerturbationDecision[] = [];
  const rng = createRng(o.seed);

  /** The gates with the decisions so far and one removal. */
  const gatesWith = (removal: Removal): Float32Array => {
    const g = Float32Array.from(base);
    for (const group of groups) {
      const choice = chosen.get(group.key);
      const edgeGone = dropped.has(group.key) || (removal !== null && removal.group === group.key && removal.op === undefined);
      for (const s of group.slots) {
        const opGone = removal !== null && removal.group === group.key && removal.op === s.op;
        g[s.index] = edgeGone || opGone ? 0 : choice === undefined ? base[s.index]! : s.op === choice ? 1 : 0;
      }
    }
    return g;
  };
  const accuracy = (removal: Removal): Promise<Either<GoldNasError, number>> => accuracyWithGates(tf, net, data.heldOut, gatesWith(removal));

  const optimizer = o.optimizer.create(tf);
  try {
    const fineTune = (): void => {
      if (o.fineTuneSteps <= 0) return;
      const gates = tf.tensor1d(gatesWith(null));
      try {
        for (let i = 0; i < o.fineTuneSteps; i++) weightStep(tf, net, optimizer, data.train(), o.lr, { auxiliaryWeight: o.auxiliaryWeight, gates });
      } finally {
        gates.dispose();
      }
    };
    const edges = groups.filter((g) => g.ops.length > 0);
    const nodeKeys = [...new Set(edges.map((g) => `${g.type}:${g.to}`))];
    const total = edges.length + nodeKeys.length;
    const record = async (d: PerturbationDecision): Promise<void> => {
      trace.push(d);
      await o.onDecision?.(d, trace.length - 1, total);
    };

    // Operators: one edge of each cell type per step.
    const remaining = CELL_TYPES.map((type) => edges.filter((g) => g.type === type));
    while (remaining.some((r) => r.length > 0)) {
      for (const r of remaining) {
        if (r.length === 0) continue;
        const group = draw(r, rng);
        const before = await accuracy(null);
        if (E.isLeft(before)) return before;
        const accuracies: Record<string, number> = {};
        let best: string | null = null;
        for (const op of group.ops) {
          const acc = await accuracy({ group: group.key, op });
          if (E.isLeft(acc)) return acc;
          accuracies[op] = acc.right;
          if (best === null || acc.right < accuracies[best]!) best = op;
        }
        chosen.set(group.key, best!);
        await record({ kind: 'operator', cellType: group.type, edge: group.edge, from: group.from, to: group.to, base: before.right, accuracies, chosen: best! });
      }
      fineTune();
    }

    // Inputs: one node of each cell type per step.
    const nodes = CELL_TYPES.map((type) => [...new Set(edges.filter((g) => g.type === type).map((g) => g.to))].sort((a, b) => a - b));
    while (nodes.some((n) => n.length > 0)) {
      for (const [t, n] of nodes.entries()) {
        if (n.length === 0) continue;
        const type = CELL_TYPES[t]!;
        const node = draw(n, rng);
        const kept = edges.filter((g) => g.type === type && g.to === node).sort((a, b) => a.from - b.from);
        const rounds: Record<string, number>[] = [];
        while (kept.length > o.k) {
          const round: Record<string, number> = {};
          let leaving = -1;
          for (const [i, g] of kept.entries()) {
            const acc = await accuracy({ group: g.key });
            if (E.isLeft(acc)) return acc;
            round[String(g.from)] = acc.right;
            if (leaving < 0 || acc.right >= round[String(kept[leaving]!.from)]!) leaving = i;
          }
          rounds.push(round);
          dropped.add(kept.splice(leaving, 1)[0]!.key);
        }
        await record({ kind: 'inputs', cellType: type, node, accuracies: rounds, chosen: kept.map((g) => g.from) });
      }
      fineTune();
    }
  } finally {
    optimizer.dispose();
  }

  const live = new Uint8Array(net.slots.length);
  for (const group of groups) {
    const choice = chosen.get(group.key);
    if (choice === undefined || dropped.has(group.key)) continue;
    for (const s of group.slots) if (s.op === choice) live[s.index] = 1;
  }
  const architecture = architectureFromMask({ ...net.space, mode: 'gold' }, live);
  if (E.isLeft(architecture)) return architecture;
  const genotype = architectureToGenotype(architecture.right, net.space.layout, net.space.table);
  return E.right({ live, architecture: architecture.right, genotype: E.isRight(genotype) ? genotype.right : null, trace });
}

/**
 * The held-out accuracy of the super-network with each live operator slot removed alone (its gate
 * 0, every other gate as α gives it): the perturbation criterion on single operators, e.g. to prune
 * a GOLD-NAS super-network by it (removing first the operators whose removal hurts least).
 *
 * @param tf - the injected tfjs namespace.
 * @param net - the super-network.
 * @param heldOut - the held-out batches, the same at every call.
 * @param only - measure only these slots (default: every live slot); the others get NaN.
 * @returns one accuracy per slot (NaN for a pruned or unmeasured slot; for an operator that computes
 *   nothing, such as `none`, the accuracy of the whole network), or the error of a held-out batch.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { perturbationAccuracies } from 'gold-nas';
 * import type { Batch, SupernetState } from 'gold-nas';
 * declare const net: SupernetState;
 * declare const heldOut: readonly Batch[];
 * const acc = await perturbationAccuracies(tf, net, () => heldOut);
 * if (acc._tag === 'Right') console.log(net.slots.filter((s) => acc.right[s.index]! > 0.9).map((s) => s.op)); // removable with little harm
 * ```
 * @since 0.2.0
 */
export async function perturbationAccuracies(
  tf: TF,
  net: SupernetState,
  heldOut: () => Iterable<Batch>,
  only?: readonly number[],
): Promise<Either<GoldNasError, Float64Array>> {
  const base = (await net.snapshot()).gates;
  const out = new Float64Array(net.slots.length).fill(NaN);
  const measured = only === undefined ? net.slots : only.map((i) => net.slots[i]!);
  for (const s of measured) {
    if (!net.live[s.index] || base[s.index] === 0) continue;
    const values = Float32Array.from(base);
    values[s.index] = 0;
    const acc = await accuracyWithGates(tf, net, heldOut, values);
    if (E.isLeft(acc)) return acc;
    out[s.index] = acc.right;
  }
  return E.right(out);
}
