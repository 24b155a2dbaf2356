/**
 * Running gold-nas's SIMD loops on several threads. A {@link KernelPool} is a set of worker threads
 * that have instantiated the same loops on the same shared `WebAssembly.Memory` as the calling
 * thread (tfjs-wasm's threaded build); a {@link SimdRunner} splits a loop's work into chunks and
 * runs them on the pool, or on the calling thread alone when there is no pool or the work is too
 * small to be worth waking a worker for.
 *
 * The kernel layer only defines the interface: in Node, `startKernelPool` (`gold-nas/node`) makes
 * one from `worker_threads`, and `readyThreadedWasm` hands it to the wasm kernel table.
 *
 * @module
 */
import type { SimdKernels, SimdLoopName } from '../simd/simdKernels.js';
import { simdKernelsFor } from '../simd/simdKernels.js';

/**
 * Threads that run gold-nas's SIMD loops (`SimdLoopName`) together on one shared wasm memory.
 * Between loops workers watch for the next one for a bounded few microseconds, then sleep
 * (`Atomics.wait`): an idle pool uses no CPU.
 *
 * @since 0.2.0
 */
export interface KernelPool {
  /** Threads that share a loop's chunks, the calling thread included. */
  readonly threads: number;
  /** The (shared) memory the workers' loops run on. */
  readonly memory: WebAssembly.Memory;
  /**
   * Runs loop `name(...args, chunk, lo, hi)` once for every chunk `0 … chunks − 1`, chunk `i` covering
   * the units `[⌊i·units/chunks⌋, ⌊(i+1)·units/chunks⌋)`. Chunks are taken by whichever thread is free,
   * the calling thread included (the order is the pool's); returns when all are done. At most {@link MAX_POOL_CHUNKS} chunks.
   */
  run(name: SimdLoopName, args: readonly number[], units: number, chunks: number): void;
  /** Below this many vector operations a loop runs on the calling thread alone (default `POOL_MIN_WORK`). */
  readonly minWork?: number;
  /** Loops run on the pool so far, their chunks, and how many of those the workers took. */
  stats(): KernelPoolStats;
  /** Stops the workers. The pool must not be used afterwards. */
  dispose(): void;
}

/**
 * What a {@link KernelPool} has done.
 *
 * @since 0.2.0
 */
export interface KernelPoolStats {
  /** Loops shared among the threads. */
  readonly loops: number;
  /** Their chunks. */
  readonly chunks: number;
  /** Chunks the workers ran (the rest ran on the calling thread). */
  readonly workerChunks: number;
}

/** The loops of one memory, run serially or on a pool. */
export interface SimdRunner {
  /** The loops, for a direct call on the calling thread. */
  readonly k: SimdKernels;
  /** Threads a loop may use (1 without a pool). */
  readonly threads: number;
  /**
   * How many chunks to split `units` of work into: 1 without a pool or when `work` (an estimate of
   * the loop's 4-float vector operations) is too small to be worth sharing.
   */
  chunks(units: number, work: number): number;
  /**
   * How many chunks a reduction (a loop writing one partial sum per chunk, summed in chunk order
   * afterwards) splits `units` into: 1 when `work` is too small to be worth sharing, else
   * {@link REDUCTION_CHUNKS}, with or without a pool and whatever its threads. The chunks fix the
   * order of the sums, so a reduction, and every result that depends on it, comes out the same on
   * any number of threads.
   */
  reductionChunks(units: number, work: number): number;
  /**
   * Runs loop `name` over `units` in `chunks` chunks (see {@link KernelPool.run}): on the pool when
   * there is one and 1 < `chunks` ≤ {@link MAX_POOL_CHUNKS}, else one chunk after the other here.
   */
  run(name: SimdLoopName, args: readonly number[], units: number, chunks: number): void;
}

/**
 * Zeroes the float32 tensor at `address` (`size` values, a multiple of 4) with the `zero` loop,
 * shared among the pool's threads when large.
 *
 * @param r - the loops.
 * @param address - the tensor's byte address.
 * @param size - its values.
 */
export function zeroFill(r: SimdRunner, address: number, size: number): void {
  const vectors = size / 4;
  r.run('zero', [address], vectors, r.chunks(vectors, vectors / 2));
}

/**
 * The most chunks a {@link KernelPool} splits one loop into (`run` throws beyond).
 *
 * @since 0.2.0
 */
export const MAX_POOL_CHUNKS = 255;

/** Below this many vector operations (about 20 µs on one thread) a loop runs on the calling thread alone. */
export const POOL_MIN_WORK = 40_000;

/** Chunks per thread: more than one, so that a thread that was descheduled delays the loop by a small chunk only. */
const CHUNKS_PER_THREAD = 4;

/**
 * The chunks of every shared reduction, whatever the threads: those of a 2-thread pool's other
 * loops, so that 2-thread results stay what they were. With 1 thread the chunks run one after the
 * other.
 */
export const REDUCTION_CHUNKS = 2 * CHUNKS_PER_THREAD;

/**
 * The start of chunk `i` of `chunks` over `units`.
 *
 * @param i - the chunk (`chunks` gives the end).
 * @param units - the units of work.
 * @param chunks - the number of chunks.
 * @returns the first unit of the chunk.
 */
export function chunkStart(i: number, units: number, chunks: number): number {
  return Math.floor((i * units) / chunks);
}

/** One reused argument list per length: a loop call allocates nothing (the loops run one at a time). */
const scratch: number[][] = [];

/** `args` followed by three slots (the chunk, its first and its end unit), in a reused list. */
function scratchCall(args: readonly number[]): number[] {
  const call = (scratch[args.length] ??= new Array<number>(args.length + 3).fill(0));
  for (let i = 0; i < args.length; i++) call[i] = args[i]!;
  return call;
}

/**
 * The runner of a memory's loops: on `pool` when it runs on that memory, serially otherwise.
 *
 * @param memory - tfjs-wasm's memory.
 * @param pool - the pool, if any.
 * @returns the runner.
 */
export function simdRunner(memory: WebAssembly.Memory, pool: KernelPool | undefined): SimdRunner {
  const k = simdKernelsFor(memory);
  const shared = pool !== undefined && pool.memory === memory && pool.threads > 1 ? pool : undefined;
  const threads = shared?.threads ?? 1;
  const minWork = shared?.minWork ?? POOL_MIN_WORK;
  return {
    k,
    threads,
    chunks: (units, work) => (shared === undefined || work < minWork ? 1 : Math.max(1, Math.min(units, threads * CHUNKS_PER_THREAD))),
    reductionChunks: (units, work) => (work < minWork ? 1 : Math.max(1, Math.min(units, REDUCTION_CHUNKS))),
    run(name, args, units, chunks) {
      if (units <= 0) return;
      if (shared !== undefined && chunks > 1 && chunks <= MAX_POOL_CHUNKS) { shared.run(name, args, units, chunks); return; }
      const f = k[name] as (...a: number[]) => void;
      const call = scratchCall(args);
      const n = args.length;
      for (let i = 0; i < chunks; i++) {
        call[n] = i;
        call[n + 1] = chunkStart(i, units, chunks);
        call[n + 2] = chunkStart(i + 1, units, chunks);
        f.apply(undefined, call);
      }
    },
  };
}
