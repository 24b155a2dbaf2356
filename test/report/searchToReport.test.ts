import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { SEARCH_PRESETS, operatorSlots, OPERATORS } from '../../src/index.js';
import { searchInDirectory } from '../../src/node/index.js';
import { gateHeatmapSpec, paretoSpec, readSearchRun, reportModel, timelineSpec, writeReport } from '../../src/node/report/index.js';
import { externalReferences, vegaLiteWarnings } from './reportHelpers.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

describe('a fresh search run, reported', () => {
  it('reads what searchInDirectory wrote and reports it', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'gnas-report-run-')), 'run');
    const config = { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 20, checkpointEvery: 0 };
    const search = await searchInDirectory({ tf, dir, config });
    if (E.isLeft(search)) throw new Error(search.left.message);

    const run = await readSearchRun(dir);
    if (E.isLeft(run)) throw new Error(`${run.left.path}: ${run.left.message}`);
    expect(run.right.warnings).toEqual([]);
    expect(run.right.candidates.map((c) => c.id).sort()).toEqual(search.right.result.candidates.map((c) => c.id).sort());
    const model = reportModel(run.right);
    expect(model.front.map((f) => f.candidate.id).sort()).toEqual(search.right.result.front.map((c) => c.id).sort());
    expect(model.figures.steps).toBe(20);
    expect(model.rounds.length).toBeGreaterThan(0);
    const slots = operatorSlots({ ...config.space, table: OPERATORS });
    for (const round of model.rounds) expect(round.gates).toHaveLength(slots.length);
    for (const spec of [paretoSpec(model), timelineSpec(model), gateHeatmapSpec(config.space, model.moments[0]!)]) expect(vegaLiteWarnings(spec)).toEqual([]);

    const written = await writeReport({ dir });
    if (E.isLeft(written)) throw new Error(written.left.message);
    expect(written.right.warnings).toEqual([]);
    expect(written.right.figures.cells).toBe(model.front.length * config.space.layout.cells);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(externalReferences(html)).toEqual([]);
    for (const c of search.right.result.front) expect(html).toContain(c.id);
  });
});
