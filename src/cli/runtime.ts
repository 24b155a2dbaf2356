/**
 * What the long-running commands (search, retrain, bench) share: the backend flags and loader,
 * a progress printer on the command's standard error, and Ctrl-C handling.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import type { GoldNasError } from '../errors.js';
import { loadTfjs } from '../node/loadTfjs.js';
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
  { name: 'threads', type: 'int', value: '<n>', min: 1, description: 'wasm only: run convolutions on this many threads (default 1)' },
];

/**
 * Loads and readies the backend the flags name.
 *
 * @param args - parsed arguments with {@link BACKEND_FLAGS}.
 * @returns the tfjs namespace, or a `BackendError` that says what to install.
 */
export function loadBackend(args: ParsedArgs): Promise<Either<GoldNasError, TF>> {
  const flavour = args.flags.backend as TfjsFlavour;
  const threads = args.flags.threads as number | undefined;
  return loadTfjs(flavour, threads !== undefined && threads > 1 ? { threads } : {})();
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
