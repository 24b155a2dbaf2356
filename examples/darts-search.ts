// DARTS through the library API (docs/darts.md): the darts-mnist preset's algorithm (bilevel, Adam
// for α, the argmax genotype when the budget runs out) on a tiny DARTS space and seeded synthetic
// data, first and second order; then the genotype moved to a larger layout for re-training, as DARTS
// moves its 8-cell C=16 result to 20 cells with C=36. Under a minute on the cpu backend.
//
//   npm run build && npx tsc -p examples && node examples/dist/darts-search.js
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  DARTS_PRIMITIVES, GoldNasException, SEARCH_PRESETS, architectureToGenotype, cifarLayout, decodeSearchConfig, formatGenotype, networkCost,
  readyBackend, runSearch, searchMethod, splitDataset, syntheticDataset, transferArchitecture,
} from 'gold-nas';
import type { GoldNasError } from 'gold-nas';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

orThrow(await readyBackend(tf, 'cpu'));

const layout = { kind: 'cifar', channels: 4, cells: 3, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 } as const;
const data = orThrow(syntheticDataset({ size: 256, height: 8, width: 8, channels: 3, classes: 4, seed: 1, noise: 1 }));
const { train, heldOut } = orThrow(splitDataset(data, { heldOut: 64, seed: 1 }));

for (const order of [1, 2]) {
  const config = orThrow(decodeSearchConfig({
    space: { mode: 'darts', layout, operators: DARTS_PRIMITIVES },
    data: { source: 'synthetic', heldOut: 64, syntheticSize: 256, cropPadding: 0 },
    update: { order }, batchSize: 16, maxSteps: 8, pruning: { periodSteps: 4 },
    evaluator: { name: 'held-out', recoverySteps: 4 }, evaluation: { batchSize: 64, maxExamples: 0 },
  }, SEARCH_PRESETS['darts-mnist']));
  const started = Date.now();
  const result = orThrow(await runSearch(tf, config, { train, heldOut }, {
    onEvent: (e) => {
      if (e.type === 'candidate') console.log(`  step ${e.step}: genotype ${e.id}, shared-weight held-out accuracy ${(100 * e.sharedWeightAccuracy).toFixed(1)}% (an estimate, after ${e.recoverySteps} recovery steps)`);
    },
  }));
  const genotype = orThrow(architectureToGenotype(result.final.architecture, config.space.layout));
  console.log(`${searchMethod(config)}: ${result.stopReason} after ${result.steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  ${formatGenotype(genotype)}`);
  // The same cells on 8 cells with C=8, as `gold-nas retrain <run> --channels 8 --cells 8` re-trains them.
  const larger = cifarLayout({ ...layout, channels: 8, cells: 8 });
  const moved = orThrow(transferArchitecture(result.final.architecture, larger));
  const cost = orThrow(networkCost(moved, larger));
  console.log(`  on ${larger.cells} cells, C=${larger.channels}: ${cost.params.toLocaleString('en-US')} parameters, ${(cost.macs / 1e6).toFixed(2)}M multiply-adds`);
}
console.log(`tensors left: ${tf.memory().numTensors}`);
