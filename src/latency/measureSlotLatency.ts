/**
 * Measured latency: every candidate operator of a space timed on the injected backend, at its own
 * edge's shapes, as a per-slot table the linear penalty can weigh like FLOPs or parameters.
 * It builds each operator's tfjs block, so it sits above `blocks/`; `resources/` stays a pure cost
 * model that only takes the table (`linearPenalty`'s `costs.latency`).
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import { buildBlock } from '../blocks/block.js';
import { edgeLayers } from '../blocks/macroNetwork.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { createRng } from '../random.js';
import { edgeInputShape, edgeStride } from '../space/edgeOperator.js';
import { networkPlan } from '../space/layout.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { operatorSlots } from '../space/searchSpace.js';
import { median } from '../median.js';

/**
 * How {@link measureSlotLatency} times operators.
 *
 * @since 0.1.0
 */
export interface LatencyOptions {
  /** Images per timed batch (default 1: the latency of one image). */
  readonly batch?: number;
  /**
   * `inference`: a forward pass of the evaluation-network operator (affine batch norm with running
   * statistics), the latency a deployed network pays. `training`: forward and backward of the
   * search-network operator, what a search step pays. Default `inference`.
   */
  readonly mode?: 'inference' | 'training';
  /** Untimed runs before timing (default 2). */
  readonly warmup?: number;
  /** Timed runs; the median is kept (default 5). */
  readonly repeats?: number;
}

/**
 * Measured milliseconds per operator slot, with how they were measured.
 *
 * @since 0.1.0
 */
export interface LatencyTable {
  /** The backend the operators ran on (`tf.getBackend()`). */
  readonly backend: string;
  readonly batch: number;
  readonly mode: 'inference' | 'training';
  /** Median milliseconds of each slot's operator on its edge, in `operatorSlots` order. Slots with equal shapes share one measurement. */
  readonly ms: Float64Array;
  /** How many distinct (shape, operator, stride) blocks were timed. */
  readonly measured: number;
}

/**
 * Times every candidate operator of a space on the current backend. Each distinct block (cell
 * shape, operator, stride) is built once with seeded weights, run `warmup` times, then timed
 * `repeats` times with a device read after each run, and freed.
 *
 * @param tf - the injected tfjs namespace, with its backend ready.
 * @param space - the search space.
 * @param options - batch, mode, warm-up and repeats.
 * @returns the per-slot table, or the first error (an operator that does not fit its edge).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { measureSlotLatency, searchSpace } from 'gold-nas';
 * await tf.setBackend('cpu');
 * const space = searchSpace({ layout: { channels: 8, cells: 5, inputSize: 28, inputChannels: 1 } });
 * if (space._tag === 'Right') {
 *   const table = await measureSlotLatency(tf, space.right, { batch: 1 });
 *   if (table._tag === 'Right') console.log(table.right.ms.slice(0, 4)); // ms of the first slots
 * }
 * ```
 * @since 0.1.0
 */
export async function measureSlotLatency(tf: TF, space: SearchSpace, options: LatencyOptions = {}): Promise<Either<GoldNasError, LatencyTable>> {
  const args = checkArguments('measureSlotLatency', { tf: [tf, 'object', 'the tfjs namespace'], space: [space, 'object', 'a search space'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  const batch = options.batch ?? 1;
  const mode = options.mode ?? 'inference';
  const warmup = options.warmup ?? 2;
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(batch) || batch < 1) return E.left(goldNasError('ConfigError', 'batch', `must be a whole number ≥ 1, got ${batch}`));
  if (!Number.isInteger(repeats) || repeats < 1) return E.left(goldNasError('ConfigError', 'repeats', `must be a whole number ≥ 1, got ${repeats}`));
  const training = mode === 'training';
  // Training latency prices the search network; inference latency the evaluation network.
  const plan = networkPlan(space.layout, { affine: !training });
  const slots = operatorSlots(space);
  const ms = new Float64Array(slots.length);
  const cache = new Map<string, number>();
  const rng = createRng(0);
  for (const slot of slots) {
    const cell = plan.cells[slot.cell]!;
    const input = edgeInputShape(cell, slot.from);
    const key = `${slot.op}|${input.join('x')}|${edgeStride(cell, slot.from)}`;
    const known = cache.get(key);
    if (known !== undefined) {
      ms[slot.index] = known;
      continue;
    }
    const layers = edgeLayers(space.table, cell, slot.op, slot.from, { affine: !training, search: training }, `slots.${slot.index}`);
    if (E.isLeft(layers)) return layers;
    const block = buildBlock(tf, layers.right, { name: `latency.${slot.index}`, rng, batchNorm: training ? 'batch' : 'running' });
    if (E.isLeft(block)) return block;
    const x = tf.tidy(() => tf.randomNormal([batch, ...input], 0, 1, 'float32', 7));
    const variables = block.right.variables.map((v) => v.variable);
    const run = async (): Promise<number> => {
      const start = performance.now();
      const out: Tensor = tf.tidy(() => {
        if (!training) return block.right.apply(x, false);
        if (variables.length === 0) return tf.grad((input: Tensor) => tf.sum(block.right.apply(input, true)))(x);
        const { value, grads } = tf.variableGrads(() => tf.sum(block.right.apply(x, true)), variables);
        return tf.addN([value, ...Object.values(grads).map((g) => tf.sum(g))]);
      });
      await out.data();
      // An identity operator hands back its input: that one is freed after the last run.
      if (out !== x) out.dispose();
      return performance.now() - start;
    };
    try {
      for (let i = 0; i < warmup; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) times.push(await run());
      const m = median(times);
      cache.set(key, m);
      ms[slot.index] = m;
    } finally {
      x.dispose();
      block.right.dispose();
    }
  }
  return E.right({ backend: tf.getBackend(), batch, mode, ms, measured: cache.size });
}
