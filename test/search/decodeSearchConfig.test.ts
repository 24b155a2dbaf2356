import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { SEARCH_DEFAULTS, searchFingerprint } from '../../src/search/searchConfig.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { DEFAULT_SEARCH_REGISTRY, extendRegistry } from '../../src/search/registry.js';
import { fixedThresholdScheduler } from '../../src/pruning/fixedThresholdScheduler.js';

const fixtureConfig = (): unknown => JSON.parse(readFileSync(new URL('../fixtures/quickstart-run/config.json', import.meta.url), 'utf8'));
/** The 0.1 quick start's configuration in today's spelling and units (multiply-adds). */
const v01Config = (): unknown => JSON.parse(readFileSync(new URL('../../examples/mnist-quick-v0.1.json', import.meta.url), 'utf8'));

describe('decodeSearchConfig', () => {
  it.each([
    [{ pruning: { scheduler: { xiMax: 2 } } }, 'pruning.scheduler.xiMax'],
    [{ pruning: { scheduler: { name: 'gold', xiMin: 0.1, xiMax: 0.05 } } }, 'pruning.scheduler.xiMax'],
    [{ pruning: { scheduler: { name: 'fixed-threshold' } } }, 'pruning.scheduler.threshold'],
    [{ pruning: { scheduler: { bogus: 1 } } }, 'pruning.scheduler.bogus'],
    [{ penalty: { name: 'linear', flops: -1 } }, 'penalty.flops'],
    [{ penalty: { name: 'linear', flops: 0 } }, 'penalty'],
    [{ weights: { optimizer: { momentum: 1 } } }, 'weights.optimizer.momentum'],
    [{ objectives: ['flops', 'flops'] }, 'objectives.1'],
    [{ evaluator: { name: 'held-out', k: 5 } }, 'evaluator.k'],
  ])('checks the part options of %j at their path', (input, path) => {
    const r = decodeSearchConfig(input, SEARCH_DEFAULTS);
    expect(E.isLeft(r) && r.left.path).toBe(path);
  });

  it.each([
    [{ pruning: { options: { xiMax: 2 } } }, 'pruning.scheduler.xiMax'],
    [{ pruning: { scheduler: 'fixed-threshold', options: {} } }, 'pruning.scheduler.threshold'],
    [{ penalty: { form: 'log', latency: 1 } }, 'penalty.latency'],
    [{ pruning: { scheduler: { name: 'gold' }, options: { xiMax: 0.1 } } }, 'pruning.options'],
  ])('reads the old spelling %j and reports errors at the new paths', (input, path) => {
    const r = decodeSearchConfig(input, SEARCH_DEFAULTS);
    expect(E.isLeft(r) && r.left.path).toBe(path);
  });

  it('names the known parts when a name is unknown', () => {
    const r = decodeSearchConfig({ pruning: { scheduler: { name: 'my-rule' } } });
    expect(E.isLeft(r) && r.left.path).toBe('pruning.scheduler.name');
    expect(E.isLeft(r) && r.left.message).toMatch(/unknown scheduler 'my-rule'; known: gold, fixed-threshold, darts-argmax/);
    const o = decodeSearchConfig({ objectives: ['flops', 'speed'] });
    expect(E.isLeft(o) && `${o.left.path}: ${o.left.message}`).toMatch(/^objectives\.1\.name: unknown objective 'speed'; known: flops, params, accuracy, latency/);
  });

  it("reaches a user's scheduler through an extended registry, its options checked by that scheduler", () => {
    const registry = extendRegistry(DEFAULT_SEARCH_REGISTRY, { schedulers: { 'my-rule': fixedThresholdScheduler } });
    const ok = decodeSearchConfig({ pruning: { scheduler: { name: 'my-rule', threshold: 0.2 } } }, SEARCH_DEFAULTS, { registry });
    expect(E.isRight(ok) && ok.right.pruning.scheduler).toEqual({ name: 'my-rule', threshold: 0.2 });
    const bad = decodeSearchConfig({ pruning: { scheduler: { name: 'my-rule', threshold: 2 } } }, SEARCH_DEFAULTS, { registry });
    expect(E.isLeft(bad) && bad.left.path).toBe('pruning.scheduler.threshold');
  });

  it('starts another part from its own defaults instead of the base part options', () => {
    const base = { ...SEARCH_DEFAULTS, pruning: { ...SEARCH_DEFAULTS.pruning, scheduler: { name: 'gold', lambda0: 0.1 } } };
    const r = decodeSearchConfig({ pruning: { scheduler: { name: 'darts-argmax', atStep: 30 } } }, base);
    expect(E.isRight(r) && r.right.pruning.scheduler).toEqual({ name: 'darts-argmax', atStep: 30 });
    const same = decodeSearchConfig({ pruning: { scheduler: { flopsMin: 5 } } }, base);
    expect(E.isRight(same) && same.right.pruning.scheduler).toEqual({ name: 'gold', lambda0: 0.1, flopsMin: 5 });
  });

  it('converts a gold-nas 0.1 run configuration (the quick start fixture) to examples/mnist-quick-v0.1.json, in multiply-adds, with the same fingerprint', () => {
    const r = decodeSearchConfig(fixtureConfig());
    const v01 = decodeSearchConfig(v01Config());
    expect(E.isRight(v01)).toBe(true);
    const { pruning, ...rest } = E.isRight(v01) ? v01.right : SEARCH_DEFAULTS;
    // 0.1 wrote flopsMin 7e6 in 2·multiply-adds: 3.5e6 multiply-adds now. The file spells out the scheduler's defaults.
    expect(E.isRight(r) && r.right).toEqual({ ...rest, pruning: { ...pruning, scheduler: { name: 'gold', lambda0: 0.001, flopsMin: 3.5e6, record: 'every-change' } } });
    expect(E.isRight(r) && r.right.pruning.scheduler.flopsMin).toBe(3.5e6);
    // The fingerprint gold-nas 0.1 wrote into this run's checkpoints: the same search.
    expect(E.isRight(r) && searchFingerprint(r.right)).toBe('a14a70505e676fbf');
    expect(E.isRight(v01) && searchFingerprint(v01.right)).toBe('a14a70505e676fbf');
  });

  it('converts the units of a 0.1 configuration: flopsMin halved, the log penalty μ doubled (0.1 counted 2·multiply-adds)', () => {
    const r = decodeSearchConfig({ penalty: { form: 'log', r: 1, mu: 0.5, flops: 1, params: 0, latency: 0 }, pruning: { scheduler: 'gold', options: { flopsMin: 480e6 } } });
    expect(E.isRight(r) && r.right.penalty).toEqual({ name: 'log', r: 1, mu: 1, xiMin: 0 });
    expect(E.isRight(r) && r.right.pruning.scheduler).toEqual({ name: 'gold', flopsMin: 240e6 });
    // Written back in the old format (for the fingerprint) it is what 0.1 wrote.
    const old = decodeSearchConfig({ penalty: { name: 'log', r: 1, mu: 1, xiMin: 0 }, pruning: { scheduler: { name: 'gold', flopsMin: 240e6 } } });
    expect(E.isRight(r) && E.isRight(old) && searchFingerprint(r.right)).toBe(E.isRight(old) && searchFingerprint(old.right));
    // The current spelling is read in the current units.
    const now = decodeSearchConfig({ pruning: { scheduler: { name: 'gold', flopsMin: 240e6 } } });
    expect(E.isRight(now) && now.right.pruning.scheduler).toEqual({ name: 'gold', flopsMin: 240e6 });
  });

  it('keeps the fingerprints of configurations 0.1 could write (checkpoints written before parts were named still resume)', () => {
    expect(searchFingerprint(SEARCH_PRESETS['synthetic-tiny'])).toBe('7376c8be809767a0');
    expect(searchFingerprint(SEARCH_DEFAULTS)).toBe('5c5a59fa0d94e985');
  });

  it('fingerprints a configuration with parts the old format cannot express in the new format', () => {
    const latency = decodeSearchConfig({ objectives: ['flops', 'latency', 'accuracy'] });
    expect(E.isRight(latency) && searchFingerprint(latency.right)).not.toBe(searchFingerprint(SEARCH_DEFAULTS));
  });
});

describe('a partial space in a configuration file', () => {
  it("keeps the preset's layout when only the operators are given (was: reset to the CIFAR layout)", () => {
    const preset = SEARCH_PRESETS['synthetic-tiny'];
    const r = decodeSearchConfig({ space: { operators: ['skip_connect', 'sep_conv_3x3'] }, maxSteps: 2 }, preset);
    expect(E.isRight(r) && r.right.space.layout).toEqual(preset.space.layout);
  });

  it("changes one layout field of mnist-quick and keeps the preset's 28x28x1 input (was: blamed a layout the user never set)", () => {
    const r = decodeSearchConfig({ space: { layout: { channels: 16 } } }, SEARCH_PRESETS['mnist-quick']);
    expect(E.isRight(r) && r.right.space.layout).toEqual({ ...SEARCH_PRESETS['mnist-quick'].space.layout, channels: 16 });
  });

  it("takes the new mode's default operators when the mode changes without operators, and another layout kind's defaults", () => {
    const r = decodeSearchConfig({ space: { mode: 'darts', layout: { kind: 'imagenet', classes: 10 } }, data: { source: 'synthetic' } }, SEARCH_DEFAULTS);
    expect(E.isRight(r) && r.right.space.operators.length).toBe(8);
    expect(E.isRight(r) && r.right.space.layout.inputSize).toBe(224);
  });
});
