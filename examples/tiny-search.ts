// A complete GOLD-NAS search through the library API, on seeded synthetic data and the cpu
// backend: seconds, not minutes (docs/quick-start.md). Nothing is written to disk; for run
// directories see run-directory.ts.
//
//   npm run build && npx tsc -p examples && node examples/dist/tiny-search.js
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { GoldNasException, SEARCH_PRESETS, decodeSearchConfig, readyBackend, runSearch, splitDataset, syntheticDataset } from 'gold-nas';
import type { GoldNasError } from 'gold-nas';

/** Scripts may throw: unwrap an Either, or throw its error (the message says what to fix). */
const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

orThrow(await readyBackend(tf, 'cpu'));

// The synthetic-tiny preset (3 cells of 2 nodes, C=4, 8x8x3 images, 4 classes) with a longer budget, on noisier data.
const config = orThrow(decodeSearchConfig({ maxSteps: 80 }, SEARCH_PRESETS['synthetic-tiny']));
const { layout } = config.space;
const data = orThrow(syntheticDataset({
  size: config.data.syntheticSize, seed: config.seed,
  height: layout.inputSize, width: layout.inputSize, channels: layout.inputChannels, classes: layout.classes, noise: 1,
}));
const { train, heldOut } = orThrow(splitDataset(data, { heldOut: config.data.heldOut, seed: config.seed }));

const started = Date.now();
const result = orThrow(await runSearch(tf, config, { train, heldOut }, {
  onEvent: (e) => {
    if (e.type === 'start') console.log(`start: ${e.slots} slots, ${e.liveOps} live, ${(e.liveFlops / 1e6).toFixed(3)} MFLOPs, a round every ${e.periodSteps} steps`);
    if (e.type === 'prune') console.log(`step ${e.step}: pruned ${e.ops.join(' ')} (${e.reason}) -> ${e.liveOps} live`);
    if (e.type === 'lambda') console.log(`step ${e.step}: λ ${e.from.toExponential(2)} -> ${e.to.toExponential(2)}`);
    if (e.type === 'candidate') console.log(`step ${e.step}: candidate ${e.id} ${(e.flops / 1e6).toFixed(3)} MFLOPs, shared-weight held-out (est.) ${(100 * e.sharedWeightAccuracy).toFixed(1)}%${e.onFront ? ' (front)' : ''}`);
    if (e.type === 'stop') console.log(`stop at step ${e.step}: ${e.reason}`);
  },
}));
console.log(`\n${result.front.length} of ${result.candidates.length} candidates on the front, hypervolume ${result.hypervolume.toFixed(4)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const p of result.front) console.log(`  ${p.id}  ${(p.flops / 1e6).toFixed(3)} MFLOPs  ${p.params} params  ${(100 * p.sharedWeightAccuracy).toFixed(1)}%`);
console.log(`tensors left: ${tf.memory().numTensors}`);
