/**
 * What the input-fault cases (findings 3, 5 and 7 of issue 16) share: a small finished search run
 * to copy and damage, a checkpoint header rewriter that keeps the checksum valid (a forger's
 * checkpoint), and a snapshot of a directory tree to show that a refusal changed nothing.
 */
import { cp, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { fnv1a32 } from '../../src/checkpoint/format.js';
import { searchInDirectory } from '../../src/node/searchRun.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { useFastCpu } from '../fastCpu.js';

/** The configuration of the fixture run: synthetic-tiny, 10 steps, a checkpoint every 5. */
export const TINY = { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 10, checkpointEvery: 5 };

let finished: Promise<string> | undefined;
let interrupted: Promise<string> | undefined;

/** A finished tiny run (made once per test file). */
function finishedRun(): Promise<string> {
  finished ??= (async () => {
    await useFastCpu();
    const dir = join(await mkdtemp(join(tmpdir(), 'gnas-faults-')), 'run');
    const r = await searchInDirectory({ tf, dir, config: TINY });
    if (E.isLeft(r)) throw new Error(r.left.message);
    return dir;
  })();
  return finished;
}

/** A tiny run interrupted at step 7 (after a pruning round recorded candidates), so that a resume trains. */
function interruptedRun(): Promise<string> {
  interrupted ??= (async () => {
    await useFastCpu();
    const dir = join(await mkdtemp(join(tmpdir(), 'gnas-faults-')), 'run');
    // Polled once before each step: true on the 8th poll stops after step 7.
    let polls = 0;
    const r = await searchInDirectory({ tf, dir, config: TINY, shouldStop: () => ++polls > 7 });
    if (E.isRight(r) && r.right.result.stopReason !== 'interrupted') throw new Error(`the fixture run was not interrupted: ${r.right.result.stopReason}`);
    if (E.isLeft(r)) throw new Error(r.left.message);
    return dir;
  })();
  return interrupted;
}

/**
 * A fresh copy of the fixture run, in a new temporary folder: `finished` (10 steps, with
 * `pareto.json`) or `interrupted` (stopped at step 7, to resume).
 */
export async function copyRun(kind: 'finished' | 'interrupted' = 'finished'): Promise<{ readonly root: string; readonly dir: string }> {
  const source = await (kind === 'finished' ? finishedRun() : interruptedRun());
  const root = await mkdtemp(join(tmpdir(), 'gnas-fault-'));
  const dir = join(root, 'run');
  await cp(source, dir, { recursive: true });
  return { root, dir };
}

/** A checkpoint's JSON header, as `encodeCheckpoint` writes it. */
export type CheckpointHeader = Record<string, unknown> & { state: Record<string, unknown> & { candidates: Record<string, unknown>[] } };

/**
 * Rewrites the JSON header of a checkpoint file and recomputes its checksum, as a forger would:
 * the file stays a valid checkpoint byte for byte, only its header says something else.
 */
export async function rewriteCheckpoint(path: string, mutate: (header: CheckpointHeader) => void): Promise<void> {
  const bytes = new Uint8Array(await readFile(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength))) as CheckpointHeader;
  mutate(header);
  const data = bytes.subarray(16 + Math.ceil(headerLength / 4) * 4, bytes.length - 4);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(text.length / 4) * 4;
  const out = new Uint8Array(16 + padded + data.length + 4);
  out.set(bytes.subarray(0, 12), 0);
  new DataView(out.buffer).setUint32(12, text.length, true);
  out.set(text, 16);
  out.set(data, 16 + padded);
  new DataView(out.buffer).setUint32(out.length - 4, fnv1a32(out.subarray(0, out.length - 4)), true);
  await writeFile(path, out);
}

/** Every file and folder under `dir` with its size and modification time (empty when `dir` does not exist). */
export async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, prefix: string): Promise<void> => {
    let entries: string[];
    try {
      entries = (await readdir(d)).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const s = await stat(join(d, name));
      out.push(`${prefix}${name}:${s.isDirectory() ? 'dir' : `${s.size}:${s.mtimeMs}`}`);
      if (s.isDirectory()) await walk(join(d, name), `${prefix}${name}/`);
    }
  };
  await walk(dir, '');
  return out;
}

/** Reads and parses a JSON file. */
export async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Writes a value as JSON. */
export function writeJson(path: string, value: unknown): Promise<void> {
  return writeFile(path, JSON.stringify(value));
}

/** The CLI flags every case passes: the cpu backend, quietly. */
export const CPU = ['--backend', 'cpu'] as const;
