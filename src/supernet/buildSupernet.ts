/**
 * The weight-sharing super-network of a search space: every (cell, edge, operator) slot with its
 * own weights, the architecture parameters α kept apart in one vector, gates, a forward pass,
 * physical pruning and a one-read gate snapshot.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { Block } from '../blocks/block.js';
import { buildBlock } from '../blocks/block.js';
import type { CellTerm } from '../blocks/cellForward.js';
import { cellForward } from '../blocks/cellForward.js';
import { weightedSumOp } from '../blocks/weightedSum.js';
import { checkInputBatch } from '../blocks/checkInput.js';
import type { MacroBlocks, MacroOutput } from '../blocks/macroNetwork.js';
import { buildMacroBlocks, edgeLayers, isZeroChain, macroBlockList, macroForward } from '../blocks/macroNetwork.js';
import type { GoldNasError } from '../errors.js';
import { GoldNasException, goldNasError } from '../errors.js';
import type { NamedVariable } from '../optim/sgd.js';
import type { Rng } from '../random.js';
import { createRng } from '../random.js';
import type { NetworkPlan } from '../space/layout.js';
import { networkPlanChecked } from '../space/layout.js';
import type { GateSnapshot, LiveMask } from '../space/liveSet.js';
import { fullLiveMask, liveInputsPerNode, nodeNormalisedWeights } from '../space/liveSet.js';
import type { OperatorSlot, SearchSpace } from '../space/searchSpace.js';
import { alphaCount, operatorSlots } from '../space/searchSpace.js';
import type { GateFunction } from './gates.js';
import { createGateFunction, gateValues } from './gates.js';

/**
 * Options of {@link buildSupernet}: a seed or a generator for the initial weights, the auxiliary head, and α's initial spread.
 *
 * @since 0.1.0
 */
export type SupernetOptions = {
  /** Build DARTS' auxiliary head after cell floor(2L/3) (default false). */
  readonly auxiliary?: boolean;
  /**
   * α starts as `alphaStd`·N(0, 1), drawn from the same generator after every weight (default 0:
   * α starts at 0, as GOLD-NAS does; DARTS uses 1e-3).
   */
  readonly alphaStd?: number;
} & ({ readonly seed: number } | { readonly rng: Rng });

/**
 * Options of a super-network forward pass.
 *
 * @since 0.1.0
 */
export interface SupernetForwardOptions {
  /**
   * Training pass: computes the auxiliary logits when the network has the head. Batch norms use
   * batch statistics either way: this super-network keeps no running averages. (The PyTorch search
   * networks of DARTS and [R] track them, with PyTorch's defaults; [R]'s search never uses them, and
   * DARTS uses them only in its validation pass, `infer`.)
   */
  readonly training: boolean;
  /**
   * Every slot's gate, `[slots]`, as {@link SupernetState.gates} returns them (default: computed
   * from α inside the pass). Pass the step's gates when the step uses them elsewhere too (e.g. in
   * the resource penalty) so the gate graph is built once; the pass does not dispose them.
   */
  readonly gates?: Tensor1D;
}

/**
 * What a forward pass returns: the logits, and the auxiliary head's in training when the network has one.
 *
 * @since 0.1.0
 */
export type SupernetOutput = MacroOutput;

/**
 * The outcome of a prune: the new live mask and the stable names of the variables that were freed.
 *
 * @since 0.1.0
 */
export interface PruneResult {
  readonly live: LiveMask;
  /** Names of the disposed weight variables (e.g. to make an optimiser forget their momentum). */
  readonly removed: readonly string[];
}

/**
 * A super-network and everything it owns. Call `dispose()` when done.
 *
 * @since 0.1.0
 */
export interface SupernetState {
  readonly space: SearchSpace;
  readonly plan: NetworkPlan;
  /** `operatorSlots(space)`: the index shared by α, gates, live masks and costs. */
  readonly slots: readonly OperatorSlot[];
  /** The trainable weights of the live network (stems, preprocess, live operators, heads), by stable name; changes after `prune`. */
  readonly weights: readonly NamedVariable[];
  /** The architecture parameters: one 1-D variable of length `alphaCount(space)`, named `alpha`, initialised to 0 (or `alphaStd`·N(0, 1)). */
  readonly alpha: NamedVariable;
  /** The current live mask (replaced, never mutated, by `prune`; do not mutate it). */
  readonly live: LiveMask;
  /** Whether the auxiliary head was built. */
  readonly auxiliary: boolean;
  /** Checks an input batch's shape against the layout (no computation): the checked entry point to {@link SupernetState.forward}. */
  checkInput(x: Tensor): Either<GoldNasError, Tensor4D>;
  /**
   * The forward pass, in its own `tidy`: an edge's output is Σ over live operators of gate·op(x),
   * a node sums its edges, a cell concatenates its nodes. Pruned operators are not computed.
   * Reads nothing back from the device.
   *
   * @throws GoldNasException (`ShapeError`) before any computation if `x` does not fit the layout or
   *   `options.gates` is not `[slots]`; use `checkInput` to get the input's error as a value.
   * @throws Error if the super-network was disposed (its variables are gone).
   */
  forward(x: Tensor, options: SupernetForwardOptions): SupernetOutput;
  /**
   * The gates of all slots as a `[slots]` tensor, differentiable w.r.t. α (the caller disposes it, or
   * calls this inside `tidy`). A step that needs them besides the forward pass passes them to `forward` as `gates`.
   */
  gates(): Tensor1D;
  /** Reads α once and returns every slot's gate and node-normalised weight (0 for pruned slots). */
  snapshot(): Promise<GateSnapshot>;
  /**
   * Removes operators for good: they are never computed again and their variables are freed.
   * Already-pruned slots are ignored. Refuses (and changes nothing) if a node would lose its last live input.
   */
  prune(slots: readonly number[]): Either<GoldNasError, PruneResult>;
  /** Frees every tensor the super-network owns. */
  dispose(): void;
}

interface LiveCell {
  /** For each node, its live, computed slots (zero operators are never computed). */
  readonly nodes: readonly (readonly OperatorSlot[])[];
}

function liveCells(space: SearchSpace, slots: readonly OperatorSlot[], live: LiveMask, blocks: ReadonlyMap<number, Block>): LiveCell[] {
  const cells: { nodes: OperatorSlot[][] }[] = Array.from({ length: space.layout.cells }, () => ({
    nodes: Array.from({ length: space.layout.nodes }, () => []),
  }));
  for (const s of slots) if (live[s.index] && blocks.has(s.index)) cells[s.cell]!.nodes[s.to - 2]!.push(s);
  return cells;
}

/**
 * Which gates a forward pass uses: a `[slots, computed]` 0/1 matrix whose column `j` picks the
 * gate of the `j`-th computed slot (live, with a block), and each slot's column (-1 if not computed).
 * A product with it splits out exactly those gates (a 0/1 product is exact), with a gradient that
 * needs only `matMul` (unlike `gather`, whose gradient some backends lack).
 */
interface GateSelection {
  /** Null when no slot is computed. */
  readonly matrix: Tensor2D | null;
  readonly column: Int32Array;
}

function gateSelection(tf: TF, slots: readonly OperatorSlot[], live: LiveMask, blocks: ReadonlyMap<number, Block>): GateSelection {
  const computed = slots.filter((s) => live[s.index] && blocks.has(s.index));
  const column = new Int32Array(slots.length).fill(-1);
  const m = computed.length;
  if (m === 0) return { matrix: null, column };
  const values = new Float32Array(slots.length * m);
  computed.forEach((s, j) => {
    values[s.index * m + j] = 1;
    column[s.index] = j;
  });
  return { matrix: tf.keep(tf.tensor2d(values, [slots.length, m])), column };
}

/**
 * Builds the super-network of a search space: the stems, preprocess blocks and heads of the
 * search network (batch norms without affine parameters in cells, batch statistics), one weight
 * block per (cell, edge, operator) slot, and α (zeros, or `alphaStd`·N(0, 1)). Gates are σ(α) in `gold` mode and a
 * softmax over each edge's live operators in `darts` mode.
 *
 * @param tf - the injected tfjs namespace.
 * @param space - the search space.
 * @param options - `seed` or `rng` for the initial weights; `auxiliary` to build the auxiliary head; `alphaStd` for α's spread.
 * @returns the super-network, or a `ConfigError` (layout too small, head does not fit, odd channels for
 *   FactorizedReduce), an `ArchitectureError` (unknown operator) or a `ShapeError` (an operator does not fit its edge).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildSupernet, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * await tf.setBackend('cpu');
 * const space = { mode: 'gold', layout: cifarLayout({ channels: 8, cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const built = buildSupernet(tf, space, { seed: 1 });
 * if (built._tag === 'Right') {
 *   const net = built.right;
 *   const { logits } = net.forward(tf.zeros([2, 32, 32, 3]), { training: true });
 *   logits.dispose();
 *   const { weights } = await net.snapshot();
 *   net.dispose();
 * }
 * ```
 * @since 0.1.0
 */
export function buildSupernet(tf: TF, space: SearchSpace, options: SupernetOptions): Either<GoldNasError, SupernetState> {
  const args = checkArguments('buildSupernet', {
    tf: [tf, 'object', 'the tfjs namespace'], space: [space, 'object', 'a search space from searchSpace'], options: [options, 'object', '{ seed } or { rng }'],
  });
  if (E.isLeft(args)) return args;
  const rng = 'rng' in options ? options.rng : createRng(options.seed);
  for (const [i, op] of space.operators.entries()) {
    if (!Object.hasOwn(space.table, op)) {
      return E.left(goldNasError('ArchitectureError', `operators.${i}`, `unknown operator '${op}'; the table has: ${Object.keys(space.table).join(', ')}`));
    }
  }
  const planE = networkPlanChecked(space.layout, { affine: false });
  if (E.isLeft(planE)) return planE;
  const plan = planE.right;
  const slots = operatorSlots(space);
  const auxiliary = options.auxiliary ?? false;
  const macro = buildMacroBlocks(tf, plan, { rng, batchNorm: 'batch', auxiliary });
  if (E.isLeft(macro)) return macro;
  const blocks = new Map<number, Block>();
  const disposeAll = (): void => {
    for (const b of blocks.values()) b.dispose();
    blocks.clear();
    for (const b of macroBlockList(macro.right)) b.dispose();
  };
  // Every block made so far is freed on an error, and on an exception (from user code or tfjs) before it is rethrown.
  try {
    for (const s of slots) {
      const path = `cells.${s.cell}.edges.${s.edge}.${s.op}`;
      const layers = edgeLayers(space.table, plan.cells[s.cell]!, s.op, s.from, { affine: false, search: true }, path);
      if (E.isRight(layers) && isZeroChain(layers.right)) continue;
      const block = E.isLeft(layers) ? layers : buildBlock(tf, layers.right, { name: path, rng, batchNorm: 'batch' });
      if (E.isLeft(block)) {
        disposeAll();
        return block;
      }
      blocks.set(s.index, block.right);
    }
    const alphaStd = options.alphaStd ?? 0;
    const alphaInit = new Float32Array(alphaCount(space));
    if (alphaStd !== 0) for (let i = 0; i < alphaInit.length; i++) alphaInit[i] = alphaStd * rng.normal();
    return E.right(supernetState(tf, space, plan, slots, macro.right, blocks, auxiliary, alphaInit));
  } catch (e) {
    disposeAll();
    throw e;
  }
}

function supernetState(
  tf: TF,
  space: SearchSpace,
  plan: NetworkPlan,
  slots: readonly OperatorSlot[],
  macro: MacroBlocks,
  blocks: Map<number, Block>,
  auxiliary: boolean,
  alphaInit: Float32Array,
): SupernetState {
  const alpha: Variable = tf.tidy(() => tf.variable(tf.tensor1d(alphaInit), true));
  const alphaNamed: NamedVariable = { name: 'alpha', variable: alpha };
  let live: LiveMask = fullLiveMask(slots);
  const gateFn: GateFunction = createGateFunction(tf, space, slots, live);
  let cells = liveCells(space, slots, live, blocks);
  let selection = gateSelection(tf, slots, live, blocks);
  const collectWeights = (): NamedVariable[] => {
    const out: NamedVariable[] = [...macro.stem0.variables, ...(macro.stem1?.variables ?? [])];
    for (const c of plan.cells) {
      const [pre0, pre1] = macro.preprocess[c.index]!;
      out.push(...pre0.variables, ...pre1.variables);
      for (const s of slots) if (s.cell === c.index) out.push(...(blocks.get(s.index)?.variables ?? []));
    }
    out.push(...macro.classifier.variables, ...(macro.auxiliary?.variables ?? []));
    return out;
  };
  let weights = collectWeights();
  let disposed = false;

  const checkInput = (x: Tensor): Either<GoldNasError, Tensor4D> => checkInputBatch(x, space.layout);

  const gates = (): Tensor1D => tf.tidy(() => gateFn.compute(alpha));
  const weightedSum = weightedSumOp(tf);

  const forward = (x: Tensor, options: SupernetForwardOptions): SupernetOutput => {
    const checked = checkInputBatch(x, space.layout);
    if (E.isLeft(checked)) throw new GoldNasException(checked.left);
    const given = options.gates;
    if (given !== undefined && (given.rank !== 1 || given.shape[0] !== slots.length)) {
      throw new GoldNasException(goldNasError('ShapeError', 'gates', `expected one gate per slot, [${slots.length}], got [${given.shape.join(', ')}]`));
    }
    if (disposed) throw new Error('forward() on a disposed super-network');
    const { training } = options;
    const { matrix, column } = selection;
    return tf.tidy(() => {
      // Only the computed slots' gates are split out: pruned and zero slots get no graph at all.
      const all = given ?? gateFn.compute(alpha);
      const g = matrix === null ? [] : (tf.unstack(tf.reshape(tf.matMul(tf.reshape(all, [1, slots.length]), matrix), [matrix.shape[1]])) as Scalar[]);
      const n = x.shape[0]!;
      return macroForward(tf, plan, macro, x, training, training, (index, inputs) => {
        const cellPlan = plan.cells[index]!;
        const nodes: CellTerm[][] = cells[index]!.nodes.map((slotsOfNode) =>
          slotsOfNode.map((s) => ({
            from: s.from,
            apply: (h: Tensor) => blocks.get(s.index)!.applyScaled(h, training, g[column[s.index]!]!),
            gated: (h: Tensor) => blocks.get(s.index)!.applyGated(h, training, g[column[s.index]!]!),
          })),
        );
        return cellForward(tf, inputs, nodes, () => tf.zeros([n, ...cellPlan.nodeShape]), weightedSum);
      });
    });
  };

  const snapshot = async (): Promise<GateSnapshot> => {
    const mask = live;
    const values = await alpha.data();
    const g = gateValues(space, slots, values, mask);
    return { gates: g, weights: nodeNormalisedWeights(slots, g, mask) };
  };

  const prune = (toRemove: readonly number[]): Either<GoldNasError, PruneResult> => {
    const next = Uint8Array.from(live);
    for (const [k, i] of toRemove.entries()) {
      if (!Number.isInteger(i) || i < 0 || i >= slots.length) {
        return E.left(goldNasError('ConfigError', `prune.${k}`, `slot ${i} does not exist; slots are 0..${slots.length - 1}`));
      }
      next[i] = 0;
    }
    const counts = liveInputsPerNode(slots, next);
    const orphan = slots.find((s) => counts[s.index] === 0);
    if (orphan !== undefined) {
      return E.left(
        goldNasError(
          'ArchitectureError',
          'prune',
          `pruning would leave node ${orphan.to} of cell ${orphan.cell} without a live input; every node keeps at least one (drop that slot from the list)`,
        ),
      );
    }
    const removed: string[] = [];
    for (const s of slots) {
      if (live[s.index] && !next[s.index]) {
        const block = blocks.get(s.index);
        if (block !== undefined) {
          removed.push(...block.variables.map((v) => v.name));
          block.dispose();
          blocks.delete(s.index);
        }
      }
    }
    live = next;
    gateFn.setLive(live);
    cells = liveCells(space, slots, live, blocks);
    selection.matrix?.dispose();
    selection = gateSelection(tf, slots, live, blocks);
    weights = collectWeights();
    return E.right({ live, removed });
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    for (const b of blocks.values()) b.dispose();
    blocks.clear();
    for (const b of macroBlockList(macro)) b.dispose();
    gateFn.dispose();
    selection.matrix?.dispose();
    alpha.dispose();
  };

  return {
    space,
    plan,
    slots,
    get weights() {
      return weights;
    },
    alpha: alphaNamed,
    get live() {
      return live;
    },
    auxiliary,
    checkInput,
    forward,
    gates,
    snapshot,
    prune,
    dispose,
  };
}
