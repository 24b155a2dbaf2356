import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { RETRAIN_PRESETS, buildNetwork, decodeCheckpoint, encodeCheckpoint, runRetrain } from '../../src/index.js';
import type { CheckpointContents, RetrainConfig, RetrainEvent } from '../../src/index.js';
import { orThrow, tinyArchitecture, tinyData, tinyLayout } from './fixtures.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

const config: RetrainConfig = { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 4, logEvery: 1, labelSmoothing: 0.1, dropPath: 0.2 };

/** Round-trips a checkpoint through its byte format, as a file would. */
function viaBytes(c: CheckpointContents): CheckpointContents {
  return orThrow(decodeCheckpoint(encodeCheckpoint(c), { kind: 'retrain', fingerprint: c.fingerprint }));
}

describe('runRetrain', () => {
  it('learns a tiny architecture on synthetic data well above chance, with no tensor leak across steps', async () => {
    const events: RetrainEvent[] = [];
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const result = orThrow(await runRetrain(tf, config, tinyArchitecture, tinyLayout, tinyData(), {
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'step') counts.push(tf.memory().numTensors);
      },
    }));
    expect(tf.memory().numTensors).toBe(before);
    // Within an epoch the count is the same after every step (the epoch sums are two scalars).
    const perEpoch = counts.filter((_, i) => i % 12 !== 0);
    expect(new Set(perEpoch).size).toBe(1);
    expect(result.stopReason).toBe('done');
    expect(result.epochs).toBe(4);
    expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(result.steps).toBe(4 * 12);
    expect(result.top1).toBeGreaterThan(0.6); // 4 classes: chance is 0.25
    expect(result.top5).toBe(1); // top-k with k = min(5, 4 classes)
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.history.map((h) => h.dropPath)).toEqual([0, 0.05, 0.1, 0.15].map((p) => expect.closeTo(p, 12)));
    expect(result.history[0]!.lr).toBeCloseTo(0.05, 12);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('stop');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(4);
  });

  it('resumes an interrupted re-training to the same losses, accuracies and weights as an uninterrupted one', async () => {
    const data = tinyData(160); // 6 steps per epoch
    let straightFinal: CheckpointContents | null = null;
    const straight = orThrow(await runRetrain(tf, config, tinyArchitecture, tinyLayout, data, { checkpoint: (c) => { straightFinal = viaBytes(c); } }));

    let saved: CheckpointContents | null = null;
    let steps = 0;
    const first = orThrow(await runRetrain(tf, config, tinyArchitecture, tinyLayout, data, {
      onEvent: (e) => { if (e.type === 'step') steps = e.step; },
      shouldStop: () => steps >= 9, // mid-way through epoch 1
      checkpoint: (c) => { saved = viaBytes(c); },
    }));
    expect(first.stopReason).toBe('interrupted');
    expect(first.steps).toBe(9);
    let resumedFinal: CheckpointContents | null = null;
    const resumed = orThrow(await runRetrain(tf, config, tinyArchitecture, tinyLayout, data, {
      resume: saved!, checkpoint: (c) => { resumedFinal = viaBytes(c); },
    }));
    expect(resumed.stopReason).toBe('done');
    const figures = (h: typeof straight.history) => h.map(({ epoch, step, loss, trainAccuracy, lr, dropPath, testTop1, testTop5 }) => ({ epoch, step, loss, trainAccuracy, lr, dropPath, testTop1, testTop5 }));
    expect(figures(resumed.history)).toEqual(figures(straight.history));
    const a = straightFinal!.arrays;
    const b = resumedFinal!.arrays;
    expect(b.map((x) => x.name)).toEqual(a.map((x) => x.name));
    a.forEach((x, i) => expect(Array.from(b[i]!.values)).toEqual(Array.from(x.values)));
    expect(a.some((x) => x.name.startsWith('b/') && x.name.endsWith('running_mean'))).toBe(true);
    expect(a.some((x) => x.name.startsWith('m/'))).toBe(true);
  });

  it('returns a finished re-training from its done checkpoint without training again', async () => {
    let final: CheckpointContents | null = null;
    const done = orThrow(await runRetrain(tf, { ...config, epochs: 1 }, tinyArchitecture, tinyLayout, tinyData(), { checkpoint: (c) => { final = viaBytes(c); } }));
    const events: RetrainEvent[] = [];
    const again = orThrow(await runRetrain(tf, { ...config, epochs: 1 }, tinyArchitecture, tinyLayout, tinyData(), { resume: final!, onEvent: (e) => events.push(e) }));
    expect(again.history).toEqual(done.history);
    expect(again.steps).toBe(done.steps);
    expect(events.map((e) => e.type)).toEqual(['start', 'stop']);
  });

  let saved: CheckpointContents | null = null;
  const oneEpochCheckpoint = async (): Promise<CheckpointContents> => {
    let c: CheckpointContents | null = null;
    await runRetrain(tf, { ...config, epochs: 1 }, tinyArchitecture, tinyLayout, tinyData(), { checkpoint: (x) => { c = x; } });
    return c!;
  };
  it.each<[string, (c: CheckpointContents) => CheckpointContents, RegExp]>([
    ['another configuration', (c) => ({ ...c, fingerprint: '0000000000000000' }), /different re-training/],
    ['another kind', (c) => ({ ...c, kind: 'search' }), /not a re-training checkpoint/],
    ['a missing weight', (c) => ({ ...c, arrays: c.arrays.slice(1) }), /has no array 'w\//],
  ])('refuses a checkpoint of %s', async (_name, damage, message) => {
    saved ??= await oneEpochCheckpoint();
    const before = tf.memory().numTensors;
    const r = await runRetrain(tf, { ...config, epochs: 1 }, tinyArchitecture, tinyLayout, tinyData(), { resume: damage(saved) });
    expect(E.isLeft(r) && r.left._tag).toBe('CheckpointError');
    expect(E.isLeft(r) && r.left.message).toMatch(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains with the auxiliary head where it fits, and reports the evaluation network without it', async () => {
    const layout = { ...tinyLayout, inputSize: 32 };
    const data = tinyData(48, 16, 32);
    const r = orThrow(await runRetrain(tf, { ...config, epochs: 1, auxiliaryWeight: 0.4 }, tinyArchitecture, layout, data));
    expect(r.auxiliary).toBe(true);
    const noAux = orThrow(buildNetwork(tf, { architecture: tinyArchitecture, layout, seed: 0 }));
    expect(r.params).toBe(noAux.trainableParamCount());
    noAux.dispose();
  });

  it('rejects data that does not fit the layout before building anything', async () => {
    const before = tf.memory().numTensors;
    const r = await runRetrain(tf, config, tinyArchitecture, { ...tinyLayout, classes: 10 }, tinyData());
    expect(E.isLeft(r) && r.left._tag).toBe('ShapeError');
    expect(tf.memory().numTensors).toBe(before);
  });
});
