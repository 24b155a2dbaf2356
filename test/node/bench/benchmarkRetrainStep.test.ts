import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readyBackend } from '../../../src/backends/readyBackend.js';
import { cifarLayout } from '../../../src/space/layout.js';
import type { Architecture } from '../../../src/space/architecture.js';
import { benchmarkRetrainStep } from '../../../src/node/bench/benchmarkRetrainStep.js';
import { timeTrainingStep } from '../../../src/node/bench/timeTrainingStep.js';

const cell = (reduction: boolean) => ({ reduction, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 1, to: 2 }] });
const architecture: Architecture = { nodes: 1, cells: [cell(false), cell(true), cell(true)] };

describe('benchmarkRetrainStep', () => {
  it('times re-training steps with flat tensor counts and splits the profiled step between kernels and the rest', async () => {
    const ready = await readyBackend(tf, 'cpu');
    expect(ready._tag).toBe('Right');
    const r = await benchmarkRetrainStep(tf, { architecture, layout: cifarLayout({ channels: 4, cells: 3, nodes: 1, inputSize: 8 }), steps: 2, warmup: 1 });
    if (r._tag === 'Left') throw new Error(r.left.message);
    const x = r.right;
    expect(x.backend).toBe('cpu');
    expect(x.ms?.all).toHaveLength(2);
    expect(x.imagesPerSecond).toBeGreaterThan(0);
    expect(x.mmacs).toBeGreaterThan(0);
    expect(x.params).toBeGreaterThan(0);
    expect(x.numTensors?.after).toBe(x.numTensors?.before);
    expect(x.numTensors?.perStep.every((n) => n === x.numTensors?.before)).toBe(true);
    expect(x.profile?.kernelCalls).toBeGreaterThan(0);
    expect(x.outsideCpuShare).toBeGreaterThanOrEqual(0);
    expect(x.outsideCpuShare).toBeLessThanOrEqual(1);
    // Everything the bench allocated is gone.
    const before = tf.memory().numTensors;
    await benchmarkRetrainStep(tf, { architecture, layout: cifarLayout({ channels: 4, cells: 3, nodes: 1, inputSize: 8 }), steps: 1, warmup: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives up with skipped when a warm-up step is over the limit', async () => {
    const t = await timeTrainingStep(tf, () => new Promise((resolve) => setTimeout(resolve, 20)), { warmup: 2, steps: 1, maxStepSeconds: 0.001 });
    expect(t.skipped).toMatch(/over 0.001 s/);
    expect(t.warmupMs).toHaveLength(1);
    expect(t.ms).toBeUndefined();
  });
});
