import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../../src/errors.js';
import { SWEEP_DEFAULTS, decodeSweepConfig, sweepRuns } from '../../../src/node/jobs/sweepConfig.js';
import { SEARCH_PRESETS } from '../../../src/search/presets.js';

describe('sweeps', () => {
  it('the default sweep is two seeds by two FLOPs floors of the quick start', () => {
    const runs = sweepRuns(SWEEP_DEFAULTS);
    expect(E.isRight(runs) && runs.right.map((r) => r.name)).toEqual(['seed-1_flopsMin-5e6', 'seed-1_flopsMin-7e6', 'seed-2_flopsMin-5e6', 'seed-2_flopsMin-7e6']);
    expect(E.isRight(runs) && runs.right.map((r) => [r.config.seed, r.config.pruning.scheduler.flopsMin, r.config.space.layout.inputSize])).toEqual([[1, 5e6, 28], [1, 7e6, 28], [2, 5e6, 28], [2, 7e6, 28]]);
  });

  it('a sweep file\'s missing fields mean the quick start, seed 1 and no constraint', () => {
    const runs = E.chain(sweepRuns)(decodeSweepConfig({}));
    expect(E.isRight(runs) && runs.right.map((r) => [r.name, r.config.pruning.scheduler.flopsMin])).toEqual([['seed-1', SEARCH_PRESETS['mnist-quick'].pruning.scheduler.flopsMin]]);
  });

  it('applies the config over the preset and each constraint over the config', () => {
    const sweep = decodeSweepConfig({ preset: 'synthetic-tiny', config: { maxSteps: 40, batchSize: 8 }, seeds: [7], constraints: { 'pruning.scheduler.flopsMin': [1e5], batchSize: [16, 32] } });
    expect(E.isRight(sweep)).toBe(true);
    if (E.isLeft(sweep)) return;
    const runs = sweepRuns(sweep.right);
    expect(E.isRight(runs) && runs.right.map((r) => [r.name, r.config.maxSteps, r.config.batchSize, r.config.pruning.scheduler.flopsMin, r.config.seed]))
      .toEqual([['seed-7_flopsMin-1e5_batchSize-16', 40, 16, 1e5, 7], ['seed-7_flopsMin-1e5_batchSize-32', 40, 32, 1e5, 7]]);
  });

  it('reports bad sweeps and bad searches with their paths before anything runs', () => {
    const bad = (input: unknown): string => {
      const s = decodeSweepConfig(input);
      if (E.isLeft(s)) return formatError(s.left);
      const r = sweepRuns(s.right);
      return E.isLeft(r) ? formatError(r.left) : 'ok';
    };
    expect(bad({ seed: [1] })).toMatch(/seed/);
    expect(bad({ seeds: [] })).toMatch(/seeds: give at least one seed/);
    expect(bad({ preset: 'nope' })).toMatch(/preset/);
    expect(bad({ constraints: { 'a..b': [1] } })).toMatch(/constraints.a..b: must be a dotted path/);
    expect(bad({ constraints: { batchSize: [-4] } })).toMatch(/seed-1_batchSize--4: batchSize/);
    expect(bad({ constraints: { 'pruning.scheduler.noSuchOption': [1] } })).toMatch(/seed-1_noSuchOption-1: pruning.scheduler/);
  });
});
