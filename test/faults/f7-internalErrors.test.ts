/**
 * Issue 16, finding 7: inputs that used to end in an internal error (exit 1 and a stack trace)
 * are refused with a message and exit 2, before any training and with nothing changed on disk:
 * an `--out` that is a file or cannot be made, a checkpoint whose header is structurally wrong
 * but whose checksum matches, an operator name with control characters in `pareto.json`, and a
 * run directory that cannot be written (found at the start, not at the first checkpoint).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/cliHarness.js';
import type { CheckpointHeader } from './inputHarness.js';
import { CPU, copyRun, readJson, rewriteCheckpoint, snapshot, writeJson } from './inputHarness.js';

/** Exit 2 with a `gold-nas: …` message matching `message`, and no stack trace. */
function expectMessage(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
}

const isRoot = process.getuid?.() === 0;

describe('finding 7: messages instead of internal errors', () => {
  it('search --out naming an existing file is refused', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gnas-f7-'));
    const file = join(root, 'taken');
    await writeFile(file, 'not a directory');
    const before = await snapshot(root);
    expectMessage(await cli('search', '--preset', 'synthetic-tiny', ...CPU, '--out', file), /taken: is a file .*not a directory/);
    expectMessage(await cli('search', '--preset', 'synthetic-tiny', ...CPU, '--out', join(file, 'run')), /taken.*(not a directory|a file)/);
    expect(await snapshot(root)).toEqual(before);
  });

  it.skipIf(isRoot)('search --out under a directory that cannot be written is refused', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gnas-f7-'));
    const locked = join(root, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    try {
      expectMessage(await cli('search', '--preset', 'synthetic-tiny', ...CPU, '--out', join(locked, 'a', 'run')), /could not create the directory/);
    } finally {
      await chmod(locked, 0o755);
    }
  });

  it.each<[string, (h: CheckpointHeader) => void, RegExp]>([
    ['arrays not a list', (h) => { h.arrays = { w: 1 }; }, /checkpoint\.bin.*arrays/],
    ['an array entry whose shape is not a list', (h) => { (h.arrays as { shape: unknown }[])[0]!.shape = 'big'; }, /checkpoint\.bin.*arrays\.0\.shape/],
    ['state: null', (h) => { (h as Record<string, unknown>).state = null; }, /checkpoint\.bin.*state/],
    ['a candidate whose architecture has other nodes than the layout', (h) => {
      (h.state.candidates[0]!.payload as { architecture: { nodes: number } }).architecture.nodes = 3;
    }, /checkpoint\.bin.*candidates\.0.*nodes/],
    ['a candidate whose architecture has an operator the space lacks', (h) => {
      const arch = (h.state.candidates[0]!.payload as { architecture: { cells: { edges: { op: string }[] }[] } }).architecture;
      arch.cells[0]!.edges[0]!.op = 'conv_7x1_1x7';
    }, /checkpoint\.bin.*candidates\.0.*conv_7x1_1x7/],
    ['a candidate without objective values', (h) => { h.state.candidates[0]!.values = {}; }, /checkpoint\.bin.*candidates\.0\.values/],
  ])('search --resume refuses a checkpoint with %s (checksum valid) before training', async (_name, damage, message) => {
    // The finished run's checkpoint: it holds candidates (the interrupted one, at step 7, has none yet).
    const { root, dir } = await copyRun();
    await rewriteCheckpoint(join(dir, 'checkpoint.bin'), damage);
    const before = await snapshot(root);
    const r = await cli('search', '--resume', dir, ...CPU);
    expectMessage(r, message);
    expect(r.stderr).not.toMatch(/resuming at step/);
    expect(await snapshot(root)).toEqual(before);
  });

  it.each([['a NUL byte', 'sep_conv\u00003x3'], ['a newline and a quote', 'sep_conv_3x3"\n]; x [label="']])(
    'report and retrain refuse an operator name with %s in pareto.json', async (_name, op) => {
      const { root, dir } = await copyRun();
      const path = join(dir, 'pareto.json');
      const pareto = await readJson(path) as { candidates: { onFront: boolean; architecture: { cells: { edges: { op: string }[] }[] } }[] };
      for (const c of pareto.candidates) c.architecture.cells[0]!.edges[0]!.op = op;
      await writeJson(path, pareto);
      const before = await snapshot(root);
      expectMessage(await cli('report', dir), /pareto\.json: candidates\.0\.architecture\.cells\.0\.edges\.0\.op: .*control character/);
      expectMessage(await cli('retrain', dir, ...CPU, '--epochs', '1'), /pareto\.json: candidates\.0\.architecture\.cells\.0\.edges\.0\.op: .*control character/);
      expect(await snapshot(root)).toEqual(before);
    });

  it('search --resume of a run whose architectures/ cannot be written is refused at the start, not after training', async () => {
    const { root, dir } = await copyRun('interrupted');
    // A file where the folder of candidate files belongs: every write into it fails (as a read-only folder does for a non-root user).
    await rm(join(dir, 'architectures'), { recursive: true, force: true });
    await writeFile(join(dir, 'architectures'), 'in the way');
    const before = await snapshot(root);
    const r = await cli('search', '--resume', dir, ...CPU);
    expectMessage(r, /architectures: (is not a directory|cannot be written)/);
    expect(r.stderr).not.toMatch(/resuming at step/);
    expect(await snapshot(root)).toEqual(before);
  });

  it.skipIf(isRoot)('search --resume of a run directory that cannot be written is refused at the start', async () => {
    const { dir } = await copyRun('interrupted');
    await chmod(dir, 0o555);
    try {
      const r = await cli('search', '--resume', dir, ...CPU);
      expectMessage(r, /cannot be written/);
      expect(r.stderr).not.toMatch(/resuming at step/);
    } finally {
      await chmod(dir, 0o755);
    }
  });

  it('the fixture is sound: the damaged cases above differ from an intact resume', async () => {
    const { dir } = await copyRun('interrupted');
    const r = await cli('search', '--resume', dir, ...CPU);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'pareto.json'))).toBe(true);
  });
});
