import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { CheckpointContents } from '../../src/checkpoint/format.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import type { SearchEvent } from '../../src/search/events.js';
import { runSearch } from '../../src/search/runSearch.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { strategyFromConfig } from '../../src/search/strategyFromConfig.js';
import type { CandidateEvaluator, SearchStrategy } from '../../src/search/strategy.js';
import { schedulerPart } from '../../src/search/strategy.js';
import { ACCURACY_OBJECTIVE, FLOPS_OBJECTIVE, objective } from '../../src/search/objectiveParts.js';
import { fixedThresholdScheduler } from '../../src/pruning/fixedThresholdScheduler.js';
import { goldNasError } from '../../src/errors.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { splitDataset } from '../../src/data/split.js';
import type { DatasetSplit } from '../../src/data/split.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

const config = (overrides: object = {}): SearchConfig => orThrow(decodeSearchConfig({ maxSteps: 20, checkpointEvery: 10, ...overrides }, SEARCH_PRESETS['synthetic-tiny']));

function data(): DatasetSplit {
  const ds = orThrow(syntheticDataset({ size: 128, height: 8, width: 8, channels: 3, classes: 4, seed: 1, noise: 1 }));
  return orThrow(splitDataset(ds, { heldOut: 32, seed: 1 }));
}

const liveOps = objective('liveOps', 'min', (c) => c.live.reduce((n, v) => n + v, 0));

/** Scores a candidate by its live operators only (no device work), counting its calls. */
function countingEvaluator(): CandidateEvaluator & { calls: number } {
  const e = {
    name: 'counting', calls: 0,
    evaluate: async ({ live }: { live: Uint8Array }) => {
      e.calls += 1;
      return E.right({ accuracy: 1 / (1 + live.reduce((n, v) => n + v, 0)) });
    },
  };
  return e as CandidateEvaluator & { calls: number };
}

function customStrategy(c: SearchConfig, evaluator: CandidateEvaluator): SearchStrategy {
  return {
    ...orThrow(strategyFromConfig(c)),
    scheduler: schedulerPart(fixedThresholdScheduler, { threshold: 0.45, by: 'gate', lambda: 0.05, flopsMin: 0, recordFinal: true }),
    objectives: [FLOPS_OBJECTIVE, liveOps, ACCURACY_OBJECTIVE],
    evaluator,
  };
}

describe('runSearch with a strategy of its own parts', () => {
  it("prunes by the strategy's scheduler, scores by its evaluator and compares on its objectives, without leaking tensors", async () => {
    const c = config();
    const evaluator = countingEvaluator();
    const before = tf.memory().numTensors;
    const result = orThrow(await runSearch(tf, c, data(), { strategy: customStrategy(c, evaluator) }));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.objectives.map((o) => o.name)).toEqual(['flops', 'liveOps', 'accuracy']);
    expect(evaluator.calls).toBeGreaterThan(0);
    expect(result.candidates.length).toBeGreaterThan(0);
    for (const cand of result.candidates) {
      expect(cand.values?.liveOps).toBe(cand.liveOps);
      expect(cand.sharedWeightAccuracy).toBeCloseTo(1 / (1 + cand.liveOps), 12);
    }
  });

  it("resumes a search with its own parts from a checkpoint to the same decisions and front as one that was never stopped", async () => {
    const c = config();
    const strategy = customStrategy(c, countingEvaluator());
    const decisions = (events: readonly SearchEvent[]): string[] => events.flatMap((e) => (e.type === 'prune' ? [`${e.step}: ${e.slots.join(',')}`] : []));
    const straight: SearchEvent[] = [];
    const whole = orThrow(await runSearch(tf, c, data(), { strategy, onEvent: (e) => straight.push(e) }));
    const parts: SearchEvent[] = [];
    let saved: CheckpointContents | undefined;
    let steps = 0;
    const first = orThrow(await runSearch(tf, c, data(), {
      strategy, onEvent: (e) => parts.push(e), checkpoint: (contents) => { saved = contents; },
      callbacks: [{ onStep: (e) => { steps = e.step; } }], shouldStop: () => steps >= 10,
    }));
    expect(first.stopReason).toBe('interrupted');
    // The state goes through JSON as a file would take it.
    const resume: CheckpointContents = { ...saved!, state: JSON.parse(JSON.stringify(saved!.state)) };
    const second = orThrow(await runSearch(tf, c, data(), { strategy, resume, onEvent: (e) => parts.push(e) }));
    expect(decisions(straight).length).toBeGreaterThan(0);
    expect(decisions(parts)).toEqual(decisions(straight));
    expect(second.front.map((x) => [x.id, x.values])).toEqual(whole.front.map((x) => [x.id, x.values]));
  });

  it('calls the callbacks in event order, reads the injected clock and yields once per step through the policy', async () => {
    const c = config({ maxSteps: 10 });
    const fromOnEvent: string[] = [];
    const fromCallbacks: string[] = [];
    let now = 0;
    let yields = 0;
    const result = orThrow(await runSearch(tf, c, data(), {
      onEvent: (e) => fromOnEvent.push(e.type),
      callbacks: [{
        onStart: () => { fromCallbacks.push('start'); },
        onStep: (e) => { fromCallbacks.push('step'); expect(e.imagesPerSecond).toBeCloseTo(5 * c.batchSize, 9); },
        onRound: () => { fromCallbacks.push('round'); },
        onCandidate: () => { fromCallbacks.push('candidate'); },
        onCheckpoint: () => { fromCallbacks.push('checkpoint'); },
        onStop: () => { fromCallbacks.push('stop'); },
      }],
      // Each reading advances the clock by a second; the loop reads it once per step event (every 5 steps).
      clock: { now: () => (now += 1000) - 1000 },
      yieldPolicy: { afterStep: () => { yields += 1; return undefined; } },
      checkpoint: () => undefined,
    }));
    expect(yields).toBe(result.steps);
    expect(fromOnEvent[0]).toBe('start');
    expect(fromOnEvent.at(-1)).toBe('stop');
    expect(fromCallbacks).toEqual(fromOnEvent.filter((t) => ['start', 'step', 'round', 'candidate', 'checkpoint', 'stop'].includes(t)));
    expect(fromCallbacks.filter((t) => t === 'checkpoint').length).toBe(2); // step 10: the end (no periodic one at the last step)
  });

  it('refuses to resume a checkpoint written with other parts, naming the part', async () => {
    const c = config();
    let saved: CheckpointContents | undefined;
    let steps = 0;
    await runSearch(tf, c, data(), {
      checkpoint: (contents) => { saved = contents; },
      onEvent: (e) => { if (e.type === 'step') steps = e.step; },
      shouldStop: () => steps >= 5,
    });
    const r = await runSearch(tf, c, data(), { resume: saved!, strategy: customStrategy(c, countingEvaluator()) });
    expect(E.isLeft(r) && r.left._tag).toBe('CheckpointError');
    expect(E.isLeft(r) && r.left.path).toBe('state.strategy.scheduler');
  });

  it('reports the stop reason a finished run stored in its checkpoint when it is resumed', async () => {
    const c = config({ pruning: { lambdaMax: 0.01 } });
    let saved: CheckpointContents | undefined;
    const first = orThrow(await runSearch(tf, c, data(), { checkpoint: (contents) => { saved = contents; } }));
    expect(first.stopReason).toBe('stalled');
    const events: SearchEvent[] = [];
    const again = orThrow(await runSearch(tf, c, data(), { resume: saved!, onEvent: (e) => events.push(e) }));
    expect(again.stopReason).toBe('stalled');
    expect(again.steps).toBe(first.steps);
    expect(events.some((e) => e.type === 'step')).toBe(false);
  });

  it('trains ω on the examples an update rule leaves to the loop and hands the rule the rest', async () => {
    const c = config({ maxSteps: 5 });
    const d = data();
    let ruleExamples = -1;
    const base = orThrow(strategyFromConfig(c));
    const halves: SearchStrategy['update'] = {
      name: 'halves',
      splitTraining: (train, seed) => E.map((s: DatasetSplit) => ({ loop: s.train, rule: s.heldOut }))(splitDataset(train, { heldOut: 0.5, seed })),
      create: (context) => {
        ruleExamples = context.data.rule?.size ?? -1;
        return base.update.create(context);
      },
    };
    const events: SearchEvent[] = [];
    orThrow(await runSearch(tf, c, d, { strategy: { ...base, update: halves }, onEvent: (e) => events.push(e) }));
    const start = events[0];
    expect(ruleExamples).toBe(d.train.size / 2);
    expect(start?.type === 'start' && start.stepsPerEpoch).toBe(Math.floor(d.train.size / 2 / c.batchSize));
  });

  it("returns an evaluator's error as a value and frees every tensor", async () => {
    const c = config();
    const failing: CandidateEvaluator = { name: 'failing', evaluate: async () => E.left(goldNasError('DataError', 'heldOut', 'no labels today')) };
    const before = tf.memory().numTensors;
    const r = await runSearch(tf, c, data(), { strategy: { ...orThrow(strategyFromConfig(c)), evaluator: failing } });
    expect(r).toEqual(E.left(goldNasError('DataError', 'heldOut', 'no labels today')));
    expect(tf.memory().numTensors).toBe(before);
  });
});
