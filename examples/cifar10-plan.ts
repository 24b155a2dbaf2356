// What a search with the paper's CIFAR-10 settings will do, before running it: validates
// examples/cifar10-config.json, checks the data folder, and prints the space, the costs, FLOPs_min
// in both units, the steps per epoch and the arithmetic of one step (docs/cifar10.md).
//
//   npm run build && npx tsc -p examples && node examples/dist/cifar10-plan.js [cifar-10-batches-bin folder]
// then run the search itself with:
//   npx gold-nas search --preset cifar10 --config examples/cifar10-config.json --backend tensorflow
import { readFileSync, statSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import {
  CIFAR10_FILES, CIFAR10_SOURCE, GoldNasException, RETRAIN_PRESETS, SEARCH_PRESETS, countArchitectures, decodeGoldPruningConfig,
  decodeSearchConfig, fixedCost, fullLiveMask, liveCost, operatorSlots, searchSpace, slotCosts,
} from 'gold-nas';
import type { GoldNasError } from 'gold-nas';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

const file = new URL('../cifar10-config.json', import.meta.url);
const json = JSON.parse(readFileSync(file, 'utf8')) as { data?: Record<string, unknown> };
if (process.argv[2] !== undefined) json.data = { ...json.data, path: process.argv[2] };
const config = orThrow(decodeSearchConfig(json, SEARCH_PRESETS.cifar10));
const { name: _scheduler, ...schedulerOptions } = config.pruning.scheduler;
const pruning = orThrow(decodeGoldPruningConfig(schedulerOptions, 'pruning.scheduler'));
const space = orThrow(searchSpace(config.space));
const { layout } = space;

const slots = operatorSlots(space);
const search = liveCost(space, fullLiveMask(slots), slotCosts(space)); // what FLOPs_min is compared with
const evaluation = liveCost(space, fullLiveMask(slots), slotCosts(space, { affine: true, search: false }));
const fixed = fixedCost(space);
const m = (flops: number): string => `${(flops / 1e6).toFixed(1)}M multiply-adds`; // the paper's FLOPs
console.log(`space: ${config.space.mode}, ${layout.cells} cells, C=${layout.channels}, ${config.space.operators.join(' + ')}: ` +
  `${slots.length} operator slots, 10^${countArchitectures(space).log10.toFixed(1)} architectures`);
console.log(`full super-network: ${m(search.flops)}, ${(evaluation.params / 1e6).toFixed(2)}M params as an evaluation network`);
console.log(`fixed part (stem, preprocess, classifier): ${m(fixed.flops)}`);
console.log(`FLOPs_min: ${m(pruning.flopsMin)}; the search stops once the live network is cheaper`);

const trainExamples = 50_000 - config.data.heldOut; // heldOut 0: [R] searches on every training image
const stepsPerEpoch = Math.floor(trainExamples / config.batchSize);
const period = config.pruning.periodSteps > 0 ? config.pruning.periodSteps : stepsPerEpoch;
const stepGmacs = (3 * search.flops * config.batchSize) / 1e9; // forward + backward ≈ 3 forward passes
console.log(`training split: ${trainExamples} images, ${stepsPerEpoch} steps of ${config.batchSize} per epoch, a pruning round every ${period} steps`);
console.log(`one step of the full super-network: about ${stepGmacs.toFixed(0)} billion multiply-adds (3 x forward x batch); budget ${config.maxSteps} steps`);
console.log(`re-training afterwards: the ${RETRAIN_PRESETS.darts.epochs}-epoch DARTS recipe (gold-nas retrain <run-dir>)`);

const folder = config.data.path ?? '.';
const sizeOf = (name: string): number | undefined => {
  try {
    return statSync(`${folder}/${name}`).size;
  } catch {
    return undefined;
  }
};
const missing = [...CIFAR10_FILES.train, ...CIFAR10_FILES.test].filter((f) => sizeOf(f) !== 30_730_000);
console.log(missing.length === 0
  ? `data: all six files found in ${folder}`
  : `data: ${missing.join(', ')} missing or of the wrong size in ${folder}; get ${CIFAR10_SOURCE}`);
