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
import type { CandidateEvaluator } from '../../src/search/strategy.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { splitDataset } from '../../src/data/split.js';
import type { DatasetSplit } from '../../src/data/split.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

/** synthetic-tiny (every change recorded, a round every 5 steps) for 30 steps. */
const config = (recoverySteps: number): SearchConfig =>
  orThrow(decodeSearchConfig({ maxSteps: 30, checkpointEvery: 0, evaluator: { name: 'held-out', recoverySteps } }, SEARCH_PRESETS['synthetic-tiny']));

function data(): DatasetSplit {
  const ds = orThrow(syntheticDataset({ size: 128, height: 8, width: 8, channels: 3, classes: 4, seed: 1, noise: 1 }));
  return orThrow(splitDataset(ds, { heldOut: 32, seed: 1 }));
}

async function run(c: SearchConfig, evaluator?: CandidateEvaluator) {
  let last: CheckpointContents | undefined;
  const events: SearchEvent[] = [];
  const result = orThrow(await runSearch(tf, c, data(), {
    checkpoint: (contents) => { last = contents; },
    onEvent: (e) => events.push(e),
    ...(evaluator !== undefined ? { strategy: { ...orThrow(strategyFromConfig(c)), evaluator } } : {}),
  }));
  return { result, events, arrays: Object.fromEntries(last!.arrays.map((a) => [a.name, Array.from(a.values)])) };
}

const candidates = (events: readonly SearchEvent[]) => events.flatMap((e) => (e.type === 'candidate' ? [e] : []));

describe('recovery steps before a candidate is scored', () => {
  it('train the weights with the candidate\'s mask before the score, on a copy: the score sees trained weights, the search the old ones', async () => {
    const c = config(0);
    let seen = 0;
    const probe: CandidateEvaluator = {
      name: 'held-out',
      evaluate: async ({ net, recover }) => {
        const weight = net.weights.find((w) => w.name.includes('sep_conv_3x3'))!.variable;
        const before = Array.from(weight.dataSync());
        const inside = await recover(4, async () => E.right(Array.from(weight.dataSync())));
        const after = Array.from(weight.dataSync());
        expect(E.isRight(inside) && inside.right).not.toEqual(before);
        expect(after).toEqual(before);
        seen += 1;
        return E.right({ accuracy: 0.5 });
      },
    };
    const probed = await run(c, probe);
    const plain = await run(c);
    expect(seen).toBeGreaterThan(0);
    // The recovery left no trace in the trajectory: the same decisions and the same final weights.
    const decisions = (events: readonly SearchEvent[]) => events.flatMap((e) => (e.type === 'prune' ? [`${e.step}:${e.slots.join(',')}`] : []));
    expect(decisions(probed.events)).toEqual(decisions(plain.events));
    expect(probed.arrays).toEqual(plain.arrays);
  });

  it('are the configured number minus the steps the live set has already trained, so only candidates recorded right after a prune get them', async () => {
    const none = await run(config(0));
    const some = await run(config(8));
    expect(candidates(none.events).every((e) => e.recoverySteps === 0)).toBe(true);
    // The rule: 8 minus the steps since the live set last changed (the last prune before the record).
    let maskSince = 0;
    const expected: number[] = [];
    for (const e of some.events) {
      if (e.type === 'prune') maskSince = e.step;
      if (e.type === 'candidate') expected.push(Math.max(0, 8 - (e.step - maskSince)));
    }
    const got = candidates(some.events).map((e) => e.recoverySteps);
    expect(got).toEqual(expected);
    // Before a round, after a full period (5 steps) with its mask: 3; right after a prune (the final record): all 8.
    expect(got).toContain(3);
    expect(got).toContain(8);
    // Same trajectory, other estimates.
    expect(some.arrays).toEqual(none.arrays);
    expect(some.result.candidates.map((x) => x.id)).toEqual(none.result.candidates.map((x) => x.id));
  });
});
