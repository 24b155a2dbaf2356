/**
 * What the long-running commands (search, retrain, bench) share: the backend flags and loader,
 * a progress printer on the command's standard error, and Ctrl-C handling.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { availableCores } from '../node/availableCores.js';
import { loadTfjs } from '../node/loadTfjs.js';
import { MAX_THREADS } from '../node/readyThreadedWasm.js';
import { readJsonFile } from '../node/readFiles.js';
import type { TfjsFlavour } from '../node/loadTfjs.js';
import { createProgress } from '../node/progress.js';
import type { Progress, ProgressOptions } from '../node/progress.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliIo } from './command.js';

/** `--backend` and `--threads`. */
export const BACKEND_FLAGS: readonly FlagSpec[] = [
  {
    name: 'backend', type: 'string', value: '<name>', choices: ['cpu', 'wasm', 'tensorflow'], default: 'wasm',
    description: 'tfjs backend: wasm (fast, no install), cpu (pure JS, slow), tensorflow (@tensorflow/tfjs-node-gpu or -node, if installed)',
  },
  { name: 'threads', type: 'int', value: '<n>', min: 1, description: `wasm only: share the training kernels among this many threads (default: the cores this process may use, up to ${MAX_THREADS})` },
];

/**
 * The thread count the flags ask for: `--threads`, or on wasm the cores available (affinity and
 * cgroup quota, up to {@link MAX_THREADS}); 1 on other backends.
 *
 * @param args - parsed arguments with {@link BACKEND_FLAGS}.
 * @returns the thread count.
 */
export function threadCount(args: ParsedArgs): number {
  const asked = args.flags.threads as number | undefined;
  if (asked !== undefined) return asked;
  return args.flags.backend === 'wasm' ? Math.min(MAX_THREADS, availableCores()) : 1;
}

/**
 * Loads and readies the backend the flags name.
 *
 * @param args - parsed arguments with {@link BACKEND_FLAGS}.
 * @returns the tfjs namespace, or a `DependencyError` that says what to install (a `BackendError` when a backend fails to start).
 */
export function loadBackend(args: ParsedArgs): Promise<Either<GoldNasError, TF>> {
  const flavour = args.flags.backend as TfjsFlavour;
  const threads = threadCount(args);
  return loadTfjs(flavour, flavour === 'wasm' && threads > 1 ? { threads } : {});
}

/**
 * A progress printer writing to the command's standard error (a redrawn bar on a terminal, plain lines otherwise).
 *
 * @param io - the command's streams.
 * @param options - unit and total.
 * @returns the printer.
 */
export function commandProgress(io: CliIo, options: Omit<ProgressOptions, 'stream' | 'tty'>): Progress {
  const stream = { write: (s: string) => { io.stderr(s); return true; }, isTTY: io.stderrIsTTY === true, columns: io.columns ?? 120 };
  return createProgress({ ...options, stream: stream as unknown as NonNullable<ProgressOptions['stream']>, tty: io.stderrIsTTY === true });
}

/**
 * Runs `work` with Ctrl-C turned into a polite stop request: the first Ctrl-C makes `stopRequested()` true
 * (the work checkpoints and returns), a second one ends the process.
 *
 * @param io - the command's streams (its `onInterrupt`, when present).
 * @param work - the work, given the stop poll.
 * @returns what the work returns.
 */
export async function withInterrupt<A>(io: CliIo, work: (stopRequested: () => boolean) => Promise<A>): Promise<A> {
  let stop = false;
  const unsubscribe = io.onInterrupt?.(() => {
    stop = true;
  });
  try {
    return await work(() => stop);
  } finally {
    unsubscribe?.();
  }
}

/** The largest `--config` file read (1 MiB). */
const MAX_CONFIG_BYTES = 2 ** 20;

/**
 * A command's configuration: the JSON file of `--config` (relative to the working directory), with
 * the flags' `overrides` (those not `undefined`) on top, decoded over `base`. Errors in the file are
 * reported as `<file>: <path>`; nothing is written.
 *
 * @param args - parsed arguments (reads `--config`).
 * @param io - the command's working directory.
 * @param decode - the configuration decoder (partial input over a base).
 * @param base - the preset the file and flags override.
 * @param overrides - fields set by other flags (`{ seed: args.flags.seed }`, …).
 * @returns the decoded configuration, or the first error.
 */
export async function configFromFlags<A, B>(
  args: ParsedArgs, io: CliIo, decode: (input: unknown, base: B) => Either<GoldNasError, A>, base: B, overrides: Readonly<Record<string, unknown>>,
): Promise<Either<GoldNasError, A>> {
  const file = args.flags.config as string | undefined;
  let input: unknown = {};
  if (file !== undefined) {
    // Bounded before it is read: a configuration is a few kilobytes, and decoding megabytes of it would take the stack or the memory.
    const size = await stat(resolve(io.cwd, file)).then((s) => s.size, () => 0);
    if (size > MAX_CONFIG_BYTES) {
      return E.left(goldNasError('ConfigError', file, `is ${(size / 2 ** 20).toFixed(1)} MiB; a configuration file is at most ${MAX_CONFIG_BYTES / 2 ** 20} MiB (a configuration is a few kilobytes)`));
    }
    const json = await readJsonFile(resolve(io.cwd, file), 'no such file', file);
    if (E.isLeft(json)) return json;
    input = json.right;
  }
  // A file that is not an object goes to the decoder as it is, which says what was expected.
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    input = { ...input, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  }
  const config = decode(input, base);
  if (E.isLeft(config) && file !== undefined) return E.left({ ...config.left, path: config.left.path === '' ? file : `${file}: ${config.left.path}` });
  return config;
}
