/**
 * The discrete network of a fixed {@link Architecture}, for re-training and evaluation: the same
 * blocks as the super-network, without gates, with batch norms that keep running averages (affine
 * in the cells as in DARTS, or not, as in [R]).
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import type { Block } from '../blocks/block.js';
import { buildBlock } from '../blocks/block.js';
import type { CellTerm } from '../blocks/cellForward.js';
import { cellForward } from '../blocks/cellForward.js';
import { checkInputBatch } from '../blocks/checkInput.js';
import { dropPath } from '../blocks/dropPath.js';
import type { MacroOutput } from '../blocks/macroNetwork.js';
import { buildMacroBlocks, edgeLayers, isIdentityChain, isZeroChain, macroBlockList, macroForward } from '../blocks/macroNetwork.js';
import type { GoldNasError } from '../errors.js';
import { GoldNasException } from '../errors.js';
import type { NamedVariable } from '../optim/sgd.js';
import type { Rng } from '../random.js';
import { createRng } from '../random.js';
import type { Architecture } from '../space/architecture.js';
import { checkArchitecture } from '../space/decodeArchitecture.js';
import { edgeStride } from '../space/edgeOperator.js';
import type { CellBatchNorm, MacroLayout, NetworkPlan } from '../space/layout.js';
import { cellEdges, networkPlanChecked } from '../space/layout.js';
import type { OperatorTable, SkipConnectKind } from '../space/operators.js';
import { OPERATORS, withSkipConnect } from '../space/operators.js';
import { openSpace } from '../space/searchSpace.js';

/**
 * Options of {@link buildNetwork}.
 *
 * @since 0.1.0
 */
export type NetworkOptions = {
  readonly architecture: Architecture;
  readonly layout: MacroLayout;
  /** Where operator names are looked up (default `OPERATORS`). */
  readonly table?: OperatorTable;
  /** Build DARTS' auxiliary head after cell floor(2L/3) (default false). */
  readonly auxiliary?: boolean;
  /** The cells' batch norms: `affine` (DARTS, default) or `none` ([R]'s evaluation network). Stems and heads stay affine. */
  readonly cellBatchNorm?: CellBatchNorm;
  /** What `skip_connect` computes at stride 1: `identity` (DARTS, default) or a batch norm of x ([R]; it replaces the table's `skip_connect`). */
  readonly skipConnect?: SkipConnectKind;
} & ({ readonly seed: number } | { readonly rng: Rng });

/**
 * Options of a discrete-network forward pass.
 *
 * @since 0.1.0
 */
export interface NetworkForwardOptions {
  /** Training: batch statistics (running averages updated), drop-path, auxiliary logits. Otherwise running averages. */
  readonly training: boolean;
  /** Drop-path probability in training on every operator but stride-1 `skip_connect` (DARTS: 0.2 × epoch / epochs); default 0. */
  readonly dropPath?: number;
  /** Where drop-path masks come from (default: the network's own stream, forked from its build generator). */
  readonly rng?: Rng;
}

/**
 * What a forward pass returns: the logits, and the auxiliary head's in training when the network has one.
 *
 * @since 0.1.0
 */
export type NetworkOutput = MacroOutput;

/**
 * A discrete network and everything it owns. Call `dispose()` when done.
 *
 * @since 0.1.0
 */
export interface NetworkState {
  readonly architecture: Architecture;
  readonly plan: NetworkPlan;
  /** Trainable variables, by stable name (`cells.3.edges.5.sep_conv_3x3.1.weight`, PyTorch-style leaf names). */
  readonly variables: readonly NamedVariable[];
  /** Batch-norm running averages (`….running_mean`, `….running_var`), not trainable. */
  readonly buffers: readonly NamedVariable[];
  /** Whether the auxiliary head was built. */
  readonly auxiliary: boolean;
  /** The cells' batch norms it was built with. */
  readonly cellBatchNorm: CellBatchNorm;
  /** What its `skip_connect` computes at stride 1. */
  readonly skipConnect: SkipConnectKind;
  /** Checks an input batch's shape against the layout (no computation): the checked entry point to {@link NetworkState.forward}. */
  checkInput(x: Tensor): Either<GoldNasError, Tensor4D>;
  /**
   * The forward pass, in its own `tidy`. In training, batch norms use batch statistics and update
   * their running averages (momentum 0.1, outside any gradient tape), drop-path applies to every
   * operator but a stride-1 `skip_connect`, and the auxiliary logits are computed when the head exists.
   *
   * @throws GoldNasException (`ShapeError`) before any computation if `x` does not fit the layout; use `checkInput` to get the error as a value.
   * @throws Error if the network was disposed (its variables are gone).
   */
  forward(x: Tensor, options: NetworkForwardOptions): NetworkOutput;
  /** The number of trainable parameters (no device read). */
  trainableParamCount(): number;
  /** Frees every variable. */
  dispose(): void;
}

interface CellOp {
  readonly from: number;
  readonly block: Block;
  readonly dropPath: boolean;
}

/**
 * Builds the discrete network of an architecture on a layout: batch norms with running averages
 * (affine in the cells unless `cellBatchNorm` is `none`), PyTorch's default initialisation from the
 * seeded generator, operators from the table. DARTS_V2 on `cifarLayout({ channels: 36, cells: 20 })`
 * has 3,349,342 trainable parameters, as in DARTS; [R]'s `s1` on `cifarLayout({ channels: 36, cells: 14 })`
 * with `cellBatchNorm: 'none'` has 3,442,006, as in [R].
 *
 * @param tf - the injected tfjs namespace.
 * @param options - the architecture, the layout, the operator table, the auxiliary head, the cells' batch norms and skip, and a `seed` or an `rng`.
 * @returns the network, or an `ArchitectureError` (the architecture does not fit the layout or table), a
 *   `ShapeError` (an operator does not produce its node's shape) or a `ConfigError` (layout too small, head does not fit).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildNetwork, cifarLayout } from 'gold-nas';
 * import type { Architecture } from 'gold-nas';
 * const cell = (reduction: boolean) => ({
 *   reduction,
 *   edges: [2, 3, 4, 5].flatMap((to) => [{ op: 'sep_conv_3x3', from: to - 2, to }, { op: 'skip_connect', from: to - 1, to }]),
 * });
 * const architecture: Architecture = { nodes: 4, cells: [cell(false), cell(true), cell(true)] };
 * const built = buildNetwork(tf, { architecture, layout: cifarLayout({ channels: 8, cells: 3 }), seed: 0 });
 * if (built._tag === 'Right') {
 *   const net = built.right;
 *   const { logits } = net.forward(tf.zeros([2, 32, 32, 3]), { training: false });
 *   logits.dispose();
 *   net.dispose();
 * }
 * ```
 * @since 0.1.0
 */
export function buildNetwork(tf: TF, options: NetworkOptions): Either<GoldNasError, NetworkState> {
  const args = checkArguments('buildNetwork', { tf: [tf, 'object', 'the tfjs namespace'], options: [options, 'object', '{ architecture, layout, seed }'] });
  if (E.isLeft(args)) return args;
  const rng = 'rng' in options ? options.rng : createRng(options.seed);
  const { architecture, layout } = options;
  const skipConnect = options.skipConnect ?? 'identity';
  const table = withSkipConnect(options.table ?? OPERATORS, skipConnect);
  const auxiliary = options.auxiliary ?? false;
  const cellBatchNorm = options.cellBatchNorm ?? 'affine';
  const affine = cellBatchNorm === 'affine';
  const checked = checkArchitecture(architecture, openSpace(layout, table));
  if (E.isLeft(checked)) return checked;
  const planE = networkPlanChecked(layout, { affine });
  if (E.isLeft(planE)) return planE;
  const plan = planE.right;
  const macro = buildMacroBlocks(tf, plan, { rng, batchNorm: 'running', auxiliary });
  if (E.isLeft(macro)) return macro;
  const edgeIndex = new Map(cellEdges(layout.nodes).map((e, i) => [`${e.from}-${e.to}`, i]));
  const cells: CellOp[][][] = [];
  const opBlocks: Block[] = [];
  const fail = (e: GoldNasError): Either<GoldNasError, NetworkState> => {
    for (const b of [...opBlocks, ...macroBlockList(macro.right)]) b.dispose();
    return E.left(e);
  };
  for (const [i, cellArch] of architecture.cells.entries()) {
    const nodes: CellOp[][] = Array.from({ length: layout.nodes }, () => []);
    const ordered = [...cellArch.edges.entries()].sort(([, a], [, b]) => edgeIndex.get(`${a.from}-${a.to}`)! - edgeIndex.get(`${b.from}-${b.to}`)!);
    for (const [j, edge] of ordered) {
      const path = `cells.${i}.edges.${j}`;
      const layers = edgeLayers(table, plan.cells[i]!, edge.op, edge.from, { affine, search: false }, path);
      if (E.isLeft(layers)) return fail(layers.left);
      if (isZeroChain(layers.right)) continue;
      const rule = table[edge.op]!.dropPath;
      const context = { channels: plan.cells[i]!.channels, stride: edgeStride(plan.cells[i]!, edge.from), affine, search: false };
      const drops = rule !== undefined ? rule(context) : !isIdentityChain(layers.right);
      const name = `cells.${i}.edges.${edgeIndex.get(`${edge.from}-${edge.to}`)!}.${edge.op}`;
      const block = buildBlock(tf, layers.right, { name, rng, batchNorm: 'running' });
      if (E.isLeft(block)) return fail(block.left);
      opBlocks.push(block.right);
      nodes[edge.to - 2]!.push({ from: edge.from, block: block.right, dropPath: drops });
    }
    cells.push(nodes);
  }
  const dropRng = rng.fork();
  const m = macro.right;
  const ordered: Block[] = [m.stem0, ...(m.stem1 === null ? [] : [m.stem1])];
  for (const [i, nodes] of cells.entries()) ordered.push(...m.preprocess[i]!, ...nodes.flat().map((op) => op.block));
  ordered.push(m.classifier, ...(m.auxiliary === null ? [] : [m.auxiliary]));
  const variables = ordered.flatMap((b) => b.variables);
  const buffers = ordered.flatMap((b) => b.buffers);
  let disposed = false;

  const forward = (x: Tensor, fo: NetworkForwardOptions): NetworkOutput => {
    const input = checkInputBatch(x, layout);
    if (E.isLeft(input)) throw new GoldNasException(input.left);
    if (disposed) throw new Error('forward() on a disposed network');
    const { training } = fo;
    const p = training ? (fo.dropPath ?? 0) : 0;
    const maskRng = fo.rng ?? dropRng;
    return tf.tidy(() => {
      const n = x.shape[0]!;
      return macroForward(tf, plan, m, x, training, training, (index, inputs) => {
        const cellPlan = plan.cells[index]!;
        const terms: CellTerm[][] = cells[index]!.map((ops) =>
          ops.map((op) => ({
            from: op.from,
            apply: (h: Tensor) => {
              const y = op.block.apply(h, training);
              return p > 0 && op.dropPath ? dropPath(tf, y, p, maskRng) : y;
            },
          })),
        );
        return cellForward(tf, inputs, terms, () => tf.zeros([n, ...cellPlan.nodeShape]));
      });
    });
  };

  return E.right({
    architecture,
    plan,
    variables,
    buffers,
    auxiliary,
    cellBatchNorm,
    skipConnect,
    checkInput: (x) => checkInputBatch(x, layout),
    forward,
    trainableParamCount: () => variables.reduce((s, v) => s + v.variable.size, 0),
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const b of ordered) b.dispose();
    },
  });
}
