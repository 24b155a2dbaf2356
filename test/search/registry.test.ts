import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_SEARCH_REGISTRY, decodeRegistryExtension, extendRegistry } from '../../src/search/registry.js';
import { strategyFromConfig } from '../../src/search/strategyFromConfig.js';
import { SEARCH_DEFAULTS } from '../../src/search/searchConfig.js';
import { fixedThresholdScheduler } from '../../src/pruning/fixedThresholdScheduler.js';
import { fixedPartEntry } from '../../src/search/partEntry.js';
import { objective } from '../../src/search/objectiveParts.js';

describe('the search registry', () => {
  it('is a plain value a user extends by spreading, kind by kind', () => {
    const mine = objective('ops', 'min', (c) => c.live.reduce((n, v) => n + v, 0));
    const registry = {
      ...DEFAULT_SEARCH_REGISTRY,
      schedulers: { ...DEFAULT_SEARCH_REGISTRY.schedulers, 'my-rule': fixedThresholdScheduler },
      objectives: { ...DEFAULT_SEARCH_REGISTRY.objectives, ops: fixedPartEntry('live operators', mine) },
    };
    const config = { ...SEARCH_DEFAULTS, pruning: { ...SEARCH_DEFAULTS.pruning, scheduler: { name: 'my-rule', threshold: 0.1 } }, objectives: [{ name: 'ops' }, { name: 'accuracy' }] };
    const s = strategyFromConfig(config, registry);
    expect(E.isRight(s) && s.right.scheduler.rule).toBe(fixedThresholdScheduler);
    expect(E.isRight(s) && s.right.objectives.map((o) => `${o.name} ${o.direction}`)).toEqual(['ops min', 'accuracy max']);
    expect(E.isRight(s) && s.right.scheduler.config).toEqual({ threshold: 0.1, by: 'weight', lambda: 0, flopsMin: 0, recordFinal: true });
  });

  it('lists the known names of a kind when a name is unknown', () => {
    const s = strategyFromConfig({ ...SEARCH_DEFAULTS, evaluator: { name: 'oracle' } });
    expect(E.isLeft(s) && `${s.left.path}: ${s.left.message}`).toMatch(/^evaluator\.name: unknown evaluator 'oracle'; known: held-out/);
    const u = strategyFromConfig({ ...SEARCH_DEFAULTS, update: { name: 'bilevel' } });
    expect(E.isLeft(u) && u.left.message).toMatch(/unknown update rule 'bilevel'; known: one-level/);
  });

  it('does not take names from the object prototype', () => {
    const s = strategyFromConfig({ ...SEARCH_DEFAULTS, penalty: { name: 'toString' } });
    expect(E.isLeft(s) && s.left.path).toBe('penalty.name');
  });

  it('extendRegistry adds and replaces entries without touching the base', () => {
    const extended = extendRegistry(DEFAULT_SEARCH_REGISTRY, { schedulers: { gold: fixedThresholdScheduler } });
    expect(extended.schedulers.gold).toBe(fixedThresholdScheduler);
    expect(DEFAULT_SEARCH_REGISTRY.schedulers.gold).not.toBe(fixedThresholdScheduler);
    expect(extended.penalties).toEqual(DEFAULT_SEARCH_REGISTRY.penalties);
  });

  it.each([
    [{ scheduler: {} }, 'parts.js: scheduler', /unknown registry kind 'scheduler'; known kinds: schedulers, penalties/],
    [{ schedulers: { x: { name: 'x' } } }, 'parts.js: schedulers.x', /is not a pruning scheduler/],
    [{ penalties: { x: () => 1 } }, 'parts.js: penalties.x', /is not a registry entry/],
    [3, 'parts.js', /expected a registry extension object/],
  ])('refuses a malformed extension %j from a module, naming where', (value, path, message) => {
    const r = decodeRegistryExtension(value, 'parts.js');
    expect(E.isLeft(r) && r.left.path).toBe(path);
    expect(E.isLeft(r) && r.left.message).toMatch(message);
  });
});
