// A search with parts of one's own (custom-parts.ts: a pruning rule, an objective, an evaluator),
// on seeded synthetic data and the cpu backend, in seconds:
//   1. the parts given as values, in a strategy;
//   2. the same search checkpointed, stopped, and resumed from the checkpoint: the same decisions;
//   3. the same parts named in a JSON configuration, reached through an extended registry.
//
//   npm run build && npx tsc -p examples && node examples/dist/custom-strategy.js
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  ACCURACY_OBJECTIVE, DEFAULT_SEARCH_REGISTRY, FLOPS_OBJECTIVE, GoldNasException, SEARCH_PRESETS, decodeCheckpoint, decodeSearchConfig,
  encodeCheckpoint, extendRegistry, readyBackend, runSearch, schedulerPart, splitDataset, strategyFromConfig, syntheticDataset,
} from 'gold-nas';
import type { GoldNasError, SearchConfig, SearchEvent, SearchHooks, SearchResult, SearchStrategy } from 'gold-nas';
import { heldOutLoss, registry, sepConvs, weakestK } from './custom-parts.js';

/** Scripts may throw: unwrap an Either, or throw its error (the message says what to fix). */
const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

orThrow(await readyBackend(tf, 'cpu'));

const config = orThrow(decodeSearchConfig({ maxSteps: 40, checkpointEvery: 10 }, SEARCH_PRESETS['synthetic-tiny']));
const { layout } = config.space;
const images = orThrow(syntheticDataset({
  size: config.data.syntheticSize, seed: config.seed,
  height: layout.inputSize, width: layout.inputSize, channels: layout.inputChannels, classes: layout.classes, noise: 1,
}));
const data = orThrow(splitDataset(images, { heldOut: config.data.heldOut, seed: config.seed }));

/** A search's events and result. */
async function search(c: SearchConfig, hooks: SearchHooks): Promise<{ result: SearchResult; events: SearchEvent[] }> {
  const events: SearchEvent[] = [];
  const result = orThrow(await runSearch(tf, c, data, { ...hooks, onEvent: (e) => events.push(e) }));
  return { result, events };
}

/** What a run decided: which slots it pruned at which step. */
const decisions = (events: readonly SearchEvent[]): string[] => events.flatMap((e) => (e.type === 'prune' ? [`${e.step}: ${e.slots.join(',')}`] : []));

// 1. The preset's parts, with three of our own.
const strategy: SearchStrategy = {
  ...orThrow(strategyFromConfig(config)),
  scheduler: schedulerPart(weakestK, { k: 2, lambda: 0.01, flopsMin: 0 }),
  objectives: [FLOPS_OBJECTIVE, sepConvs, ACCURACY_OBJECTIVE],
  evaluator: heldOutLoss,
};
const straight = await search(config, { strategy });
console.log(`1. weakest-k: ${straight.result.stopReason} after ${straight.result.steps} steps; ${decisions(straight.events).length} pruning decisions; ` +
  `${straight.result.front.length} of ${straight.result.candidates.length} candidates on the front (FLOPs ↓, sepConvs ↓, accuracy ↑):`);
for (const c of straight.result.front) {
  console.log(`   ${c.id}  ${(c.flops / 1e6).toFixed(3)}M mult-adds  ${c.values?.sepConvs} sep convs  shared-weight held-out ${(100 * c.sharedWeightAccuracy).toFixed(1)}% (an estimate)`);
}

// 2. Checkpoints kept in memory; stop at the first step event from step 20 on, then resume from the last checkpoint.
let saved: Uint8Array | undefined;
let step = 0;
const first = await search(config, {
  strategy,
  checkpoint: (contents) => {
    saved = encodeCheckpoint(contents);
  },
  callbacks: [{ onStep: (e) => { step = e.step; } }],
  shouldStop: () => step >= 20,
});
assert.equal(first.result.stopReason, 'interrupted');
assert.ok(saved !== undefined, 'the interrupted search handed over a checkpoint');
const resume = orThrow(decodeCheckpoint(saved, { kind: 'search' }));
const second = await search(config, { strategy, resume });
assert.deepEqual([...decisions(first.events), ...decisions(second.events)], decisions(straight.events));
assert.deepEqual(second.result.front.map((c) => c.id), straight.result.front.map((c) => c.id));
console.log(`2. stopped at step ${first.result.steps}, resumed from its checkpoint to the same ${decisions(straight.events).length} decisions and the same front`);

// 3. The same parts named in a JSON configuration, through a registry that knows them.
const extended = extendRegistry(DEFAULT_SEARCH_REGISTRY, registry);
const json: unknown = JSON.parse(`{
  "maxSteps": 40,
  "pruning": { "scheduler": { "name": "weakest-k", "k": 2, "lambda": 0.01 } },
  "objectives": ["flops", "sepConvs", "accuracy"],
  "evaluator": { "name": "held-out-loss" }
}`);
const fromJson = orThrow(decodeSearchConfig(json, SEARCH_PRESETS['synthetic-tiny'], { registry: extended }));
const named = await search(fromJson, { registry: extended });
assert.deepEqual(decisions(named.events), decisions(straight.events));
assert.deepEqual(named.result.front.map((c) => c.id), straight.result.front.map((c) => c.id));
console.log('3. the JSON configuration naming weakest-k, sepConvs and held-out-loss made the same decisions and front');
const typo = decodeSearchConfig({ pruning: { scheduler: { name: 'weakest-k', k: 0 } } }, SEARCH_PRESETS['synthetic-tiny'], { registry: extended });
console.log(`   a bad option is an error with its path: ${E.isLeft(typo) ? `${typo.left.path}: ${typo.left.message}` : 'accepted?!'}`);
assert.ok(E.isLeft(typo) && typo.left.path === 'pruning.scheduler.k');
console.log(`tensors left: ${tf.memory().numTensors}`);
