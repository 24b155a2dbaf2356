import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../../src/errors.js';
import { SEARCH_PRESETS } from '../../../src/search/presets.js';
import { searchJobKind } from '../../../src/node/jobs/searchJob.js';
import type { SearchJobSpec } from '../../../src/node/jobs/searchJob.js';
import { DEFAULT_SEARCH_REGISTRY } from '../../../src/search/registry.js';
import { useFastCpu } from '../../fastCpu.js';

const kind = searchJobKind();
const config = { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 12, checkpointEvery: 5 };

async function spec(): Promise<SearchJobSpec> {
  return { kind: 'search', dir: join(await mkdtemp(join(tmpdir(), 'gnas-searchjob-')), 'run'), config };
}

beforeAll(useFastCpu);

describe('the search job kind', () => {
  it('searches, then leaves the finished run as it is when run again', async () => {
    const s = await spec();
    const first = await kind.run(s, { tf, shouldStop: () => false });
    expect(E.isRight(first) && first.right).toMatchObject({ status: 'done', summary: { run: 'run', status: 'searched', steps: 12 } });
    const before = (await stat(join(s.dir, 'summary.json'))).mtimeMs;
    const again = await kind.run(s, { tf, shouldStop: () => false });
    expect(E.isRight(again) && again.right.summary.status).toBe('skipped');
    expect((await stat(join(s.dir, 'summary.json'))).mtimeMs).toBe(before);
  });

  it('continues an interrupted search from its checkpoint, and starts over one stopped before its first checkpoint', async () => {
    const straight = await spec();
    await kind.run(straight, { tf, shouldStop: () => false });
    const s = await spec();
    let step = 0;
    const stopped = await kind.run(s, { tf, shouldStop: () => step >= 7, onEvent: (e) => { step = e.step; } });
    expect(E.isRight(stopped) && stopped.right.status).toBe('interrupted');
    const resumed = await kind.run(s, { tf, shouldStop: () => false });
    expect(E.isRight(resumed) && resumed.right.summary.status).toBe('searched');
    const front = async (d: string): Promise<unknown> => JSON.parse(await readFile(join(d, 'pareto.json'), 'utf8')).front;
    expect(await front(s.dir)).toEqual(await front(straight.dir));
    // A run directory with its configuration and no checkpoint yet (killed before the first one).
    const early = await spec();
    await mkdir(early.dir, { recursive: true });
    await writeFile(join(early.dir, 'config.json'), JSON.stringify(config));
    const over = await kind.run(early, { tf, shouldStop: () => false });
    expect(E.isRight(over) && over.right.summary.status).toBe('searched');
    expect(await front(early.dir)).toEqual(await front(straight.dir));
  });

  it('refuses a run directory of another configuration, and a registry module this runner was not given', async () => {
    const s = await spec();
    await kind.run(s, { tf, shouldStop: () => false });
    const other = await kind.run({ ...s, config: { ...config, seed: 99 } }, { tf, shouldStop: () => false });
    expect(E.isLeft(other) && formatError(other.left)).toMatch(/config.json: holds a search of another configuration/);
    const needs = await kind.run({ ...s, registry: '/somewhere/parts.js' }, { tf, shouldStop: () => false });
    expect(E.isLeft(needs) && [needs.left._tag, needs.left.message]).toEqual(['DependencyError', expect.stringMatching(/started without --registry/)]);
    const given = searchJobKind({ registry: { path: '/somewhere/parts.js', registry: DEFAULT_SEARCH_REGISTRY } });
    const ok = await given.run({ ...s, registry: '/somewhere/parts.js' }, { tf, shouldStop: () => false });
    expect(E.isRight(ok) && ok.right.summary.status).toBe('skipped');
  });

  it('decodes specs read back from a queue, with paths on their errors', () => {
    const bad = (json: unknown): string => {
      const r = kind.decode(json);
      return E.isLeft(r) ? formatError(r.left) : 'ok';
    };
    expect(bad({ kind: 'search', dir: '/runs/a', config })).toBe('ok');
    expect(bad({ kind: 'search', dir: 'runs/a', config })).toMatch(/spec.dir: must be an absolute path/);
    expect(bad({ kind: 'search', dir: '/runs/a', config: { ...config, batchSize: -2 } })).toMatch(/spec.config.batchSize/);
    expect(bad({ kind: 'retrain', dir: '/runs/a' })).toMatch(/spec/);
  });
});
