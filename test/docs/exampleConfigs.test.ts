import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_DEFAULTS } from '../../src/search/searchConfig.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import type { PresetName } from '../../src/search/presets.js';
import { DEFAULT_SEARCH_REGISTRY } from '../../src/search/registry.js';
import { formatError } from '../../src/errors.js';
import { searchMethod } from '../../src/search/searchMethod.js';
import { strategyFromConfig } from '../../src/search/strategyFromConfig.js';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
}

/** A config with its scheduler options filled in, so a file that spells out defaults equals a preset that leaves them out. */
function normalised(config: SearchConfig): SearchConfig {
  const { name, ...given } = config.pruning.scheduler;
  const options = DEFAULT_SEARCH_REGISTRY.schedulers[name]!.decodeConfig(given);
  if (E.isLeft(options)) throw new Error(formatError(options.left));
  return { ...config, pruning: { ...config.pruning, scheduler: { name, ...(options.right as Record<string, unknown>) } } };
}

// The example configuration files that the guides show in full must stay equal to the presets they
// write out: when a preset changes, update the file (and the guide's copy of it).
const cases: readonly { file: string; preset: PresetName; differs?: (c: SearchConfig) => SearchConfig }[] = [
  { file: 'examples/mnist-quick.json', preset: 'mnist-quick' },
  { file: 'examples/cifar10-config.json', preset: 'cifar10', differs: (c) => ({ ...c, data: { ...c.data, path: 'data/cifar-10-batches-bin' } }) },
];

describe('example configuration files', () => {
  for (const { file, preset, differs } of cases) {
    it(`${file} decodes on its own and equals the ${preset} preset written out`, () => {
      const decoded = decodeSearchConfig(readJson(file), SEARCH_DEFAULTS);
      if (E.isLeft(decoded)) throw new Error(`${file}: ${formatError(decoded.left)}`);
      const expected = (differs ?? ((c) => c))(SEARCH_PRESETS[preset]);
      expect(normalised(decoded.right)).toEqual(normalised(expected));
    });
  }
});

describe('examples/mnist-quick-darts-pt.json', () => {
  it('over the mnist-quick preset, prunes each round by DARTS-PT\'s criterion', () => {
    const decoded = decodeSearchConfig(readJson('examples/mnist-quick-darts-pt.json'), SEARCH_PRESETS['mnist-quick']);
    if (E.isLeft(decoded)) throw new Error(formatError(decoded.left));
    expect(decoded.right).toEqual({ ...SEARCH_PRESETS['mnist-quick'], selection: { name: 'darts-pt', pool: 8, maxExamples: 500 } });
    expect(searchMethod(decoded.right)).toBe('GOLD-NAS (one-level, sigmoid gates), DARTS-PT pruning criterion');
    const strategy = strategyFromConfig(decoded.right);
    expect(E.isRight(strategy) && strategy.right.selection?.prune !== undefined).toBe(true);
  });
});
