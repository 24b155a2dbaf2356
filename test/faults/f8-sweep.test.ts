/**
 * Fault corpus, issue 16 finding 8 (sweep): the other public entry points of `gold-nas` and
 * `gold-nas/node` that return an `Either` give a `Left` naming the parameter for a missing or null
 * argument, never a `TypeError`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import * as lib from '../../src/index.js';
import { planRetrain, retrainInDirectory, searchInDirectory } from '../../src/node/index.js';
import { useFastCpu } from '../fastCpu.js';
import { orThrow, tinyArchitecture, tinyData, tinyLayout } from '../train/fixtures.js';

beforeAll(useFastCpu);

const none = undefined as never;
const nothing = null as never;
const ds = tinyData(64, 16).train;
const space = orThrow(lib.searchSpace({ layout: { channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 } }));

/** [entry point, the call, the parameter the error must name]. */
const CASES: [string, () => unknown, string][] = [
  ['decodeSearchConfig(json, null base)', () => lib.decodeSearchConfig({}, nothing), 'base'],
  ['decodeSearchConfig(json, base, null options)', () => lib.decodeSearchConfig({}, lib.SEARCH_DEFAULTS, nothing), 'options'],
  ['decodeRetrainConfig(json, null base)', () => lib.decodeRetrainConfig({}, nothing), 'base'],
  ['buildSupernet(tf, space) without options', () => lib.buildSupernet(tf, space, none), 'options'],
  ['buildSupernet(tf, null)', () => lib.buildSupernet(tf, nothing, { seed: 1 }), 'space'],
  ['buildNetwork(tf) without options', () => lib.buildNetwork(tf, none), 'options'],
  ['datasetFromArrays(undefined)', () => lib.datasetFromArrays(none), 'arrays'],
  ['syntheticDataset(undefined)', () => lib.syntheticDataset(none), 'options'],
  ['splitDataset(undefined, options)', () => lib.splitDataset(none, { heldOut: 0.25, seed: 1 }), 'ds'],
  ['splitDataset(ds) without options', () => lib.splitDataset(ds, none), 'options'],
  ['batchIterator(ds) without options', () => lib.batchIterator(ds, none), 'options'],
  ['channelStats(null)', () => lib.channelStats(nothing), 'ds'],
  ['datasetFromTfData(source) without options', () => lib.datasetFromTfData({} as never, none), 'options'],
  ['decodeNetworkWeights(undefined)', () => lib.decodeNetworkWeights(none), 'bytes'],
  ['checkArchitecture(arch) without a space', () => lib.checkArchitecture(tinyArchitecture, none), 'space'],
  ['checkArchitecture(null, space)', () => lib.checkArchitecture(nothing, space), 'arch'],
  ['parseGenotype(undefined)', () => lib.parseGenotype(none), 'text'],
  ['parseTriples(null)', () => lib.parseTriples(nothing), 'text'],
  ['parseArchitectureText(undefined, layout)', () => lib.parseArchitectureText(none, tinyLayout), 'text'],
  ['genotypeToArchitecture(undefined, layout)', () => lib.genotypeToArchitecture(none, tinyLayout), 'genotype'],
  ['transferArchitecture(arch) without a layout', () => lib.transferArchitecture(tinyArchitecture, none), 'to'],
  ['networkCost(arch) without a layout', () => lib.networkCost(tinyArchitecture, none), 'layout'],
  ['networkWeightsFromCheckpoint(undefined, …)', () => lib.networkWeightsFromCheckpoint(none, tinyArchitecture, tinyLayout), 'contents'],
  ['loadNetwork(tf, undefined)', () => lib.loadNetwork(tf, none), 'weights'],
  ['exportModel(undefined)', () => lib.exportModel(none), 'weights'],
  ['measureSlotLatency(tf, undefined)', () => lib.measureSlotLatency(tf, none), 'space'],
  ['evaluateAccuracy(tf, f, undefined)', () => lib.evaluateAccuracy(tf, (x) => x, none), 'batches'],
  ['runSearch(tf, config) without data', () => lib.runSearch(tf, lib.SEARCH_PRESETS['synthetic-tiny'], none), 'data'],
  ['runSearch(tf, config, data, null hooks)', () => lib.runSearch(tf, lib.SEARCH_PRESETS['synthetic-tiny'], { train: ds, heldOut: ds }, nothing), 'hooks'],
  ['runRetrain(tf, config, arch) without a layout', () => lib.runRetrain(tf, lib.RETRAIN_PRESETS['synthetic-tiny'], tinyArchitecture, none, tinyData()), 'layout'],
  ['runRetrain(…) without data', () => lib.runRetrain(tf, lib.RETRAIN_PRESETS['synthetic-tiny'], tinyArchitecture, tinyLayout, none), 'data'],
  ['runSearch(tf, config, { train: undefined })', () => lib.runSearch(tf, lib.SEARCH_PRESETS['synthetic-tiny'], { train: none, heldOut: ds }), 'data.train'],
  ['searchInDirectory(null)', () => searchInDirectory(nothing), 'options'],
  ['searchInDirectory without tf', () => searchInDirectory({ dir: 'runs/never-written' } as never), 'tf'],
  ['retrainInDirectory with an empty dir', () => retrainInDirectory({ tf, dir: '' } as never), 'dir'],
  ['planRetrain(undefined)', () => planRetrain(none), 'options'],
];

describe('finding 8 sweep: missing and null arguments are a Left naming the parameter', () => {
  it.each(CASES)('%s', async (_name, call, path) => {
    const r = (await call()) as E.Either<lib.GoldNasError, unknown>;
    expect(E.isLeft(r) ? r.left.path : 'Right').toBe(path);
  });
});
