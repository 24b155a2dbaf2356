import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeRetrainState } from '../../src/train/retrainState.js';

describe('the re-training checkpoint state codec', () => {
  const retrain = {
    architectureId: 'abc', step: 12, cursor: { epoch: 1, index: 2 },
    history: [{ epoch: 0, step: 10, loss: 1.2, trainAccuracy: 0.5, lr: 0.1, dropPath: 0, testTop1: null, testTop5: null, imagesPerSecond: 100, seconds: 3 }],
    sums: { lossSum: 2.5, correct: 3, examples: 32, steps: 2 }, seconds: 4, done: false,
  };

  it('decodes the state re-trainings have always written', () => {
    expect(decodeRetrainState(retrain)).toEqual(E.right(retrain));
  });

  it.each([
    [{ sums: { ...retrain.sums, steps: -1 } }, 'state.sums.steps'],
    [{ history: [{ ...retrain.history[0], epoch: 'first' }] }, 'state.history.0.epoch'],
    [{ done: 'yes' }, 'state.done'],
  ])('refuses %j with a CheckpointError naming the field', (change, path) => {
    const r = decodeRetrainState({ ...retrain, ...change });
    expect(E.isLeft(r) && r.left._tag === 'CheckpointError' && r.left.path).toBe(path);
  });
});
