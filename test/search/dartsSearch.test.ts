import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { CheckpointContents } from '../../src/checkpoint/format.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import type { SearchEvent } from '../../src/search/events.js';
import { runSearch } from '../../src/search/runSearch.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { DARTS_PRIMITIVES } from '../../src/space/operators.js';
import { architectureToGenotype } from '../../src/space/genotypeArchitecture.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { splitDataset } from '../../src/data/split.js';
import type { DatasetSplit } from '../../src/data/split.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

/** darts-mnist's algorithm on a tiny DARTS space and synthetic data: 6 steps, a round every 3, 3 recovery steps. */
function config(overrides: object = {}): SearchConfig {
  return orThrow(decodeSearchConfig({
    space: { mode: 'darts', layout: { kind: 'cifar', channels: 4, cells: 3, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 }, operators: DARTS_PRIMITIVES },
    data: { source: 'synthetic', heldOut: 32, syntheticSize: 128, cropPadding: 0 },
    batchSize: 8, maxSteps: 6, checkpointEvery: 0, logEvery: 1,
    evaluator: { name: 'held-out', recoverySteps: 3 },
    pruning: { periodSteps: 3 },
    evaluation: { batchSize: 32, maxExamples: 0 },
    ...overrides,
  }, SEARCH_PRESETS['darts-mnist']));
}

function data(): DatasetSplit {
  const ds = orThrow(syntheticDataset({ size: 128, height: 8, width: 8, channels: 3, classes: 4, seed: 1, noise: 1 }));
  return orThrow(splitDataset(ds, { heldOut: 32, seed: 1 }));
}

/** The last checkpoint a run hands out, and its events. */
async function run(c: SearchConfig, options: { resume?: CheckpointContents; stopAt?: number } = {}) {
  let last: CheckpointContents | undefined;
  const events: SearchEvent[] = [];
  let step = 0;
  const result = orThrow(await runSearch(tf, c, data(), {
    checkpoint: (contents) => { last = { ...contents, state: JSON.parse(JSON.stringify(contents.state)) }; },
    onEvent: (e) => { events.push(e); if (e.type === 'step') step = e.step; },
    ...(options.stopAt !== undefined ? { shouldStop: () => step >= options.stopAt! } : {}),
    ...(options.resume !== undefined ? { resume: options.resume } : {}),
  }));
  return { result, checkpoint: last!, events };
}

describe('a DARTS search', () => {
  it('trains bilevel, derives the argmax genotype when the budget runs out, and scores it after recovery steps', async () => {
    const before = tf.memory().numTensors;
    const { result, events, checkpoint } = await run(config());
    expect(tf.memory().numTensors).toBe(before);
    expect(result.stopReason).toBe('discretised');
    expect(result.steps).toBe(6);
    expect(result.candidates).toHaveLength(1);
    const genotype = architectureToGenotype(result.candidates[0]!.architecture, config().space.layout);
    expect(E.isRight(genotype)).toBe(true);
    const candidate = events.find((e) => e.type === 'candidate');
    // Recorded right after the argmax prune: it trained 0 steps with its mask, so it gets all 3.
    expect(candidate?.type === 'candidate' && candidate.recoverySteps).toBe(3);
    // The period's rounds at 3 and 6 only log the weights; the genotype comes in a round of its own after the last step.
    const rounds = events.flatMap((e) => (e.type === 'round' ? [e] : []));
    expect(rounds.map((e) => e.step)).toEqual([3, 6, 6]);
    expect(rounds.map((e) => e.liveOps)).toEqual([rounds[0]!.liveOps, rounds[0]!.liveOps, result.candidates[0]!.liveOps]);
    // The checkpoint carries Adam's moments for α and the cursor of α's half.
    expect(checkpoint.arrays.map((a) => a.name)).toEqual(expect.arrayContaining(['aopt/alpha/m', 'aopt/alpha/v', 'aopt/alpha/step']));
    expect(checkpoint.state).toMatchObject({ update: { cursor: { epoch: 1, index: 0 } }, strategy: { update: 'darts-bilevel', optimizers: { alpha: 'adam' } } });
  });

  it.each([1, 2])('resumes (order %i) to the same weights, α, moments and genotype as a run that was never stopped', async (order) => {
    const c = config({ update: { order } });
    const whole = await run(c);
    const first = await run(c, { stopAt: 2 });
    expect(first.result.stopReason).toBe('interrupted');
    const second = await run(c, { resume: first.checkpoint });
    expect(second.result.steps).toBe(whole.result.steps);
    expect(second.result.candidates.map((x) => [x.id, x.sharedWeightAccuracy])).toEqual(whole.result.candidates.map((x) => [x.id, x.sharedWeightAccuracy]));
    const arrays = (cp: CheckpointContents) => Object.fromEntries(cp.arrays.map((a) => [a.name, Array.from(a.values)]));
    expect(arrays(second.checkpoint)).toEqual(arrays(whole.checkpoint));
    expect(second.checkpoint.state).toEqual(whole.checkpoint.state);
  });

  it('starts α at initStd·N(0, 1) and keeps the weights it would have had from 0', async () => {
    const alphaAt0 = async (initStd: number) => {
      const { checkpoint } = await run(config({ alpha: { initStd }, maxSteps: 1, pruning: { periodSteps: 1 } }), { stopAt: 0 });
      return Object.fromEntries(checkpoint.arrays.map((a) => [a.name, Array.from(a.values)]));
    };
    const random = await alphaAt0(1e-3);
    const zero = await alphaAt0(0);
    const alpha = random['w/alpha']!;
    expect(zero['w/alpha']!.every((a) => a === 0)).toBe(true);
    const std = Math.sqrt(alpha.reduce((s, a) => s + a * a, 0) / alpha.length);
    expect(std).toBeGreaterThan(0.5e-3);
    expect(std).toBeLessThan(2e-3);
    expect(random['w/stem0.0.weight']).toEqual(zero['w/stem0.0.weight']);
  });
});
