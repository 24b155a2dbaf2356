/**
 * A memory estimate of a search, worked out from its configuration alone (no tensor is made), so
 * that a configuration which cannot fit is refused before anything is allocated or written.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { SearchConfig } from './searchConfig.js';
import type { FeatureShape } from '../space/layers.js';
import { networkPlanChecked } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS, withSkipConnect } from '../space/operators.js';
import { operatorSlots } from '../space/searchSpace.js';
import type { Layer } from '../space/layers.js';
import { layerOutputShape } from '../space/layers.js';
import { edgeOperatorLayers } from '../space/edgeOperator.js';
import { edgeCost } from '../resources/edgeCost.js';
import { fixedPart } from '../resources/fixedCost.js';
import { volume } from '../resources/layerCost.js';

/**
 * What a search needs in memory, in bytes, by part (float32 everywhere).
 *
 * @since 0.2.0
 */
export interface SearchMemoryEstimate {
  /** The data set held in memory: every image of the source (synthetic, MNIST, CIFAR-10 training set). */
  readonly data: number;
  /** The super-network's parameters with their gradients, optimiser state and update temporaries. */
  readonly parameters: number;
  /** The values one batch computes (the larger of the training and the evaluation batch), kept for the backward pass: one copy, a lower bound. */
  readonly activations: number;
  /** The sum of the parts. */
  readonly total: number;
  /** The element count of the largest single array (data, a weight, or a batch's feature map). */
  readonly largestArray: number;
}

/** Copies of every parameter alive during a step: weights, gradients, optimiser buffers (Adam: two), α's, and the update's temporaries. */
const PARAMETER_COPIES = 6;
const FLOAT_BYTES = 4;
/** The images each real data source keeps in memory (MNIST: 60,000 training + 10,000 test digits; CIFAR-10: 50,000 training images). */
const SOURCE_IMAGES = { mnist: 70_000, cifar10: 50_000 } as const;

/**
 * The largest array a typed array (and so a tensor) can hold on every JavaScript engine gold-nas
 * runs on: 2^31 − 1 elements.
 *
 * @since 0.2.0
 */
export const MAX_ARRAY_ELEMENTS = 2 ** 31 - 1;

/** The values a chain of layers stores for one example: the sum of its layers' output sizes (the chain is already priced, so it fits). */
function chainValues(layers: readonly Layer[], input: FeatureShape): number {
  let shape = input;
  let values = 0;
  for (const layer of layers) {
    const next = layerOutputShape(layer, shape);
    if (typeof next === 'string') return values;
    values += volume(next);
    shape = next;
  }
  return values;
}

/**
 * Estimates the memory a search needs from its configuration: the data set, the super-network's
 * parameters (times the copies a training step keeps: gradients, optimiser state, temporaries) and
 * every value one batch computes (at the larger of the training and the evaluation batch), once.
 * It leans low (the backward pass's gradients and the backend's temporaries come on top): it is
 * meant to refuse configurations that cannot fit, never one that can.
 *
 * @param config - a decoded search configuration.
 * @param table - the operator table the space's operators are looked up in (default `OPERATORS`).
 * @returns the estimate, or a `ConfigError` when the layout gives no valid network.
 *
 * @example
 * ```ts
 * import { estimateSearchMemory, SEARCH_PRESETS } from 'gold-nas';
 * const m = estimateSearchMemory(SEARCH_PRESETS['synthetic-tiny']);
 * if (m._tag === 'Right') console.log((m.right.total / 2 ** 20).toFixed(1), 'MiB');
 * ```
 * @since 0.2.0
 */
export function estimateSearchMemory(config: SearchConfig, table: OperatorTable = OPERATORS): Either<GoldNasError, SearchMemoryEstimate> {
  const { layout } = config.space;
  const plan = networkPlanChecked(layout, { affine: false });
  if (E.isLeft(plan)) return E.left({ ...plan.left, path: 'space.layout' });
  const fixed = fixedPart(plan.right);
  if (E.isLeft(fixed)) return E.left({ ...fixed.left, path: `space.layout: ${fixed.left.path}` });
  const network = { affine: false, search: true, table: withSkipConnect(table, config.space.skipConnect ?? 'identity') };
  const space = { mode: config.space.mode, layout, operators: config.space.operators, table: network.table };
  const { cells, stem0, stem1, head } = plan.right;
  const image: FeatureShape = [layout.inputSize, layout.inputSize, layout.inputChannels];
  let params = fixed.right.params;
  let largestFeature = volume(image);
  // The values one example stores: stems, every cell's preprocess blocks, node sums and output, the head, and every slot's operator.
  let values = chainValues(stem0, image) + chainValues(stem1, cells[0]?.inputShapes[0] ?? image);
  for (const cell of cells) {
    values += chainValues(cell.preprocess[0], cell.inputShapes[0]) + chainValues(cell.preprocess[1], cell.inputShapes[1]);
    values += layout.nodes * volume(cell.nodeShape) + volume(cell.outputShape);
    largestFeature = Math.max(largestFeature, volume(cell.inputShapes[0]), volume(cell.inputShapes[1]), volume(cell.outputShape));
  }
  values += chainValues(head, cells[cells.length - 1]?.outputShape ?? image);
  for (const slot of operatorSlots(space)) {
    const cell = cells[slot.cell]!;
    const states = fixed.right.cells[slot.cell]!.states;
    const cost = edgeCost(cell, states, slot.op, slot.from, network, `slots.${slot.index}`);
    if (E.isLeft(cost)) return cost;
    params += cost.right.params;
    values += chainValues(edgeOperatorLayers(network.table[slot.op]!, cell, slot.from, network), slot.from < 2 ? states[slot.from as 0 | 1] : cell.nodeShape);
  }
  const classifier = head.reduce((m, l) => (l.kind === 'linear' ? Math.max(m, l.inF * l.outF) : m), 0);
  const perImage = volume(image);
  const images = config.data.source === 'synthetic' ? config.data.syntheticSize : SOURCE_IMAGES[config.data.source as keyof typeof SOURCE_IMAGES] ?? 0;
  // A training step keeps every value of its batch for the backward pass (an evaluation batch holds them until its end): one copy at least.
  const batch = Math.max(config.batchSize, config.evaluation.batchSize);
  const activationValues = batch * values;
  const data = images * perImage * FLOAT_BYTES;
  const parameters = params * PARAMETER_COPIES * FLOAT_BYTES;
  const activations = activationValues * FLOAT_BYTES;
  return E.right({
    data, parameters, activations, total: data + parameters + activations,
    largestArray: Math.max(images * perImage, classifier, batch * largestFeature, batch * layout.classes),
  });
}

/**
 * Bytes as GB (10^9), with one decimal (two below 1 GB).
 *
 * @param bytes - a byte count.
 * @returns e.g. `3.2 GB`.
 * @internal
 */
function formatGigabytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'an unbounded amount of';
  const gb = bytes / 1e9;
  return `${gb >= 1 ? gb.toFixed(1) : gb.toFixed(2)} GB`;
}

/**
 * Refuses a search configuration whose memory estimate ({@link estimateSearchMemory}) is above
 * `limit` bytes, or one of whose arrays would be larger than a typed array can be
 * ({@link MAX_ARRAY_ELEMENTS}). The message gives the estimate by part and what to change.
 *
 * @param config - a decoded search configuration.
 * @param limit - the most memory the search may need, in bytes.
 * @param limitSource - how the limit was set, for the message (e.g. `--memory-limit`).
 * @param table - the operator table (default `OPERATORS`).
 * @returns the estimate, or a `ConfigError` at `config`.
 *
 * @example
 * ```ts
 * import { checkSearchMemory, SEARCH_PRESETS } from 'gold-nas';
 * checkSearchMemory(SEARCH_PRESETS['synthetic-tiny'], 1e9, 'the limit'); // Right
 * ```
 * @since 0.2.0
 */
export function checkSearchMemory(config: SearchConfig, limit: number, limitSource: string, table: OperatorTable = OPERATORS): Either<GoldNasError, SearchMemoryEstimate> {
  const estimate = estimateSearchMemory(config, table);
  if (E.isLeft(estimate)) return estimate;
  const m = estimate.right;
  const parts = `data ${formatGigabytes(m.data)}, parameters and optimiser state ${formatGigabytes(m.parameters)}, activations of a batch ${formatGigabytes(m.activations)}`;
  const fix = 'make the network (space.layout: channels, cells, classes, inputSize), the batches (batchSize, evaluation.batchSize) or the data (data.syntheticSize) smaller';
  if (!(m.total <= limit)) {
    return E.left(goldNasError('ConfigError', 'config',
      `this search would need about ${formatGigabytes(m.total)} of memory (${parts}), more than ${limitSource} of ${formatGigabytes(limit)}; ${fix}, or raise the limit (--memory-limit <GB>, or memoryLimit)`));
  }
  if (!(m.largestArray <= MAX_ARRAY_ELEMENTS)) {
    return E.left(goldNasError('ConfigError', 'config',
      `this search would need an array of ${m.largestArray.toExponential(2)} values, more than the ${MAX_ARRAY_ELEMENTS} a typed array can hold (${parts}); ${fix}`));
  }
  return estimate;
}
