import { describe, expect, it } from 'vitest';
import { learningRateAt, type LearningRateSchedule } from '../../src/optim/schedule.js';

describe('learningRateAt', () => {
  it.each<[string, LearningRateSchedule, number, number]>([
    ['constant', { kind: 'constant', lr: 0.1 }, 999, 0.1],
    ['cosine at the start', { kind: 'cosine', lr: 0.025, minLr: 0.001, totalSteps: 100 }, 0, 0.025],
    ['cosine half way', { kind: 'cosine', lr: 0.025, minLr: 0, totalSteps: 100 }, 50, 0.0125],
    ['cosine at the end', { kind: 'cosine', lr: 0.025, minLr: 0.001, totalSteps: 100 }, 100, 0.001],
    ['cosine past the end stays at the floor', { kind: 'cosine', lr: 0.025, minLr: 0.001, totalSteps: 100 }, 500, 0.001],
    ['step decay', { kind: 'step', lr: 0.1, gamma: 0.5, every: 10 }, 25, 0.025],
    ['linear warm-up', { kind: 'constant', lr: 0.1, warmupSteps: 4 }, 1, 0.05],
  ])('%s', (_name, schedule, step, expected) => {
    expect(learningRateAt(schedule, step)).toBeCloseTo(expected, 10);
  });
});
