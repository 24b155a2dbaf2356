import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { DARTS_V2, RETRAIN_DEFAULTS, RETRAIN_PRESETS, cifarLayout, decodeRetrainConfig, genotypeToArchitecture } from '../../src/index.js';
import { orThrow, tinyArchitecture, tinyLayout } from './fixtures.js';
import { checkRetrainSetup } from '../../src/train/checkRetrainSetup.js';
import { retrainFingerprint } from '../../src/train/retrainConfig.js';

describe('decodeRetrainConfig', () => {
  it('has the DARTS recipe as its defaults (METHOD.md §5)', () => {
    const c = orThrow(decodeRetrainConfig({}));
    expect(c).toEqual(RETRAIN_DEFAULTS);
    expect(c).toMatchObject({
      epochs: 600, batchSize: 96, dropPath: 0.2, auxiliaryWeight: 0.4, labelSmoothing: 0,
      optimizer: { lr: 0.025, minLr: 0, schedule: 'cosine', momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 },
      data: { cropPadding: 4, flip: true, cutoutLength: 16 },
    });
  });

  it('merges nested fields over the base', () => {
    const c = orThrow(decodeRetrainConfig({ epochs: 3, optimizer: { lr: 0.1 }, data: { flip: false } }, RETRAIN_PRESETS.mnist));
    expect(c.epochs).toBe(3);
    expect(c.optimizer).toEqual({ ...RETRAIN_PRESETS.mnist.optimizer, lr: 0.1 });
    expect(c.data).toEqual({ ...RETRAIN_PRESETS.mnist.data, flip: false });
  });

  it.each<[string, unknown, RegExp]>([
    ['a bad number', { epochs: 0 }, /^epochs: must be an integer >= 1, got 0/],
    ['a nested bad number', { optimizer: { momentum: 1 } }, /^optimizer\.momentum: must be a finite number >= 0 and < 1/],
    ['a misspelt field', { optimiser: {} }, /^optimiser: unknown field 'optimiser'/],
    ['a bad enum', { optimizer: { schedule: 'linear' } }, /^optimizer\.schedule: /],
    ['a drop-path of 1', { dropPath: 1 }, /^dropPath: /],
    ['label smoothing out of range', { labelSmoothing: -0.1 }, /^labelSmoothing: /],
    ['a floor above the rate', { optimizer: { lr: 0.01, minLr: 0.1 } }, /^optimizer\.minLr: must not exceed/],
  ])('rejects %s with its path', (_name, input, message) => {
    const r = decodeRetrainConfig(input);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) expect(`${r.left.path}: ${r.left.message}`).toMatch(message);
  });
});

describe('retrainFingerprint', () => {
  const base = retrainFingerprint(RETRAIN_DEFAULTS, tinyArchitecture, tinyLayout);
  it('ignores logging, checkpoint and evaluation settings', () => {
    expect(retrainFingerprint({ ...RETRAIN_DEFAULTS, logEvery: 1, checkpointEvery: 7, evaluation: { batchSize: 3, everyEpochs: 9 } }, tinyArchitecture, tinyLayout)).toBe(base);
  });
  it('changes with the epochs, the optimiser, the architecture and the layout', () => {
    const others = [
      retrainFingerprint({ ...RETRAIN_DEFAULTS, epochs: 5 }, tinyArchitecture, tinyLayout),
      retrainFingerprint({ ...RETRAIN_DEFAULTS, optimizer: { ...RETRAIN_DEFAULTS.optimizer, lr: 0.1 } }, tinyArchitecture, tinyLayout),
      retrainFingerprint(RETRAIN_DEFAULTS, { ...tinyArchitecture, cells: [{ ...tinyArchitecture.cells[0]!, edges: tinyArchitecture.cells[0]!.edges.slice(1) }, ...tinyArchitecture.cells.slice(1)] }, tinyLayout),
      retrainFingerprint(RETRAIN_DEFAULTS, tinyArchitecture, { ...tinyLayout, channels: 6 }),
    ];
    expect(new Set([base, ...others]).size).toBe(5);
  });
  it('does not depend on the order of the fields of the config object', () => {
    const { seed, epochs, ...rest } = RETRAIN_DEFAULTS;
    expect(retrainFingerprint({ ...rest, epochs, seed }, tinyArchitecture, tinyLayout)).toBe(base);
  });
});

describe('checkRetrainSetup', () => {
  const mnistLayout = cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 });
  const arch = orThrow(genotypeToArchitecture(DARTS_V2, mnistLayout));
  it('refuses the auxiliary head on the MNIST layout (7x7 map) and says how to turn it off', () => {
    const r = checkRetrainSetup(RETRAIN_DEFAULTS, arch, mnistLayout);
    expect(E.isLeft(r) && r.left.path).toBe('auxiliaryWeight');
    expect(E.isLeft(r) && r.left.message).toMatch(/8x8.*"auxiliaryWeight": 0/);
  });
  it('accepts the MNIST preset (no head) and the head on a 32x32 CIFAR layout', () => {
    expect(E.isRight(checkRetrainSetup(RETRAIN_PRESETS.mnist, arch, mnistLayout))).toBe(true);
    const cifar = cifarLayout({ channels: 8, cells: 5 });
    expect(E.isRight(checkRetrainSetup(RETRAIN_DEFAULTS, orThrow(genotypeToArchitecture(DARTS_V2, cifar)), cifar))).toBe(true);
  });
  it('rejects an architecture that does not fit the layout', () => {
    const r = checkRetrainSetup(RETRAIN_PRESETS.mnist, tinyArchitecture, mnistLayout);
    expect(E.isLeft(r) && r.left._tag).toBe('ArchitectureError');
  });
});
