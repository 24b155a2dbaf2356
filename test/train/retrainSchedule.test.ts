import { describe, expect, it } from 'vitest';
import { RETRAIN_DEFAULTS } from '../../src/index.js';
import { dropPathProbability, retrainLearningRate } from '../../src/train/retrainSchedule.js';

describe('retrainLearningRate', () => {
  it.each<[string, number, number, number]>([
    ['epoch 0 trains at the initial rate', 600, 0, 0.025],
    ['a quarter of the way', 600, 150, 0.025 * 0.5 * (1 + Math.cos(Math.PI / 4))],
    ['half way it is half the rate', 600, 300, 0.0125],
    ['the last epoch is just above zero', 600, 599, 0.025 * 0.5 * (1 + Math.cos((Math.PI * 599) / 600))],
    ['after the last epoch it is zero', 600, 600, 0],
    ['five epochs, epoch 2', 5, 2, 0.025 * 0.5 * (1 + Math.cos((Math.PI * 2) / 5))],
  ])('cosine per epoch (DARTS): %s', (_name, epochs, epoch, expected) => {
    expect(retrainLearningRate({ ...RETRAIN_DEFAULTS, epochs }, epoch)).toBeCloseTo(expected, 12);
  });

  it('anneals to minLr and is constant under the constant schedule', () => {
    const optimizer = { ...RETRAIN_DEFAULTS.optimizer, lr: 0.1, minLr: 0.001 };
    expect(retrainLearningRate({ epochs: 10, optimizer }, 10)).toBeCloseTo(0.001, 12);
    const constant = { epochs: 10, optimizer: { ...optimizer, schedule: 'constant' as const } };
    expect([0, 5, 9].map((e) => retrainLearningRate(constant, e))).toEqual([0.1, 0.1, 0.1]);
  });

  it('decreases strictly over the epochs', () => {
    const lrs = Array.from({ length: 8 }, (_, e) => retrainLearningRate({ ...RETRAIN_DEFAULTS, epochs: 8 }, e));
    for (let i = 1; i < lrs.length; i++) expect(lrs[i]!).toBeLessThan(lrs[i - 1]!);
  });
});

describe('dropPathProbability', () => {
  it.each<[number, number, number, number]>([
    [0.2, 600, 0, 0],
    [0.2, 600, 300, 0.1],
    [0.2, 600, 599, (0.2 * 599) / 600],
    [0.2, 5, 1, 0.04],
    [0.2, 5, 4, 0.16],
    [0, 5, 4, 0],
  ])('drop-path %f over %i epochs, epoch %i: the linear ramp p·e/E', (p, epochs, epoch, expected) => {
    expect(dropPathProbability({ dropPath: p, epochs }, epoch)).toBeCloseTo(expected, 12);
  });
});
