import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { strategyFromConfig } from '../../src/search/strategyFromConfig.js';
import { fullLiveMask, linearPenalty, operatorSlots, searchSpace, slotCosts } from '../../src/index.js';
import { formatError, goldNasError } from '../../src/errors.js';

// [R]'s penalty: Σ log(1 + n·w)·(r + μ·F) over operators with w > ξ_min, with its defaults
// r = 1, μ = 0, ξ_min = 0.01 (cifar_search/train_search.py lines 42, 47, 48).
const PAPER_PENALTY = { name: 'log', r: 1, mu: 0, xiMin: 0.01 };

describe('search presets', () => {
  it.each(['mnist-quick', 'cifar10'] as const)("%s uses the paper's penalty as [R] has it (log, r = 1, μ = 0, ξ_min = 0.01)", (name) => {
    expect(SEARCH_PRESETS[name].penalty).toEqual(PAPER_PENALTY);
  });

  it("cifar10 takes [R]'s value of every switch: batch-norm skips, non-affine cells, AutoAugment, all 50,000 images, FLOPs_min 240M multiply-adds", () => {
    const c = SEARCH_PRESETS.cifar10;
    expect(c.space).toMatchObject({ skipConnect: 'batch-norm', cellBatchNorm: 'none', layout: { channels: 36, cells: 14 } });
    expect(c.data).toMatchObject({ heldOut: 0, autoAugment: 'cifar10', cropPadding: 4, flip: true, cutoutLength: 16 });
    expect(c.pruning.scheduler).toMatchObject({ name: 'gold', flopsMin: 240e6 });
    expect(c).toMatchObject({ batchSize: 96, auxiliaryWeight: 0.4, evaluation: { batchSize: 100 } });
  });

  it("gives the quick start's stride-1 skips a penalty gradient (the old linear FLOPs penalty gave them none)", async () => {
    const space = searchSpace(SEARCH_PRESETS['mnist-quick'].space);
    if (E.isLeft(space)) throw new Error(formatError(space.left));
    const strategy = strategyFromConfig(SEARCH_PRESETS['mnist-quick']);
    if (E.isLeft(strategy)) throw new Error(formatError(strategy.left));
    const slots = operatorSlots(space.right);
    const costs = slotCosts(space.right);
    const live = fullLiveMask(slots);
    const penalty = await strategy.right.penalty.create({
      tf, space: space.right, slots, costs, live, slotLatency: async () => E.left(goldNasError('ConfigError', 'latency', 'not measured here')),
    });
    if (E.isLeft(penalty)) throw new Error(formatError(penalty.left));
    // Unequal gates: [R]'s log penalty depends on each node's gates only through their ratios, so at
    // equal gates (α = 0) its gradient is 0 for every operator; elsewhere it moves every one of them.
    const gates = tf.tensor1d(slots.map((s) => 0.2 + 0.6 * ((s.index * 0.618) % 1)));
    const grad = tf.grad((g: tf.Tensor) => penalty.right.evaluate(g as tf.Tensor1D, live))(gates);
    const values = grad.dataSync();
    const skips = slots.filter((s) => s.op === 'skip_connect' && !s.strided);
    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) {
      expect(costs.macs[s.index]).toBe(0); // a stride-1 skip computes nothing…
      expect(Math.abs(values[s.index]!)).toBeGreaterThan(1e-5); // …and still has a penalty gradient, from the uniform term r
    }
    // The quick start's former penalty, linear in FLOPs without r: a stride-1 skip's gradient is exactly 0.
    const old = linearPenalty(tf, costs, { flops: 1 });
    if (E.isLeft(old)) throw new Error(formatError(old.left));
    const oldGrad = tf.grad((g: tf.Tensor) => old.right.evaluate(g as tf.Tensor1D, live))(gates);
    const oldValues = oldGrad.dataSync();
    for (const s of skips) expect(oldValues[s.index]).toBe(0);
    tf.dispose([gates, grad, oldGrad]);
    penalty.right.dispose();
    old.right.dispose();
  });
});
