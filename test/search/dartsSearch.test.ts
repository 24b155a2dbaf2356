import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { CheckpointContents } from '../../src/checkpoint/format.js';
import type { SearchEvent } from '../../src/search/events.js';
import { runSearch } from '../../src/search/runSearch.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { architectureToGenotype } from '../../src/space/genotypeArchitecture.js';
import { useFastCpu } from '../fastCpu.js';
import { orThrow } from '../train/fixtures.js';
import { tinyDartsConfig, tinyDartsData } from './tinyDarts.js';

beforeAll(useFastCpu);

/** darts-mnist's algorithm on the tiny DARTS space: 6 steps, a round every 3, 3 recovery steps. */
const config = (overrides: object = {}): SearchConfig => tinyDartsConfig({ maxSteps: 6, periodSteps: 3, recoverySteps: 3, evaluation: { batchSize: 32, maxExamples: 0 } }, overrides);
const data = tinyDartsData;

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
