/**
 * Multi-threaded training on tfjs-wasm in Node. gold-nas's kernels run their SIMD loops on a
 * `KernelPool` (`startKernelPool`): worker threads that share tfjs-wasm's memory and sleep in
 * `Atomics.wait` between loops. That memory is shared only in tfjs-wasm's threaded build, which
 * tfjs-backend-wasm 4.22 turns off in Node; forcing it on fails, because its threaded build hands
 * Node's `worker_threads` a `blob:` URL for the pthread worker script, which Node rejects, and
 * asks each worker to load the main script from another Blob. This module makes it work, for the
 * duration of one backend initialisation:
 *
 * - a `Worker` class for emscripten that starts the worker script (shipped in
 *   `@tensorflow/tfjs-backend-wasm/wasm-out/…worker.js`) as eval'd code and points the worker's
 *   `load` message at the threaded main script on disk; its workers never keep Node alive;
 * - the `WASM_HAS_MULTITHREAD_SUPPORT` flag.
 *
 * XNNPACK itself runs on one thread (`setThreadsCount(1)`): its pthreadpool's workers spin for a
 * long while after every operator, burning a core that the pool's threads or another process could
 * use, and on a busy machine making a two-thread step slower than a one-thread one. The
 * convolutions that matter run on gold-nas's own loops instead (`WASM_KERNEL_TABLE`).
 *
 * The global `Worker` is restored once the backend is up (emscripten creates its pool of 8
 * workers during initialisation).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { type GoldNasError, goldNasError } from '../errors.js';
import type { TF } from '../tf.js';
import { type ReadiedBackend, type ReadyBackendOptions, readyBackend } from '../backends/readyBackend.js';
import { installKernels } from '../kernels/installKernels.js';
import type { KernelPool } from '../kernels/support/kernelPool.js';
import { asWasmBackend, wasmMemoryOf } from '../kernels/support/wasmBackend.js';
import { WASM_KERNEL_TABLE } from '../kernels/wasmKernelTable.js';
import { startKernelPool } from './startKernelPool.js';

/**
 * The parts of `@tensorflow/tfjs-backend-wasm`'s namespace this needs.
 *
 * @since 0.1.0
 */
export interface WasmBackendModule {
  /** Sets the XNNPACK thread-pool size; must precede the backend's initialisation. */
  setThreadsCount(numThreads: number): void;
  /** The thread-pool size in use, once the backend is initialised. */
  getThreadsCount(): number;
}

/**
 * A readied wasm backend and its thread count.
 *
 * @since 0.1.0
 */
export interface ThreadedWasm extends ReadiedBackend {
  /** Threads gold-nas's kernels share their work among (the calling thread included). */
  readonly threads: number;
  /** The pool of worker threads the kernels use (`threads − 1` workers); `dispose()` stops it. */
  readonly pool: KernelPool;
}

const WASM_PKG = '@tensorflow/tfjs-backend-wasm';
/** The most threads {@link readyThreadedWasm} takes. */
export const MAX_THREADS = 8;

function fail(message: string): E.Either<GoldNasError, never> {
  return E.left(goldNasError('BackendError', 'backend.threads', message));
}

/** Emscripten's pthread `Worker`, adapted to `worker_threads`. */
function pthreadWorkerClass(workerCode: string, mainScript: string): typeof NodeWorker {
  return class PThreadWorker extends NodeWorker {
    constructor(url: string | URL, options?: ConstructorParameters<typeof NodeWorker>[1]) {
      if (String(url).startsWith('blob:')) super(workerCode, { eval: true });
      else super(url, options);
      this.unref();
    }

    // Emscripten refs a worker while its pthread runs; the XNNPACK pool's threads run for the
    // process's lifetime and would keep Node from exiting.
    override ref(): void {}

    override postMessage(message: unknown, transfer?: Parameters<NodeWorker['postMessage']>[1]): void {
      const m = message as { cmd?: unknown; urlOrBlob?: unknown } | null;
      const fixed = m !== null && typeof m === 'object' && m.cmd === 'load' && typeof m.urlOrBlob !== 'string'
        ? { ...m, urlOrBlob: mainScript } : message;
      super.postMessage(fixed, transfer);
    }
  };
}

/**
 * Initialises tfjs's `wasm` backend in its threaded build in Node, readies it (see
 * `readyBackend`), starts a kernel pool of `threads` threads on its memory and installs the wasm
 * training kernels with that pool (`installKernels(tf, WASM_KERNEL_TABLE, { pool })`, as
 * `options.kernels` and `options.wasmKernels` select). Call it before anything initialises the
 * wasm backend (`tf.setBackend('wasm')`, `tf.ready()` with wasm registered).
 * `loadTfjs('wasm', { threads })` calls it for you.
 *
 * @param tf - the tfjs namespace.
 * @param wasm - the namespace of `@tensorflow/tfjs-backend-wasm` (4.22.0).
 * @param threads - threads, 1-8 (the calling thread counts as one).
 * @param options - readying options.
 * @returns the readied backend with its thread count and pool, or a `BackendError`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as wasm from '@tensorflow/tfjs-backend-wasm';
 * import { readyThreadedWasm } from 'gold-nas/node';
 * const r = await readyThreadedWasm(tf, wasm, 2);
 * if (r._tag === 'Right') console.log(r.right.threads); // 2
 * ```
 * @since 0.1.0
 */
export async function readyThreadedWasm(tf: TF, wasm: WasmBackendModule, threads: number, options: ReadyBackendOptions = {}): Promise<E.Either<GoldNasError, ThreadedWasm>> {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    return fail(`threads must be an integer from 1 to ${MAX_THREADS}, got ${threads}`);
  }
  if (tf.findBackend('wasm') !== null && tf.findBackend('wasm') !== undefined) {
    return fail('the wasm backend is already initialised; ask for threads before anything calls tf.setBackend(\'wasm\') or tf.ready()');
  }
  let workerCode: string;
  let mainScript: string;
  try {
    const require = createRequire(import.meta.url);
    const worker = require(`${WASM_PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`) as { wasmWorkerContents?: unknown };
    if (typeof worker.wasmWorkerContents !== 'string') throw new Error('its worker script has an unexpected form');
    // As tfjs does for its Blob: keep the script's "\n" escapes literal.
    workerCode = worker.wasmWorkerContents.replace(/\n/g, '\\n');
    mainScript = require.resolve(`${WASM_PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.js`);
  } catch (e) {
    return fail(`cannot find the threaded build of ${WASM_PKG} (4.22.0 ships it in wasm-out/): ${e instanceof Error ? e.message : String(e)}`);
  }
  const previousWorker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  const Shim = pthreadWorkerClass(workerCode, mainScript);
  let ready: E.Either<GoldNasError, ReadiedBackend>;
  try {
    // Emscripten assigns `Worker = worker_threads.Worker` and then constructs its pool: keep ours.
    Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => Shim, set: () => undefined });
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(1);
    // The kernels are installed below, once the memory (and so the pool) exists.
    ready = await readyBackend(tf, 'wasm', { ...options, kernels: 'none' });
  } finally {
    if (previousWorker !== undefined) Object.defineProperty(globalThis, 'Worker', previousWorker);
    else delete (globalThis as { Worker?: unknown }).Worker;
  }
  if (E.isLeft(ready)) return ready;
  const memory = wasmMemoryOf(asWasmBackend(tf.backend(), 'readyThreadedWasm'));
  if (memory === undefined || !(memory.buffer instanceof SharedArrayBuffer)) {
    return fail('tfjs-wasm started without a shared memory: its threaded build did not load');
  }
  const pool = startKernelPool(memory, threads);
  const kernels = installKernels(tf, WASM_KERNEL_TABLE, { ...options.wasmKernels, select: options.kernels ?? 'all', pool });
  return E.right({ ...ready.right, kernels, threads, pool });
}
