import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { SEARCH_DEFAULTS, searchFingerprint } from '../../src/search/searchConfig.js';
import { searchMethod } from '../../src/search/searchMethod.js';
import { describeAccuracyEstimate } from '../../src/search/accuracyEstimate.js';
import { strategyFromConfig } from '../../src/search/strategyFromConfig.js';
import { strategyNames } from '../../src/search/strategy.js';

describe('searchMethod', () => {
  it.each([
    ['mnist-quick', 'GOLD-NAS (one-level, sigmoid gates)'],
    ['cifar10', 'GOLD-NAS (one-level, sigmoid gates)'],
    ['darts', 'DARTS (bilevel, first order)'],
    ['darts-mnist', 'DARTS (bilevel, first order)'],
  ] as const)('names the preset %s', (preset, name) => {
    expect(searchMethod(SEARCH_PRESETS[preset])).toBe(name);
  });

  it("calls a darts space trained one-level, as gold-nas 0.1's configurations do, softmax-one-level, and still loads them", () => {
    // A 0.1 configuration of the DARTS space: the space's mode and the argmax scheduler, no update rule.
    const old = decodeSearchConfig({ space: { mode: 'darts' }, pruning: { scheduler: 'darts-argmax', options: { atStep: 100 } } }, SEARCH_DEFAULTS);
    expect(E.isRight(old)).toBe(true);
    if (E.isLeft(old)) return;
    expect(old.right.update).toEqual({ name: 'one-level' });
    expect(searchMethod(old.right)).toMatch(/^softmax-one-level \(the DARTS space trained one-level: not DARTS, which is bilevel\)$/);
    expect(searchMethod({ ...old.right, update: { name: 'darts-bilevel', order: 2 } })).toBe('DARTS (bilevel, second order)');
  });
});

describe('the DARTS parts in a configuration', () => {
  it('builds the darts preset from the registry: Adam for α, SGD for ω, the bilevel rule, the argmax scheduler at the end', () => {
    const s = strategyFromConfig({ ...SEARCH_PRESETS.darts, data: { ...SEARCH_PRESETS.darts.data, path: '/nowhere' } });
    expect(E.isRight(s) && strategyNames(s.right)).toMatchObject({ scheduler: 'darts-argmax', update: 'darts-bilevel', optimizers: { weights: 'sgd', alpha: 'adam' } });
    expect(SEARCH_PRESETS.darts).toMatchObject({
      batchSize: 64, space: { mode: 'darts', layout: { channels: 16, cells: 8 } },
      weights: { lr: 0.025, minLr: 0.001, schedule: 'cosine' }, alpha: { lr: 3e-4, initStd: 1e-3, optimizer: { beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 } },
    });
  });

  it.each([
    [{ update: { name: 'darts-bilevel', order: 3 } }, 'update.order'],
    [{ update: { name: 'darts-bilevel', alphaShare: 1 } }, 'update.alphaShare'],
    [{ alpha: { optimizer: { name: 'adam', beta1: 1 } } }, 'alpha.optimizer.beta1'],
    [{ alpha: { optimizer: { name: 'adam', momentum: 0.9 } } }, 'alpha.optimizer.momentum'],
    [{ alpha: { initStd: -1 } }, 'alpha.initStd'],
    [{ evaluator: { name: 'held-out', recoverySteps: 1.5 } }, 'evaluator.recoverySteps'],
  ])('refuses %j at its path', (input, path) => {
    const r = decodeSearchConfig(input, SEARCH_PRESETS['darts-mnist']);
    expect(E.isLeft(r) && r.left.path).toBe(path);
  });

  it("keeps the fingerprint of a configuration whose α starts at 0, and changes it when α starts random", () => {
    const random = decodeSearchConfig({ alpha: { initStd: 1e-3 } });
    expect(E.isRight(random) && searchFingerprint(random.right)).not.toBe(searchFingerprint(SEARCH_DEFAULTS));
    expect(searchFingerprint(SEARCH_DEFAULTS)).toBe('5c5a59fa0d94e985');
  });
});

describe('describeAccuracyEstimate', () => {
  it('says what the recorded accuracy is: the shared-weight held-out accuracy after the recovery steps, an estimate', () => {
    expect(describeAccuracyEstimate(SEARCH_PRESETS['mnist-quick'])).toBe(
      'shared-weight held-out accuracy: top-1 of the super-network restricted to the candidate on at most 1000 held-out examples, ' +
      'after at least 20 steps of training with its own live set; an estimate, not the accuracy of the architecture re-trained from scratch');
    expect(describeAccuracyEstimate({ ...SEARCH_DEFAULTS, evaluator: { name: 'held-out', recoverySteps: 0 } })).toMatch(/on all the held-out examples, after at least 0 steps/);
    expect(describeAccuracyEstimate({ ...SEARCH_DEFAULTS, evaluator: { name: 'oracle' } })).toMatch(/^the accuracy score of the evaluator 'oracle'/);
  });
});
