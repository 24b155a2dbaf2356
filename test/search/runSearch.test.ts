import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { runSearch } from '../../src/search/runSearch.js';
import type { SearchEvent } from '../../src/search/events.js';
import { useFastCpu } from '../fastCpu.js';
import { tinyConfig, tinyData } from './tinyGold.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

describe('runSearch', () => {
  it('trains one-level, prunes gradually and records a Pareto front on synthetic data', async () => {
    const events: SearchEvent[] = [];
    const before = tf.memory().numTensors;
    const result = orThrow(await runSearch(tf, tinyConfig(), tinyData(), { onEvent: (e) => events.push(e) }));
    expect(tf.memory().numTensors).toBe(before);
    const types = new Set(events.map((e) => e.type));
    expect([...types]).toEqual(expect.arrayContaining(['start', 'step', 'round', 'prune', 'lambda', 'candidate', 'stop']));
    expect(result.candidates.length).toBeGreaterThan(1);
    expect(result.front.length).toBeGreaterThan(0);
    console.log(result.stopReason, result.steps, result.front.map((c) => [c.flops, c.params, c.sharedWeightAccuracy]), result.hypervolume);
  });

  it("stops as 'stalled' once λ passes pruning.lambdaMax, and records the architecture it ends on", async () => {
    const config = tinyConfig({ pruning: { periodSteps: 5, lambdaMax: 0.01, options: { lambda0: 0.05, record: 'every-change' } } });
    const events: SearchEvent[] = [];
    const result = orThrow(await runSearch(tf, config, tinyData(), { onEvent: (e) => events.push(e) }));
    expect(result.stopReason).toBe('stalled');
    expect(result.steps).toBeLessThan(config.maxSteps);
    const stop = events.find((e) => e.type === 'stop');
    expect(stop && stop.type === 'stop' && stop.reason).toBe('stalled');
    const last = events.filter((e) => e.type === 'candidate').at(-1);
    expect(last).toBeDefined();
    expect(last?.step).toBe(result.steps);
  });
});
