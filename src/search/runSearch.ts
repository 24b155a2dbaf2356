/**
 * The GOLD-NAS search loop (METHOD.md §3–§4): one-level training of ω and α on the same
 * mini-batch with one backward pass, a resource penalty weighted by λ, a pruning round every
 * period, Pareto tracking of the architectures the run passes through, events, and checkpoints.
 * Browser-safe: it writes nothing; files are `gold-nas/node`'s job.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Scalar } from '@tensorflow/tfjs-core';
import type { TF } from '../backends/tf.js';
import { compareByCost } from '../pareto/compareByCost.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import type { Batch, Dataset } from '../data/dataset.js';
import { batchIterator, decodeBatchCursor } from '../data/batches.js';
import type { BatchCursor, BatchIterator } from '../data/batches.js';
import type { GoldNasError } from '../errors.js';
import { GoldNasException, goldNasError } from '../errors.js';
import { evaluateAccuracy } from '../eval/accuracy.js';
import { createSgd } from '../optim/sgd.js';
import type { SgdOptimizer } from '../optim/sgd.js';
import { learningRateAt } from '../optim/schedule.js';
import type { LearningRateSchedule } from '../optim/schedule.js';
import { hypervolume } from '../pareto/hypervolume.js';
import { SEARCH_OBJECTIVES } from '../pareto/objective.js';
import type { ParetoPoint, SearchObjectiveName } from '../pareto/objective.js';
import { addCandidate, paretoTracker, trackerFront } from '../pareto/paretoTracker.js';
import type { ParetoTracker } from '../pareto/paretoTracker.js';
import type { PruneEvent } from '../pruning/scheduler.js';
import { liveCost } from '../resources/liveCost.js';
import type { GatePenalty } from '../resources/penalty.js';
import { linearPenalty } from '../resources/penaltyLinear.js';
import { logPenalty } from '../resources/penaltyLog.js';
import { measureSlotLatency } from '../latency/measureSlotLatency.js';
import { slotCosts } from '../resources/slotCosts.js';
import type { SlotCosts } from '../resources/slotCosts.js';
import type { Architecture } from '../space/architecture.js';
import { architectureFromMask } from '../space/architectureMask.js';
import { architectureHash } from '../space/architectureHash.js';
import { searchSpace } from '../space/buildSearchSpace.js';
import type { LiveMask } from '../space/liveSet.js';
import { liveInputsPerNode } from '../space/liveSet.js';
import type { OperatorTable } from '../space/operators.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { buildSupernet } from '../supernet/buildSupernet.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import { supernetLossAndGrads } from '../supernet/lossAndGrads.js';
import { checkRunData, fixedOrderBatches, optimizerArrays, prefixedArrays, restoreVariables, trainingBatches, trainingNormalisation, variableArrays } from '../train/loopParts.js';
import type { SearchEvent, SearchStopReason } from './events.js';
import type { SearchConfig } from './searchConfig.js';
import { schedulerOptionsError, searchFingerprint } from './searchConfig.js';
import { schedulerNamed } from './schedulers.js';
import type { AnyScheduler } from './schedulers.js';

/** The training split and the held-out split (never trained on, by ω or α). */
export interface SearchData {
  readonly train: Dataset;
  readonly heldOut: Dataset;
}

/** How a caller follows and steers a search. */
export interface SearchHooks {
  /** Receives every event, in order. */
  readonly onEvent?: (event: SearchEvent) => void;
  /** Polled between steps; returning true stops the search after a checkpoint (e.g. on Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Receives a checkpoint every `checkpointEvery` steps, when stopped early, and at the end. */
  readonly checkpoint?: (contents: CheckpointContents) => Promise<void> | void;
  /** A checkpoint of this configuration to continue from. */
  readonly resume?: CheckpointContents;
  /** The operator table (default: the one the space config names, i.e. `OPERATORS`). */
  readonly table?: OperatorTable;
}

/** One recorded architecture: its cost in the evaluation network and its held-out accuracy under the super-network. */
export interface SearchCandidate {
  readonly id: string;
  readonly step: number;
  readonly architecture: Architecture;
  /** FLOPs (2·MACs) per example of the discrete evaluation network. */
  readonly flops: number;
  /** Parameters of the discrete evaluation network (affine batch norms, no auxiliary head). */
  readonly params: number;
  /** Held-out top-1 accuracy of the super-network restricted to this architecture, when it was recorded. */
  readonly accuracy: number;
  readonly liveOps: number;
}

/** What a finished search returns. */
export interface SearchResult {
  readonly stopReason: SearchStopReason;
  /** Training steps taken (including those before a resume). */
  readonly steps: number;
  /** Every distinct recorded architecture (one per hash, the latest evaluation). */
  readonly candidates: readonly SearchCandidate[];
  /** The non-dominated candidates (FLOPs ↓, params ↓, accuracy ↑), by increasing FLOPs. */
  readonly front: readonly SearchCandidate[];
  /** Hypervolume of the front with FLOPs and params divided by the full super-network's, against (1, 1, 0). */
  readonly hypervolume: number;
  /** The full super-network's evaluation-network cost, the reference of the hypervolume. */
  readonly supernet: { readonly flops: number; readonly params: number };
  /** The live architecture when the search stopped. */
  readonly final: { readonly architecture: Architecture; readonly flops: number; readonly params: number };
}

/** The JSON state a search checkpoint carries next to its arrays. */
interface LoopState {
  readonly step: number;
  readonly round: number;
  readonly cursor: BatchCursor;
  readonly live: readonly number[];
  readonly scheduler: unknown;
  readonly candidates: readonly ParetoPoint<SearchObjectiveName, CandidatePayload>[];
  readonly done: boolean;
}

interface CandidatePayload {
  readonly step: number;
  readonly architecture: Architecture;
  readonly liveOps: number;
}

const CHECKPOINT_KIND = 'search';

function countLive(live: LiveMask): number {
  let n = 0;
  for (let i = 0; i < live.length; i++) n += live[i]!;
  return n;
}

async function makePenalty(tf: TF, config: SearchConfig, space: SearchSpace, net: SupernetState, costs: SlotCosts): Promise<Either<GoldNasError, GatePenalty>> {
  const p = config.penalty;
  if (p.form === 'log') return logPenalty(tf, net.slots, { r: p.r, mu: p.mu, flops: costs.macs.map((m) => (2 * m) / 1e6) });
  if (p.latency === 0) return linearPenalty(tf, costs, { flops: p.flops, params: p.params });
  const table = await measureSlotLatency(tf, space, { batch: 1, mode: 'inference' });
  if (E.isLeft(table)) return table;
  return linearPenalty(tf, { ...costs, latency: table.right.ms }, { flops: p.flops, params: p.params, latency: p.latency });
}

function learningRate(config: SearchConfig): LearningRateSchedule {
  const w = config.weights;
  return w.schedule === 'cosine'
    ? { kind: 'cosine', lr: w.lr, minLr: w.minLr, totalSteps: config.maxSteps }
    : { kind: 'constant', lr: w.lr };
}

/**
 * Runs a GOLD-NAS search (or a DARTS-style one, with another scheduler) to its end: FLOPs_min,
 * the step budget, or `hooks.shouldStop()`.
 *
 * @param tf - the injected tfjs namespace, with its backend already set (see `readyBackend`).
 * @param config - a decoded configuration (`decodeSearchConfig`).
 * @param data - the training and held-out splits; their shape must match the layout.
 * @param hooks - events, stop polling, checkpoints, resume.
 * @returns the result, or an error (bad config, shape mismatch, bad checkpoint) before any training.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { decodeSearchConfig, runSearch, syntheticDataset, splitDataset, SEARCH_DEFAULTS } from 'gold-nas';
 * await tf.setBackend('cpu');
 * const config = decodeSearchConfig({
 *   space: { layout: { channels: 4, cells: 3, nodes: 2, inputSize: 8 } },
 *   batchSize: 16, maxSteps: 20, pruning: { periodSteps: 5 },
 * }, SEARCH_DEFAULTS);
 * const ds = syntheticDataset({ size: 128, height: 8, width: 8, channels: 3, classes: 10, seed: 1 });
 * if (config._tag === 'Right' && ds._tag === 'Right') {
 *   const split = splitDataset(ds.right, { heldOut: 0.25, seed: 1 });
 *   if (split._tag === 'Right') {
 *     const result = await runSearch(tf, config.right, split.right, { onEvent: (e) => console.log(e.type) });
 *   }
 * }
 * ```
 */
export async function runSearch(tf: TF, config: SearchConfig, data: SearchData, hooks: SearchHooks = {}): Promise<Either<GoldNasError, SearchResult>> {
  const emit = (e: SearchEvent): void => hooks.onEvent?.(e);
  const spaceE = searchSpace({ ...config.space, ...(hooks.table ? { table: hooks.table } : {}) });
  if (E.isLeft(spaceE)) return spaceE;
  const space = spaceE.right;
  const fits = checkRunData([['train', data.train], ['heldOut', data.heldOut]], space.layout, config.batchSize, 'split');
  if (E.isLeft(fits)) return fits;
  const scheduler: AnyScheduler = schedulerNamed(config.pruning.scheduler);
  const schedulerConfig = scheduler.decodeConfig(config.pruning.options);
  if (E.isLeft(schedulerConfig)) return E.left(schedulerOptionsError(schedulerConfig.left));

  // Normalisation statistics come from the training split only.
  const normaliseE = trainingNormalisation(config.data.normalise, data.train);
  if (E.isLeft(normaliseE)) return normaliseE;
  const normalise = normaliseE.right;
  const fingerprint = searchFingerprint(config);
  let resumeState: LoopState | null = null;
  if (hooks.resume !== undefined) {
    const r = checkResume(hooks.resume, fingerprint, scheduler);
    if (E.isLeft(r)) return r;
    resumeState = r.right;
  }
  const iterator = trainingBatches(data.train, config, normalise, resumeState?.cursor);
  if (E.isLeft(iterator)) return iterator;
  // The search network normalises with batch statistics, so evaluation batches must mix classes
  // (datasets are often stored class by class): a fixed seeded order, the same for every evaluation.
  const heldOut = batchIterator(data.heldOut, { batchSize: config.evaluation.batchSize, seed: config.seed, ...(normalise ? { normalise } : {}) });
  if (E.isLeft(heldOut)) return heldOut;

  const netE = buildSupernet(tf, space, { seed: config.seed, auxiliary: config.auxiliaryWeight > 0 });
  if (E.isLeft(netE)) return netE;
  const net = netE.right;
  const costs = slotCosts(space);
  const evalCosts = slotCosts(space, { affine: true, search: false });
  const penaltyE = await makePenalty(tf, config, space, net, costs);
  if (E.isLeft(penaltyE)) {
    net.dispose();
    return penaltyE;
  }
  const penalty = penaltyE.right;
  const wOpt = createSgd(tf, { momentum: config.weights.momentum, weightDecay: config.weights.weightDecay, clipNorm: config.weights.clipNorm });
  const aOpt = createSgd(tf, { momentum: config.alpha.momentum, weightDecay: config.alpha.weightDecay });
  const loop = new SearchLoop(tf, config, space, net, costs, evalCosts, penalty, wOpt, aOpt, scheduler, iterator.right, heldOut.right, fingerprint, hooks, emit);
  try {
    if (resumeState !== null) {
      const restored = loop.restore(resumeState, hooks.resume!);
      if (E.isLeft(restored)) return restored;
    } else {
      loop.start(scheduler.init(schedulerConfig.right));
    }
    return E.right(await loop.run(resumeState !== null));
  } catch (e) {
    if (e instanceof GoldNasException) return E.left(e.error);
    throw e;
  } finally {
    loop.dispose();
  }
}

function checkResume(contents: CheckpointContents, fingerprint: string, scheduler: AnyScheduler): Either<GoldNasError, LoopState> {
  const fail = (m: string): Either<GoldNasError, never> => E.left(goldNasError('CheckpointError', '', m));
  if (contents.kind !== CHECKPOINT_KIND) return fail(`this is a '${contents.kind}' checkpoint, not a search checkpoint`);
  if (contents.fingerprint !== fingerprint) {
    return fail(`the checkpoint was written by a different configuration (fingerprint ${contents.fingerprint}, this one is ${fingerprint}); resume with the run's own config.json`);
  }
  const s = contents.state as Partial<LoopState> | null;
  if (s === null || typeof s !== 'object' || typeof s.step !== 'number' || !Array.isArray(s.live) || !Array.isArray(s.candidates)) {
    return fail('the checkpoint state is incomplete (step, live mask or candidates missing)');
  }
  const cursor = decodeBatchCursor(s.cursor);
  if (E.isLeft(cursor)) return E.left({ ...cursor.left, _tag: 'CheckpointError' });
  const sched = scheduler.decodeState(s.scheduler);
  if (E.isLeft(sched)) return sched;
  return E.right({ ...(s as LoopState), cursor: cursor.right, scheduler: sched.right });
}

/** The mutable state of one running search. One instance per `runSearch` call. */
class SearchLoop {
  private step = 0;
  private round = 0;
  private schedulerState: unknown = null;
  private tracker: ParetoTracker<SearchObjectiveName, CandidatePayload> = paretoTracker(SEARCH_OBJECTIVES);
  private done = false;
  private readonly schedule: LearningRateSchedule;
  private readonly periodSteps: number;
  private readonly full: { flops: number; params: number };
  private readonly labels: readonly string[];

  constructor(
    private readonly tf: TF,
    private readonly config: SearchConfig,
    private readonly space: SearchSpace,
    private readonly net: SupernetState,
    private readonly costs: SlotCosts,
    private readonly evalCosts: SlotCosts,
    private readonly penalty: GatePenalty,
    private readonly wOpt: SgdOptimizer,
    private readonly aOpt: SgdOptimizer,
    private readonly scheduler: AnyScheduler,
    private readonly batches: BatchIterator,
    private readonly heldOut: BatchIterator,
    private readonly fingerprint: string,
    private readonly hooks: SearchHooks,
    private readonly emit: (e: SearchEvent) => void,
  ) {
    this.schedule = learningRate(config);
    this.periodSteps = config.pruning.periodSteps > 0 ? config.pruning.periodSteps : batches.batchesPerEpoch;
    const all = liveCost(space, net.live, evalCosts);
    this.full = { flops: all.flops, params: all.params };
    this.labels = net.slots.map((s) => `c${s.cell}:${s.from}->${s.to}:${s.op}`);
  }

  start(schedulerState: unknown): void {
    this.schedulerState = schedulerState;
  }

  /** Restores weights, α, optimiser buffers, the live set and the loop state from a checkpoint. */
  restore(state: LoopState, contents: CheckpointContents): Either<GoldNasError, void> {
    const live = Uint8Array.from(state.live);
    if (live.length !== this.net.slots.length) {
      return E.left(goldNasError('CheckpointError', 'live', `the checkpoint has ${live.length} operator slots, this space has ${this.net.slots.length}`));
    }
    const dead: number[] = [];
    for (let i = 0; i < live.length; i++) if (!live[i]) dead.push(i);
    if (dead.length > 0) {
      const pruned = this.net.prune(dead);
      if (E.isLeft(pruned)) return E.left({ ...pruned.left, _tag: 'CheckpointError' });
    }
    const restored = restoreVariables(this.tf, contents, [['w/', [...this.net.weights, this.net.alpha]]], (_, name) => `weight '${name}'`);
    if (E.isLeft(restored)) return restored;
    this.wOpt.importState(prefixedArrays(contents, 'wopt/'), this.net.weights);
    this.aOpt.importState(prefixedArrays(contents, 'aopt/'), [this.net.alpha]);
    this.step = state.step;
    this.round = state.round;
    this.schedulerState = state.scheduler;
    this.done = state.done;
    this.tracker = state.candidates.reduce((t, p) => addCandidate(t, p), paretoTracker<SearchObjectiveName, CandidatePayload>(SEARCH_OBJECTIVES));
    return E.right(undefined);
  }

  private liveFlops(live: LiveMask = this.net.live): number {
    return liveCost(this.space, live, this.costs).flops;
  }

  async run(resumed: boolean): Promise<SearchResult> {
    const { config } = this;
    this.emit({
      type: 'start', step: this.step, resumed, slots: this.net.slots.length, liveOps: countLive(this.net.live),
      liveFlops: this.liveFlops(), periodSteps: this.periodSteps, maxSteps: config.maxSteps, stepsPerEpoch: this.batches.batchesPerEpoch,
    });
    let stopReason: SearchStopReason | null = this.done ? 'flops-min' : null;
    let lastLog = { step: this.step, time: Date.now() };
    while (stopReason === null) {
      if (this.step >= config.maxSteps) {
        stopReason = 'budget';
        break;
      }
      if (this.hooks.shouldStop?.() === true) {
        stopReason = 'interrupted';
        break;
      }
      const epochBefore = this.batches.cursor().epoch;
      const batch = this.batches.next();
      const lr = learningRateAt(this.schedule, this.step);
      const loss = this.trainStep(batch, lr);
      this.step += 1;
      if (this.step % config.logEvery === 0) {
        const value = (await loss.data())[0]!;
        if (!Number.isFinite(value)) {
          loss.dispose();
          stopReason = 'diverged';
          break;
        }
        const now = Date.now();
        this.emit({
          type: 'step', step: this.step, epoch: this.batches.cursor().epoch, loss: value, lambda: this.lambda(), lr,
          liveOps: countLive(this.net.live), liveFlops: this.liveFlops(),
          imagesPerSecond: ((this.step - lastLog.step) * config.batchSize) / Math.max(1e-3, (now - lastLog.time) / 1000),
        });
        lastLog = { step: this.step, time: now };
      }
      loss.dispose();
      if (this.batches.cursor().epoch !== epochBefore) this.emit({ type: 'epoch', step: this.step, epoch: epochBefore });
      if (this.step % this.periodSteps === 0) {
        const finished = await this.pruningRound();
        if (finished !== null) stopReason = finished;
      }
      if (config.checkpointEvery > 0 && this.step % config.checkpointEvery === 0 && stopReason === null) await this.saveCheckpoint();
      // Let signal handlers and timers run between steps.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    if (stopReason === 'budget' || stopReason === 'minimal' || stopReason === 'stalled') {
      // The architecture the run ends on is a candidate too.
      await this.record(this.net.live);
    }
    this.done = stopReason !== 'interrupted';
    await this.saveCheckpoint();
    this.emit({ type: 'stop', step: this.step, reason: stopReason });
    return this.result(stopReason);
  }

  private lambda(): number {
    return this.scheduler.lambda(this.schedulerState);
  }

  /** One one-level step: ω and α from the same batch and the same backward pass. */
  private trainStep(batch: Batch, lr: number): Scalar {
    const { tf, net } = this;
    return tf.tidy(() => {
      const x = tf.tensor4d(batch.x, [...batch.shape]);
      const y = tf.tensor1d(batch.y, 'int32');
      const lambda = this.lambda();
      const { loss, grads } = supernetLossAndGrads(tf, net, x, y, {
        lambda, penalty: this.penalty, auxiliaryWeight: this.config.auxiliaryWeight,
      });
      this.wOpt.apply(net.weights, grads, lr)?.dispose();
      this.aOpt.apply([net.alpha], grads, this.config.alpha.lr);
      return loss;
    });
  }

  /** A pruning round: read the gates once, let the scheduler decide, record, prune. Returns a stop reason or null. */
  private async pruningRound(): Promise<SearchStopReason | null> {
    const snapshot = await this.net.snapshot();
    const before = this.net.live;
    const out = this.scheduler.step({
      slots: this.net.slots, snapshot, live: before, state: this.schedulerState, step: this.step, flops: (m) => this.liveFlops(m),
    });
    this.round += 1;
    for (const e of out.events) if (e.type === 'record' && e.architecture === 'before') await this.record(before);
    const removed: number[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] && !out.live[i]) removed.push(i);
    if (removed.length > 0) {
      const pruned = this.net.prune(removed);
      if (E.isLeft(pruned)) throw new GoldNasException(pruned.left);
      this.wOpt.forget(pruned.right.removed);
    }
    this.schedulerState = out.state;
    // Report each sweep's removals with the live set right after them.
    const running = Uint8Array.from(before);
    for (const e of out.events) {
      if (e.type === 'prune') for (const s of e.slots) running[s] = 0;
      this.forward(e, running);
    }
    this.emit({
      type: 'round', step: this.step, round: this.round, lambda: this.lambda(), liveOps: countLive(this.net.live),
      liveFlops: this.liveFlops(), liveParams: liveCost(this.space, this.net.live, this.evalCosts).params,
      gates: Array.from(snapshot.gates, (g, i) => (this.net.live[i] ? Math.round(g * 1e4) / 1e4 : 0)),
    });
    for (const e of out.events) if (e.type === 'record' && e.architecture === 'after') await this.record(this.net.live);
    if (!out.done) {
      if (liveInputsPerNode(this.net.slots, this.net.live).every((n) => n <= 1)) return 'minimal';
      const max = this.config.pruning.lambdaMax;
      return max > 0 && this.lambda() > max ? 'stalled' : null;
    }
    const stop = out.events.find((e): e is Extract<PruneEvent, { type: 'stop' }> => e.type === 'stop');
    return stop?.reason === 'discretised' ? 'discretised' : 'flops-min';
  }

  private forward(e: PruneEvent, live: LiveMask): void {
    if (e.type === 'prune') {
      this.emit({
        type: 'prune', step: this.step, slots: e.slots, ops: e.slots.map((s) => this.labels[s]!), reason: e.reason,
        liveOps: countLive(live), liveFlops: this.liveFlops(live),
      });
    } else if (e.type === 'lambda') {
      this.emit({ type: 'lambda', step: this.step, from: e.from, to: e.to, reason: e.reason });
    }
  }

  /** Evaluates the super-network restricted to `live` (which must be its current live set) and records it. */
  private async record(live: LiveMask): Promise<void> {
    const arch = architectureFromMask({ ...this.space, mode: 'gold' }, live);
    if (E.isLeft(arch)) throw new GoldNasException(arch.left);
    const id = architectureHash(arch.right);
    const cost = liveCost(this.space, live, this.evalCosts);
    const accuracy = await this.evaluate();
    const point: ParetoPoint<SearchObjectiveName, CandidatePayload> = {
      id,
      values: { flops: cost.flops, params: cost.params, accuracy },
      fidelity: this.step,
      payload: { step: this.step, architecture: arch.right, liveOps: countLive(live) },
    };
    this.tracker = addCandidate(this.tracker, point);
    const front = trackerFront(this.tracker);
    this.emit({
      type: 'candidate', step: this.step, id, flops: cost.flops, params: cost.params, accuracy, liveOps: countLive(live),
      onFront: front.some((p) => p.id === id), frontSize: front.length,
    });
  }

  private async evaluate(): Promise<number> {
    const { net, heldOut } = this;
    const batches = fixedOrderBatches(heldOut, this.config.evaluation.maxExamples);
    const acc = await evaluateAccuracy(this.tf, (x) => net.forward(x, { training: false }).logits, batches, { k: 1 });
    return acc.top1;
  }

  private async saveCheckpoint(): Promise<void> {
    if (this.hooks.checkpoint === undefined) return;
    const named = [...this.net.weights, this.net.alpha];
    const arrays = await variableArrays([['w/', named]]);
    for (const [prefix, opt] of [['wopt/', this.wOpt], ['aopt/', this.aOpt]] as const) arrays.push(...(await optimizerArrays(prefix, opt, named)));
    const state: LoopState = {
      step: this.step, round: this.round, cursor: this.batches.cursor(), live: Array.from(this.net.live),
      scheduler: this.schedulerState, candidates: this.tracker.candidates, done: this.done,
    };
    await this.hooks.checkpoint({ kind: CHECKPOINT_KIND, fingerprint: this.fingerprint, state, arrays });
    this.emit({ type: 'checkpoint', step: this.step });
  }

  private result(stopReason: SearchStopReason): SearchResult {
    const toCandidate = (p: ParetoPoint<SearchObjectiveName, CandidatePayload>): SearchCandidate => ({
      id: p.id, step: p.payload!.step, architecture: p.payload!.architecture, flops: p.values.flops, params: p.values.params,
      accuracy: p.values.accuracy, liveOps: p.payload!.liveOps,
    });
    const front = trackerFront(this.tracker);
    const normalised = front.map((p) => ({ values: { flops: p.values.flops / this.full.flops, params: p.values.params / this.full.params, accuracy: p.values.accuracy } }));
    const finalArch = architectureFromMask({ ...this.space, mode: 'gold' }, this.net.live);
    if (E.isLeft(finalArch)) throw new GoldNasException(finalArch.left);
    const finalCost = liveCost(this.space, this.net.live, this.evalCosts);
    return {
      stopReason,
      steps: this.step,
      candidates: this.tracker.candidates.map(toCandidate),
      front: front.map(toCandidate).sort(compareByCost),
      hypervolume: normalised.length > 0 ? hypervolume(normalised, SEARCH_OBJECTIVES, { flops: 1, params: 1, accuracy: 0 }) : 0,
      supernet: this.full,
      final: { architecture: finalArch.right, flops: finalCost.flops, params: finalCost.params },
    };
  }

  dispose(): void {
    this.penalty.dispose();
    this.wOpt.dispose();
    this.aOpt.dispose();
    this.net.dispose();
  }
}
