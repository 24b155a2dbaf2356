/**
 * Choosing and readying a tfjs backend, with a check that it really became active: tfjs's
 * `setBackend` falls back silently when a backend cannot start (no WebGL, a wasm file that does
 * not load), and a search that runs on the wrong backend is slow or wrong without saying so.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { type GoldNasError, goldNasError } from '../errors.js';
import type { TF } from '../tf.js';
import type { KernelSelection } from '../kernels/kernelTable.js';
import { type KernelInstallation, installKernels } from '../kernels/installKernels.js';
import { CPU_KERNEL_TABLE, type CpuTrainingKernelOptions } from '../kernels/cpuKernelTable.js';
import { WASM_KERNEL_TABLE, type WasmTrainingKernelOptions } from '../kernels/wasmKernelTable.js';

/**
 * The tfjs backends gold-nas knows how to ready. `tensorflow` is tfjs-node / tfjs-node-gpu.
 *
 * @since 0.1.0
 */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'tensorflow';

const BACKEND_NAMES: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'tensorflow'];

/**
 * Options of {@link readyBackend}.
 *
 * @since 0.1.0
 */
export interface ReadyBackendOptions {
  /**
   * Which of gold-nas's kernels to install on `cpu` and `wasm`: `'all'` (default) replaces the stock
   * kernels listed at {@link readyBackend} and fills the gaps; `'gaps'` only fills gaps (no stock
   * kernel is replaced, so every stock op gives tfjs's own result; wasm can still train); `'none'`
   * changes nothing in tfjs's kernel registry.
   */
  readonly kernels?: KernelSelection;
  /** Switches for single groups of the wasm kernels (`WasmTrainingKernelOptions`, each on by default). */
  readonly wasmKernels?: WasmTrainingKernelOptions;
  /** Switches for single groups of the cpu kernels (`CpuTrainingKernelOptions`, each on by default). */
  readonly cpuKernels?: CpuTrainingKernelOptions;
}

/**
 * A backend that is active and ready.
 *
 * @since 0.1.0
 */
export interface ReadiedBackend {
  /** The active backend. */
  readonly name: BackendName;
  /**
   * The float precision the backend stores tensors in: 16 on WebGL without float32 render targets
   * (too coarse to train). On webgl this reads `WEBGL_RENDER_FLOAT32_ENABLED`: tfjs's own
   * `backend().floatPrecision()` reports 16 exactly when float32 is enabled.
   */
  readonly floatPrecision: number;
  /**
   * gold-nas's kernels for this backend: the stock kernels they replace (`replaced`), the gaps they
   * fill (`filled`), what this call registered, and `restore()`, which puts tfjs's stock kernels
   * back. Empty on `webgl` and `tensorflow`, for which gold-nas has no kernels.
   */
  readonly kernels: KernelInstallation;
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

/** Installs the backend's kernel table, if it has one. */
function installFor(tf: TF, name: BackendName, options: ReadyBackendOptions): KernelInstallation {
  const select = options.kernels ?? 'all';
  if (name === 'cpu') return installKernels(tf, CPU_KERNEL_TABLE, { ...options.cpuKernels, select });
  if (name === 'wasm') return installKernels(tf, WASM_KERNEL_TABLE, { ...options.wasmKernels, select });
  return { backendName: name, replaced: [], filled: [], registered: [], alreadyRegistered: [], skipped: [], restore: () => [] };
}

async function restoreBackend(tf: TF, previous: string | null | undefined, failed: string): Promise<string> {
  if (previous === null || previous === undefined || previous === failed) return 'none';
  try {
    return (await tf.setBackend(previous)) ? previous : 'none';
  } catch {
    return 'none';
  }
}

/**
 * Makes `name` tfjs's active backend, waits until it is ready, and checks that tfjs did not fall
 * back to another one.
 *
 * Unless `options.kernels` says otherwise, it first installs gold-nas's kernels for `cpu` and
 * `wasm` in tfjs's global kernel registry, so they apply to every user of this `tf` namespace:
 * - `cpu` replaces the stock `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`, `Slice`,
 *   `SplitV`, `Multiply`, `Add`, `Relu`, `Step` and `PadV2` (same results to float32 rounding,
 *   faster), and fills `GoldNasBatchNorm`, `GoldNasBatchNormGrad`, `GoldNasBatchNormRunning`, `GoldNasSgd`, `GoldNasScaleGrad`,
 *   `GoldNasFactorizedReduce`, `GoldNasFactorizedReduceGrad`, `GoldNasReluPointwise`, `GoldNasReluPointwiseGrad`,
 *   `GoldNasPointwiseBatchNorm` and `GoldNasPointwiseBatchNormGrad`;
 * - `wasm` replaces the stock `Conv2DBackpropInput`, `Conv2D` (1×1), `Identity`, `Cast`, `MaxPoolGrad`, `Slice`,
 *   `SplitV`, `Concat`, `AddN`, `PadV2`, `Add`, `Multiply` and `Mean` (spatial) (faster, zero-copy, shared among a kernel
 *   pool's threads, or, for `MaxPoolGrad`, correct), and
 *   fills `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter` and
 *   `DepthwiseConv2dNativeBackpropInput` (which tfjs-wasm 4.22 lacks) and gold-nas's fused
 *   `GoldNasBatchNorm`, `GoldNasBatchNormGrad`, `GoldNasBatchNormRunning`, `GoldNasReluDepthwise`, `GoldNasReluDepthwiseGrad`,
 *   `GoldNasSgd`, `GoldNasScaleGrad`, `GoldNasWeightedAddN`, `GoldNasFactorizedReduce`, `GoldNasFactorizedReduceGrad`, `GoldNasReluPointwise` and
 *   `GoldNasReluPointwiseGrad`, `GoldNasPointwiseBatchNorm`, `GoldNasPointwiseBatchNormGrad`,
 *   `GoldNasReluSeparableBatchNorm` and `GoldNasReluSeparableBatchNormGrad`;
 * - `webgl` and `tensorflow`: nothing.
 *
 * `kernels: 'gaps'` installs only the gap-fillers, `kernels: 'none'` nothing; the result's
 * `kernels` says what was replaced and filled, and `kernels.restore()` (or
 * `uninstallKernels(tf, CPU_KERNEL_TABLE)` / `uninstallKernels(tf, WASM_KERNEL_TABLE)` from
 * `gold-nas/kernels`) puts the stock kernels back.
 * When readying fails, nothing stays installed.
 *
 * @param tf - the tfjs namespace, with the backend's package imported.
 * @param name - the backend.
 * @param options - which kernels to install.
 * @returns the readied backend, or a `BackendError` saying what to install or why it failed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { readyBackend, formatError } from 'gold-nas';
 * const r = await readyBackend(tf, 'wasm');
 * if (r._tag === 'Left') throw new Error(formatError(r.left));
 * console.log(r.right.name, r.right.kernels.replaced, r.right.kernels.filled);
 * r.right.kernels.restore(); // tfjs's stock wasm kernels again (and no convolution gradients)
 * ```
 * @since 0.1.0
 */
export async function readyBackend(tf: TF, name: BackendName, options: ReadyBackendOptions = {}): Promise<E.Either<GoldNasError, ReadiedBackend>> {
  const fail = (message: string): E.Either<GoldNasError, ReadiedBackend> => E.left(goldNasError('BackendError', 'backend', message));
  if (!BACKEND_NAMES.includes(name)) {
    return fail(`unknown backend '${String(name)}': gold-nas readies ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}.`);
  }
  if (tf.findBackendFactory(name) === null || tf.findBackendFactory(name) === undefined) {
    return fail(`the tfjs backend '${name}' is not registered: ${HOW_TO_REGISTER[name]}.`);
  }
  const kernels = installFor(tf, name, options);
  const failed = (message: string): E.Either<GoldNasError, ReadiedBackend> => {
    kernels.restore();
    return fail(message);
  };
  // tfjs leaves a backend that failed to start half-selected, and its next `ready()` silently
  // switches to the best registered one: go back to the previous backend instead.
  const previous = tf.getBackend() as string | null | undefined;
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    await restoreBackend(tf, previous, name);
    return failed(`the tfjs backend '${name}' failed to start: ${messageOf(e)}.`);
  }
  if (!ok) {
    const now = await restoreBackend(tf, previous, name);
    const hint = name === 'webgl' ? ' (no WebGL2 context: a headless browser needs a GPU or SwiftShader)' : '';
    return failed(`the tfjs backend '${name}' could not be initialised${hint}; see tfjs's warning above. tfjs stays on '${now}'.`);
  }
  await tf.ready();
  const active = tf.getBackend();
  if (active !== name) return failed(`tfjs switched to '${String(active)}' instead of the backend '${name}'.`);
  // On webgl, tfjs's floatPrecision() says 16 exactly when float32 render targets are enabled
  // (its test is inverted); the flag is what tells.
  const floatPrecision = name === 'webgl' ? (tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16) : tf.backend().floatPrecision();
  return E.right({ name, floatPrecision, kernels });
}
