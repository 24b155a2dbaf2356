import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  DARTS_PRIMITIVES, OPERATORS, batchIterator, buildSupernet, cifarLayout, createAdam, createSgd, dartsBilevelUpdate, logPenalty,
  operatorSlots, supernetLoss, syntheticDataset, unrolledAlphaGrad,
} from '../../src/index.js';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import type { Batch, BatchCursor, BatchIterator, SearchSpace, SupernetState, TrainingOptimizer } from '../../src/index.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

function orThrow<A>(e: E.Either<{ message: string; path: string }, A>): A {
  if (E.isLeft(e)) throw new Error(`${e.left.path}: ${e.left.message}`);
  return e.right;
}

const SPACE: SearchSpace = { mode: 'darts', layout: cifarLayout({ channels: 4, cells: 3, nodes: 2, inputSize: 8, classes: 4 }), operators: DARTS_PRIMITIVES, table: OPERATORS };

/** The gradient of `loss` on `batch` with respect to `vars`, by name, as plain arrays. */
function gradsOn(net: SupernetState, batch: Batch, vars: SupernetState['weights']): Record<string, number[]> {
  return tf.tidy(() => {
    const x = tf.tensor4d(batch.x, [...batch.shape]);
    const y = tf.tensor1d(batch.y, 'int32');
    const { grads } = tf.variableGrads(supernetLoss(tf, net, x, y, { auxiliaryWeight: 0 }), vars.map((v) => v.variable));
    return Object.fromEntries(vars.map((v) => [v.name, Array.from(grads[v.variable.name]!.dataSync())]));
  });
}

function maxDiff(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

/** An optimiser that checks each gradient it gets, then lets a real one take the step. */
function checking(inner: TrainingOptimizer, check: (grads: NamedTensorMap) => void): TrainingOptimizer {
  return { ...inner, apply: (params, grads, lr) => { check(grads); return inner.apply(params, grads, lr); } };
}

describe('darts-bilevel', () => {
  it("updates α from a batch of its own half only, then ω from the loop's batch only, with the new α (first order)", () => {
    const net = orThrow(buildSupernet(tf, SPACE, { seed: 1, alphaStd: 1e-3 }));
    const data = orThrow(syntheticDataset({ size: 96, height: 8, width: 8, channels: 3, classes: 4, seed: 2, noise: 1 }));
    const rule = dartsBilevelUpdate({ order: 1, alphaShare: 0.5 });
    const halves = orThrow(rule.splitTraining!(data, 7));
    expect(halves.loop.size + halves.rule.size).toBe(96);
    const loop = orThrow(batchIterator(halves.loop, { batchSize: 16, seed: 1, dropLast: true }));
    let lastVal: Batch | null = null;
    let lastTrain: Batch | null = null;
    // The rule's own batches, recording the one it draws.
    const ruleBatches = (start?: BatchCursor) => E.map((it: BatchIterator): BatchIterator => ({
      ...it, cursor: () => it.cursor(), next: () => (lastVal = it.next()),
    }))(batchIterator(halves.rule, { batchSize: 16, seed: 3, dropLast: true, ...(start ? { start } : {}) }));
    const checks = { alpha: 0, weights: 0 };
    const alpha = checking(createAdam(tf, { beta1: 0.5, weightDecay: 1e-3 }), (grads) => {
      const got = Array.from(grads.alpha!.dataSync());
      const onVal = gradsOn(net, lastVal!, [net.alpha]).alpha!;
      const onTrain = gradsOn(net, lastTrain!, [net.alpha]).alpha!;
      expect(maxDiff(got, onVal)).toBeLessThan(1e-6);
      expect(maxDiff(got, onTrain)).toBeGreaterThan(1e-5);
      checks.alpha += 1;
    });
    const weights = checking(createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 }), (grads) => {
      // Called after α's step: the gradient is at the new α, on the loop's batch.
      const onTrain = gradsOn(net, lastTrain!, net.weights);
      const onVal = gradsOn(net, lastVal!, net.weights);
      const name = net.weights.find((w) => w.name.includes('sep_conv_3x3'))!.name;
      const got = Array.from(grads[name]!.dataSync());
      expect(maxDiff(got, onTrain[name]!)).toBeLessThan(1e-6);
      expect(maxDiff(got, onVal[name]!)).toBeGreaterThan(1e-5);
      checks.weights += 1;
    });
    const penalty = orThrow(logPenalty(tf, operatorSlots(SPACE)));
    const step = orThrow(rule.create({
      tf, net, penalty, optimizers: { weights, alpha }, config: { ...SEARCH_PRESETS['darts-mnist'], auxiliaryWeight: 0 },
      data: { train: halves.loop, rule: halves.rule, ruleBatches },
    }));
    for (let i = 0; i < 2; i++) {
      lastTrain = loop.next();
      step.step({ batch: lastTrain, lr: 0.025, lambda: 0, step: i }).dispose();
    }
    expect(checks).toEqual({ alpha: 2, weights: 2 });
    expect(step.state()).toEqual({ cursor: { epoch: 0, index: 2 } });
    alpha.dispose();
    weights.dispose();
    penalty.dispose();
    net.dispose();
  });

  it('gives α the unrolled gradient through one virtual weight step in the second order', () => {
    const net = orThrow(buildSupernet(tf, SPACE, { seed: 1, alphaStd: 1e-3 }));
    const data = orThrow(syntheticDataset({ size: 96, height: 8, width: 8, channels: 3, classes: 4, seed: 2, noise: 1 }));
    const rule = dartsBilevelUpdate({ order: 2, alphaShare: 0.5 });
    const halves = orThrow(rule.splitTraining!(data, 7));
    const loop = orThrow(batchIterator(halves.loop, { batchSize: 16, seed: 1, dropLast: true }));
    const twin = orThrow(batchIterator(halves.rule, { batchSize: 16, seed: 3, dropLast: true }));
    const ruleBatches = (start?: BatchCursor) => batchIterator(halves.rule, { batchSize: 16, seed: 3, dropLast: true, ...(start ? { start } : {}) });
    const sgd = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
    let train: Batch | null = null;
    let checked = 0;
    const alpha = checking(createAdam(tf, { beta1: 0.5 }), (grads) => {
      const val = twin.next();
      const expected = tf.tidy(() => {
        const t = [tf.tensor4d(train!.x, [...train!.shape]), tf.tensor1d(train!.y, 'int32')] as const;
        const v = [tf.tensor4d(val.x, [...val.shape]), tf.tensor1d(val.y, 'int32')] as const;
        return Array.from(unrolledAlphaGrad(tf, net.weights, net.alpha, {
          trainLoss: supernetLoss(tf, net, t[0], t[1], { auxiliaryWeight: 0 }), valLoss: supernetLoss(tf, net, v[0], v[1], { auxiliaryWeight: 0 }),
          lr: 0.025, virtualStep: sgd.virtualStep,
        }).dataSync());
      });
      expect(maxDiff(Array.from(grads.alpha!.dataSync()), expected)).toBeLessThan(1e-6);
      checked += 1;
    });
    const penalty = orThrow(logPenalty(tf, operatorSlots(SPACE)));
    const step = orThrow(rule.create({
      tf, net, penalty, optimizers: { weights: sgd, alpha }, config: { ...SEARCH_PRESETS['darts-mnist'], auxiliaryWeight: 0 },
      data: { train: halves.loop, rule: halves.rule, ruleBatches },
    }));
    for (let i = 0; i < 2; i++) {
      train = loop.next();
      step.step({ batch: train, lr: 0.025, lambda: 0, step: i }).dispose();
    }
    expect(checked).toBe(2);
    penalty.dispose();
    sgd.dispose();
    alpha.dispose();
    net.dispose();
  });

  it('refuses the second order with a weights optimiser that cannot take a virtual step, naming the field', () => {
    const net = orThrow(buildSupernet(tf, SPACE, { seed: 1 }));
    const data = orThrow(syntheticDataset({ size: 96, height: 8, width: 8, channels: 3, classes: 4, seed: 2 }));
    const rule = dartsBilevelUpdate({ order: 2, alphaShare: 0.5 });
    const halves = orThrow(rule.splitTraining!(data, 7));
    const adam = createAdam(tf);
    const r = rule.create({
      tf, net, penalty: orThrow(logPenalty(tf, operatorSlots(SPACE))), optimizers: { weights: adam, alpha: adam }, config: SEARCH_PRESETS['darts-mnist'],
      data: { train: halves.loop, rule: halves.rule, ruleBatches: () => batchIterator(halves.rule, { batchSize: 16, seed: 3 }) },
    });
    expect(E.isLeft(r) && r.left.path).toBe('weights.optimizer');
    adam.dispose();
    net.dispose();
  });
});
