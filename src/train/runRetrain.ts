/**
 * Re-training an architecture from scratch on its discrete network (METHOD.md §5): SGD with
 * momentum, a per-epoch cosine learning rate, weight decay, gradient clipping, Cutout and the
 * other augmentations, drop-path ramped over the epochs, the auxiliary head, label smoothing;
 * test top-1/top-5 in inference mode after each epoch; events, stop polling and checkpoints that
 * resume to the same trajectory. Browser-safe: it writes nothing; files are `gold-nas/node`'s job.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { checkArguments } from '../arguments.js';
import type { TF } from '../backends/tf.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import { batchIterator } from '../data/batches.js';
import type { BatchIterator } from '../data/batches.js';
import type { Batch, Dataset } from '../data/dataset.js';
import { SEED_TAG, deriveSeed } from '../data/seeds.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Accuracy } from '../eval/accuracy.js';
import { evaluateAccuracy } from '../eval/accuracy.js';
import type { EventCallbacks } from '../loop/callbacks.js';
import { dispatchEvent } from '../loop/callbacks.js';
import type { LoopClock } from '../loop/clock.js';
import { SYSTEM_CLOCK } from '../loop/clock.js';
import { driveLoop } from '../loop/driveLoop.js';
import { checkRunData, fixedOrderBatches, optimizerArrays, prefixedArrays, restoreVariables, trainingBatches, trainingNormalisation, variableArrays } from '../loop/runParts.js';
import type { VariableGroup } from '../loop/runParts.js';
import type { YieldPolicy } from '../loop/yieldPolicy.js';
import { buildNetwork } from '../network/buildNetwork.js';
import type { NetworkState } from '../network/buildNetwork.js';
import { createSgd } from '../optim/sgd.js';
import type { SgdOptimizer } from '../optim/sgd.js';
import { createRng } from '../random.js';
import type { Architecture } from '../space/architecture.js';
import { architectureHash } from '../space/architectureHash.js';
import type { MacroLayout } from '../space/layout.js';
import type { OperatorTable } from '../space/operators.js';
import { OPERATORS } from '../space/operators.js';
import { checkRetrainSetup } from './checkRetrainSetup.js';
import { networkLossAndGrads } from './networkLossAndGrads.js';
import type { RetrainConfig } from './retrainConfig.js';
import { retrainFingerprint } from './retrainConfig.js';
import type { RetrainEpochRecord, RetrainEvent, RetrainStopReason } from './retrainEvents.js';
import { dropPathProbability, retrainLearningRate } from './retrainSchedule.js';
import { decodeRetrainState, encodeRetrainState } from './retrainState.js';
import type { EpochSums, RetrainState } from './retrainState.js';

/**
 * The data of a re-training: what it trains on, and the separate set it reports accuracy on.
 *
 * @since 0.1.0
 */
export interface RetrainData {
  readonly train: Dataset;
  readonly test: Dataset;
}

/**
 * How a caller follows and steers a re-training.
 *
 * @since 0.1.0
 */
export interface RetrainHooks {
  /** Receives every event, in order (before `callbacks`). */
  readonly onEvent?: (event: RetrainEvent) => void;
  /** Callbacks by event type (`onStep`, `onEpoch`, `onCheckpoint`, `onStop`, …), called in list order; a returned promise is awaited. */
  readonly callbacks?: readonly EventCallbacks<RetrainEvent>[];
  /** The clock of the throughput figures and the wall time (default `Date.now`). */
  readonly clock?: LoopClock;
  /** When to yield to the event loop between steps (default: a `setTimeout(0)` after every step). */
  readonly yieldPolicy?: YieldPolicy;
  /** Polled between steps; returning true stops the re-training after a checkpoint (e.g. on Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Receives a checkpoint at the end of every epoch, every `checkpointEvery` steps, when stopped early, and at the end (marked done). */
  readonly checkpoint?: (contents: CheckpointContents) => Promise<void> | void;
  /** A checkpoint of this configuration, architecture and layout to continue from. */
  readonly resume?: CheckpointContents;
  /** The operator table (default `OPERATORS`); the configuration's `skipConnect: 'batch-norm'` replaces its `skip_connect`. */
  readonly table?: OperatorTable;
}

/**
 * What a re-training returns.
 *
 * @since 0.1.0
 */
export interface RetrainResult {
  readonly stopReason: RetrainStopReason;
  /** The architecture's hash. */
  readonly architectureId: string;
  /** The fingerprint of configuration, architecture and layout (see `retrainFingerprint`). */
  readonly fingerprint: string;
  /** Epochs completed. */
  readonly epochs: number;
  /** Training steps taken (across resumes). */
  readonly steps: number;
  /** Trainable parameters of the evaluation network (without the auxiliary head). */
  readonly params: number;
  /** Whether the auxiliary head was trained. */
  readonly auxiliary: boolean;
  /** Test top-1 accuracy of the last evaluated epoch (null if none was evaluated yet). */
  readonly top1: number | null;
  /** Test top-5 accuracy of the last evaluated epoch (null if none). */
  readonly top5: number | null;
  /** One record per completed epoch. */
  readonly history: readonly RetrainEpochRecord[];
  /** Wall time across resumes, in seconds. */
  readonly seconds: number;
  /** Examples in the training and test data. */
  readonly examples: { readonly train: number; readonly test: number };
}

/** The `kind` of re-training checkpoints. */
const CHECKPOINT_KIND = 'retrain';

const ZERO_SUMS: EpochSums = { lossSum: 0, correct: 0, examples: 0, steps: 0 };

function checkResume(contents: CheckpointContents, fingerprint: string): Either<GoldNasError, RetrainState> {
  const fail = (m: string): Either<GoldNasError, never> => E.left(goldNasError('CheckpointError', '', m));
  if (contents.kind !== CHECKPOINT_KIND) return fail(`this is a '${contents.kind}' checkpoint, not a re-training checkpoint`);
  if (contents.fingerprint !== fingerprint) {
    return fail(`the checkpoint was written by a different re-training (configuration, architecture or layout; fingerprint ${contents.fingerprint}, this one is ${fingerprint}); resume with the same settings or start over`);
  }
  return decodeRetrainState(contents.state);
}

function evaluationParams(net: NetworkState): number {
  return net.variables.filter((v) => !v.name.startsWith('auxiliary.')).reduce((n, v) => n + v.variable.size, 0);
}

/**
 * Re-trains an architecture from scratch on its discrete network and reports test top-1/top-5
 * after every epoch. Everything that can be checked is checked before any tensor is made.
 *
 * @param tf - the injected tfjs namespace, with its backend already set (see `readyBackend`).
 * @param config - a decoded configuration (`decodeRetrainConfig`, or a preset).
 * @param architecture - the architecture to re-train.
 * @param layout - the macro layout to build it on (the search's, so that every cell has its architecture).
 * @param data - the training data and the separate test data; their shape must match the layout.
 * @param hooks - events, stop polling, checkpoints, resume.
 * @returns the result (also when stopped early: `stopReason: 'interrupted'`), or an error (bad
 *   architecture, auxiliary head that does not fit, shape mismatch, bad checkpoint) before any training.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { runRetrain, RETRAIN_PRESETS, syntheticDataset, splitDataset, cifarLayout } from 'gold-nas';
 * import type { Architecture } from 'gold-nas';
 * await tf.setBackend('cpu');
 * const layout = cifarLayout({ channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 });
 * const cell = (reduction: boolean) => ({ reduction, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 2, to: 3 }, { op: 'sep_conv_3x3', from: 1, to: 3 }] });
 * const architecture: Architecture = { nodes: 2, cells: [cell(false), cell(true), cell(true)] };
 * const ds = syntheticDataset({ size: 256, height: 8, width: 8, channels: 3, classes: 4, seed: 1 });
 * if (ds._tag === 'Right') {
 *   const split = splitDataset(ds.right, { heldOut: 64, seed: 1 });
 *   if (split._tag === 'Right') {
 *     const r = await runRetrain(tf, RETRAIN_PRESETS['synthetic-tiny'], architecture, layout, { train: split.right.train, test: split.right.heldOut });
 *     if (r._tag === 'Right') console.log(r.right.top1, r.right.top5);
 *   }
 * }
 * ```
 * @since 0.1.0
 */
export async function runRetrain(
  tf: TF,
  config: RetrainConfig,
  architecture: Architecture,
  layout: MacroLayout,
  data: RetrainData,
  hooks: RetrainHooks = {},
): Promise<Either<GoldNasError, RetrainResult>> {
  const args = checkArguments('runRetrain', {
    tf: [tf, 'object', 'the tfjs namespace'], config: [config, 'object', 'a decoded configuration: decodeRetrainConfig or a preset'],
    architecture: [architecture, 'object', 'the architecture to re-train'], layout: [layout, 'object', 'the macro layout, e.g. cifarLayout(…)'],
    data: [data, 'object', '{ train, test }'], hooks: [hooks, 'object?'],
  });
  if (E.isLeft(args)) return args;
  const table = hooks.table ?? OPERATORS;
  const setup = checkRetrainSetup(config, architecture, layout, table);
  if (E.isLeft(setup)) return setup;
  const fits = checkRunData([['train', data.train], ['test', data.test]], layout, config.batchSize, 'data');
  if (E.isLeft(fits)) return fits;
  const fingerprint = retrainFingerprint(config, architecture, layout);
  let resume: RetrainState | null = null;
  if (hooks.resume !== undefined) {
    const r = checkResume(hooks.resume, fingerprint);
    if (E.isLeft(r)) return r;
    resume = r.right;
  }
  // Normalisation statistics come from the training data only.
  const normaliseE = trainingNormalisation(config.data.normalise, data.train);
  if (E.isLeft(normaliseE)) return normaliseE;
  const normalise = normaliseE.right;
  const train = trainingBatches(data.train, config, normalise, resume?.cursor);
  if (E.isLeft(train)) return E.left(resume ? { ...train.left, _tag: 'CheckpointError' } : train.left);
  const test = batchIterator(data.test, { batchSize: config.evaluation.batchSize, seed: 0, shuffle: false, ...(normalise ? { normalise } : {}) });
  if (E.isLeft(test)) return test;

  const built = buildNetwork(tf, {
    architecture, layout, table, cellBatchNorm: config.cellBatchNorm ?? 'affine', skipConnect: config.skipConnect ?? 'identity', auxiliary: config.auxiliaryWeight > 0, seed: config.seed,
  });
  if (E.isLeft(built)) return built;
  const net = built.right;
  let loop: RetrainLoop;
  try {
    const sgd = createSgd(tf, { momentum: config.optimizer.momentum, weightDecay: config.optimizer.weightDecay, clipNorm: config.optimizer.clipNorm });
    loop = new RetrainLoop(tf, config, net, sgd, train.right, test.right, fingerprint, architectureHash(architecture), hooks);
  } catch (e) {
    net.dispose();
    throw e;
  }
  try {
    if (resume !== null) {
      const restored = loop.restore(resume, hooks.resume!);
      if (E.isLeft(restored)) return restored;
    }
    return await loop.run(resume !== null);
  } finally {
    loop.dispose();
  }
}

/** The mutable state of one running re-training. One instance per `runRetrain` call. */
class RetrainLoop {
  private step = 0;
  private history: RetrainEpochRecord[] = [];
  private secondsBefore = 0;
  private done = false;
  /** The epoch's running loss sum and hit count, on the device; null at the start of an epoch. */
  private lossSum: Scalar | null = null;
  private correctSum: Scalar | null = null;
  private epochExamples = 0;
  private epochSteps = 0;
  private readonly clock: LoopClock;
  private sessionStart: number;
  private readonly params: number;
  private readonly callbacks: readonly EventCallbacks<RetrainEvent>[];
  private lastLog = { step: 0, time: 0 };
  private epochStart = { examples: 0, time: 0 };
  /** Set by a step that ended an epoch (a checkpoint follows unless the re-training is done). */
  private epochEnded = false;
  private checkpointedAt = -1;
  private failure: GoldNasError | null = null;

  constructor(
    private readonly tf: TF,
    private readonly config: RetrainConfig,
    private readonly net: NetworkState,
    private readonly sgd: SgdOptimizer,
    private readonly batches: BatchIterator,
    private readonly test: BatchIterator,
    private readonly fingerprint: string,
    private readonly architectureId: string,
    private readonly hooks: RetrainHooks,
  ) {
    this.params = evaluationParams(net);
    this.clock = hooks.clock ?? SYSTEM_CLOCK;
    this.sessionStart = this.clock.now();
    this.callbacks = [...(hooks.onEvent !== undefined ? [{ onEvent: hooks.onEvent }] : []), ...(hooks.callbacks ?? [])];
  }

  private emit(e: RetrainEvent): Promise<void> | undefined {
    return dispatchEvent(this.callbacks, e);
  }

  private seconds(): number {
    return this.secondsBefore + (this.clock.now() - this.sessionStart) / 1000;
  }

  /** Restores weights, running averages, momentum buffers and the loop state from a checkpoint. */
  restore(state: RetrainState, contents: CheckpointContents): Either<GoldNasError, void> {
    if (state.architectureId !== this.architectureId) {
      return E.left(goldNasError('CheckpointError', 'state.architectureId', `the checkpoint re-trains ${state.architectureId}, not ${this.architectureId}`));
    }
    const restored = restoreVariables(this.tf, contents, this.variableGroups(), (prefix, name) => `array '${prefix}${name}'`);
    if (E.isLeft(restored)) return restored;
    this.sgd.importState(prefixedArrays(contents, 'm/'), this.net.variables);
    this.step = state.step;
    this.history = [...state.history];
    this.secondsBefore = state.seconds;
    this.done = state.done;
    const { sums } = state;
    if (sums.steps > 0) {
      this.lossSum = this.tf.scalar(sums.lossSum, 'float32');
      this.correctSum = this.tf.scalar(sums.correct, 'int32');
    }
    this.epochExamples = sums.examples;
    this.epochSteps = sums.steps;
    return E.right(undefined);
  }

  async run(resumed: boolean): Promise<Either<GoldNasError, RetrainResult>> {
    const { config, batches } = this;
    const epochs = config.epochs;
    await this.emit({
      type: 'start', step: this.step, epoch: Math.min(batches.cursor().epoch, epochs), resumed, epochs, stepsPerEpoch: batches.batchesPerEpoch,
      params: this.params, auxiliary: this.net.auxiliary, trainExamples: batches.dataset.size, testExamples: this.test.dataset.size,
    });
    const finishedBefore = this.done || this.history.length >= epochs;
    this.lastLog = { step: this.step, time: this.clock.now() };
    this.epochStart = { examples: this.epochExamples, time: this.clock.now() };
    // A resumed run already has a checkpoint of its starting point.
    this.checkpointedAt = resumed ? this.step : -1;
    const stopReason = await driveLoop<RetrainStopReason | 'failed'>({
      stopBeforeStep: () => (finishedBefore ? 'done' : null),
      step: () => this.trainStep(),
      checkpointDue: () => this.epochEnded || (config.checkpointEvery > 0 && this.step % config.checkpointEvery === 0 && this.checkpointedAt !== this.step),
      checkpoint: async () => {
        await this.saveCheckpoint();
        this.checkpointedAt = this.step;
      },
    }, { interrupted: 'interrupted', ...(this.hooks.shouldStop ? { shouldStop: this.hooks.shouldStop } : {}), ...(this.hooks.yieldPolicy ? { yieldPolicy: this.hooks.yieldPolicy } : {}) });
    if (stopReason === 'failed') return E.left(this.failure!);
    if (finishedBefore) {
      // Nothing was trained: report the finished run as it was saved.
      this.sessionStart = this.clock.now();
    } else {
      this.done = stopReason === 'done';
      if (this.done || this.checkpointedAt !== this.step) await this.saveCheckpoint();
    }
    await this.emit({ type: 'stop', step: this.step, epoch: this.history.length, reason: stopReason });
    return E.right(this.result(stopReason));
  }

  /** One training step, its log and, when it ends an epoch, the epoch's evaluation. Returns `done` after the last epoch. */
  private async trainStep(): Promise<RetrainStopReason | 'failed' | null> {
    const { config, batches } = this;
    this.epochEnded = false;
    const epoch = batches.cursor().epoch;
    const lr = retrainLearningRate(config, epoch);
    const p = dropPathProbability(config, epoch);
    const batch = batches.next();
    const loss = this.update(batch, lr, p);
    this.step += 1;
    // The loss is freed also when a callback throws (the exception is the caller's; the tensor is not).
    try {
      if (this.step % config.logEvery === 0) {
        const value = (await loss.data())[0]!;
        const now = this.clock.now();
        const step = this.step;
        const pending = this.emit({
          type: 'step', step, epoch, loss: value, lr, dropPath: p,
          imagesPerSecond: ((step - this.lastLog.step) * config.batchSize) / Math.max(1e-3, (now - this.lastLog.time) / 1000),
        });
        this.lastLog = { step, time: now };
        if (pending !== undefined) await pending;
      }
    } finally {
      loss.dispose();
    }
    if (batches.cursor().epoch === epoch) return null;
    const ended = await this.endEpoch(epoch, lr, p, this.epochStart);
    if (ended !== null) {
      this.failure = ended;
      return 'failed';
    }
    this.epochStart = { examples: 0, time: this.clock.now() };
    if (this.history.length >= config.epochs) return 'done';
    this.epochEnded = true;
    return null;
  }

  /** One SGD step: forward in training mode, loss, backward, update; the epoch sums stay on the device. Returns the loss. */
  private update(batch: Batch, lr: number, dropPath: number): Scalar {
    const { tf, net, config } = this;
    const rng = createRng(deriveSeed(config.seed, SEED_TAG.dropPath, this.step));
    const [loss, lossSum, correctSum] = tf.tidy((): [Scalar, Scalar, Scalar] => {
      const x = tf.tensor4d(batch.x, [...batch.shape]);
      const y = tf.tensor1d(batch.y, 'int32');
      const { loss, grads, correct } = networkLossAndGrads(tf, net, x, y, {
        auxiliaryWeight: config.auxiliaryWeight, labelSmoothing: config.labelSmoothing, dropPath, rng,
      });
      this.sgd.apply(net.variables, grads, lr)?.dispose();
      return [
        loss,
        this.lossSum === null ? tf.clone(loss) : tf.add(this.lossSum, loss),
        this.correctSum === null ? correct : tf.add(this.correctSum, correct),
      ];
    });
    this.lossSum?.dispose();
    this.correctSum?.dispose();
    this.lossSum = lossSum;
    this.correctSum = correctSum;
    this.epochExamples += batch.n;
    this.epochSteps += 1;
    return loss;
  }

  /** Reads the epoch sums once (they stay on the device). */
  private async sums(): Promise<EpochSums> {
    if (this.lossSum === null || this.correctSum === null) return ZERO_SUMS;
    const [l, c] = await Promise.all([this.lossSum.data(), this.correctSum.data()]);
    return { lossSum: l[0]!, correct: c[0]!, examples: this.epochExamples, steps: this.epochSteps };
  }

  /** Closes an epoch: its figures, its evaluation when due, its event. Returns an error or null. */
  private async endEpoch(epoch: number, lr: number, dropPath: number, start: { examples: number; time: number }): Promise<GoldNasError | null> {
    const sums = await this.sums();
    this.lossSum?.dispose();
    this.correctSum?.dispose();
    this.lossSum = null;
    this.correctSum = null;
    this.epochExamples = 0;
    this.epochSteps = 0;
    const seconds = (this.clock.now() - start.time) / 1000;
    const imagesPerSecond = (sums.examples - start.examples) / Math.max(1e-3, seconds);
    const evaluate = (epoch + 1) % this.config.evaluation.everyEpochs === 0 || epoch + 1 >= this.config.epochs;
    let acc: Accuracy | null = null;
    if (evaluate) {
      const evaluated = await this.evaluate();
      if (E.isLeft(evaluated)) return evaluated.left;
      acc = evaluated.right;
    }
    const record: RetrainEpochRecord = {
      epoch, step: this.step, loss: sums.lossSum / Math.max(1, sums.steps), trainAccuracy: sums.correct / Math.max(1, sums.examples),
      lr, dropPath, testTop1: acc?.top1 ?? null, testTop5: acc?.topK ?? null, imagesPerSecond, seconds: this.seconds(),
    };
    this.history.push(record);
    await this.emit({ type: 'epoch', ...record });
    return null;
  }

  private evaluate(): ReturnType<typeof evaluateAccuracy> {
    const { test, net } = this;
    return evaluateAccuracy(this.tf, (x: Tensor) => net.forward(x, { training: false }).logits, fixedOrderBatches(test), { k: 5 });
  }

  /** The checkpoint's variable arrays: weights under `w/`, running averages under `b/`. */
  private variableGroups(): VariableGroup[] {
    return [['w/', this.net.variables], ['b/', this.net.buffers]];
  }

  private async saveCheckpoint(): Promise<void> {
    if (this.hooks.checkpoint === undefined) return;
    const arrays = await variableArrays(this.variableGroups());
    arrays.push(...(await optimizerArrays('m/', this.sgd, this.net.variables)));
    const state: RetrainState = {
      architectureId: this.architectureId, step: this.step, cursor: this.batches.cursor(), history: this.history,
      sums: await this.sums(), seconds: this.seconds(), done: this.done,
    };
    await this.hooks.checkpoint({ kind: CHECKPOINT_KIND, fingerprint: this.fingerprint, state: encodeRetrainState(state), arrays });
    await this.emit({ type: 'checkpoint', step: this.step, epoch: this.history.length });
  }

  private result(stopReason: RetrainStopReason): RetrainResult {
    const evaluated = [...this.history].reverse().find((h) => h.testTop1 !== null);
    return {
      stopReason,
      architectureId: this.architectureId,
      fingerprint: this.fingerprint,
      epochs: this.history.length,
      steps: this.step,
      params: this.params,
      auxiliary: this.net.auxiliary,
      top1: evaluated?.testTop1 ?? null,
      top5: evaluated?.testTop5 ?? null,
      history: this.history,
      seconds: this.seconds(),
      examples: { train: this.batches.dataset.size, test: this.test.dataset.size },
    };
  }

  dispose(): void {
    this.lossSum?.dispose();
    this.correctSum?.dispose();
    this.sgd.dispose();
    this.net.dispose();
  }
}
