/**
 * A `KernelPool` on Node's `worker_threads`: `threads − 1` workers that instantiate gold-nas's SIMD
 * loops on tfjs-wasm's shared memory (its threaded build) and take chunks of a loop together with
 * the calling thread.
 *
 * Coordination is a small `SharedArrayBuffer` and `Atomics`: the caller writes a loop's name and
 * arguments, bumps a sequence number and wakes the workers; every thread, the caller included,
 * claims chunks until none are left; the caller then sleeps until the last chunk is done. The caller
 * claims chunks from the front and the workers from the back, so with two threads each keeps
 * working on the same part of a tensor from one loop to the next (the next loop usually reads what
 * the last one wrote), which stays in its core's cache: a two-thread step takes about 4% less time
 * and CPU than when every thread took the next chunk from the front (gold-tiny, gold-small and
 * gold-small pruned, 3 alternating pairs each). The load still balances: a thread that falls behind
 * leaves more chunks to the other.
 *
 * A training step runs its loops back to back, a few microseconds of JavaScript apart, while
 * waking a sleeping thread (`Atomics.notify`) takes tens of microseconds: so after a loop each
 * thread first watches for the next one for a short, bounded time (`workerSpinMicroseconds`, and
 * `callerSpinMicroseconds` for the caller waiting on the last chunk) and only then sleeps in
 * `Atomics.wait`. An idle pool costs no CPU; a busy pool costs at most that bound per loop. (Without
 * the bounded watch a two-thread gold-tiny step took 505 ms, with it 405–440 ms, on a quiet machine.)
 * How long a worker watches depends on the machine: when other processes leave the cores it does
 * not use idle, it watches for {@link WORKER_SPIN_MICROSECONDS}, which covers the engine's
 * bookkeeping between two kernels; when another process wants those cores, a long watch would take
 * time from the calling thread, so it watches for {@link BUSY_WORKER_SPIN_MICROSECONDS} only. The
 * caller reads the other processes' CPU use (`otherProcessesLoad`) every
 * {@link LOAD_SAMPLE_MILLISECONDS} while the pool runs loops. A worker that the system has
 * descheduled delays a loop by one small chunk at most: the others take the rest.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { KernelPool } from '../kernels/support/kernelPool.js';
import { MAX_POOL_CHUNKS, chunkStart } from '../kernels/support/kernelPool.js';
import { type SimdLoopName, simdKernelModuleBytes, simdKernelsFor, simdKernelsFuse } from '../kernels/simd/simdKernels.js';
import { otherProcessesLoad } from './otherProcessesLoad.js';

/** Control block slots (Int32). */
const SEQ = 0;
const FN = 1;
const CHUNKS = 2;
const UNITS = 3;
/**
 * `(seq & 0x7fff) << 16 | front << 8 | back`: the unclaimed chunks are [front, back). The calling
 * thread claims the front one, workers the back one, each by a compare-and-swap that also checks the
 * loop (see {@link startKernelPool} for why from both ends).
 */
const NEXT = 4;
const DONE = 5;
const NARGS = 6;
/** How long a worker watches for the next loop, in microseconds (the caller updates it). */
const SPIN = 7;
const ARGS = 8;
const MAX_ARGS = 40;
/** The sequence value that tells workers to exit. */
const EXIT = -1;

/** The worker's code (CommonJS, run with `eval`). Mirrors the claiming loop of `run` below. */
const WORKER_CODE = `
const { workerData } = require('node:worker_threads');
const { memory, ctl, modules, names } = workerData;
const all = {};
for (const m of modules) Object.assign(all, new WebAssembly.Instance(m, { env: { memory } }).exports);
const fns = names.map((n) => all[n]);
const I = new Int32Array(ctl);
let seen = 0;
for (;;) {
  let seq = Atomics.load(I, ${SEQ});
  const spinMicros = Atomics.load(I, ${SPIN});
  if (seq === seen && spinMicros > 0) {
    const until = performance.now() + spinMicros / 1000;
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
    const c = (v & 0xff) - 1;
    if (c < ((v >> 8) & 0xff)) break;
    if (Atomics.compareExchange(I, ${NEXT}, v, v - 1) !== v) continue;
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
   * How long a worker watches for the next loop before it sleeps, in microseconds (0: it sleeps at
   * once). Default: `WORKER_SPIN_MICROSECONDS` while the other processes leave the pool's cores
   * idle, `BUSY_WORKER_SPIN_MICROSECONDS` while they do not.
   */
  readonly workerSpinMicroseconds?: number;
  /**
   * How long the calling thread watches for the workers' last chunks before it sleeps, in
   * microseconds (default `CALLER_SPIN_MICROSECONDS`; 0: it sleeps at once).
   */
  readonly callerSpinMicroseconds?: number;
}

/**
 * A worker's default watch for the next loop, in microseconds, on a machine with cores to spare:
 * longer than most gaps between a step's loops (the engine's bookkeeping of a kernel or two). A
 * two-thread gold-tiny step takes about 3% less time than with {@link BUSY_WORKER_SPIN_MICROSECONDS}
 * (4 alternating pairs, 1–7%).
 */
export const WORKER_SPIN_MICROSECONDS = 100;

/**
 * A worker's default watch, in microseconds, while other processes want the cores: short enough not
 * to take time from the calling thread (with 100 µs a two-thread gold-tiny step beside a CPU-bound
 * process was slower than a one-thread step; with 30 µs it is faster).
 */
export const BUSY_WORKER_SPIN_MICROSECONDS = 30;

/** How often, at most, the calling thread reads the other processes' CPU use, in milliseconds. */
export const LOAD_SAMPLE_MILLISECONDS = 250;

/**
 * Whether other processes leave the pool's cores idle: their CPU use, in CPUs, at most the CPUs
 * the pool's threads leave over plus a quarter of a CPU (the counters' noise, and short-lived work).
 * On a quiet 2-core machine the reading is 0 to 0.1 CPU; beside one CPU-bound process 0.5 to 0.9
 * (it gets less while the pool's worker watches for work).
 *
 * @param others - the CPUs other processes kept busy.
 * @param cpus - the CPUs counted.
 * @param threads - the pool's threads.
 * @returns true when a worker may watch for work for long.
 */
export function hasSpareCores(others: number, cpus: number, threads: number): boolean {
  return others <= Math.max(0, cpus - threads) + 0.25;
}

/**
 * The calling thread's default watch for the workers' last chunks, in microseconds: a few chunks'
 * time, after which a worker is taken to be descheduled and the caller sleeps.
 */
export const CALLER_SPIN_MICROSECONDS = 100;

function checkedSpin(micros: number | undefined, name: string): number | undefined {
  if (micros !== undefined && (!Number.isFinite(micros) || micros < 0)) throw new Error(`startKernelPool: ${name} must be a non-negative number of microseconds, got ${micros}`);
  return micros;
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
  const fixedSpinMicros = checkedSpin(options.workerSpinMicroseconds, 'workerSpinMicroseconds');
  const callerSpinMs = (checkedSpin(options.callerSpinMicroseconds, 'callerSpinMicroseconds') ?? CALLER_SPIN_MICROSECONDS) / 1000;
  const own = simdKernelsFor(memory);
  const names = Object.keys(own).sort() as SimdLoopName[];
  const index = new Map(names.map((n, i) => [n, i]));
  const ctl = new SharedArrayBuffer(4 * (ARGS + MAX_ARGS));
  const I = new Int32Array(ctl);
  // Until the first reading of the machine's load, the short watch.
  Atomics.store(I, SPIN, Math.round(fixedSpinMicros ?? BUSY_WORKER_SPIN_MICROSECONDS));
  const load = fixedSpinMicros === undefined && threads > 1 ? otherProcessesLoad(LOAD_SAMPLE_MILLISECONDS) : undefined;
  const modules = simdKernelModuleBytes(true, simdKernelsFuse(memory)).map((bytes) => new WebAssembly.Module(bytes));
  const workers: Worker[] = [];
  for (let i = 1; i < threads; i++) {
    const w = new Worker(WORKER_CODE, { eval: true, workerData: { memory, ctl, modules, names } });
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
      if (args.length > MAX_ARGS || chunks > MAX_POOL_CHUNKS) throw new Error(`startKernelPool: ${name} has too many arguments or chunks`);
      const l = load?.();
      if (l !== undefined) Atomics.store(I, SPIN, hasSpareCores(l.others, l.cpus, threads) ? WORKER_SPIN_MICROSECONDS : BUSY_WORKER_SPIN_MICROSECONDS);
      loops += 1;
      allChunks += chunks;
      seq = (seq % 0x7fff) + 1;
      const tag = seq << 16;
      // Invalidate the previous loop's counter before its fields change (see the worker's check).
      Atomics.store(I, DONE, 0);
      Atomics.store(I, NEXT, tag | chunks);
      Atomics.store(I, FN, index.get(name)!);
      Atomics.store(I, CHUNKS, chunks);
      Atomics.store(I, UNITS, units);
      Atomics.store(I, NARGS, args.length);
      for (let i = 0; i < args.length; i++) Atomics.store(I, ARGS + i, args[i]!);
      Atomics.store(I, SEQ, seq);
      Atomics.notify(I, SEQ);
      for (;;) {
        const v = Atomics.load(I, NEXT);
        const c = (v >> 8) & 0xff;
        if ((v & ~0xffff) !== tag || c >= (v & 0xff)) break;
        if (Atomics.compareExchange(I, NEXT, v, v + 0x100) !== v) continue;
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
