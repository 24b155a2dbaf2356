/**
 * Fault corpus, issue 16 finding 8: the library's entry points used as a hostile or careless
 * caller would (missing and null arguments, throwing hooks, hand-made data, out-of-range run files,
 * altered checkpoints, incomplete Pareto points). Each case is a `Left` with a path, or an
 * exception that leaves no tensor behind; none is a `TypeError`.
 */
import { readdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  OPERATORS, RETRAIN_PRESETS, SEARCH_DEFAULTS, SEARCH_OBJECTIVES, buildSupernet, decodeCheckpoint, decodeParetoFile, decodeSearchConfig,
  addCandidate, encodeCheckpoint, hypervolume, paretoFront, paretoTracker, trackerFront, runRetrain, runSearch, searchSpace, SEARCH_PRESETS,
} from '../../src/index.js';
import type { Dataset, GoldNasError, OperatorContext, RetrainData, SearchConfig, SearchData } from '../../src/index.js';
import { searchInDirectory } from '../../src/node/index.js';
import { useFastCpu } from '../fastCpu.js';
import { orThrow, tinyArchitecture, tinyData as tinyRetrainData, tinyLayout } from '../train/fixtures.js';

beforeAll(useFastCpu);

/** The error of a `Left`; fails the test on a `Right`. */
function leftOf<A>(e: E.Either<GoldNasError, A>): GoldNasError {
  if (E.isRight(e)) throw new Error('expected a Left, got a Right');
  return e.left;
}

const none = undefined as never;
const nothing = null as never;

function tinySearchConfig(overrides: object = {}): SearchConfig {
  return orThrow(decodeSearchConfig({
    seed: 3,
    space: { layout: { channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 }, operators: ['skip_connect', 'sep_conv_3x3'] },
    batchSize: 16,
    maxSteps: 10,
    pruning: { periodSteps: 5, options: { lambda0: 0.05, record: 'every-change' } },
    evaluation: { batchSize: 32 },
    checkpointEvery: 5,
    logEvery: 1,
    ...overrides,
  }, SEARCH_DEFAULTS));
}

function tinySearchData(): SearchData {
  const d = tinyRetrainData(128, 32);
  return { train: d.train, heldOut: d.test };
}

describe('finding 8: missing and null arguments are a Left, not a TypeError', () => {
  it('searchSpace(null)', () => {
    expect(leftOf(searchSpace(nothing)).path).toBe('options');
  });

  it('runSearch with no config', async () => {
    expect(leftOf(await runSearch(tf, none, tinySearchData())).path).toBe('config');
  });

  it('decodeCheckpoint(undefined)', () => {
    const e = leftOf(decodeCheckpoint(none, { kind: 'search' }));
    expect([e._tag, e.path]).toEqual(['CheckpointError', 'bytes']);
  });

  it('paretoFront(undefined)', () => {
    expect(leftOf(paretoFront(none, SEARCH_OBJECTIVES)).path).toBe('points');
  });

  it('hypervolume without a reference', () => {
    const points = [{ id: 'a', values: { flops: 0.5, params: 0.5, accuracy: 0.5 } }];
    expect(leftOf(hypervolume(points, SEARCH_OBJECTIVES, none)).path).toBe('reference');
    expect(leftOf(hypervolume(points, SEARCH_OBJECTIVES, { flops: 1, params: 1 } as never)).path).toBe('reference.accuracy');
  });

  it('runRetrain without an architecture', async () => {
    const r = await runRetrain(tf, RETRAIN_PRESETS['synthetic-tiny'], none, tinyLayout, tinyRetrainData());
    expect(leftOf(r).path).toBe('architecture');
  });

  it('searchInDirectory with an empty dir', async () => {
    const before = await readdir('.');
    const r = await searchInDirectory({ tf, dir: '', config: SEARCH_PRESETS['synthetic-tiny'] });
    expect(leftOf(r).path).toBe('dir');
    expect(await readdir('.')).toEqual(before);
  });
});

/** Hooks that throw at one event: `checkpoint` and `shouldStop` themselves, or one callback. */
function throwingHooks(hook: string): object {
  const boom = (): never => {
    throw new Error(`boom in ${hook}`);
  };
  let polls = 0;
  return hook === 'checkpoint' ? { checkpoint: boom }
    : hook === 'shouldStop' ? { shouldStop: () => (++polls > 1 ? boom() : false) }
    : { callbacks: [{ [hook]: boom }], checkpoint: () => undefined };
}

/** Each loop with the hooks it takes; the exception reaches the caller, and no tensor stays behind. */
const LOOPS = {
  runSearch: {
    hooks: ['onStep', 'onRound', 'onCandidate', 'onCheckpoint', 'checkpoint', 'shouldStop'],
    run: (hooks: object) => runSearch(tf, tinySearchConfig(), tinySearchData(), hooks),
  },
  runRetrain: {
    hooks: ['onStep', 'onEpoch', 'onCheckpoint', 'checkpoint', 'shouldStop'],
    run: (hooks: object) => runRetrain(tf, { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 1, logEvery: 1 }, tinyArchitecture, tinyLayout, tinyRetrainData(64, 32), hooks),
  },
} as const;

describe('finding 8: a hook that throws leaks no tensor', () => {
  const cases = Object.entries(LOOPS).flatMap(([loop, { hooks }]) => hooks.map((hook) => [loop as keyof typeof LOOPS, hook] as const));
  it.each(cases)('%s, %s throws', async (loop, hook) => {
    const before = tf.memory().numTensors;
    await expect(LOOPS[loop].run(throwingHooks(hook))).rejects.toThrow(`boom in ${hook}`);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('finding 8: buildSupernet leaks nothing when an operator throws', () => {
  it('an operator whose layers function throws is a ConfigError, with every block freed', () => {
    const space = orThrow(searchSpace({ layout: { channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 } }));
    let calls = 0;
    // Fine while searchSpace checks it, throwing once the super-network is built (a stateful custom operator).
    const table = { ...OPERATORS, sep_conv_3x3: { ...OPERATORS.sep_conv_3x3!, layers: (ctx: OperatorContext) => (++calls > 3 ? (() => { throw new Error('boom'); })() : OPERATORS.sep_conv_3x3!.layers(ctx)) } };
    const before = tf.memory().numTensors;
    const e = leftOf(buildSupernet(tf, { ...space, table }, { seed: 1 }));
    expect([e._tag, e.path]).toEqual(['ConfigError', 'table.sep_conv_3x3']);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Ways a dataset built by hand can be wrong, each with the path of its error. */
function badDatasets(good: Dataset): [string, Dataset, string][] {
  const x = good.x.slice();
  x[7] = Number.NaN;
  const y = good.y.slice();
  return [
    ['a label out of range', { ...good, y: Object.assign(y, { 3: 9 }) }, 'y.3'],
    ['a label that is not an integer', { ...good, y: Array.from(good.y, (v, i) => (i === 2 ? 0.5 : v)) as never }, 'y'],
    ['fewer labels than examples', { ...good, y: good.y.subarray(1) }, 'y'],
    ['fewer images than examples', { ...good, x: good.x.subarray(good.x.length / good.size) }, 'x'],
    ['images of another shape than the one declared (1 channel, not 3)', { ...good, x: good.x.subarray(0, good.x.length / 3) }, 'x'],
    ['a pixel value that is not finite', { ...good, x }, 'x.7'],
  ];
}

describe('finding 8: runSearch and runRetrain check data not built by datasetFromArrays', () => {
  it.each(badDatasets(tinySearchData().train).map(([what, , at], i) => [what, i, at] as const))('runSearch: %s', async (_what, i, at) => {
    const data = tinySearchData();
    const [, train] = badDatasets(data.train)[i]!;
    const e = leftOf(await runSearch(tf, tinySearchConfig(), { ...data, train }));
    expect(e.path.startsWith(`data.train.${at}`)).toBe(true);
  });

  it.each(badDatasets(tinyRetrainData().train).map(([what, , at], i) => [what, i, at] as const))('runRetrain: %s', async (_what, i, at) => {
    const data: RetrainData = tinyRetrainData();
    const [, train] = badDatasets(data.train)[i]!;
    const e = leftOf(await runRetrain(tf, RETRAIN_PRESETS['synthetic-tiny'], tinyArchitecture, tinyLayout, { ...data, train }));
    expect(e.path.startsWith(`data.train.${at}`)).toBe(true);
  });
});

describe('finding 8: pareto.json values out of range are refused', () => {
  const candidate = { id: '0123456789abcdef', step: 5, architecture: tinyArchitecture, flops: 1e6, params: 1e4, liveOps: 8, onFront: true, sharedWeightAccuracy: 0.5 };

  it('an accuracy of 7.5', () => {
    expect(E.isRight(decodeParetoFile({ hypervolume: 0.1, flopsUnit: 'multiply-adds', candidates: [candidate] }))).toBe(true);
    const e = leftOf(decodeParetoFile({ hypervolume: 0.1, flopsUnit: 'multiply-adds', candidates: [{ ...candidate, sharedWeightAccuracy: 7.5 }] }));
    expect(e.path).toBe('candidates.0.sharedWeightAccuracy');
  });

  it('negative FLOPs', () => {
    const e = leftOf(decodeParetoFile({ hypervolume: 0.1, flopsUnit: 'multiply-adds', candidates: [{ ...candidate, flops: -1 }] }));
    expect(e.path).toBe('candidates.0.flops');
    expect(E.isLeft(decodeParetoFile({ hypervolume: 0.1, flopsUnit: 'multiply-adds', candidates: [{ ...candidate, params: -3 }] }))).toBe(true);
  });
});

describe('finding 8: decodeCheckpoint and paretoFront on altered input', () => {
  it('decodeCheckpoint refuses an array whose offset runs past the data', () => {
    const bytes = encodeCheckpoint({ kind: 'search', fingerprint: 'f', state: {}, arrays: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }] });
    // Move the array's offset past the data, keeping the header's length, and recompute the checksum.
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"offset":0');
    const altered = bytes.slice();
    altered.set(new TextEncoder().encode('"offset":9'), at);
    const view = new DataView(altered.buffer);
    let h = 0x811c9dc5;
    for (let i = 0; i < altered.length - 4; i++) h = Math.imul(h ^ altered[i]!, 0x01000193);
    view.setUint32(altered.length - 4, h >>> 0, true);
    const e = leftOf(decodeCheckpoint(altered, { kind: 'search' }));
    expect([e._tag, e.path]).toEqual(['CheckpointError', 'arrays.0']);
  });

  it('paretoFront: a point missing an objective does not dominate', () => {
    const objectives = [{ name: 'flops', direction: 'min' }, { name: 'accuracy', direction: 'max' }] as const;
    const good = { id: 'good', values: { flops: 10, accuracy: 0.9 } };
    const partial = { id: 'partial', values: { flops: 1 } as never };
    expect(leftOf(paretoFront([good, partial], objectives)).path).toBe('points.1.values.accuracy');
    // A tracker takes its points as they come: the incomplete one is left out of the front and dominates nothing.
    const tracker = addCandidate(addCandidate(paretoTracker<'flops' | 'accuracy'>(objectives), good), partial);
    expect(trackerFront(tracker).map((p) => p.id)).toEqual(['good']);
  });
});
