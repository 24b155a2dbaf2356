/**
 * Loading a tfjs flavour in Node: the pure-JS `cpu` backend, the `wasm` backend, or native
 * TensorFlow through `@tensorflow/tfjs-node-gpu` / `@tensorflow/tfjs-node`. The packages are
 * imported dynamically, by specifiers kept in variables so that bundlers never try to resolve
 * the optional native ones; this file is only reachable from `gold-nas/node`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { type GoldNasError, goldNasError } from '../errors.js';
import type { TF } from '../tf.js';
import { type ReadyBackendOptions, readyBackend } from '../backends/readyBackend.js';
import { type WasmBackendModule, readyThreadedWasm } from './readyThreadedWasm.js';
import { enableRelaxedSimd } from './relaxedSimd.js';

/**
 * The tfjs flavours {@link loadTfjs} can load in Node.
 *
 * @since 0.1.0
 */
export type TfjsFlavour = 'cpu' | 'wasm' | 'tensorflow';

/**
 * Options of {@link loadTfjs}.
 *
 * @since 0.1.0
 */
export interface LoadTfjsOptions extends ReadyBackendOptions {
  /**
   * For `wasm`: share gold-nas's training kernels among this many threads (1-8), through
   * `readyThreadedWasm` (tfjs-wasm's threaded build and a kernel pool whose workers sleep while
   * they wait). Unset: the single-threaded build, as tfjs does in Node.
   */
  readonly threads?: number;
  /**
   * For `wasm`: let gold-nas's SIMD loops fuse their multiply-adds (relaxed SIMD), turning on
   * V8's `--experimental-wasm-relaxed-simd` on Node 20 (see `enableRelaxedSimd`). Sums are then
   * rounded once instead of twice, so results differ from `false`'s in the last bits. Default `true`.
   */
  readonly relaxedSimd?: boolean;
  /** How to import a package (for tests); defaults to the runtime's dynamic `import()`. */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

const TFJS = '@tensorflow/tfjs';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';

const INSTALL_TENSORFLOW =
  `neither ${TFJS_NODE_GPU} nor ${TFJS_NODE} is installed. For an NVIDIA GPU run ` +
  '`npm install @tensorflow/tfjs-node-gpu@4.22.0` (Linux x86-64; it needs the NVIDIA driver, CUDA 11.2 and cuDNN 8.1, ' +
  'and its install script downloads libtensorflow, so it needs internet access). For native TensorFlow on the CPU run ' +
  '`npm install @tensorflow/tfjs-node@4.22.0`. Without either, use the \'wasm\' backend';

function defaultImport(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True when `e` says that `specifier` itself (not one of its dependencies) cannot be found. */
function isNotInstalled(e: unknown, specifier: string): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  const msg = messageOf(e);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
    || /Cannot find (package|module)|Failed to (load|resolve)|Could not resolve/i.test(msg);
  return notFound && new RegExp(`['"\\s/]${specifier.replace(/[/.-]/g, '\\$&')}(['"/\\s]|$)`).test(msg);
}

function asWasmModule(mod: unknown): WasmBackendModule | undefined {
  const m = mod as { setThreadsCount?: unknown; default?: { setThreadsCount?: unknown } } | null;
  if (m !== null && typeof m === 'object' && typeof m.setThreadsCount === 'function') return m as unknown as WasmBackendModule;
  if (m?.default !== undefined && typeof m.default.setThreadsCount === 'function') return m.default as unknown as WasmBackendModule;
  return undefined;
}

/** A CommonJS package imported from ESM may put its exports on `default`. */
function asTf(mod: unknown): TF | undefined {
  const m = mod as { setBackend?: unknown; default?: { setBackend?: unknown } } | null;
  if (m !== null && typeof m === 'object' && typeof m.setBackend === 'function') return m as unknown as TF;
  if (m?.default !== undefined && typeof m.default.setBackend === 'function') return m.default as unknown as TF;
  return undefined;
}

type Imported = E.Either<{ readonly missing: boolean; readonly message: string }, unknown>;

async function tryImport(load: (s: string) => Promise<unknown>, specifier: string): Promise<Imported> {
  try {
    return E.right(await load(specifier));
  } catch (e) {
    return E.left({ missing: isNotInstalled(e, specifier), message: messageOf(e) });
  }
}

function backendError(path: string, message: string): E.Either<GoldNasError, never> {
  return E.left(goldNasError('BackendError', path, message));
}

/** A package that is not installed (docs/errors.md: an optional peer a call needs is a `DependencyError`). */
function dependencyError(path: string, message: string): E.Either<GoldNasError, never> {
  return E.left(goldNasError('DependencyError', path, message));
}

/**
 * Imports tfjs for a flavour and readies its backend (see `readyBackend`), in Node. On `cpu` and
 * `wasm` that installs gold-nas's training kernels, some of which replace stock tfjs kernels
 * process-wide, unless `options.kernels` is `'gaps'` or `'none'` (see `readyBackend`).
 *
 * - `cpu`: `@tensorflow/tfjs`, backend `cpu`, with the cpu kernels installed.
 * - `wasm`: `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm`, backend `wasm`, with the
 *   training kernels installed; multi-threaded when `options.threads` is set.
 * - `tensorflow`: `@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node`, backend `tensorflow`.
 *   When neither is installed the result is a `DependencyError` that says what to install; a package
 *   that is installed but fails to load (its native addon missing) is a `BackendError` with its error.
 *
 * Never throws.
 *
 * @param flavour - which tfjs to load.
 * @param options - readying options, and the importer (for tests).
 * @returns the tfjs namespace with the backend active; a `DependencyError` naming the `npm install`
 *   command when a package the flavour needs is not installed; a `BackendError` when one fails to
 *   load or the backend fails to start.
 *
 * @example
 * ```ts
 * import { loadTfjs } from 'gold-nas/node';
 * import { formatError } from 'gold-nas';
 * const loaded = await loadTfjs('wasm');
 * if (loaded._tag === 'Left') throw new Error(formatError(loaded.left));
 * const tf = loaded.right;
 * console.log(tf.getBackend()); // 'wasm'
 * ```
 * @since 0.1.0
 */
export async function loadTfjs(flavour: TfjsFlavour, options: LoadTfjsOptions = {}): Promise<E.Either<GoldNasError, TF>> {
  const load = options.importModule ?? defaultImport;
  const packages = flavour === 'cpu' ? [TFJS] : flavour === 'wasm' ? [TFJS, TFJS_WASM] : [TFJS_NODE_GPU, TFJS_NODE];
  let tf: TF | undefined;
  let wasm: WasmBackendModule | undefined;
  if (flavour === 'tensorflow') {
    const failures: string[] = [];
    for (const specifier of packages) {
      const r = await tryImport(load, specifier);
      if (E.isRight(r)) { tf = asTf(r.right); if (tf !== undefined) break; failures.push(`${specifier} does not export a tfjs namespace`); continue; }
      if (!r.left.missing) {
        return backendError(specifier, `${specifier} is installed but failed to load: ${r.left.message}. Its native addon ` +
          `(tfjs_binding.node) is built by its install script, which downloads libtensorflow; run \`npm rebuild ${specifier}\` ` +
          'with internet access, or use the \'wasm\' backend');
      }
      failures.push(specifier);
    }
    if (tf === undefined) {
      return failures.every((f) => packages.includes(f)) ? dependencyError('backend', INSTALL_TENSORFLOW) : backendError('backend', failures.join('; '));
    }
  } else {
    for (const specifier of packages) {
      const r = await tryImport(load, specifier);
      if (E.isLeft(r)) {
        return r.left.missing
          ? dependencyError(specifier, `${specifier} is not installed: run \`npm install ${specifier}@4.22.0\``)
          : backendError(specifier, `${specifier} failed to load: ${r.left.message}`);
      }
      if (specifier === TFJS) tf = asTf(r.right);
      if (specifier === TFJS_WASM) wasm = asWasmModule(r.right);
    }
    if (tf === undefined) return backendError(TFJS, `${TFJS} does not export a tfjs namespace`);
  }
  if (flavour === 'wasm' && options.relaxedSimd !== false) enableRelaxedSimd();
  if (flavour === 'wasm' && options.threads !== undefined) {
    if (wasm === undefined) return backendError(TFJS_WASM, `${TFJS_WASM} does not export setThreadsCount`);
    const threaded = await readyThreadedWasm(tf, wasm, options.threads, options);
    return E.isLeft(threaded) ? threaded : E.right(tf);
  }
  const ready = await readyBackend(tf, flavour, options);
  return E.isLeft(ready) ? ready : E.right(tf);
}
