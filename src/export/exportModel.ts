/**
 * A trained network as a standard TensorFlow.js `LayersModel`: the Keras functional format that
 * `tf.loadLayersModel` reads, built from standard layers only, so no gold-nas code is needed to run it.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { io } from '@tensorflow/tfjs-core';
import type { ChannelStats } from '../data/normalise.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { edgeLayers, isZeroChain } from '../blocks/macroNetwork.js';
import type { ArchEdge } from '../space/architecture.js';
import { architectureHash } from '../space/architectureHash.js';
import type { Layer } from '../space/layers.js';
import { checkArchitecture } from '../space/decodeArchitecture.js';
import type { CellPlan } from '../space/layout.js';
import { cellEdges, networkPlanChecked } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS, withSkipConnect } from '../space/operators.js';
import { openSpace } from '../space/searchSpace.js';
import type { KerasGraph, KerasTensor } from './kerasGraph.js';
import { kerasGraph } from './kerasGraph.js';
import type { EmitContext } from './kerasLayers.js';
import { emitChain, emitZero } from './kerasLayers.js';
import type { NetworkWeights } from './networkWeights.js';

/**
 * Options of {@link exportModel}.
 *
 * @since 0.2.0
 */
export interface ExportModelOptions {
  /** Where the architecture's operator names are looked up (default `OPERATORS`); the table the network was built with. */
  readonly table?: OperatorTable;
  /** The model's name (default `gold-nas-<architecture hash>`). */
  readonly name?: string;
}

/**
 * What an exported model's `userDefinedMetadata.goldNas` records.
 *
 * @since 0.2.0
 */
export interface ExportedModelMetadata {
  /** The architecture's hash (`architectureHash`). */
  readonly architectureId: string;
  readonly layout: NetworkWeights['layout'];
  /** The input normalisation built into the model (it takes raw pixels then), or null. */
  readonly normalise: NetworkWeights['normalise'] | null;
  /** What the model outputs: the classifier's logits (apply a softmax for probabilities). */
  readonly output: 'logits';
}

/**
 * Adds a merge layer (Add, Concatenate). A tensor given twice (a node that is another node through
 * `skip_connect`) is passed the second time through an identity `Activation('linear')`: tfjs-layers
 * 4.22 frees a tensor too early when one layer reads it twice and later layers read it again.
 */
function merge(graph: KerasGraph, className: 'Add' | 'Concatenate', name: string, inputs: readonly KerasTensor[], outputShape: readonly number[]): KerasTensor {
  const seen = new Set<string>();
  const distinct = inputs.map((t, k) => {
    if (!seen.has(t.layer)) {
      seen.add(t.layer);
      return t;
    }
    return graph.add({ className: 'Activation', name: `${name}.repeat${k}`, inputs: [t], config: { activation: 'linear' }, outputShape: t.shape });
  });
  return graph.add({ className, name, inputs: distinct, config: className === 'Concatenate' ? { axis: -1 } : {}, outputShape });
}

function lazy<T>(f: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: f() }).v;
}

/** An operator of a cell: the edge, its layers, and its block name (`cells.3.edges.5.sep_conv_3x3`). */
interface CellTerm {
  readonly edge: ArchEdge;
  readonly layers: readonly Layer[];
  readonly name: string;
}

/** A cell's operators in edge order (each node sums them in this order, as `buildNetwork` does), without `none`. */
function cellTerms(table: OperatorTable, cell: CellPlan, edges: readonly ArchEdge[], nodes: number, affine: boolean): Either<GoldNasError, CellTerm[]> {
  const edgeIndex = new Map(cellEdges(nodes).map((e, i) => [`${e.from}-${e.to}`, i]));
  const index = (e: ArchEdge): number => edgeIndex.get(`${e.from}-${e.to}`)!;
  const terms: CellTerm[] = [];
  for (const [j, edge] of [...edges.entries()].sort(([, a], [, b]) => index(a) - index(b))) {
    const layers = edgeLayers(table, cell, edge.op, edge.from, { affine, search: false }, `cells.${cell.index}.edges.${j}`);
    if (E.isLeft(layers)) return layers;
    if (!isZeroChain(layers.right)) terms.push({ edge, layers: layers.right, name: `cells.${cell.index}.edges.${index(edge)}.${edge.op}` });
  }
  return E.right(terms);
}

/** One cell: its preprocessed inputs (made when first read), each node's sum, and their concatenation. */
function emitCell(ctx: EmitContext, cell: CellPlan, terms: readonly CellTerm[], inputs: readonly [() => KerasTensor, () => KerasTensor], nodeCount: number): KerasTensor {
  const i = cell.index;
  const states: (() => KerasTensor)[] = [
    lazy(() => emitChain(ctx, cell.preprocess[0], `cells.${i}.preprocess0`, inputs[0]())),
    lazy(() => emitChain(ctx, cell.preprocess[1], `cells.${i}.preprocess1`, inputs[1]())),
  ];
  const nodes: KerasTensor[] = [];
  for (let to = 2; to < nodeCount + 2; to++) {
    const ys = terms.filter((t) => t.edge.to === to).map((t) => emitChain(ctx, t.layers, t.name, states[t.edge.from]!()));
    const node = ys.length === 0
      ? emitZero(ctx, `cells.${i}.node${to}.zero`, states[1]!(), cell.reduction ? 2 : 1)
      : ys.length === 1 ? ys[0]! : merge(ctx.graph, 'Add', `cells.${i}.node${to}`, ys, cell.nodeShape);
    nodes.push(node);
    states.push(() => node);
  }
  return nodes.length === 1 ? nodes[0]! : merge(ctx.graph, 'Concatenate', `cells.${i}.output`, nodes, cell.outputShape);
}

/** `(x − mean) / std` per channel as a 1×1 depthwise convolution with bias: `x · (1/std) + (−mean/std)`. */
function emitNormalisation(graph: KerasGraph, x: KerasTensor, normalise: ChannelStats): KerasTensor {
  const c = normalise.mean.length;
  return graph.add({
    className: 'DepthwiseConv2D', name: 'input.normalise', inputs: [x], outputShape: x.shape,
    config: { kernel_size: [1, 1], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: true, depth_multiplier: 1 },
    weights: [
      { name: 'depthwise_kernel', shape: [1, 1, c, 1], values: Float32Array.from(normalise.std, (s) => 1 / s) },
      { name: 'bias', shape: [c], values: Float32Array.from(normalise.mean, (m, k) => -m / normalise.std[k]!) },
    ],
  });
}

/**
 * Converts a trained network into a tfjs `LayersModel`'s artifacts (`format: 'layers-model'`):
 * standard Keras layers only (Conv2D, DepthwiseConv2D, BatchNormalization in inference form,
 * Activation relu, Add, Concatenate, MaxPooling2D, AveragePooling2D, ZeroPadding2D, Cropping2D,
 * GlobalAveragePooling2D, Dense), computing what gold-nas's `net.forward(x, { training: false })`
 * computes, to float rounding. The auxiliary head and drop-path are left out; the input
 * normalisation the network was trained with, when `weights.normalise` has it, is the model's
 * first layer (a 1×1 depthwise convolution with bias), so the model takes raw NHWC pixels and
 * returns logits. Layers are named after gold-nas's blocks (`cells.3.edges.5.sep_conv_3x3.1`).
 *
 * Load the result with `tf.loadLayersModel(tf.io.fromMemory(artifacts))`, save it with any tfjs
 * handler (`await tf.io.getSaveHandlers('indexeddb://model')[0].save(artifacts)`), or write its
 * files with `writeModelFiles` from `gold-nas/node`. Pure: no tfjs is needed to export.
 *
 * @param weights - the network: architecture, layout, normalisation and arrays (`networkWeights`,
 *   `networkWeightsFromCheckpoint` or `decodeNetworkWeights`).
 * @param options - the operator table and the model's name.
 * @returns the model artifacts, or an `ArchitectureError` / `ShapeError` / `ConfigError` (the
 *   architecture does not fit the layout or table), a `CheckpointError` (an array is missing or
 *   misshapen), or a `ConfigError` for a custom layer with no standard form.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildNetwork, cifarLayout, genotypeToArchitecture, DARTS_V2, networkWeights, exportModel } from 'gold-nas';
 * const layout = cifarLayout({ channels: 8, cells: 5 });
 * const architecture = genotypeToArchitecture(DARTS_V2, layout);
 * if (architecture._tag === 'Right') {
 *   const built = buildNetwork(tf, { architecture: architecture.right, layout, seed: 0 });
 *   if (built._tag === 'Right') {
 *     const artifacts = exportModel(await networkWeights(built.right));
 *     if (artifacts._tag === 'Right') {
 *       const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts.right));
 *       const logits = model.predict(tf.zeros([1, 32, 32, 3])) as tf.Tensor;
 *     }
 *     built.right.dispose();
 *   }
 * }
 * ```
 * @since 0.2.0
 */
export function exportModel(weights: NetworkWeights, options: ExportModelOptions = {}): Either<GoldNasError, io.ModelArtifacts> {
  const args = checkArguments('exportModel', { weights: [weights, 'object', 'network weights (networkWeights or decodeNetworkWeights)'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  const { architecture, layout, normalise } = weights;
  // The cells the network was built with: [R]'s non-affine batch norms and batch-norm skip when the weights say so.
  const table = withSkipConnect(options.table ?? OPERATORS, weights.skipConnect ?? 'identity');
  const affine = (weights.cellBatchNorm ?? 'affine') === 'affine';
  const checked = checkArchitecture(architecture, openSpace(layout, table));
  if (E.isLeft(checked)) return checked;
  const planE = networkPlanChecked(layout, { affine });
  if (E.isLeft(planE)) return planE;
  const plan = planE.right;
  const id = architectureHash(architecture);

  const arrays = new Map(weights.arrays.map((a) => [a.name, a] as const));
  const problems: GoldNasError[] = [];
  const { graph, input } = kerasGraph(options.name ?? `gold-nas-${id}`, 'input', [layout.inputSize, layout.inputSize, layout.inputChannels]);
  const ctx: EmitContext = {
    graph,
    weight: (name, shape) => {
      const a = arrays.get(name);
      if (a === undefined || a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i]) || a.values.length !== a.shape.reduce((p, d) => p * d, 1)) {
        const got = a === undefined ? 'it is missing' : `it has shape [${a.shape.join(', ')}] and ${a.values.length} values`;
        problems.push(goldNasError('CheckpointError', name, `the network needs an array of shape [${shape.join(', ')}]; ${got}`));
        return new Float32Array(shape.reduce((p, d) => p * d, 1));
      }
      return a.values;
    },
    unsupported: (name, message) => problems.push(goldNasError('ConfigError', name, message)),
  };

  let x: KerasTensor = input;
  if (normalise !== undefined) {
    const c = layout.inputChannels;
    if (normalise.mean.length !== c || normalise.std.length !== c || !normalise.std.every((s) => s > 0)) {
      return E.left(goldNasError('ConfigError', 'normalise', `needs ${c} means and ${c} positive standard deviations (one per input channel), got ${normalise.mean.length} and [${normalise.std.join(', ')}]`));
    }
    x = emitNormalisation(graph, x, normalise);
  }

  const stem0 = emitChain(ctx, plan.stem0, 'stem0', x);
  const stem1 = plan.stem1.length > 0 ? emitChain(ctx, plan.stem1, 'stem1', stem0) : stem0;
  // Cell inputs and outputs are made when first read, so a block nothing reads is left out.
  let s0: () => KerasTensor = () => stem0;
  let s1: () => KerasTensor = () => stem1;
  for (const cell of plan.cells) {
    const terms = cellTerms(table, cell, architecture.cells[cell.index]!.edges, layout.nodes, affine);
    if (E.isLeft(terms)) return terms;
    const inputs = [s0, s1] as const;
    s0 = s1;
    s1 = lazy(() => emitCell(ctx, cell, terms.right, inputs, layout.nodes));
  }
  const logits = emitChain(ctx, plan.head, 'classifier', s1());
  // A layer with no standard form is reported before missing arrays: no weights file can fix it.
  const first = problems.find((p) => p._tag === 'ConfigError') ?? problems[0];
  if (first !== undefined) return E.left(first);
  const metadata: ExportedModelMetadata = { architectureId: id, layout, normalise: normalise ?? null, output: 'logits' };
  return E.right(graph.artifacts(input, logits, { goldNas: metadata }));
}
