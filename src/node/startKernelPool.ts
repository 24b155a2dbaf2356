/**
 * A `KernelPool` on Node's `worker_threads`: `threads − 1` workers that instantiate gold-nas's SIMD
 * loops on tfjs-wasm's shared memory (its threaded build) and take chunks of a loop together with
 * the calling thread.
 *
 * Coordination is a small `SharedArrayBuffer` and `Atomics`: the caller writes a loop's name and
 * arguments, bumps a sequence number and wakes the workers; every thread, the caller included,
 * claims chunks from a counter until none are left; the caller then sleeps until the last chunk is
 * done. A training step runs its loops back to back, a few microseconds of JavaScript apart, while
 * waking a sleeping thread (`Atomics.notify`) takes tens of microseconds: so after a loop each
 * thread first watches for the next one for a short, bounded time (`workerSpinMicroseconds`, and
 * `callerSpinMicroseconds` for the caller waiting on the last chunk) and only then sleeps in
 * `Atomics.wait`. An idle pool costs no CPU; a busy pool costs at most that bound per loop. (Without
 * the bounded watch a two-thread gold-tiny step took 505 ms, with it 405–440 ms, on a quiet machine;
 * the worker's bound is short because on a machine with another CPU-bound process a longer watch
 * takes time from the calling thread.) A worker that the system has descheduled delays a loop by
 * one small chunk at most: the others take the rest.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { KernelPool } from '../kernels/support/kernelPool.js';
import { chunkStart } from '../kernels/support/kernelPool.js';
import { type SimdLoopName, simdKernelModuleBytes, simdKernelsFor, simdKernelsFuse } from '../kernels/simd/simdKernels.js';

/** Control block slots (Int32). */
const SEQ = 0;
const FN = 1;
const CHUNKS = 2;
const UNITS = 3;
/** `(seq & 0x7fff) << 16 | next unclaimed chunk`: a chunk is claimed by a compare-and-swap that also checks the loop. */
const NEXT = 4;
const DONE = 5;
const NARGS = 6;
const ARGS = 8;
const MAX_ARGS = 40;
/** The sequence value that tells workers to exit. */
const EXIT = -1;

/** The worker's code (CommonJS, run with `eval`). Mirrors the claiming loop of `run` below. */
const WORKER_CODE = `
const { workerData } = require('node:worker_threads');
const { memory, ctl, modules, names, spinMs } = workerData;
const all = {};
for (const m of modules) Object.assign(all, new WebAssembly.Instance(m, { env: { memory } }).exports);
const fns = names.map((n) => all[n]);
const I = new Int32Array(ctl);
let seen = 0;
for (;;) {
  let seq = Atomics.load(I, ${SEQ});
  if (seq === seen && spinMs > 0) {
    const until = performance.now() + spinMs;
    for (let k = 1; (seq = Atomics.load(I, ${SEQ})) === seen; k++) if ((k & 63) === 0 && performance.now() > until) break;
  }
  if (seq === seen) { Atomics.wait(I, ${SEQ}, seen); seq = Atomics.load(I, ${SEQ}); }
  if (seq === ${EXIT}) break;
  if (seq === seen) continue;
  seen = seq;
  const tag = (seq & 0x7fff) << 16;
  const fn = fns[Atomics.load(I, ${FN})];
  const chunks = Atomics.load(I, ${CHUNKS});
  const units = Atomics.load(I, ${UNITS});
  const nargs = Atomics.load(I, ${NARGS});
  const args = [];
  for (let i = 0; i < nargs; i++) args.push(Atomics.load(I, ${ARGS} + i));
  for (;;) {
    const v = Atomics.load(I, ${NEXT});
    if ((v & ~0xffff) !== tag) break;
    const c = v & 0xffff;
    if (c >= chunks) break;
    if (Atomics.compareExchange(I, ${NEXT}, v, v + 1) !== v) continue;
    fn(...args, c, Math.floor((c * units) / chunks), Math.floor(((c + 1) * units) / chunks));
    if (Atomics.add(I, ${DONE}, 1) === chunks - 1) Atomics.notify(I, ${DONE});
  }
}
`;

/** Options of {@link startKernelPool}. */
export interface KernelPoolOptions {
  /** Below this many vector operations a loop runs on the calling thread alone (default `POOL_MIN_WORK`; 0 in tests). */
  readonly minWork?: number;
  /**
   * How long a worker watches for the next loop before it sleeps, in microseconds (default
   * `WORKER_SPIN_MICROSECONDS`; 0: it sleeps at once).
   */
  readonly workerSpinMicroseconds?: number;
  /**
   * How long the calling thread watches for the workers' last chunks before it sleeps, in
   * microseconds (default `CALLER_SPIN_MICROSECONDS`; 0: it sleeps at once).
   */
  readonly callerSpinMicroseconds?: number;
}

/**
 * A worker's default watch for the next loop, in microseconds: longer than most gaps between a
 * step's loops, short enough not to slow a calling thread that shares its cores with another process.
 */
export const WORKER_SPIN_MICROSECONDS = 30;

/**
 * The calling thread's default watch for the workers' last chunks, in microseconds: a few chunks'
 * time, after which a worker is taken to be descheduled and the caller sleeps.
 */
export const CALLER_SPIN_MICROSECONDS = 100;

function spinMilliseconds(micros: number | undefined, fallback: number, name: string): number {
  const v = micros ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`startKernelPool: ${name} must be a non-negative number of microseconds, got ${v}`);
  return v / 1000;
}

/**
 * Starts a pool of `threads − 1` workers running gold-nas's SIMD loops on `memory`.
 *
 * @param memory - tfjs-wasm's memory; it must be shared (the threaded build).
 * @param threads - threads per loop, the calling thread included (1 starts no worker).
 * @param options - the smallest loop worth sharing; how long threads watch for work before they sleep.
 * @returns the pool; its workers never keep Node alive. Call `dispose()` to stop them.
 * @throws Error when the memory is not shared, `threads` is not a positive integer or a spin time is negative.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as wasm from '@tensorflow/tfjs-backend-wasm';
 * import { readyThreadedWasm } from 'gold-nas/node';
 * const r = await readyThreadedWasm(tf, wasm, 2); // starts a two-thread pool and gives it to the wasm kernels
 * if (r._tag === 'Right') console.log(r.right.threads); // 2
 * ```
 */
export function startKernelPool(memory: WebAssembly.Memory, threads: number, options: KernelPoolOptions = {}): KernelPool {
  if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('startKernelPool: the wasm memory is not shared (use tfjs-wasm\'s threaded build)');
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`startKernelPool: threads must be a positive integer, got ${threads}`);
  const workerSpinMs = spinMilliseconds(options.workerSpinMicroseconds, WORKER_SPIN_MICROSECONDS, 'workerSpinMicroseconds');
  const callerSpinMs = spinMilliseconds(options.callerSpinMicroseconds, CALLER_SPIN_MICROSECONDS, 'callerSpinMicroseconds');
  const own = simdKernelsFor(memory);
  const names = Object.keys(own).filter((n) => n !== 'convFilterGrad').sort() as SimdLoopName[];
  const index = new Map(names.map((n, i) => [n, i]));
  const ctl = new SharedArrayBuffer(4 * (ARGS + MAX_ARGS));
  const I = new Int32Array(ctl);
  const modules = simdKernelModuleBytes(true, simdKernelsFuse(memory)).map((bytes) => new WebAssembly.Module(bytes));
  const workers: Worker[] = [];
  for (let i = 1; i < threads; i++) {
    const w = new Worker(WORKER_CODE, { eval: true, workerData: { memory, ctl, modules, names, spinMs: workerSpinMs } });
    w.unref();
    workers.push(w);
  }
  let seq = 0;
  let disposed = false;
  let loops = 0;
  let allChunks = 0;
  let ownChunks = 0;
  return {
    threads,
    memory,
    ...(options.minWork !== undefined ? { minWork: options.minWork } : {}),
    stats: () => ({ loops, chunks: allChunks, workerChunks: allChunks - ownChunks }),
    run(name, args, units, chunks) {
      if (disposed) throw new Error('startKernelPool: the pool was disposed');
      const fn = own[name] as (...a: number[]) => void;
      if (workers.length === 0 || chunks <= 1) {
        for (let c = 0; c < chunks; c++) fn(...args, c, chunkStart(c, units, chunks), chunkStart(c + 1, units, chunks));
        return;
      }
      if (args.length > MAX_ARGS || chunks > 0xffff) throw new Error(`startKernelPool: ${name} has too many arguments or chunks`);
      loops += 1;
      allChunks += chunks;
      seq = (seq % 0x7fff) + 1;
      const tag = seq << 16;
      // Invalidate the previous loop's counter before its fields change (see the worker's check).
      Atomics.store(I, DONE, 0);
      Atomics.store(I, NEXT, tag);
      Atomics.store(I, FN, index.get(name)!);
      Atomics.store(I, CHUNKS, chunks);
      Atomics.store(I, UNITS, units);
      Atomics.store(I, NARGS, args.length);
      for (let i = 0; i < args.length; i++) Atomics.store(I, ARGS + i, args[i]!);
      Atomics.store(I, SEQ, seq);
      Atomics.notify(I, SEQ);
      for (;;) {
        const v = Atomics.load(I, NEXT);
        const c = v & 0xffff;
        if ((v & ~0xffff) !== tag || c >= chunks) break;
        if (Atomics.compareExchange(I, NEXT, v, v + 1) !== v) continue;
        fn(...args, c, chunkStart(c, units, chunks), chunkStart(c + 1, units, chunks));
        ownChunks += 1;
        Atomics.add(I, DONE, 1);
      }
      if (callerSpinMs > 0 && Atomics.load(I, DONE) < chunks) {
        const until = performance.now() + callerSpinMs;
        for (let k = 1; Atomics.load(I, DONE) < chunks; k++) if ((k & 63) === 0 && performance.now() > until) break;
      }
      for (let d = Atomics.load(I, DONE); d < chunks; d = Atomics.load(I, DONE)) Atomics.wait(I, DONE, d);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(I, SEQ, EXIT);
      Atomics.notify(I, SEQ);
      for (const w of workers) void w.terminate();
    },
  };
}
