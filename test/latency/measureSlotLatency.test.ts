import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { measureSlotLatency } from '../../src/latency/measureSlotLatency.js';
import { linearPenalty } from '../../src/resources/penaltyLinear.js';
import { slotCosts } from '../../src/resources/slotCosts.js';
import { searchSpace } from '../../src/space/buildSearchSpace.js';
import { operatorSlots } from '../../src/space/searchSpace.js';
import { runSearch } from '../../src/search/runSearch.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { syntheticDataset } from '../../src/data/synthetic.js';
import { splitDataset } from '../../src/data/split.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

const space = searchSpace({ layout: { channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 } });

describe('measureSlotLatency', () => {
  it.each(['inference', 'training'] as const)('times every slot once per distinct block in %s mode, without leaking tensors', async (mode) => {
    if (E.isLeft(space)) throw new Error(space.left.message);
    const before = tf.memory().numTensors;
    const table = await measureSlotLatency(tf, space.right, { batch: 2, mode, repeats: 3, warmup: 1 });
    expect(tf.memory().numTensors).toBe(before);
    if (E.isLeft(table)) throw new Error(table.left.message);
    const slots = operatorSlots(space.right);
    expect(table.right.ms).toHaveLength(slots.length);
    expect(table.right.backend).toBe('cpu');
    // Slots of one cell with the same operator and stride share a measurement.
    expect(table.right.measured).toBeLessThan(slots.length);
    slots.forEach((s) => {
      if (s.op === 'sep_conv_3x3') expect(table.right.ms[s.index]).toBeGreaterThan(0);
      expect(Number.isFinite(table.right.ms[s.index]!)).toBe(true);
    });
  });

  it('rejects a batch that is not a whole positive number', async () => {
    if (E.isLeft(space)) throw new Error(space.left.message);
    const r = await measureSlotLatency(tf, space.right, { batch: 0 });
    expect(E.isLeft(r) && r.left.path === 'batch').toBe(true);
  });
});

describe('linearPenalty with latency', () => {
  it('asks for a latency table when the spec weighs latency', () => {
    if (E.isLeft(space)) throw new Error(space.left.message);
    const r = linearPenalty(tf, slotCosts(space.right), { latency: 1 });
    expect(E.isLeft(r) && /measureSlotLatency/.test(r.left.message)).toBe(true);
  });

  it('drives a search whose penalty is measured latency', async () => {
    const config = decodeSearchConfig({ maxSteps: 10, penalty: { name: 'linear', flops: 0, latency: 1 } }, SEARCH_PRESETS['synthetic-tiny']);
    const ds = syntheticDataset({ size: 128, seed: 1, height: 8, width: 8, channels: 3, classes: 4 });
    if (E.isLeft(config) || E.isLeft(ds)) throw new Error('setup');
    const split = splitDataset(ds.right, { heldOut: 32, seed: 1 });
    if (E.isLeft(split)) throw new Error(split.left.message);
    const result = await runSearch(tf, config.right, split.right);
    expect(E.isRight(result)).toBe(true);
  });

  it('refuses latency with the log-shaped penalty', () => {
    const config = decodeSearchConfig({ penalty: { form: 'log', latency: 1 } }, SEARCH_PRESETS['synthetic-tiny']);
    expect(E.isLeft(config) && config.left.path === 'penalty.latency').toBe(true);
  });
});
