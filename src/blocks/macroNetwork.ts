/**
 * The parts of a network that do not depend on the cells' operators: stems, every cell's
 * preprocess blocks, the auxiliary head and the classifier, built from a network plan; and the
 * macro forward pass (stems, cells, heads) that the super-network and the discrete network share.
 *
 * @module
 * @internal
 */
import { checkedEdgeOperatorLayers, edgeInputShape, edgeStride } from '../space/edgeOperator.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Rng } from '../random.js';
import type { Layer } from '../space/layers.js';
import { chainOutputShape } from '../space/layers.js';
import type { CellPlan, NetworkPlan } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import type { Block } from './block.js';
import { buildBlock } from './block.js';
import type { BatchNormMode } from './compileLayer.js';

/** The operator-independent blocks of a network. */
export interface MacroBlocks {
  readonly stem0: Block;
  /** ImageNet's second stem; null for CIFAR (both cell inputs are the stem output). */
  readonly stem1: Block | null;
  /** Each cell's preprocess blocks for states 0 and 1. */
  readonly preprocess: readonly (readonly [Block, Block])[];
  readonly classifier: Block;
  readonly auxiliary: Block | null;
}

/** What the macro blocks are built with. */
export interface MacroBlockOptions {
  readonly rng: Rng;
  readonly batchNorm: BatchNormMode;
  /** Build the auxiliary head (a `ConfigError` when it does not fit the layout). */
  readonly auxiliary: boolean;
}

/**
 * Builds the stems, preprocess blocks and heads of a plan. Variables are named `stem0.…`,
 * `stem1.…`, `cells.{i}.preprocess{0,1}.…`, `classifier.…` and `auxiliary.…`.
 *
 * @internal
 */
export function buildMacroBlocks(tf: TF, plan: NetworkPlan, options: MacroBlockOptions): Either<GoldNasError, MacroBlocks> {
  const built: Block[] = [];
  const fail = (e: GoldNasError): Either<GoldNasError, MacroBlocks> => {
    for (const b of built) b.dispose();
    return E.left(e);
  };
  const make = (layers: readonly Layer[], name: string): Either<GoldNasError, Block> => {
    let b: Either<GoldNasError, Block>;
    try {
      b = buildBlock(tf, layers, { name, rng: options.rng, batchNorm: options.batchNorm });
    } catch (e) {
      // The blocks made so far are freed before the exception (from tfjs, or a broken rng) goes on.
      for (const done of built) done.dispose();
      throw e;
    }
    if (E.isRight(b)) built.push(b.right);
    return b;
  };
  if (options.auxiliary && typeof plan.auxiliaryHead === 'string') return fail(goldNasError('ConfigError', 'auxiliary', plan.auxiliaryHead));
  const stem0 = make(plan.stem0, 'stem0');
  if (E.isLeft(stem0)) return fail(stem0.left);
  let stem1: Block | null = null;
  if (plan.stem1.length > 0) {
    const s = make(plan.stem1, 'stem1');
    if (E.isLeft(s)) return fail(s.left);
    stem1 = s.right;
  }
  const preprocess: (readonly [Block, Block])[] = [];
  for (const cell of plan.cells) {
    const p0 = make(cell.preprocess[0], `cells.${cell.index}.preprocess0`);
    if (E.isLeft(p0)) return fail(p0.left);
    const p1 = make(cell.preprocess[1], `cells.${cell.index}.preprocess1`);
    if (E.isLeft(p1)) return fail(p1.left);
    preprocess.push([p0.right, p1.right]);
  }
  const classifier = make(plan.head, 'classifier');
  if (E.isLeft(classifier)) return fail(classifier.left);
  let auxiliary: Block | null = null;
  if (options.auxiliary && typeof plan.auxiliaryHead !== 'string') {
    const a = make(plan.auxiliaryHead, 'auxiliary');
    if (E.isLeft(a)) return fail(a.left);
    auxiliary = a.right;
  }
  return E.right({ stem0: stem0.right, stem1, preprocess, classifier: classifier.right, auxiliary });
}

/** Every block of a {@link MacroBlocks}, in a fixed order. @internal */
export function macroBlockList(m: MacroBlocks): Block[] {
  return [m.stem0, ...(m.stem1 === null ? [] : [m.stem1]), ...m.preprocess.flat(), m.classifier, ...(m.auxiliary === null ? [] : [m.auxiliary])];
}

/**
 * The layers of operator `op` on the edge `from -> node` of a cell, checked to produce the
 * node's shape.
 *
 * @returns the layers, or an `ArchitectureError` (unknown operator), a `ConfigError` (a layers function that
 *   throws or returns no list of layers) or a `ShapeError`.
 * @internal
 */
export function edgeLayers(
  table: OperatorTable,
  cell: CellPlan,
  op: string,
  from: number,
  network: { readonly affine: boolean; readonly search: boolean },
  path: string,
): Either<GoldNasError, readonly Layer[]> {
  const def = Object.hasOwn(table, op) ? table[op] : undefined;
  if (def === undefined) return E.left(goldNasError('ArchitectureError', path, `unknown operator '${op}'; known: ${Object.keys(table).join(', ')}`));
  const strided = edgeStride(cell, from) === 2;
  const checked = checkedEdgeOperatorLayers(def, op, cell, from, network);
  if (E.isLeft(checked)) return checked;
  const layers = checked.right;
  const [h, w] = cell.nodeShape;
  const input = edgeInputShape(cell, from);
  const out = chainOutputShape(layers, input);
  if (typeof out === 'string' || out.length !== 3 || out[0] !== h || out[1] !== w || out[2] !== cell.channels) {
    const got = typeof out === 'string' ? out : `[${out.join(', ')}]`;
    return E.left(goldNasError('ShapeError', path, `operator '${op}' on a ${strided ? 'stride-2 ' : ''}edge of cell ${cell.index} must map [${input.join(', ')}] to [${cell.nodeShape.join(', ')}], got ${got}`));
  }
  return E.right(layers);
}

/** Whether a layer chain is DARTS' `Zero`: it contributes nothing to a node, so it is never computed. @internal */
export function isZeroChain(layers: readonly Layer[]): boolean {
  return layers.length === 1 && layers[0]!.kind === 'zero';
}

/** Whether a layer chain is the identity (DARTS applies no drop-path to it). @internal */
export function isIdentityChain(layers: readonly Layer[]): boolean {
  return layers.length === 1 && layers[0]!.kind === 'identity';
}

/**
 * A network's logits, and the auxiliary head's when it ran.
 *
 * @since 0.1.0
 */
export type MacroOutput = {
  readonly logits: Tensor2D;
  readonly auxLogits?: Tensor2D;
};

/**
 * The training loss of a forward pass: the main head's softmax cross-entropy, plus the auxiliary
 * head's weighted by `auxiliaryWeight` when there are auxiliary logits and the weight is not 0.
 * Call inside `tidy` (or a gradient scope).
 *
 * @param tf - the injected tfjs namespace.
 * @param labels - class indices, int32 `[N]`.
 * @param classes - the number of classes.
 * @param out - the forward pass's logits.
 * @param options - the auxiliary weight, and label smoothing ε for both heads (default 0).
 * @returns the loss.
 * @internal
 */
export function macroLoss(
  tf: TF,
  labels: Tensor1D,
  classes: number,
  out: MacroOutput,
  options: { readonly auxiliaryWeight: number; readonly labelSmoothing?: number },
): Scalar {
  const smoothing = options.labelSmoothing ?? 0;
  const oneHot = tf.oneHot(labels, classes);
  let loss = tf.losses.softmaxCrossEntropy(oneHot, out.logits, undefined, smoothing) as Scalar;
  if (out.auxLogits !== undefined && options.auxiliaryWeight !== 0) {
    loss = tf.add(loss, tf.mul(tf.losses.softmaxCrossEntropy(oneHot, out.auxLogits, undefined, smoothing), options.auxiliaryWeight));
  }
  return loss;
}

/**
 * A cell's output, or a stem's: a tensor, or a cell's nodes (`parts`) that every block reading it
 * takes as parts along channels, so that their concatenation is never made.
 */
type Stage = { readonly tensor: Tensor; readonly parts?: undefined } | { readonly tensor?: undefined; readonly parts: readonly Tensor[] };

/**
 * A cell's output for the blocks that read it: its nodes as parts when every one of them takes
 * them, else their concatenation, made here (right after the cell, as it always was). Either way
 * the values are the same, and so are the gradients' bits: a node's gradient gets its parts from the
 * readers one by one instead of as a slice of their sum, and the backward pass adds them in the same
 * order, from zero (`variableGradsFreeing`).
 */
function stageOf(tf: TF, nodes: readonly Tensor[], readers: readonly (Block | null)[]): Stage {
  if (nodes.length === 1) return { tensor: nodes[0]! };
  if (readers.length > 0 && readers.every((b) => b?.parts?.fits(nodes) === true)) return { parts: nodes };
  return { tensor: tf.concat([...nodes], 3) };
}

/** `block` on a stage. */
function applyTo(block: Block, stage: Stage, training: boolean): Tensor {
  return stage.parts !== undefined ? block.parts!.apply(stage.parts, training) : block.apply(stage.tensor, training);
}

/**
 * The macro forward pass: stems, then each cell (given its two raw inputs' preprocess thunks; it
 * returns its nodes), the auxiliary head after cell `plan.auxiliaryAfter` when `withAux`, and the
 * classifier. A cell's nodes are concatenated only when a block that reads the cell's output cannot
 * take them as parts (see `Block.parts`). Call inside `tidy`.
 *
 * @internal
 */
export function macroForward(
  tf: TF,
  plan: NetworkPlan,
  blocks: MacroBlocks,
  x: Tensor,
  training: boolean,
  withAux: boolean,
  runCell: (index: number, inputs: readonly [() => Tensor, () => Tensor]) => readonly Tensor[],
): MacroOutput {
  const stem = blocks.stem0.apply(x, training);
  let s0: Stage = { tensor: stem };
  let s1: Stage = { tensor: blocks.stem1 === null ? stem : blocks.stem1.apply(stem, training) };
  let auxLogits: Tensor2D | undefined;
  const last = plan.cells.length - 1;
  for (const [i, cell] of plan.cells.entries()) {
    const [pre0, pre1] = blocks.preprocess[cell.index]!;
    const in0 = s0;
    const in1 = s1;
    const nodes = runCell(cell.index, [() => applyTo(pre0, in0, training), () => applyTo(pre1, in1, training)]);
    const aux = withAux && blocks.auxiliary !== null && cell.index === plan.auxiliaryAfter ? blocks.auxiliary : null;
    // Who reads this output: the next cell's state 1, the one after's state 0, the heads.
    const readers: (Block | null)[] = [];
    if (i + 1 <= last) readers.push(blocks.preprocess[plan.cells[i + 1]!.index]![1]);
    if (i + 2 <= last) readers.push(blocks.preprocess[plan.cells[i + 2]!.index]![0]);
    if (aux !== null || i === last) readers.push(null);
    const out = stageOf(tf, nodes, readers);
    s0 = s1;
    s1 = out;
    if (aux !== null) auxLogits = aux.apply(out.tensor!, training) as Tensor2D;
  }
  const logits = blocks.classifier.apply(s1.tensor!, training) as Tensor2D;
  return auxLogits === undefined ? { logits } : { logits, auxLogits };
}
