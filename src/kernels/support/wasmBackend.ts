/**
 * How gold-nas's kernels reach tfjs-wasm's backend (`BackendWasm` of tfjs-backend-wasm 4.22): the
 * few methods they call and the module's `WebAssembly.Memory`. These are engine internals, which
 * is why the tfjs peer is pinned exactly (`test/kernels/tfjsPin.test.ts` checks them).
 *
 * @module
 * @internal
 */
import type { DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-wasm's `BackendWasm` the training kernels use. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number, values?: Float32Array): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
  incRef(dataId: DataId): void;
}

/**
 * The `WebAssembly.Memory` of tfjs-wasm's module: exported by the single-threaded build, created in
 * JS (shared) by the threaded one. Undefined when neither is reachable (a mock backend, or another
 * tfjs-wasm build): callers then use stock kernels.
 *
 * @param backend - the wasm backend.
 * @returns its memory, or undefined.
 */
export function wasmMemoryOf(backend: WasmBackendLike): WebAssembly.Memory | undefined {
  const m = (backend as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = m?.asm?.memory ?? m?.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/**
 * Checks that a kernel's `backend` argument is tfjs-wasm's backend (or behaves like it).
 *
 * @param backend - the `backend` a kernel function received.
 * @param kernelName - the kernel, for the message.
 * @returns the backend, typed.
 */
export function asWasmBackend(backend: unknown, kernelName: string): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  if (b === null || typeof b !== 'object' || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function'
    || typeof b.disposeData !== 'function' || typeof b.incRef !== 'function') {
    throw new Error(`gold-nas ${kernelName}: this kernel only runs on the tfjs 'wasm' backend (BackendWasm); got another backend.`);
  }
  return b as WasmBackendLike;
}
