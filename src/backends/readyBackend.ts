/**
 * Choosing and readying a tfjs backend, with a check that it really became active: tfjs's
 * `setBackend` falls back silently when a backend cannot start (no WebGL, a wasm file that does
 * not load), and a search that runs on the wrong backend is slow or wrong without saying so.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { type GoldNasError, goldNasError } from '../errors.js';
import type { TF } from './tf.js';
import { type WasmKernelRegistration, type WasmTrainingKernelOptions, registerWasmTrainingKernels } from './registerWasmTrainingKernels.js';
import { type CpuKernelRegistration, type CpuTrainingKernelOptions, registerCpuTrainingKernels } from './registerCpuTrainingKernels.js';

/** The tfjs backends gold-nas knows how to ready. `tensorflow` is tfjs-node / tfjs-node-gpu. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'tensorflow';

/** Options of {@link readyBackend}. */
export interface ReadyBackendOptions {
  /** Options for the wasm training kernels installed when the backend is `wasm`. */
  readonly wasmKernels?: WasmTrainingKernelOptions;
  /** Options for the cpu training kernels installed when the backend is `cpu` (turn them all off to keep tfjs's own). */
  readonly cpuKernels?: CpuTrainingKernelOptions;
}

/** A backend that is active and ready. */
export interface ReadiedBackend {
  /** The active backend. */
  readonly name: BackendName;
  /**
   * The float precision the backend stores tensors in: 16 on WebGL without float32 render targets
   * (too coarse to train). On webgl this reads `WEBGL_RENDER_FLOAT32_ENABLED`: tfjs's own
   * `backend().floatPrecision()` reports 16 exactly when float32 is enabled.
   */
  readonly floatPrecision: number;
  /** The wasm training kernels, when the backend is `wasm`. */
  readonly wasmKernels?: WasmKernelRegistration;
  /** The cpu training kernels, when the backend is `cpu`. */
  readonly cpuKernels?: CpuKernelRegistration;
}

const HOW_TO_REGISTER: Record<BackendName, string> = {
  cpu: "import '@tensorflow/tfjs' (or '@tensorflow/tfjs-backend-cpu') before readying it",
  wasm: "import '@tensorflow/tfjs-backend-wasm' (npm install @tensorflow/tfjs-backend-wasm@4.22.0) before readying it; in Node, loadTfjs('wasm') from 'gold-nas/node' does both",
  webgl: "it exists only in a browser: import '@tensorflow/tfjs' there (in Node use 'wasm' or 'cpu')",
  tensorflow: "pass the namespace of '@tensorflow/tfjs-node-gpu' or '@tensorflow/tfjs-node'; in Node, loadTfjs('tensorflow') from 'gold-nas/node' finds whichever is installed",
};

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
}

async function restore(tf: TF, previous: string | null | undefined, failed: string): Promise<string> {
  if (previous === null || previous === undefined || previous === failed) return 'none';
  try {
    return (await tf.setBackend(previous)) ? previous : 'none';
  } catch {
    return 'none';
  }
}

/**
 * Makes `name` tfjs's active backend, waits until it is ready, and checks that tfjs did not fall
 * back to another one. For `wasm` it first installs the training kernels
 * ({@link registerWasmTrainingKernels}), for `cpu` the faster cpu ones ({@link registerCpuTrainingKernels}).
 *
 * @param tf - the tfjs namespace, with the backend's package imported.
 * @param name - the backend.
 * @param options - options for the wasm kernels.
 * @returns a task: the readied backend, or a `BackendError` saying what to install or why it failed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { readyBackend, formatError } from 'gold-nas';
 * const r = await readyBackend(tf, 'wasm')();
 * if (r._tag === 'Left') throw new Error(formatError(r.left));
 * console.log(r.right.name, r.right.wasmKernels?.registered);
 * ```
 */
export function readyBackend(tf: TF, name: BackendName, options: ReadyBackendOptions = {}): TaskEither<GoldNasError, ReadiedBackend> {
  return async () => {
    const fail = (message: string): E.Either<GoldNasError, ReadiedBackend> => E.left(goldNasError('BackendError', 'backend', message));
    if (tf.findBackendFactory(name) === null || tf.findBackendFactory(name) === undefined) {
      return fail(`the tfjs backend '${name}' is not registered: ${HOW_TO_REGISTER[name]}.`);
    }
    const wasmKernels = name === 'wasm' ? registerWasmTrainingKernels(tf, options.wasmKernels) : undefined;
    const cpuKernels = name === 'cpu' ? registerCpuTrainingKernels(tf, options.cpuKernels) : undefined;
    // tfjs leaves a backend that failed to start half-selected, and its next `ready()` silently
    // switches to the best registered one: go back to the previous backend instead.
    const previous = tf.getBackend() as string | null | undefined;
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
    } catch (e) {
      await restore(tf, previous, name);
      return fail(`the tfjs backend '${name}' failed to start: ${messageOf(e)}.`);
    }
    if (!ok) {
      const now = await restore(tf, previous, name);
      const hint = name === 'webgl' ? ' (no WebGL2 context: a headless browser needs a GPU or SwiftShader)' : '';
      return fail(`the tfjs backend '${name}' could not be initialised${hint}; see tfjs's warning above. tfjs stays on '${now}'.`);
    }
    await tf.ready();
    const active = tf.getBackend();
    if (active !== name) return fail(`tfjs switched to '${String(active)}' instead of the backend '${name}'.`);
    // On webgl, tfjs's floatPrecision() says 16 exactly when float32 render targets are enabled
    // (its test is inverted); the flag is what tells.
    const floatPrecision = name === 'webgl' ? (tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16) : tf.backend().floatPrecision();
    const readied: ReadiedBackend = {
      name, floatPrecision, ...(wasmKernels !== undefined ? { wasmKernels } : {}), ...(cpuKernels !== undefined ? { cpuKernels } : {}),
    };
    return E.right(readied);
  };
}
