import { mkdtemp, readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { searchInDirectory } from '../../src/node/searchRun.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import type { SearchEvent } from '../../src/search/events.js';
import { useFastCpu } from '../fastCpu.js';

beforeAll(useFastCpu);

const config = { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 40, checkpointEvery: 10 };

/** The decisions of a run: which slots were pruned, at which step, and how λ moved. */
function decisions(events: readonly SearchEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'prune' ? [`${e.step} prune ${e.reason} ${e.slots.join(',')}`] : e.type === 'lambda' ? [`${e.step} λ ${e.to.toExponential(6)}`] : []);
}

async function readEvents(dir: string): Promise<SearchEvent[]> {
  return (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as SearchEvent);
}

describe('searchInDirectory', () => {
  it('writes the run directory: config, events, checkpoint, Pareto front, architectures, summary', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'gnas-run-')), 'run');
    const r = await searchInDirectory({ tf, dir, config });
    expect(E.isRight(r)).toBe(true);
    const files = await readdir(dir);
    expect(files.sort()).toEqual(['architectures', 'checkpoint.bin', 'config.json', 'events.jsonl', 'pareto.json', 'summary.json', 'summary.txt']);
    const pareto = JSON.parse(await readFile(join(dir, 'pareto.json'), 'utf8'));
    expect(pareto.front.length).toBeGreaterThan(0);
    const archFiles = await readdir(join(dir, 'architectures'));
    for (const c of pareto.candidates) expect(archFiles).toEqual(expect.arrayContaining([`${c.id}.json`, `${c.id}.triples.txt`]));
    expect(await readFile(join(dir, 'summary.txt'), 'utf8')).toMatch(/Pareto front/);
  });

  it('resumes an interrupted run to the same pruning decisions at the same steps as an uninterrupted one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gnas-resume-'));
    const straight = await searchInDirectory({ tf, dir: join(root, 'straight'), config });
    expect(E.isRight(straight)).toBe(true);

    const dir = join(root, 'interrupted');
    let steps = 0;
    const first = await searchInDirectory({
      tf, dir, config,
      onEvent: (e) => { if (e.type === 'step') steps = e.step; },
      shouldStop: () => steps >= 23,
    });
    expect(E.isRight(first) && first.right.result.stopReason).toBe('interrupted');
    const resumed = await searchInDirectory({ tf, dir, resume: true });
    expect(E.isRight(resumed) && resumed.right.result.stopReason).toBe(E.isRight(straight) && straight.right.result.stopReason);

    const a = decisions(await readEvents(join(root, 'straight')));
    const b = decisions(await readEvents(dir));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it.each([
    ['a corrupt checkpoint', async (dir: string) => { const p = join(dir, 'checkpoint.bin'); const b = await readFile(p); b[b.length - 20] ^= 0xff; await writeFile(p, b); }, /corrupt/],
    ['a checkpoint of another configuration', async (dir: string) => {
      const p = join(dir, 'config.json'); const c = JSON.parse(await readFile(p, 'utf8')); c.seed = 99; await writeFile(p, JSON.stringify(c));
    }, /different configuration/],
  ])('refuses to resume from %s and changes nothing on disk', async (_name, damage, message) => {
    const dir = join(await mkdtemp(join(tmpdir(), 'gnas-bad-')), 'run');
    let steps = 0;
    await searchInDirectory({ tf, dir, config, onEvent: (e) => { if (e.type === 'step') steps = e.step; }, shouldStop: () => steps >= 10 });
    await damage(dir);
    const snapshot = async (): Promise<string[]> =>
      Promise.all((await readdir(dir)).sort().map(async (f) => `${f}:${(await stat(join(dir, f))).mtimeMs}`));
    const before = await snapshot();
    const r = await searchInDirectory({ tf, dir, resume: true });
    expect(E.isLeft(r) && r.left._tag === 'CheckpointError' && message.test(r.left.message)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to start a new run in a directory that holds one', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'gnas-busy-')), 'run');
    let steps = 0;
    await searchInDirectory({ tf, dir, config, onEvent: (e) => { if (e.type === 'step') steps = e.step; }, shouldStop: () => steps >= 5 });
    const r = await searchInDirectory({ tf, dir, config });
    expect(E.isLeft(r) && /--resume/.test(r.left.message)).toBe(true);
  });
});
