import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { readyThreadedWasm } from '../../src/node/readyThreadedWasm.js';
import { startKernelPool } from '../../src/node/startKernelPool.js';
import { type KernelInstallation, WASM_KERNEL_TABLE, installKernels } from '../../src/kernels/index.js';
import { type KernelPool, MAX_POOL_CHUNKS, simdRunner } from '../../src/kernels/support/kernelPool.js';
import { readyBackend } from '../../src/backends/readyBackend.js';
import { CONV_CASES, convGrads } from './convCases.js';
import { relativeError } from './gradCheck.js';
import { SUPERNET_CASES, runSupernet } from './supernetCase.js';
import { GOLD_PRIMITIVES, OPERATORS, cifarLayout } from '../../src/index.js';

// One process per test file: the wasm backend initialises here, threaded, for the first time.
describe('multi-threaded wasm in Node', () => {
  let pool: KernelPool | undefined;
  let installed: KernelInstallation<string> | undefined;
  afterAll(() => { pool?.dispose(); });

  it('rejects a thread count out of range before touching anything', async () => {
    const r = await readyThreadedWasm(tf, wasm, 0);
    expect(E.isLeft(r) && r.left.message).toMatch(/threads must be an integer from 1 to 8, got 0/);
  });

  it('initialises with a 2-thread kernel pool, XNNPACK on one thread, and restores the global it borrowed', async () => {
    const cpus = os.cpus;
    const r = await readyThreadedWasm(tf, wasm, 2);
    expect(E.isRight(r) && r.right).toMatchObject({ name: 'wasm', threads: 2 });
    if (E.isLeft(r)) return;
    expect(r.right.pool.threads).toBe(2);
    expect(r.right.kernels.registered).toContain('Conv2DBackpropFilter');
    // XNNPACK's own workers spin while they wait: it runs on the calling thread only.
    expect(wasm.getThreadsCount()).toBe(1);
    expect(os.cpus).toBe(cpus);
    expect('Worker' in globalThis).toBe(false);
    // Every loop shared, however small, for the agreement tests below.
    r.right.kernels.restore();
    r.right.pool.dispose();
    const memory = (tf.backend() as unknown as { wasm: { wasmMemory: WebAssembly.Memory } }).wasm.wasmMemory;
    pool = startKernelPool(memory, 2, { minWork: 0 });
    installed = installKernels(tf, WASM_KERNEL_TABLE, { pool });
  });

  it('sleeps once a loop is done: an idle pool uses no CPU, and a negative watch time is refused', async () => {
    const memory = (tf.backend() as unknown as { wasm: { wasmMemory: WebAssembly.Memory } }).wasm.wasmMemory;
    expect(() => startKernelPool(memory, 2, { workerSpinMicroseconds: -1 })).toThrow(/workerSpinMicroseconds must be a non-negative/);
    const t = tf.zeros([4096]);
    const address = (tf.backend() as unknown as { typedArrayFromHeap(t: tf.Tensor): Float32Array }).typedArrayFromHeap(t).byteOffset;
    pool!.run('zero', [address], 1024, 8);
    await new Promise((r) => setTimeout(r, 20));
    const start = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 300));
    const used = process.cpuUsage(start);
    t.dispose();
    // A worker that kept spinning would use the whole 300 ms.
    expect((used.user + used.system) / 1000).toBeLessThan(100);
  });

  it('runs every chunk once, the caller taking them from the front and the workers from the back, up to MAX_POOL_CHUNKS', () => {
    const vectors = MAX_POOL_CHUNKS * 8 + 3;
    const a = tf.zeros([4 * vectors]);
    const b = tf.ones([4 * vectors]);
    const at = (t: tf.Tensor): number => (tf.backend() as unknown as { typedArrayFromHeap(t: tf.Tensor): Float32Array }).typedArrayFromHeap(t).byteOffset;
    // a += b in place, over chunks of uneven sizes: a chunk run twice or never would leave a 2 or a 0.
    for (const chunks of [2, 3, 8, MAX_POOL_CHUNKS]) pool!.run('add', [at(a), at(b), at(a)], vectors, chunks);
    expect(new Set(a.dataSync())).toEqual(new Set([4]));
    expect(() => pool!.run('add', [at(a), at(b), at(a)], vectors, MAX_POOL_CHUNKS + 1)).toThrow(/too many arguments or chunks/);
    // The runner takes more chunks than the pool can: it runs them one after the other.
    simdRunner(pool!.memory, pool).run('add', [at(a), at(b), at(a)], vectors, MAX_POOL_CHUNKS + 1);
    expect(new Set(a.dataSync())).toEqual(new Set([5]));
    tf.dispose([a, b]);
  });

  it('says it is too late once the wasm backend is up', async () => {
    const r = await readyThreadedWasm(tf, wasm, 2);
    expect(E.isLeft(r) && r.left.message).toMatch(/already initialised/);
  });

  it.each(CONV_CASES.map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)}` })))(
    'gradients with every loop shared by two threads agree with cpu: $name', async (c) => {
      await tf.setBackend('cpu');
      const cpu = convGrads(tf, c, 50 + c.i);
      await tf.setBackend('wasm');
      const threaded = convGrads(tf, c, 50 + c.i);
      expect(relativeError(threaded.dx, cpu.dx)).toBeLessThan(2e-5);
      expect(relativeError(threaded.df, cpu.df)).toBeLessThan(2e-5);
    });

  it.each(SUPERNET_CASES)('a super-network step with every loop shared agrees with cpu, and leaks nothing: $name', async (c) => {
    const before = pool!.stats().loops;
    expect(E.isRight(await readyBackend(tf, 'cpu'))).toBe(true);
    const cpu = runSupernet(tf, c);
    await tf.setBackend('wasm');
    const threaded = runSupernet(tf, c);
    expect(threaded.leaked).toBe(0);
    expect(relativeError(threaded.logits, cpu.logits), 'logits').toBeLessThan(1e-4);
    expect(Math.abs(threaded.loss - cpu.loss)).toBeLessThan(1e-4 * Math.max(1, cpu.loss));
    const worst = [...cpu.grads].map(([k, g]) => ({ k, err: relativeError(threaded.grads.get(k)!, g) })).sort((a, b) => b.err - a.err)[0]!;
    expect(worst.err, `worst gradient: ${worst.k}`).toBeLessThan(1e-4);
    expect(pool!.stats().loops).toBeGreaterThan(before);
  });

  it('gives the same values, bit for bit, on 2 threads as on 1: reductions split their sums the same way whatever the threads', async () => {
    // Large enough that the batch norms', the filter gradients' and the gates' sums are split into chunks.
    const c = {
      name: 'GOLD {skip, sep3x3}, 2 cells, C=16, 32x32, batch 16',
      space: { mode: 'gold' as const, layout: cifarLayout({ channels: 16, cells: 2, inputSize: 32, classes: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS },
      batch: 16,
    };
    const memory = (tf.backend() as unknown as { wasm: { wasmMemory: WebAssembly.Memory } }).wasm.wasmMemory;
    const two = startKernelPool(memory, 2);
    // Time for the worker to start.
    await new Promise((r) => setTimeout(r, 200));
    installed!.restore();
    try {
      const withPool = installKernels(tf, WASM_KERNEL_TABLE, { pool: two });
      const threaded = runSupernet(tf, c);
      withPool.restore();
      // The pool shared loops (the default threshold, as in training).
      expect(two.stats().loops).toBeGreaterThan(0);
      const alone = installKernels(tf, WASM_KERNEL_TABLE, {});
      const single = runSupernet(tf, c);
      alone.restore();
      expect(threaded.loss).toBe(single.loss);
      expect(threaded.logits).toEqual(single.logits);
      for (const [k, g] of single.grads) expect(threaded.grads.get(k), k).toEqual(g);
    } finally {
      two.dispose();
      installed = installKernels(tf, WASM_KERNEL_TABLE, { pool: pool! });
    }
  });
});
