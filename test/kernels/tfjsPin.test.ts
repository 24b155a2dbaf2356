/**
 * gold-nas's kernels (and `variableGradsFreeing`, `readyBackend`, `readyThreadedWasm`) use tfjs
 * engine internals, which is why the tfjs peers are pinned exactly. This test checks that the pin
 * and the installed packages agree, and that every internal the code touches exists with the shape
 * the code expects. When it fails after a tfjs upgrade, read docs/backends.md ("Why tfjs is pinned").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { CPU_KERNEL_TABLE } from '../../src/kernels/cpuKernelTable.js';
import { WASM_KERNEL_TABLE } from '../../src/kernels/wasmKernelTable.js';
import { uninstallKernels } from '../../src/kernels/installKernels.js';
import { asWasmBackend, wasmMemoryOf } from '../../src/kernels/support/wasmBackend.js';
import { cpuBackendOf, cpuValues } from '../../src/kernels/support/backendStorage.js';

const require = createRequire(import.meta.url);
const manifest = require('../../package.json') as { peerDependencies: Record<string, string>; devDependencies: Record<string, string> };
const installed = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;

/** The tfjs packages gold-nas pins: its peers, and the cpu backend tfjs and tfjs-wasm bring. */
const TFJS_PEERS = Object.keys(manifest.peerDependencies).filter((name) => name.startsWith('@tensorflow/'));
const PIN = manifest.peerDependencies['@tensorflow/tfjs']!;

describe('the tfjs pin', () => {
  it('is one exact version for every tfjs peer', () => {
    expect(PIN).toMatch(/^\d+\.\d+\.\d+$/);
    expect(TFJS_PEERS.sort()).toEqual(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);
    for (const name of TFJS_PEERS) expect(manifest.peerDependencies[name], name).toBe(PIN);
  });

  it('is the version installed (and the one the dev dependencies ask for)', () => {
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']) {
      expect(installed(name), name).toBe(PIN);
    }
    for (const [name, range] of Object.entries(manifest.devDependencies)) if (name.startsWith('@tensorflow/')) expect(range, name).toBe(PIN);
    expect(tf.version['tfjs-core']).toBe(PIN);
  });
});

describe('the tfjs internals gold-nas uses', () => {
  beforeAll(async () => {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  afterAll(async () => { await tf.setBackend('cpu'); });

  it('kernel registry: getKernel returns the registered config object itself (installKernels restores stock kernels by identity)', () => {
    const config = { kernelName: 'GoldNasPinProbe', backendName: 'cpu', kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' as const }) };
    tf.registerKernel(config);
    expect(tf.getKernel('GoldNasPinProbe', 'cpu')).toBe(config);
    tf.unregisterKernel('GoldNasPinProbe', 'cpu');
    expect(tf.getKernel('GoldNasPinProbe', 'cpu')).toBeUndefined();
  });

  it('kernel tables: every stock kernel a row replaces exists, and every gap a row fills is a gap', () => {
    for (const table of [CPU_KERNEL_TABLE, WASM_KERNEL_TABLE]) {
      for (const row of table.rows) {
        const stock = tf.getKernel(row.kernelName, table.backendName);
        if (row.replacesStock) expect(stock, `stock ${table.backendName} ${row.kernelName}`).toBeDefined();
        else expect(stock, `${table.backendName} ${row.kernelName} is still a gap in tfjs ${PIN}`).toBeUndefined();
      }
    }
  });

  it("stock wasm kernels that support/wasmOps runs by name, and the setup functions installKernels carries over", () => {
    for (const name of ['Reshape', 'Transpose', 'DepthwiseConv2dNative', 'Conv2D', 'BatchMatMul', 'Sum']) {
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    }
    expect(typeof tf.getKernel('Conv2DBackpropInput', 'wasm')?.setupFunc).toBe('function');
  });

  it('namespace helpers the kernels call: backend_util, slice_util, util', () => {
    const conv = tf.backend_util.computeConv2DInfo([2, 7, 9, 3], [3, 3, 3, 4], [2, 1], [1, 2], 'same', undefined, false, 'channelsLast');
    expect(conv).toMatchObject({ batchSize: 2, inHeight: 7, inWidth: 9, filterHeight: 3, filterWidth: 3, strideHeight: 2, strideWidth: 1, dilationHeight: 1, dilationWidth: 2 });
    expect(conv.padInfo).toMatchObject({ top: expect.any(Number), left: expect.any(Number) });
    const pool = tf.backend_util.computePool2DInfo([2, 6, 6, 3], [2, 2], [2, 2], 1, 'valid');
    expect(pool).toMatchObject({ batchSize: 2, inHeight: 6, inWidth: 6, inChannels: 3, effectiveFilterHeight: 2, effectiveFilterWidth: 2, strideHeight: 2, strideWidth: 2 });
    expect(pool.padInfo).toMatchObject({ top: 0, left: 0 });
    const x = { shape: [2, 6], dtype: 'float32', dataId: {} } as unknown as TensorInfo;
    expect(tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, [2, 4], 1)).toEqual([2, 4]);
    expect(tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, [0, 1], [-1, 3])).toEqual([[0, 1], [2, 3]]);
    expect(tf.util.parseAxisParam(-1, [2, 6])).toEqual([1]);
  });

  it("engine tape (variableGradsFreeing): startTape/endTape, state.activeTape's nodes and state.gradientDepth", () => {
    const engine = tf.engine() as unknown as {
      startTape(): void; endTape(): void;
      state: { activeTape: { id: number; kernelName: string; inputs: Record<string, tf.Tensor>; outputs: tf.Tensor[]; saved?: tf.Tensor[]; gradient?: unknown }[] | null; gradientDepth: number };
    };
    expect(typeof engine.startTape).toBe('function');
    expect(typeof engine.endTape).toBe('function');
    expect(engine.state.gradientDepth).toBe(0);
    const x = tf.variable(tf.ones([3]));
    engine.startTape();
    const y = tf.tidy(() => tf.sum(tf.square(x)));
    engine.endTape();
    const tape = engine.state.activeTape!;
    const square = tape.find((n) => n.kernelName === 'Square')!;
    expect(square).toMatchObject({ id: expect.any(Number), inputs: { x: expect.any(Object) }, outputs: [expect.any(Object)] });
    expect(square.saved).toHaveLength(1);
    expect(typeof square.gradient).toBe('function');
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
    tf.dispose([x, y]);
  });

  it("cpu backend (MathBackendCPU): data.get(dataId).values, makeTensorInfo, disposeData", async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const b = cpuBackendOf(tf.backend());
    expect(b).toBeDefined();
    const t = tf.tensor1d([1, 2, 3]);
    expect(cpuValues(b!, t)).toEqual(new Float32Array([1, 2, 3]));
    const info = b!.makeTensorInfo([2], 'float32', new Float32Array([4, 5]));
    expect(cpuValues(b!, info)).toEqual(new Float32Array([4, 5]));
    expect(typeof b!.disposeData).toBe('function');
    b!.disposeData!(info.dataId);
    t.dispose();
  });

  it("wasm backend (BackendWasm): makeOutput, typedArrayFromHeap on the module's memory, incRef, disposeData, wasm.HEAPU8", async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const backend = tf.backend();
    const b = asWasmBackend(backend, 'pin test');
    const memory = wasmMemoryOf(b);
    expect(memory, 'backend.wasm.asm.memory or backend.wasm.wasmMemory').toBeInstanceOf(WebAssembly.Memory);
    const out = b.makeOutput([4], 'float32');
    const view = b.typedArrayFromHeap(out);
    expect(view).toBeInstanceOf(Float32Array);
    expect(view.length).toBe(4);
    expect(view.buffer).toBe(memory!.buffer); // the SIMD loops import this memory and work on these offsets
    b.incRef(out.dataId);
    expect(b.disposeData(out.dataId)).toBe(false); // one reference left
    expect(b.disposeData(out.dataId)).toBe(true);
    expect((backend as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer).toBe(memory!.buffer); // the bench's heap size
  });

  it("threaded wasm (readyThreadedWasm): the worker script, the threaded build, the flag and the thread-count setters", async () => {
    const worker = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents?: unknown };
    expect(typeof worker.wasmWorkerContents).toBe('string');
    expect(() => require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')).not.toThrow();
    expect((tf.env() as unknown as { flagRegistry: Record<string, unknown> }).flagRegistry).toHaveProperty('WASM_HAS_MULTITHREAD_SUPPORT');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    expect(typeof wasm.setThreadsCount).toBe('function');
    expect(typeof wasm.getThreadsCount).toBe('function');
  });

  it("webgl float precision (readyBackend): the WEBGL_RENDER_FLOAT32_ENABLED flag exists", () => {
    expect((tf.env() as unknown as { flagRegistry: Record<string, unknown> }).flagRegistry).toHaveProperty('WEBGL_RENDER_FLOAT32_ENABLED');
  });
});
