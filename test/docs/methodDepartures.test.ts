import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const method = readFileSync(new URL('../../docs/method.md', import.meta.url), 'utf8');
const departures = method.slice(method.indexOf('## 7. Where gold-nas departs from [R]'));

describe("docs/method.md's departures from [R]", () => {
  it("names the three departures of issue 11 with [R]'s lines", () => {
    expect(departures).toContain('`train_search.py:82`'); // weight_sum reset inside the edge loop (prune_op)
    expect(departures).toContain('`model_search.py:294`'); // … and in current_flops
    expect(departures).toContain('`:183-184`'); // the genotype logged after the prune (train_search.py)
    expect(departures).toContain('`model_search.py:51-58`'); // the mid-epoch zeroing of weak operators
  });

  // What each cited line of gold-nas must hold: when the code moves, update the line numbers in method.md.
  const expectedAt: Record<string, readonly string[]> = {
    'src/space/liveSet.ts': ['export function nodeNormalisedWeights'],
    'src/pruning/goldPrune.ts': ['nodeNormalisedWeights(slots, gates'],
    'src/resources/liveCost.ts': ['export function liveCost'],
    'src/pruning/goldScheduler.ts': ['if (pruning.pruned > 0 && (stable', "reason: 'final'", 'const done = flops < config.flopsMin'],
    'src/supernet/buildSupernet.ts': ['const prune = (toRemove', 'const computed = slots.filter', 'batch statistics either way'],
    'src/resources/fixedCost.ts': ['export function fixedCost'],
    'src/pruning/dropKeepingOneInput.ts': ['export function dropKeepingOneInput'],
    'src/search/runSearch.ts': ['const max = this.s.config.pruning.lambdaMax'],
    'src/search/heldOutEvaluator.ts': ['training: false'],
    'src/train/runRetrain.ts': ['top1: evaluated?.testTop1'],
    'src/search/penaltyParts.ts': ['log: { r: 1, mu: 0, xiMin: 0 }'],
  };

  it("points at the gold-nas lines that do each thing (file:line)", () => {
    const refs = [...departures.matchAll(/`(src\/[\w/.-]+\.ts):(\d+)`/g)];
    expect(refs.length).toBeGreaterThan(12);
    for (const [, file, line] of refs) {
      expect(existsSync(file!), file).toBe(true);
      const text = readFileSync(file!, 'utf8').split('\n')[Number(line) - 1] ?? '';
      expect(expectedAt[file!]?.some((token) => text.includes(token)), `${file}:${line} holds: ${text.trim()}`).toBe(true);
    }
  });
});
