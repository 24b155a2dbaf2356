/**
 * The GOLD-NAS search loop (METHOD.md §3–§4) on the shared loop driver: training steps by the
 * strategy's update rule (one-level by default: ω and α from the same mini-batch and one backward
 * pass) with the resource penalty weighted by λ, a pruning round every period by the strategy's
 * scheduler, candidates scored by its evaluator and compared on its objectives, events through
 * callbacks, and checkpoints whose state is an io-ts codec. Browser-safe: it writes nothing; files
 * are `gold-nas/node`'s job.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { checkArguments } from '../arguments.js';
import type { TF } from '../backends/tf.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import { batchIterator } from '../data/batches.js';
import type { BatchCursor, BatchIterator } from '../data/batches.js';
import { deriveSeed } from '../data/seeds.js';
import type { Dataset } from '../data/dataset.js';
import { checkDatasetArrays } from '../data/dataset.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { EventCallbacks } from '../loop/callbacks.js';
import { dispatchEvent } from '../loop/callbacks.js';
import type { LoopClock } from '../loop/clock.js';
import { SYSTEM_CLOCK } from '../loop/clock.js';
import { driveLoop } from '../loop/driveLoop.js';
import { checkRunData, fixedOrderBatches, optimizerArrays, prefixedArrays, restoreVariables, trainingBatches, trainingNormalisation, variableArrays } from '../loop/runParts.js';
import type { TrainingOptimizer } from '../loop/trainingOptimizer.js';
import type { YieldPolicy } from '../loop/yieldPolicy.js';
import { learningRateAt } from '../optim/schedule.js';
import type { LearningRateSchedule } from '../optim/schedule.js';
import { compareByCost } from '../pareto/compareByCost.js';
import { volumeOf } from '../pareto/hypervolume.js';
import type { Objective } from '../pareto/objective.js';
import { addCandidate, paretoTracker, trackerFront } from '../pareto/paretoTracker.js';
import type { ParetoTracker } from '../pareto/paretoTracker.js';
import type { PruneEvent, PruningInput, PruningOutput } from '../pruning/scheduler.js';
import { liveCost } from '../resources/liveCost.js';
import type { LatencyTable } from '../latency/measureSlotLatency.js';
import { measureSlotLatency } from '../latency/measureSlotLatency.js';
import type { GatePenalty } from '../resources/penalty.js';
import { slotCosts } from '../resources/slotCosts.js';
import type { SlotCosts } from '../resources/slotCosts.js';
import type { Architecture } from '../space/architecture.js';
import { architectureHash } from '../space/architectureHash.js';
import { architectureFromMask } from '../space/architectureMask.js';
import { searchSpace } from '../space/buildSearchSpace.js';
import type { LiveMask } from '../space/liveSet.js';
import { liveInputsPerNode } from '../space/liveSet.js';
import type { OperatorTable } from '../space/operators.js';
import type { SearchSpace } from '../space/searchSpace.js';
import { buildSupernet } from '../supernet/buildSupernet.js';
import type { SupernetState } from '../supernet/buildSupernet.js';
import { accuracyOn } from './accuracyOn.js';
import { FLOPS_UNIT } from './events.js';
import type { SearchEvent, SearchStopReason } from './events.js';
import type { SearchRegistry } from './registry.js';
import type { SearchConfig } from './searchConfig.js';
import { searchFingerprint } from './searchConfig.js';
import { checkStoredCandidates, decodeSearchState, encodeSearchState, upgradeSchedulerStateUnits } from './searchState.js';
import type { CandidatePayload, DecodedSearchState, SearchLoopState, StoredCandidate } from './searchState.js';
import type { CandidateEvaluator, ObjectiveMeasure, SearchStrategy, SelectionPart, StrategyNames, UpdateStep } from './strategy.js';
import { strategyNames } from './strategy.js';
import { strategyFromConfig } from './strategyFromConfig.js';
import { recoverOnCopy } from './recoverOnCopy.js';
import type { PerturbationDecision } from './perturbationDecision.js';

/**
 * The training split and the held-out split (never trained on, by ω or α).
 *
 * @since 0.1.0
 */
export interface SearchData {
  readonly train: Dataset;
  readonly heldOut: Dataset;
}

/**
 * How a caller follows and steers a search, and which parts it runs with.
 *
 * @since 0.1.0
 */
export interface SearchHooks {
  /** Receives every event, in order (before `callbacks`). */
  readonly onEvent?: (event: SearchEvent) => void;
  /** Callbacks by event type (`onStep`, `onRound`, `onCandidate`, `onEpoch`, `onCheckpoint`, `onStop`, …), called in list order; a returned promise is awaited. */
  readonly callbacks?: readonly EventCallbacks<SearchEvent>[];
  /** Polled between steps; returning true stops the search after a checkpoint (e.g. on Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Receives a checkpoint every `checkpointEvery` steps, when stopped early, and at the end. */
  readonly checkpoint?: (contents: CheckpointContents) => Promise<void> | void;
  /** A checkpoint of this configuration to continue from. */
  readonly resume?: CheckpointContents;
  /** The operator table (default: the one the space config names, i.e. `OPERATORS`). */
  readonly table?: OperatorTable;
  /** The search's parts (default: `strategyFromConfig(config, registry)`). */
  readonly strategy?: SearchStrategy;
  /** What the configuration's part names mean when no `strategy` is given (default `DEFAULT_SEARCH_REGISTRY`). */
  readonly registry?: SearchRegistry;
  /** The clock of the throughput figures (default `Date.now`). */
  readonly clock?: LoopClock;
  /** When to yield to the event loop between steps (default: a `setTimeout(0)` after every step). */
  readonly yieldPolicy?: YieldPolicy;
}

/**
 * One recorded architecture: its cost in the evaluation network and its scores.
 *
 * @since 0.1.0
 */
export interface SearchCandidate {
  readonly id: string;
  readonly step: number;
  readonly architecture: Architecture;
  /** FLOPs per example of the discrete evaluation network, counted as the paper does: multiply-adds. */
  readonly flops: number;
  /** Parameters of the discrete evaluation network (the space's `cellBatchNorm`, affine by default; no auxiliary head). */
  readonly params: number;
  /**
   * The evaluator's `accuracy` when it was recorded; with the built-in `held-out` evaluator, the
   * **shared-weight held-out accuracy**: top-1 of the super-network restricted to the candidate on the
   * held-out split, after its recovery steps. An estimate, not the accuracy of the architecture
   * re-trained from scratch. NaN if the evaluator gives none.
   */
  readonly sharedWeightAccuracy: number;
  readonly liveOps: number;
  /** Every objective's value, when the objectives are not the default FLOPs, params and accuracy. */
  readonly values?: Readonly<Record<string, number>>;
}

/**
 * An objective of a search result: its name, direction, and the hypervolume's reference value (when it has one).
 *
 * @since 0.2.0
 */
export interface ResultObjective extends Objective {
  readonly reference?: number;
}

/**
 * What a finished search returns.
 *
 * @since 0.1.0
 */
export interface SearchResult {
  readonly stopReason: SearchStopReason;
  /** Training steps taken (including those before a resume). */
  readonly steps: number;
  /** The objectives candidates were compared on. */
  readonly objectives: readonly ResultObjective[];
  /** Every distinct recorded architecture (one per hash, the latest evaluation). */
  readonly candidates: readonly SearchCandidate[];
  /** The non-dominated candidates (by default FLOPs ↓, params ↓, accuracy ↑), by increasing FLOPs. */
  readonly front: readonly SearchCandidate[];
  /**
   * Hypervolume of the front over the objectives that have a reference, each divided by its
   * reference when that is not 0 (by default: FLOPs and params divided by the full super-network's,
   * against (1, 1, 0)).
   */
  readonly hypervolume: number;
  /** The full super-network's evaluation-network cost. */
  readonly supernet: { readonly flops: number; readonly params: number };
  /** The live architecture when the search stopped. */
  readonly final: { readonly architecture: Architecture; readonly flops: number; readonly params: number };
  /**
   * The strategy's selection part and its decisions, when it chose a discretisation in this call
   * (e.g. `darts-pt`'s trace; a resumed run that had already discretised has none).
   *
   * @since 0.2.0
   */
  readonly selection?: { readonly name: string; readonly trace: readonly PerturbationDecision[] };
}

const CHECKPOINT_KIND = 'search';

/** Gives the batches of an update rule's own examples an order of their own ('RULE'). */
const RULE_BATCHES_TAG = 0x52554c45;

const DEFAULT_OBJECTIVES = ['flops', 'params', 'accuracy'];

function countLive(live: LiveMask): number {
  let n = 0;
  for (let i = 0; i < live.length; i++) n += live[i]!;
  return n;
}

function learningRate(config: SearchConfig): LearningRateSchedule {
  const w = config.weights;
  return w.schedule === 'cosine'
    ? { kind: 'cosine', lr: w.lr, minLr: w.minLr, totalSteps: config.maxSteps }
    : { kind: 'constant', lr: w.lr };
}

/** Everything a running search works with, made and checked before the first step. */
interface SearchSetup {
  readonly tf: TF;
  readonly config: SearchConfig;
  readonly space: SearchSpace;
  readonly net: SupernetState;
  readonly costs: SlotCosts;
  readonly evalCosts: SlotCosts;
  readonly strategy: SearchStrategy;
  readonly names: StrategyNames;
  readonly penalty: GatePenalty;
  readonly objectives: readonly (ObjectiveMeasure & Objective)[];
  readonly optimizers: { readonly weights: TrainingOptimizer; readonly alpha: TrainingOptimizer };
  readonly update: UpdateStep;
  readonly batches: BatchIterator;
  readonly heldOut: BatchIterator;
  readonly fingerprint: string;
  readonly hooks: SearchHooks;
}

/** What a search owns and frees, filled as it is made. */
class Owned {
  private readonly items: { dispose(): void }[] = [];
  add<T extends { dispose(): void }>(item: T): T {
    this.items.push(item);
    return item;
  }
  dispose(): void {
    for (const item of this.items.reverse()) item.dispose();
  }
}

/**
 * Runs a GOLD-NAS search (or a DARTS-style one, with another strategy) to its end: the scheduler's
 * stop (FLOPs_min), the step budget, or `hooks.shouldStop()`.
 *
 * @param tf - the injected tfjs namespace, with its backend already set (see `readyBackend`).
 * @param config - a decoded configuration (`decodeSearchConfig`).
 * @param data - the training and held-out splits; their shape must match the layout.
 * @param hooks - events and callbacks, stop polling, checkpoints, resume, the strategy (or the registry
 *   its names are looked up in), the clock and the yield policy.
 * @returns the result, or an error (bad config or part, shape mismatch, bad checkpoint) before any
 *   training, or an error a part returned during the search.
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
 *     const result = await runSearch(tf, config.right, split.right, { callbacks: [{ onCandidate: (e) => console.log(e.id, e.sharedWeightAccuracy) }] });
 *   }
 * }
 * ```
 * @since 0.1.0
 */
export async function runSearch(tf: TF, config: SearchConfig, data: SearchData, hooks: SearchHooks = {}): Promise<Either<GoldNasError, SearchResult>> {
  const args = checkArguments('runSearch', {
    tf: [tf, 'object', 'the tfjs namespace'], config: [config, 'object', 'a decoded configuration: decodeSearchConfig or a preset'],
    data: [data, 'object', '{ train, heldOut }'], hooks: [hooks, 'object?'],
  });
  if (E.isLeft(args)) return args;
  const spaceE = searchSpace({ ...config.space, ...(hooks.table ? { table: hooks.table } : {}) });
  if (E.isLeft(spaceE)) return spaceE;
  const space = spaceE.right;
  const strategyE = hooks.strategy !== undefined ? E.right(hooks.strategy) : strategyFromConfig(config, hooks.registry);
  if (E.isLeft(strategyE)) return strategyE;
  const strategy = strategyE.right;
  const names = strategyNames(strategy);
  // An update rule may keep some training examples for itself (e.g. α's half in bilevel DARTS): it splits a well-formed dataset.
  const given = strategy.update.splitTraining === undefined ? E.right(undefined) : checkDatasetArrays(data.train, 'data.train');
  if (E.isLeft(given)) return given;
  const split = strategy.update.splitTraining?.(data.train, config.seed);
  if (split !== undefined && E.isLeft(split)) return split;
  const loopTrain = split === undefined ? data.train : split.right.loop;
  const fits = checkRunData([['train', loopTrain], ['heldOut', data.heldOut], ...(split === undefined ? [] : [['rule', split.right.rule] as const])],
    space.layout, config.batchSize, 'split');
  if (E.isLeft(fits)) return fits;

  // Normalisation statistics come from the training split only.
  const normaliseE = trainingNormalisation(config.data.normalise, data.train);
  if (E.isLeft(normaliseE)) return normaliseE;
  const normalise = normaliseE.right;
  const fingerprint = searchFingerprint(config);
  let resumed: DecodedSearchState | null = null;
  if (hooks.resume !== undefined) {
    const r = checkResume(hooks.resume, fingerprint, names);
    if (E.isLeft(r)) return r;
    const recorded = checkStoredCandidates(r.right.state.candidates, space, names.objectives, r.right.legacyDone !== null);
    if (E.isLeft(recorded)) return recorded;
    resumed = r.right;
  }
  // A checkpoint that counted FLOPs as 2·multiply-adds: its scheduler's FLOPs_min in multiply-adds, so the run stops where it would have.
  const savedScheduler = resumed === null || !resumed.oldFlopsUnit ? E.right(resumed?.state.scheduler) : upgradeSchedulerStateUnits(resumed.state.scheduler, strategy.scheduler.rule.name);
  if (E.isLeft(savedScheduler)) return savedScheduler;
  const schedulerState = resumed === null
    ? E.right(strategy.scheduler.rule.init(strategy.scheduler.config))
    : (strategy.scheduler.rule.decodeState(savedScheduler.right) as Either<GoldNasError, unknown>);
  if (E.isLeft(schedulerState)) return E.left({ ...schedulerState.left, _tag: 'CheckpointError' });
  const iterator = trainingBatches(loopTrain, config, normalise, resumed?.state.cursor);
  if (E.isLeft(iterator)) return E.left(resumed !== null ? { ...iterator.left, _tag: 'CheckpointError' } : iterator.left);
  // The search network normalises with batch statistics, so evaluation batches must mix classes
  // (datasets are often stored class by class): a fixed seeded order, the same for every evaluation.
  const heldOut = batchIterator(data.heldOut, { batchSize: config.evaluation.batchSize, seed: config.seed, ...(normalise ? { normalise } : {}) });
  if (E.isLeft(heldOut)) return heldOut;

  const owned = new Owned();
  try {
    const netE = buildSupernet(tf, space, { seed: config.seed, auxiliary: config.auxiliaryWeight > 0, alphaStd: config.alpha.initStd });
    if (E.isLeft(netE)) return netE;
    const net = owned.add(netE.right);
    if (resumed !== null) {
      const pruned = pruneToCheckpoint(net, resumed.state.live);
      if (E.isLeft(pruned)) return pruned;
    }
    const costs = slotCosts(space);
    // Candidates are priced in the network they will be re-trained as (the space's cell batch norms).
    const evalCosts = slotCosts(space, { affine: (config.space.cellBatchNorm ?? 'affine') === 'affine', search: false });
    let latency: Promise<Either<GoldNasError, LatencyTable>> | undefined;
    const slotLatency = (): Promise<Either<GoldNasError, LatencyTable>> => (latency ??= measureSlotLatency(tf, space, { batch: 1, mode: 'inference' }));
    const penaltyE = await strategy.penalty.create({ tf, space, slots: net.slots, costs, live: net.live, slotLatency });
    if (E.isLeft(penaltyE)) return penaltyE;
    const penalty = owned.add(penaltyE.right);
    const full = { live: Uint8Array.from(net.slots, () => 1), cost: liveCost(space, Uint8Array.from(net.slots, () => 1), evalCosts) };
    const objectives: (ObjectiveMeasure & Objective)[] = [];
    for (const o of strategy.objectives) {
      const made = await o.create({ tf, space, slots: net.slots, evalCosts, full, slotLatency });
      if (E.isLeft(made)) return made;
      objectives.push({ ...made.right, name: o.name, direction: o.direction });
    }
    const optimizers = {
      weights: owned.add(strategy.optimizers.weights.create(tf)),
      alpha: owned.add(strategy.optimizers.alpha.create(tf)),
    };
    const rule = split?.right.rule;
    const ruleBatches = rule === undefined ? {} : {
      rule,
      ruleBatches: (start?: BatchCursor) => trainingBatches(rule, { ...config, seed: deriveSeed(config.seed, RULE_BATCHES_TAG) }, normalise, start),
    };
    const updateE = strategy.update.create({ tf, net, penalty, optimizers, config, data: { train: loopTrain, ...ruleBatches } });
    if (E.isLeft(updateE)) return updateE;
    const update = owned.add(updateE.right);
    const run = new SearchRun({
      tf, config, space, net, costs, evalCosts, strategy, names, penalty, objectives, optimizers, update,
      batches: iterator.right, heldOut: heldOut.right, fingerprint, hooks,
    }, schedulerState.right);
    if (resumed !== null) {
      const restored = run.restore(resumed, hooks.resume!);
      if (E.isLeft(restored)) return restored;
    }
    return await run.run(resumed !== null);
  } finally {
    owned.dispose();
  }
}

/** Checks a checkpoint's kind, fingerprint, state and part names. */
function checkResume(contents: CheckpointContents, fingerprint: string, names: StrategyNames): Either<GoldNasError, DecodedSearchState> {
  const fail = (path: string, m: string): Either<GoldNasError, never> => E.left(goldNasError('CheckpointError', path, m));
  if (contents.kind !== CHECKPOINT_KIND) return fail('', `this is a '${contents.kind}' checkpoint, not a search checkpoint`);
  if (contents.fingerprint !== fingerprint) {
    return fail('', `the checkpoint was written by a different configuration (fingerprint ${contents.fingerprint}, this one is ${fingerprint}); resume with the run's own config.json`);
  }
  const decoded = decodeSearchState(contents.state);
  if (E.isLeft(decoded)) return decoded;
  const saved = decoded.right.state.strategy;
  if (saved !== null) {
    const pairs: [string, string, string][] = [
      ['scheduler', saved.scheduler, names.scheduler],
      ['penalty', saved.penalty, names.penalty],
      ['objectives', saved.objectives.join(', '), names.objectives.join(', ')],
      ['evaluator', saved.evaluator, names.evaluator],
      ['optimizers.weights', saved.optimizers.weights, names.optimizers.weights],
      ['optimizers.alpha', saved.optimizers.alpha, names.optimizers.alpha],
      ['update', saved.update, names.update],
    ];
    for (const [field, was, is] of pairs) {
      if (was !== is) return fail(`state.strategy.${field}`, `the checkpoint was written with ${field} '${was}', this search uses '${is}'; resume with the same parts`);
    }
  }
  return decoded;
}

/** Prunes a fresh super-network to a checkpoint's live set. */
function pruneToCheckpoint(net: SupernetState, saved: readonly number[]): Either<GoldNasError, void> {
  if (saved.length !== net.slots.length) {
    return E.left(goldNasError('CheckpointError', 'state.live', `the checkpoint has ${saved.length} operator slots, this space has ${net.slots.length}`));
  }
  const dead: number[] = [];
  for (let i = 0; i < saved.length; i++) if (!saved[i]) dead.push(i);
  if (dead.length === 0) return E.right(undefined);
  const pruned = net.prune(dead);
  return E.isLeft(pruned) ? E.left({ ...pruned.left, _tag: 'CheckpointError' }) : E.right(undefined);
}

/**
 * A round's events with the scheduler's `prune` events replaced by one that removes what a pruning
 * criterion chose (reason `perturbation`, in the place of the first), and the `stop` event's FLOPs
 * those of the chosen live set.
 */
function withCriterionPrune(events: readonly PruneEvent[], removed: readonly number[], flops: number): PruneEvent[] {
  const out: PruneEvent[] = [];
  let placed = false;
  for (const e of events) {
    if (e.type === 'prune') {
      if (!placed && removed.length > 0) out.push({ type: 'prune', slots: [...removed], reason: 'perturbation', sweep: 0 });
      placed = true;
    } else {
      out.push(e.type === 'stop' && e.flops !== undefined ? { ...e, flops } : e);
    }
  }
  return out;
}

/** Why the loop stopped, or that a part failed (the error is kept by the run). */
type LoopOutcome = SearchStopReason | 'failed';

/** The mutable state of one running search. One instance per `runSearch` call. */
class SearchRun {
  private step = 0;
  private round = 0;
  /** The step at which the live set last changed (0: the full super-network from the start). */
  private maskSince = 0;
  /** Candidates recorded by this call (to tell whether the scheduler's `finish` recorded one). */
  private records = 0;
  private tracker: ParetoTracker<string, CandidatePayload>;
  /** Why the search ended, once it did (kept in checkpoints; null while it can go on). */
  private stopReason: SearchStopReason | null = null;
  private failure: GoldNasError | null = null;
  /** What the selection part chose, once it ran. */
  private selected: SearchResult['selection'];
  private readonly schedule: LearningRateSchedule;
  private readonly periodSteps: number;
  private readonly full: { flops: number; params: number };
  private readonly labels: readonly string[];
  private readonly callbacks: readonly EventCallbacks<SearchEvent>[];
  private readonly clock: LoopClock;
  private readonly extraValues: boolean;
  private lastLog = { step: 0, time: 0 };

  constructor(private readonly s: SearchSetup, private schedulerState: unknown) {
    this.schedule = learningRate(s.config);
    this.periodSteps = s.config.pruning.periodSteps > 0 ? s.config.pruning.periodSteps : s.batches.batchesPerEpoch;
    const all = liveCost(s.space, Uint8Array.from(s.net.slots, () => 1), s.evalCosts);
    this.full = { flops: all.flops, params: all.params };
    this.labels = s.net.slots.map((slot) => `c${slot.cell}:${slot.from}->${slot.to}:${slot.op}`);
    this.callbacks = [...(s.hooks.onEvent !== undefined ? [{ onEvent: s.hooks.onEvent }] : []), ...(s.hooks.callbacks ?? [])];
    this.clock = s.hooks.clock ?? SYSTEM_CLOCK;
    this.tracker = paretoTracker(s.objectives.map((o) => ({ name: o.name, direction: o.direction })));
    this.extraValues = s.objectives.length !== DEFAULT_OBJECTIVES.length || s.objectives.some((o, i) => o.name !== DEFAULT_OBJECTIVES[i]);
  }

  private emit(e: SearchEvent): Promise<void> | undefined {
    return dispatchEvent(this.callbacks, e);
  }

  /** Restores weights, α, optimiser buffers, the update rule and the loop state from a checkpoint (the live set is already pruned). */
  restore(decoded: DecodedSearchState, contents: CheckpointContents): Either<GoldNasError, void> {
    const { state } = decoded;
    const { net, optimizers } = this.s;
    const restored = restoreVariables(this.s.tf, contents, [['w/', [...net.weights, net.alpha]]], (_, name) => `weight '${name}'`);
    if (E.isLeft(restored)) return restored;
    optimizers.weights.importState(prefixedArrays(contents, 'wopt/'), net.weights);
    optimizers.alpha.importState(prefixedArrays(contents, 'aopt/'), [net.alpha]);
    const update = this.s.update.restore(state.update);
    if (E.isLeft(update)) return E.left({ ...update.left, _tag: 'CheckpointError' });
    this.step = state.step;
    this.round = state.round;
    // A checkpoint written before gold-nas recorded it: count the live set as new (recovery steps then apply in full).
    this.maskSince = state.maskSince ?? state.step;
    this.stopReason = decoded.legacyDone === true ? this.legacyStopReason() : state.stopReason;
    this.tracker = state.candidates.reduce((t, p) => addCandidate(t, p), this.tracker);
    return E.right(undefined);
  }

  /** The stop reason of a finished run whose checkpoint (gold-nas 0.1) only said that it had finished. */
  private legacyStopReason(): SearchStopReason {
    if (this.step >= this.s.config.maxSteps) return 'budget';
    if (liveInputsPerNode(this.s.net.slots, this.s.net.live).every((n) => n <= 1)) return 'minimal';
    const max = this.s.config.pruning.lambdaMax;
    return max > 0 && this.lambda() > max ? 'stalled' : 'flops-min';
  }

  private liveFlops(live: LiveMask = this.s.net.live): number {
    return liveCost(this.s.space, live, this.s.costs).flops;
  }

  private lambda(): number {
    return this.s.strategy.scheduler.rule.lambda(this.schedulerState) as number;
  }

  async run(resumed: boolean): Promise<Either<GoldNasError, SearchResult>> {
    const { config, net, batches } = this.s;
    await this.emit({
      type: 'start', step: this.step, resumed, slots: net.slots.length, liveOps: countLive(net.live),
      liveFlops: this.liveFlops(), periodSteps: this.periodSteps, maxSteps: config.maxSteps, stepsPerEpoch: batches.batchesPerEpoch, flopsUnit: FLOPS_UNIT,
      accuracyOn: accuracyOn(config.data),
    });
    const finishedBefore = this.stopReason;
    this.lastLog = { step: this.step, time: this.clock.now() };
    let outcome: LoopOutcome = await driveLoop<LoopOutcome>({
      stopBeforeStep: () => finishedBefore ?? (this.step >= config.maxSteps ? 'budget' : null),
      step: () => this.trainAndPrune(),
      checkpointDue: () => config.checkpointEvery > 0 && this.step % config.checkpointEvery === 0,
      checkpoint: () => this.saveCheckpoint(),
    }, { interrupted: 'interrupted', ...(this.s.hooks.shouldStop ? { shouldStop: this.s.hooks.shouldStop } : {}), ...(this.s.hooks.yieldPolicy ? { yieldPolicy: this.s.hooks.yieldPolicy } : {}) });
    if (outcome === 'failed') return E.left(this.failure!);
    let recordedAtEnd = false;
    const finish = this.s.strategy.scheduler.rule.finish;
    if (finishedBefore === null && outcome === 'budget' && finish !== undefined) {
      // The scheduler's last word on the architecture the search ends on (DARTS's genotype).
      const records = this.records;
      const after = await this.pruningRound((input) => finish(input));
      if (after === 'failed') return E.left(this.failure!);
      if (after !== null) outcome = after;
      recordedAtEnd = this.records > records;
    }
    if (finishedBefore === null && !recordedAtEnd && (outcome === 'budget' || outcome === 'minimal' || outcome === 'stalled')) {
      // The architecture the run ends on is a candidate too.
      const recorded = await this.record(this.s.net.live);
      if (recorded !== null) return E.left(recorded);
    }
    this.stopReason = outcome === 'interrupted' ? null : outcome;
    await this.saveCheckpoint();
    await this.emit({ type: 'stop', step: this.step, reason: outcome });
    return this.result(outcome);
  }

  /** One training step, its log, its epoch event and, when due, a pruning round. */
  private async trainAndPrune(): Promise<LoopOutcome | null> {
    const { config, batches, update } = this.s;
    const epochBefore = batches.cursor().epoch;
    const batch = batches.next();
    const lr = learningRateAt(this.schedule, this.step);
    const loss = update.step({ batch, lr, lambda: this.lambda(), step: this.step });
    this.step += 1;
    // The loss is freed also when a callback throws (the exception is the caller's; the tensor is not).
    try {
      if (this.step % config.logEvery === 0) {
        const value = (await loss.data())[0]!;
        if (!Number.isFinite(value)) return 'diverged';
        const now = this.clock.now();
        const step = this.step;
        const pending = this.emit({
          type: 'step', step, epoch: batches.cursor().epoch, loss: value, lambda: this.lambda(), lr,
          liveOps: countLive(this.s.net.live), liveFlops: this.liveFlops(),
          imagesPerSecond: ((step - this.lastLog.step) * config.batchSize) / Math.max(1e-3, (now - this.lastLog.time) / 1000),
        });
        this.lastLog = { step, time: now };
        if (pending !== undefined) await pending;
      }
    } finally {
      loss.dispose();
    }
    if (batches.cursor().epoch !== epochBefore) await this.emit({ type: 'epoch', step: this.step, epoch: epochBefore });
    return this.step % this.periodSteps === 0 ? this.pruningRound() : null;
  }

  /**
   * A pruning round: read the gates once, let the scheduler decide (its `step`, or its `finish` at
   * the budget's end), record, prune. Returns a stop reason or null (also when `finish` has nothing to do).
   */
  private async pruningRound(
    decide: (input: PruningInput<unknown>) => PruningOutput<unknown> | null = (input) => this.s.strategy.scheduler.rule.step(input),
  ): Promise<LoopOutcome | null> {
    const { net } = this.s;
    const snapshot = await net.snapshot();
    const before = net.live;
    const out = decide({
      slots: net.slots, snapshot, live: before, state: this.schedulerState, step: this.step, flops: (m: LiveMask) => this.liveFlops(m),
    });
    if (out === null) return null;
    this.round += 1;
    let events = out.events as readonly PruneEvent[];
    for (const e of events) {
      if (e.type === 'record' && e.architecture === 'before') {
        const recorded = await this.record(before);
        if (recorded !== null) return this.fail(recorded);
      }
    }
    let live = out.live;
    const selection = this.s.strategy.selection;
    const discretises = selection !== undefined && events.some((e) => e.type === 'prune' && e.reason === 'argmax');
    const proposed = countLive(before) - countLive(live);
    const criterion = !discretises && selection?.prune !== undefined && proposed > 0 ? selection : undefined;
    if (discretises || criterion !== undefined) {
      // A discretisation: the strategy's selection part picks the architecture. Another round that
      // prunes: a part with `prune` chooses as many operators as the scheduler's rule would.
      const selected = await this.select(selection!, live, criterion !== undefined ? proposed : undefined);
      if (E.isLeft(selected)) return this.fail(selected.left);
      live = selected.right;
    }
    const removed: number[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] && !live[i]) removed.push(i);
    if (discretises) {
      const flops = this.liveFlops(live);
      events = events.map((e) => (e.type === 'prune' && e.reason === 'argmax' ? { ...e, slots: removed } : e.type === 'stop' && e.flops !== undefined ? { ...e, flops } : e));
    } else if (criterion !== undefined) {
      events = withCriterionPrune(events, removed, this.liveFlops(live));
    }
    if (removed.length > 0) {
      const pruned = net.prune(removed);
      if (E.isLeft(pruned)) return this.fail(pruned.left);
      this.s.optimizers.weights.forget(pruned.right.removed);
      this.maskSince = this.step;
    }
    this.schedulerState = out.state;
    // Report each sweep's removals with the live set right after them.
    const running = Uint8Array.from(before);
    for (const e of events) {
      if (e.type === 'prune') for (const slot of e.slots) running[slot] = 0;
      await this.forward(e, running);
    }
    await this.emit({
      type: 'round', step: this.step, round: this.round, lambda: this.lambda(), liveOps: countLive(net.live),
      liveFlops: this.liveFlops(), liveParams: liveCost(this.s.space, net.live, this.s.evalCosts).params,
      gates: Array.from(snapshot.gates, (g, i) => (net.live[i] ? Math.round(g * 1e4) / 1e4 : 0)),
    });
    for (const e of events) {
      if (e.type === 'record' && e.architecture === 'after') {
        const recorded = await this.record(net.live);
        if (recorded !== null) return this.fail(recorded);
      }
    }
    if (!out.done) {
      if (liveInputsPerNode(net.slots, net.live).every((n) => n <= 1)) return 'minimal';
      const max = this.s.config.pruning.lambdaMax;
      return max > 0 && this.lambda() > max ? 'stalled' : null;
    }
    const stop = events.find((e): e is Extract<PruneEvent, { type: 'stop' }> => e.type === 'stop');
    return stop?.reason === 'discretised' ? 'discretised' : 'flops-min';
  }

  /**
   * Runs the selection part on the trained network: its `select` for a discretisation, its `prune`
   * (given the scheduler's `count`) for another pruning round. Returns the live set to prune to.
   */
  private async select(part: SelectionPart, proposed: LiveMask, count?: number): Promise<Either<GoldNasError, LiveMask>> {
    const { tf, net, config, heldOut, batches } = this.s;
    const context = {
      tf, net, proposed, config, optimizer: this.s.strategy.optimizers.weights, lr: learningRateAt(this.schedule, this.step),
      heldOut: (maxExamples = config.evaluation.maxExamples) => fixedOrderBatches(heldOut, maxExamples),
      nextBatch: () => batches.next(),
      onDecision: async (decision: PerturbationDecision, index: number, total: number) => {
        await this.emit({ type: 'selection', step: this.step, name: part.name, index, total, decision });
      },
    };
    const chosen = count !== undefined && part.prune !== undefined ? await part.prune({ ...context, count }) : await part.select(context);
    if (E.isLeft(chosen)) return chosen;
    const live = chosen.right.live;
    if (live.length !== net.slots.length || net.slots.some((s) => live[s.index] && !net.live[s.index])) {
      return E.left(goldNasError('ConfigError', 'selection', `the selection part '${part.name}' chose slots outside the live set`));
    }
    if (count !== undefined && liveInputsPerNode(net.slots, live).some((n, i) => net.live[i] === 1 && n === 0)) {
      return E.left(goldNasError('ConfigError', 'selection', `the selection part '${part.name}' left a node without a live input`));
    }
    // A criterion's rounds add up; a discretisation's trace is the selection's whole.
    const earlier = count !== undefined && this.selected !== undefined ? this.selected.trace : [];
    this.selected = { name: part.name, trace: [...earlier, ...chosen.right.trace] };
    return E.right(live);
  }

  private fail(e: GoldNasError): 'failed' {
    this.failure = e;
    return 'failed';
  }

  private forward(e: PruneEvent, live: LiveMask): Promise<void> | undefined {
    if (e.type === 'prune') {
      return this.emit({
        type: 'prune', step: this.step, slots: e.slots, ops: e.slots.map((slot) => this.labels[slot]!), reason: e.reason,
        liveOps: countLive(live), liveFlops: this.liveFlops(live),
      });
    }
    if (e.type === 'lambda') return this.emit({ type: 'lambda', step: this.step, from: e.from, to: e.to, reason: e.reason });
    return undefined;
  }

  /** Scores the super-network restricted to `live` (its current live set) and records it. Returns an error or null. */
  private async record(live: LiveMask): Promise<GoldNasError | null> {
    const { space, net, heldOut, config, tf } = this.s;
    const arch = architectureFromMask({ ...space, mode: 'gold' }, live);
    if (E.isLeft(arch)) return arch.left;
    const id = architectureHash(arch.right);
    const cost = liveCost(space, live, this.s.evalCosts);
    const evaluator: CandidateEvaluator = this.s.strategy.evaluator;
    let recoverySteps = 0;
    const recovery = { tf, net, optimizer: this.s.strategy.optimizers.weights, batches: this.s.batches, lr: learningRateAt(this.schedule, this.step), auxiliaryWeight: config.auxiliaryWeight };
    const scores = await evaluator.evaluate({
      tf, net, step: this.step, architecture: arch.right, live,
      heldOut: () => fixedOrderBatches(heldOut, config.evaluation.maxExamples),
      stepsWithMask: this.step - this.maskSince,
      recover: (steps, score) => {
        recoverySteps += Math.max(0, steps);
        return recoverOnCopy(recovery, steps, score);
      },
    });
    if (E.isLeft(scores)) return scores.left;
    const measurement = { step: this.step, architecture: arch.right, live, cost, scores: scores.right };
    const values: Record<string, number> = {};
    for (const o of this.s.objectives) values[o.name] = o.measure(measurement);
    const point: StoredCandidate = {
      id, values, fidelity: this.step, payload: { step: this.step, architecture: arch.right, liveOps: countLive(live) },
    };
    this.tracker = addCandidate(this.tracker, point);
    this.records += 1;
    const front = trackerFront(this.tracker);
    await this.emit({
      type: 'candidate', step: this.step, id, flops: cost.flops, params: cost.params, sharedWeightAccuracy: scores.right.accuracy ?? NaN, liveOps: countLive(live),
      recoverySteps, onFront: front.some((p) => p.id === id), frontSize: front.length, ...(this.extraValues ? { values } : {}),
    });
    return null;
  }

  private async saveCheckpoint(): Promise<void> {
    const { hooks, net, optimizers } = this.s;
    if (hooks.checkpoint === undefined) return;
    const named = [...net.weights, net.alpha];
    const arrays = await variableArrays([['w/', named]]);
    for (const [prefix, opt] of [['wopt/', optimizers.weights], ['aopt/', optimizers.alpha]] as const) arrays.push(...(await optimizerArrays(prefix, opt, named)));
    const state: SearchLoopState = {
      version: 3, step: this.step, round: this.round, maskSince: this.maskSince, cursor: this.s.batches.cursor(), live: Array.from(net.live),
      scheduler: this.schedulerState, update: this.s.update.state(), candidates: this.tracker.candidates,
      stopReason: this.stopReason, strategy: this.s.names,
    };
    await hooks.checkpoint({ kind: CHECKPOINT_KIND, fingerprint: this.s.fingerprint, state: encodeSearchState(state), arrays });
    await this.emit({ type: 'checkpoint', step: this.step });
  }

  private result(stopReason: SearchStopReason): Either<GoldNasError, SearchResult> {
    const { space, net, objectives } = this.s;
    const toCandidate = (p: StoredCandidate): SearchCandidate => {
      const cost = liveCostOf(p);
      return {
        id: p.id, step: p.payload!.step, architecture: p.payload!.architecture, flops: cost.flops, params: cost.params,
        sharedWeightAccuracy: cost.accuracy, liveOps: p.payload!.liveOps, ...(this.extraValues ? { values: p.values } : {}),
      };
    };
    // The candidate's FLOPs, params and accuracy: its objective values when the objectives are the default ones, else recomputed from its architecture.
    const liveCostOf = (p: StoredCandidate): { flops: number; params: number; accuracy: number } => {
      if (!this.extraValues) return { flops: p.values.flops!, params: p.values.params!, accuracy: p.values.accuracy! };
      const mask = this.maskOf(p.payload!.architecture);
      const cost = mask === null ? { flops: NaN, params: NaN } : liveCost(space, mask, this.s.evalCosts);
      return { flops: p.values.flops ?? cost.flops, params: p.values.params ?? cost.params, accuracy: p.values.accuracy ?? NaN };
    };
    const front = trackerFront(this.tracker);
    const referenced = objectives.filter((o) => o.reference !== undefined);
    const normalised = front.map((p) => ({
      values: Object.fromEntries(referenced.map((o) => [o.name, o.reference !== 0 ? p.values[o.name]! / o.reference! : p.values[o.name]!])),
    }));
    const reference = Object.fromEntries(referenced.map((o) => [o.name, o.reference !== 0 ? 1 : 0]));
    const finalArch = architectureFromMask({ ...space, mode: 'gold' }, net.live);
    if (E.isLeft(finalArch)) return finalArch;
    const finalCost = liveCost(space, net.live, this.s.evalCosts);
    return E.right({
      stopReason,
      steps: this.step,
      objectives: objectives.map((o) => ({ name: o.name, direction: o.direction, ...(o.reference !== undefined ? { reference: o.reference } : {}) })),
      candidates: this.tracker.candidates.map(toCandidate),
      front: front.map(toCandidate).sort(compareByCost),
      hypervolume: normalised.length > 0 && referenced.length > 0 ? volumeOf(normalised, referenced, reference) : 0,
      supernet: this.full,
      final: { architecture: finalArch.right, flops: finalCost.flops, params: finalCost.params },
      ...(this.selected !== undefined ? { selection: this.selected } : {}),
    });
  }

  /** The live mask of a recorded architecture (null if it does not fit the space, which cannot happen for the search's own). */
  private maskOf(architecture: Architecture): LiveMask | null {
    const live = new Uint8Array(this.s.net.slots.length);
    for (const slot of this.s.net.slots) {
      const cell = architecture.cells[slot.cell];
      if (cell?.edges.some((e) => e.op === slot.op && e.from === slot.from && e.to === slot.to) === true) live[slot.index] = 1;
    }
    return live;
  }
}
