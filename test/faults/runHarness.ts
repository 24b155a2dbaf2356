/**
 * What the run-directory fault tests share: the built `gold-nas` executable run as a child process
 * (optionally with fault injection at file renames, see renameHook.mjs), a tiny search configuration,
 * snapshots of a run directory's files, and a run's timeline without its wall-clock figures.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCheckpoint } from '../../src/checkpoint/format.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/gold-nas.js');
const HOOK = new URL('./renameHook.mjs', import.meta.url).href;

/** Throws unless dist/ is built (the child processes run the compiled command line). */
export function needDist(): void {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run npm run build');
}

/** A new temporary directory. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gnas-${prefix}-`));
}

/** A search of 4 steps with a checkpoint every 2 and a step event every step (seconds on the cpu backend). */
export const TINY_SEARCH = { maxSteps: 4, checkpointEvery: 2, logEvery: 1 };

/** Writes {@link TINY_SEARCH} (and `extra`) as a config file in `dir`; returns its path. */
export async function tinyConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const path = join(dir, 'tiny.json');
  await writeFile(path, JSON.stringify({ ...TINY_SEARCH, ...extra }));
  return path;
}

/** The arguments of a tiny search into `out`. */
export function searchArgs(config: string, out: string): string[] {
  return ['search', '--preset', 'synthetic-tiny', '--config', config, '--backend', 'cpu', '--out', out];
}

/** The arguments of a short re-training of a run's front. */
export function retrainArgs(dir: string, epochs = 2): string[] {
  return ['retrain', dir, '--preset', 'synthetic-tiny', '--epochs', String(epochs), '--backend', 'cpu'];
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** What the child wrote to standard error so far. */
  stderr(): string;
}

export interface GnasOptions {
  /** SIGKILL the process just before its n-th file rename. */
  readonly killAtRename?: number;
  /** Fail the n-th file rename with ENOSPC (a full disk). */
  readonly enospcAtRename?: number;
  /** Append every rename's target to this file. */
  readonly renameLog?: string;
  readonly cwd?: string;
}

/** Starts `gold-nas <args>` as a child process. */
export function startGnas(args: readonly string[], options: GnasOptions = {}): Started {
  const hooked = options.killAtRename !== undefined || options.renameLog !== undefined || options.enospcAtRename !== undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.killAtRename !== undefined) env.GOLD_NAS_KILL_AT_RENAME = String(options.killAtRename);
  if (options.renameLog !== undefined) env.GOLD_NAS_RENAME_LOG = options.renameLog;
  if (options.enospcAtRename !== undefined) env.GOLD_NAS_ENOSPC_AT_RENAME = String(options.enospcAtRename);
  const child = spawn(process.execPath, [...(hooked ? ['--import', HOOK] : []), BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, stderr: () => stderr };
}

/** Runs `gold-nas <args>` to its end. */
export function gnas(args: readonly string[], options: GnasOptions = {}): Promise<Exit> {
  return startGnas(args, options).exited;
}

/** Waits until `test()` holds (polling), or throws when the child ends first or after `ms`. */
export async function waitUntil(test: () => boolean, started: Started, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) throw new Error(`the process ended before ${what}:\n${started.stderr()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every file under `dir` (relative path → contents), sub-folders included. */
export async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else files.set(path, await readFile(join(dir, path)));
    }
  };
  if (existsSync(dir)) await walk('');
  return files;
}

/** The file names of a {@link tree}, sorted. */
export function names(files: Map<string, Buffer>): string[] {
  return [...files.keys()].sort();
}

/** Wall-clock fields, which differ between two runs of the same computation. */
const CLOCK_FIELDS = new Set(['imagesPerSecond', 'seconds', 'elapsedSeconds']);

/** JSON text without its wall-clock fields. */
export function withoutClock(text: string): unknown {
  return JSON.parse(text, (k, v: unknown) => (CLOCK_FIELDS.has(k) ? undefined : v));
}

/** A checkpoint file's contents without the wall-clock fields of its state (a re-training records its seconds): the state and every array's bytes. */
export function checkpointWithoutClock(bytes: Buffer, kind: string): unknown {
  const c = decodeCheckpoint(new Uint8Array(bytes), { kind });
  if (c._tag === 'Left') throw new Error(c.left.message);
  return {
    fingerprint: c.right.fingerprint,
    state: withoutClock(JSON.stringify(c.right.state)),
    arrays: c.right.arrays.map((a) => [a.name, a.shape, Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength).toString('base64')]),
  };
}

/**
 * A search run's timeline: its events without the start, checkpoint and stop markers (a resumed run
 * has more of those) and without wall-clock figures.
 */
export async function timeline(dir: string): Promise<unknown[]> {
  const text = await readFile(join(dir, 'events.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => withoutClock(l) as { type: string })
    .filter((e) => e.type !== 'start' && e.type !== 'checkpoint' && e.type !== 'stop');
}

/** The renames an uninterrupted run makes, by target (relative to `dir`). */
export async function renameTargets(log: string, dir: string): Promise<string[]> {
  return (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '').map((l) => (l.startsWith(`${dir}/`) ? l.slice(dir.length + 1) : l));
}

/** A temporary folder with the tiny search's configuration and an uninterrupted reference run, with its renames in order. */
export interface ReferenceSearch {
  readonly tmp: string;
  readonly config: string;
  readonly reference: string;
  readonly renames: string[];
}

/**
 * Runs the tiny search once, uninterrupted, in a new temporary folder named after `prefix`, logging
 * its renames: the run that killed and resumed runs are compared with.
 */
export async function referenceSearch(prefix: string): Promise<ReferenceSearch> {
  needDist();
  const tmp = await tempDir(prefix);
  const config = await tinyConfig(tmp);
  const reference = join(tmp, 'reference');
  const log = join(tmp, 'renames.log');
  const r = await gnas(searchArgs(config, reference), { renameLog: log });
  if (r.code !== 0) throw new Error(`the reference search failed (exit ${r.code}):\n${r.stderr}`);
  return { tmp, config, reference, renames: await renameTargets(log, reference) };
}
