import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { CheckpointContents } from '../../src/checkpoint/format.js';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { runSearch } from '../../src/search/runSearch.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import type { SearchConfig } from '../../src/search/searchConfig.js';
import { searchFingerprint } from '../../src/search/searchConfig.js';
import { searchMethod } from '../../src/search/searchMethod.js';
import { strategyFromConfig } from '../../src/search/strategyFromConfig.js';
import { useFastCpu } from '../fastCpu.js';
import { orThrow } from '../train/fixtures.js';
import { tinyDartsConfig, tinyDartsData } from './tinyDarts.js';

beforeAll(useFastCpu);

/** darts-mnist's algorithm on the tiny DARTS space: 4 steps. */
const config = (overrides: object = {}): SearchConfig => tinyDartsConfig({ maxSteps: 4, periodSteps: 4, recoverySteps: 1, evaluation: { batchSize: 16, maxExamples: 16 } }, overrides);
const data = tinyDartsData;

async function run(c: SearchConfig) {
  let last: CheckpointContents | undefined;
  const selections: { index: number; total: number }[] = [];
  const result = orThrow(await runSearch(tf, c, data(), {
    checkpoint: (contents) => { last = contents; },
    callbacks: [{ onSelection: (e) => { selections.push({ index: e.index, total: e.total }); } }],
  }));
  return { result, selections, alpha: Array.from(last!.arrays.find((a) => a.name === 'w/alpha')!.values) };
}

describe('a DARTS search with DARTS-PT selection', () => {
  it('discretises by perturbation at the end, reports the trace, and leaves α as the argmax run has it', async () => {
    const before = tf.memory().numTensors;
    const pt = await run(config({ selection: { name: 'darts-pt', fineTuneSteps: 1 } }));
    expect(tf.memory().numTensors).toBe(before);
    const { result } = pt;
    expect(result.stopReason).toBe('discretised');
    expect(result.candidates).toHaveLength(1);
    expect(result.selection?.name).toBe('darts-pt');
    const trace = result.selection!.trace;
    // 5 edges and 2 nodes per cell type.
    expect(trace.filter((d) => d.kind === 'operator')).toHaveLength(10);
    expect(trace.filter((d) => d.kind === 'inputs')).toHaveLength(4);
    expect(pt.selections).toEqual(trace.map((_, index) => ({ index, total: 14 })));
    // The final architecture is the trace's: every kept edge has its chosen operator, every node its chosen inputs.
    for (const cell of result.final.architecture.cells) {
      const type = cell.reduction ? 'reduce' : 'normal';
      for (const e of cell.edges) {
        const d = trace.find((x) => x.kind === 'operator' && x.cellType === type && x.from === e.from && x.to === e.to);
        expect(d?.kind === 'operator' && d.chosen).toBe(e.op);
      }
      for (const to of [2, 3]) {
        const d = trace.find((x) => x.kind === 'inputs' && x.cellType === type && x.node === to);
        expect(cell.edges.filter((e) => e.to === to).map((e) => e.from)).toEqual(d?.kind === 'inputs' ? d.chosen : null);
      }
    }
    const argmax = await run(config());
    expect(argmax.result.selection).toBeUndefined();
    expect(argmax.selections).toEqual([]);
    expect(pt.alpha).toEqual(argmax.alpha);
  }, 300_000);
});

describe('the selection in a configuration', () => {
  it('names a part of the registry, with options checked at their path', () => {
    expect(orThrow(strategyFromConfig(config({ selection: { name: 'darts-pt', fineTuneSteps: 3 } }))).selection?.name).toBe('darts-pt');
    expect(orThrow(strategyFromConfig(config())).selection).toBeUndefined();
    const unknown = decodeSearchConfig({ selection: { name: 'darts-ptt' } }, SEARCH_PRESETS['darts-mnist']);
    expect(E.isLeft(unknown) && `${unknown.left.path}: ${unknown.left.message}`).toMatch(/^selection.name: unknown selection 'darts-ptt'; known: argmax, darts-pt/);
    const bad = decodeSearchConfig({ selection: { name: 'darts-pt', fineTuneSteps: -1 } }, SEARCH_PRESETS['darts-mnist']);
    expect(E.isLeft(bad) && bad.left.path).toBe('selection.fineTuneSteps');
  });

  it('keeps the fingerprint of a configuration without it for argmax, and names the method', () => {
    expect(searchFingerprint(config({ selection: { name: 'argmax' } }))).toBe(searchFingerprint(config()));
    expect(searchFingerprint(config({ selection: { name: 'darts-pt' } }))).not.toBe(searchFingerprint(config()));
    expect(searchMethod(config({ selection: { name: 'darts-pt' } }))).toBe('DARTS (bilevel, first order), DARTS-PT selection');
    expect(searchMethod(config({ selection: { name: 'argmax' } }))).toBe('DARTS (bilevel, first order)');
  });
});
