/**
 * Macro layouts (the DARTS CIFAR and ImageNet networks) and the network plan: every block's
 * layers and shapes, derived once from a layout. Both the cost model and the tfjs builders read
 * the plan, so they cannot disagree about the network.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { FeatureShape, Layer } from './layers.js';
import { chainOutputShape } from './layers.js';

/**
 * The macro structure of a network: how many cells, how wide, what input, what output.
 *
 * @example
 * ```ts
 * import { cifarLayout } from 'gold-nas';
 * const layout = cifarLayout({ channels: 36, cells: 20 });
 * layout.inputSize; // 32
 * ```
 * @since 0.1.0
 */
export interface MacroLayout {
  /** `cifar`: one stride-1 stem. `imagenet`: two stride-2 stems (stride 8 overall). */
  readonly kind: 'cifar' | 'imagenet';
  /** C, the channel count of the first cell's nodes. Doubles at each reduction cell. */
  readonly channels: number;
  /** L, the number of cells. Reductions sit at floor(L/3) and floor(2L/3). */
  readonly cells: number;
  /** Intermediate nodes per cell (4 in DARTS and GOLD-NAS). */
  readonly nodes: number;
  /** Input height and width (square images). */
  readonly inputSize: number;
  /** Input channels: 3 for CIFAR and ImageNet, 1 for MNIST. */
  readonly inputChannels: number;
  /** Number of classes of the classifier. */
  readonly classes: number;
  /** CIFAR stem width as a multiple of C (3 in DARTS). Ignored by the ImageNet layout. */
  readonly stemMultiplier: number;
}

/**
 * Options of {@link cifarLayout} and {@link imagenetLayout}; anything left out takes the DARTS default.
 *
 * @since 0.1.0
 */
export type LayoutOptions = Partial<Omit<MacroLayout, 'kind'>>;

/**
 * The DARTS CIFAR layout. Defaults: C=16, L=8, 4 nodes, 32×32×3 input, 10 classes, stem multiplier 3.
 *
 * @param options - fields to override.
 * @returns the layout.
 *
 * @example
 * ```ts
 * import { cifarLayout } from 'gold-nas';
 * const mnist = cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 });
 * ```
 * @since 0.1.0
 */
export function cifarLayout(options: LayoutOptions = {}): MacroLayout {
  return { kind: 'cifar', channels: 16, cells: 8, nodes: 4, inputSize: 32, inputChannels: 3, classes: 10, stemMultiplier: 3, ...options };
}

/**
 * The DARTS ImageNet (mobile setting) layout. Defaults: C=48, L=14, 4 nodes, 224×224×3 input, 1000 classes.
 *
 * @param options - fields to override.
 * @returns the layout.
 *
 * @example
 * ```ts
 * import { imagenetLayout } from 'gold-nas';
 * imagenetLayout().classes; // 1000
 * ```
 * @since 0.1.0
 */
export function imagenetLayout(options: LayoutOptions = {}): MacroLayout {
  return { kind: 'imagenet', channels: 48, cells: 14, nodes: 4, inputSize: 224, inputChannels: 3, classes: 1000, stemMultiplier: 3, ...options };
}

/**
 * The indices of the reduction cells: floor(L/3) and floor(2L/3).
 *
 * @param cells - L.
 * @returns the reduction cell indices, ascending and distinct.
 *
 * @example
 * ```ts
 * import { reductionCells } from 'gold-nas';
 * reductionCells(20); // [6, 13]
 * ```
 * @since 0.1.0
 */
export function reductionCells(cells: number): readonly number[] {
  const a = Math.floor(cells / 3);
  const b = Math.floor((2 * cells) / 3);
  return a === b ? [a] : [a, b];
}

/**
 * An edge of a cell's DAG, in DARTS state numbering: states 0 and 1 are the cell's inputs, 2.. its nodes.
 *
 * @since 0.1.0
 */
export interface CellEdge {
  /** The state the edge reads: 0 or 1 (the cell inputs) or 2..(to−1) (an earlier node). */
  readonly from: number;
  /** The node the edge feeds: 2..(nodes+1). */
  readonly to: number;
}

/**
 * Every edge of a cell with `nodes` intermediate nodes, ordered by target node then source:
 * 2+3+…+(nodes+1) edges (14 for 4 nodes).
 *
 * @param nodes - intermediate nodes per cell.
 * @returns the edges.
 *
 * @example
 * ```ts
 * import { cellEdges } from 'gold-nas';
 * cellEdges(4).length; // 14
 * cellEdges(4)[2]; // { from: 0, to: 3 }
 * ```
 * @since 0.1.0
 */
export function cellEdges(nodes: number): readonly CellEdge[] {
  const edges: CellEdge[] = [];
  for (let to = 2; to < nodes + 2; to++) for (let from = 0; from < to; from++) edges.push({ from, to });
  return edges;
}

/**
 * The plan of one cell: its place, its widths, its input shapes and its preprocess blocks.
 *
 * @since 0.1.0
 */
export interface CellPlan {
  /** Position in the network, from 0. */
  readonly index: number;
  /** Whether this cell halves the spatial size and doubles the channels. */
  readonly reduction: boolean;
  /** Whether the cell before the previous one's output (state 0) is at twice this cell's input size. */
  readonly reductionPrev: boolean;
  /** C of this cell: the width of each node. */
  readonly channels: number;
  /** Shapes of the two inputs before preprocessing (states 0 and 1). */
  readonly inputShapes: readonly [readonly [number, number, number], readonly [number, number, number]];
  /** Preprocess blocks for states 0 and 1 (ReLU-conv1×1-BN, or FactorizedReduce for state 0 after a reduction). */
  readonly preprocess: readonly [readonly Layer[], readonly Layer[]];
  /** Shape of every node (and of the preprocessed inputs after the edge stride). */
  readonly nodeShape: readonly [number, number, number];
  /** Shape of the cell output: the concatenation of all nodes. */
  readonly outputShape: readonly [number, number, number];
}

/**
/**
 * The batch norms of a network's cells (operators and preprocess blocks): `affine` (a learnable
 * scale and shift, DARTS' evaluation network) or `none` (DARTS' and [R]'s search networks, and [R]'s
 * evaluation network). Stems and heads are always affine.
 *
 * @since 0.2.0
 */
export type CellBatchNorm = 'affine' | 'none';

/**
 * The whole network's plan.
 *
 * @since 0.1.0
 */
export interface NetworkPlan {
  readonly layout: MacroLayout;
  /** Whether cell batch norms are affine (evaluation network) or not (search network). */
  readonly affine: boolean;
  /** The first stem: image to state 0 of cell 0. */
  readonly stem0: readonly Layer[];
  /** The second stem, applied to stem0's output, giving state 1 of cell 0. Empty for CIFAR (both states are the stem output). */
  readonly stem1: readonly Layer[];
  readonly cells: readonly CellPlan[];
  /** The cell after whose output the auxiliary head reads (floor(2L/3)). */
  readonly auxiliaryAfter: number;
  /** The auxiliary head, or why it does not fit this input size. */
  readonly auxiliaryHead: readonly Layer[] | string;
  /** Global average pooling and the linear classifier. */
  readonly head: readonly Layer[];
}

function conv(inC: number, outC: number, k: number, stride: number, pad: number): Layer {
  return { kind: 'conv', inC, outC, kernel: [k, k], stride: [stride, stride], pad: [pad, pad], dilation: 1, depthwise: false };
}

function reluConvBn(inC: number, outC: number, affine: boolean): readonly Layer[] {
  return [{ kind: 'relu' }, conv(inC, outC, 1, 1, 0), { kind: 'bn', channels: outC, affine }];
}

function as3(shape: FeatureShape | string, where: string): readonly [number, number, number] {
  if (typeof shape === 'string' || shape.length !== 3) throw new Error(`network plan: ${where}: ${String(shape)}`);
  return shape;
}

function auxiliaryHead(kind: MacroLayout['kind'], inC: number, classes: number, input: readonly [number, number, number]): readonly Layer[] | string {
  // DARTS AuxiliaryHeadCIFAR / AuxiliaryHeadImageNet (the latter without its second BN, as in the reference code).
  const layers: Layer[] = [
    { kind: 'relu' },
    { kind: 'pool', pool: 'avg', size: 5, stride: kind === 'cifar' ? 3 : 2, pad: 0 },
    conv(inC, 128, 1, 1, 0),
    { kind: 'bn', channels: 128, affine: true },
    { kind: 'relu' },
    conv(128, 768, 2, 1, 0),
    ...(kind === 'cifar' ? [{ kind: 'bn', channels: 768, affine: true } as const] : []),
    { kind: 'relu' },
    { kind: 'linear', inF: 768, outF: classes },
  ];
  const out = chainOutputShape(layers, input);
  return typeof out === 'string' ? `the auxiliary head needs an 8x8 (CIFAR) or 7x7 (ImageNet) map, got ${input[0]}x${input[1]}: ${out}` : layers;
}

/**
 * Derives the whole network's plan from a layout: stems, every cell's widths, shapes and
 * preprocess blocks, the auxiliary head and the classifier, exactly as DARTS builds them.
 *
 * @param layout - the macro layout.
 * @param options - `affine`: batch norms in cells and preprocess blocks are affine (true for the evaluation network, false for the search network).
 * @returns the plan.
 * @throws Error if the layout is so small that a block has an empty output; validate layouts with `decodeLayout` first.
 *
 * @example
 * ```ts
 * import { cifarLayout, networkPlan } from 'gold-nas';
 * const plan = networkPlan(cifarLayout({ channels: 36, cells: 20 }), { affine: true });
 * plan.cells[6]!.reduction; // true
 * plan.cells[19]!.outputShape; // [8, 8, 576]
 * ```
 * @since 0.1.0
 */
export function networkPlan(layout: MacroLayout, options: { readonly affine: boolean }): NetworkPlan {
  const { affine } = options;
  const C = layout.channels;
  const image: readonly [number, number, number] = [layout.inputSize, layout.inputSize, layout.inputChannels];
  let stem0: readonly Layer[];
  let stem1: readonly Layer[];
  let cPrevPrev: number;
  let cPrev: number;
  let reductionPrev: boolean;
  if (layout.kind === 'cifar') {
    const cStem = layout.stemMultiplier * C;
    stem0 = [conv(layout.inputChannels, cStem, 3, 1, 1), { kind: 'bn', channels: cStem, affine: true }];
    stem1 = [];
    cPrevPrev = cStem;
    cPrev = cStem;
    reductionPrev = false;
  } else {
    const half = Math.floor(C / 2);
    stem0 = [
      conv(layout.inputChannels, half, 3, 2, 1), { kind: 'bn', channels: half, affine: true }, { kind: 'relu' },
      conv(half, C, 3, 2, 1), { kind: 'bn', channels: C, affine: true },
    ];
    stem1 = [{ kind: 'relu' }, conv(C, C, 3, 2, 1), { kind: 'bn', channels: C, affine: true }];
    cPrevPrev = C;
    cPrev = C;
    reductionPrev = true;
  }
  let s0 = as3(chainOutputShape(stem0, image), 'stem0');
  let s1 = as3(chainOutputShape(stem1, s0), 'stem1');

  const reductions = reductionCells(layout.cells);
  const cells: CellPlan[] = [];
  let cCurr = C;
  for (let i = 0; i < layout.cells; i++) {
    const reduction = reductions.includes(i);
    if (reduction) cCurr *= 2;
    const pre0: readonly Layer[] = reductionPrev
      ? [{ kind: 'factorizedReduce', inC: cPrevPrev, outC: cCurr, affine }]
      : reluConvBn(cPrevPrev, cCurr, affine);
    const pre1 = reluConvBn(cPrev, cCurr, affine);
    const p1 = as3(chainOutputShape(pre1, s1), `cell ${i} preprocess 1`);
    const size = reduction ? [Math.ceil(p1[0] / 2), Math.ceil(p1[1] / 2)] : [p1[0], p1[1]];
    const nodeShape: readonly [number, number, number] = [size[0]!, size[1]!, cCurr];
    const outputShape: readonly [number, number, number] = [size[0]!, size[1]!, layout.nodes * cCurr];
    cells.push({ index: i, reduction, reductionPrev, channels: cCurr, inputShapes: [s0, s1], preprocess: [pre0, pre1], nodeShape, outputShape });
    reductionPrev = reduction;
    cPrevPrev = cPrev;
    cPrev = layout.nodes * cCurr;
    s0 = s1;
    s1 = outputShape;
  }
  const auxiliaryAfter = Math.floor((2 * layout.cells) / 3);
  const auxCell = cells[Math.min(auxiliaryAfter, cells.length - 1)]!;
  return {
    layout,
    affine,
    stem0,
    stem1,
    cells,
    auxiliaryAfter,
    auxiliaryHead: auxiliaryHead(layout.kind, auxCell.outputShape[2], layout.classes, auxCell.outputShape),
    head: [{ kind: 'globalPool' }, { kind: 'linear', inF: cPrev, outF: layout.classes }],
  };
}

/**
 * {@link networkPlan} as a value: the plan, or a `ConfigError` at `layout` when the layout is so
 * small that a block has an empty output. Never throws.
 *
 * @param layout - the macro layout.
 * @param options - `affine`: batch norms in cells and preprocess blocks are affine (true for the evaluation network, false for the search network).
 * @returns the plan, or a `ConfigError` whose path is `layout`.
 *
 * @example
 * ```ts
 * import { cifarLayout, networkPlanChecked } from 'gold-nas';
 * const plan = networkPlanChecked(cifarLayout({ cells: 0 }), { affine: true });
 * if (plan._tag === 'Left') console.log(plan.left.message); // the layout does not give a valid network: ...
 * ```
 * @since 0.2.0
 */
export function networkPlanChecked(layout: MacroLayout, options: { readonly affine: boolean }): Either<GoldNasError, NetworkPlan> {
  try {
    return E.right(networkPlan(layout, options));
  } catch (e) {
    return E.left(goldNasError('ConfigError', 'layout', `the layout does not give a valid network: ${e instanceof Error ? e.message : String(e)}`));
  }
}
