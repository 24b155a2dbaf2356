/**
 * How gold-nas's kernels reach a backend's tensor storage: the values of tfjs's pure-JS `cpu`
 * backend (typed arrays in its data map) and of tfjs-wasm (views on its heap), and a float32
 * storage interface over either for the kernels that run on both (batch norm, SGD).
 *
 * @module
 * @internal
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import type { TypedValues } from './blockCopy.js';
import { type WasmBackendLike, asWasmBackend, wasmMemoryOf } from './wasmBackend.js';
import { type KernelPool, type SimdRunner, simdRunner } from './kernelPool.js';

/** The parts of tfjs's `MathBackendCPU` gold-nas's cpu kernels use. */
export interface CpuBackendLike {
  readonly data: { get(dataId: unknown): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedValues): TensorInfo;
  disposeData?(dataId: unknown): unknown;
}

/**
 * The `cpu` backend a kernel received, or undefined when it is not one (the kernel then falls back
 * to the stock one).
 *
 * @param backend - the `backend` a kernel function received.
 * @returns the backend, typed, or undefined.
 */
export function cpuBackendOf(backend: unknown): CpuBackendLike | undefined {
  const b = backend as Partial<CpuBackendLike> | null;
  return b !== null && typeof b === 'object' && b.data !== undefined && typeof b.makeTensorInfo === 'function' ? (b as CpuBackendLike) : undefined;
}

/**
 * Checks that a kernel's `backend` argument is tfjs's `cpu` backend (or behaves like it).
 *
 * @param backend - the `backend` a kernel function received.
 * @param kernelName - the kernel, for the message.
 * @returns the backend, typed.
 */
export function asCpuBackend(backend: unknown, kernelName: string): CpuBackendLike {
  const b = cpuBackendOf(backend);
  if (b === undefined) throw new Error(`gold-nas ${kernelName} (cpu): this kernel only runs on the tfjs 'cpu' backend.`);
  return b;
}

/**
 * A tensor's values on the cpu backend.
 *
 * @param b - the cpu backend.
 * @param t - the tensor.
 * @returns its typed array, or undefined when it holds anything else (strings, complex).
 */
export function cpuValues(b: CpuBackendLike, t: TensorInfo): TypedValues | undefined {
  const v = b.data.get(t.dataId)?.values;
  return v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array ? v : undefined;
}

/**
 * A float32 tensor's values on the cpu backend.
 *
 * @param b - the cpu backend.
 * @param t - the tensor.
 * @param kernelName - the kernel, for the message.
 * @returns its values.
 */
export function cpuFloats(b: CpuBackendLike, t: TensorInfo, kernelName: string): Float32Array {
  const v = b.data.get(t.dataId)?.values;
  if (!(v instanceof Float32Array)) throw new Error(`gold-nas ${kernelName}: expected float32 values, got ${t.dtype}.`);
  return v;
}

/**
 * A zeroed typed array of the same kind as `like`.
 *
 * @param like - the kind.
 * @param n - the length.
 * @returns the new array.
 */
export function allocLike(like: TypedValues, n: number): TypedValues {
  return like instanceof Float32Array ? new Float32Array(n) : like instanceof Int32Array ? new Int32Array(n) : new Uint8Array(n);
}

/** Float32 storage of one backend: how a kernel that runs on cpu and wasm reads inputs and makes outputs. */
export interface FloatStorage {
  /** The values of a float32 tensor (on wasm a heap view: re-read it after any allocation). */
  values(t: TensorInfo): Float32Array;
  /** A new float32 tensor whose every value the caller writes (zeros on cpu, unspecified on wasm). */
  output(shape: readonly number[]): TensorInfo;
  /** A new float32 tensor of zeros. */
  zeros(shape: readonly number[]): TensorInfo;
  /** Frees a tensor this storage made. */
  dispose(t: TensorInfo): void;
}

/**
 * The float32 storage of the cpu backend.
 *
 * @param backend - the `backend` a kernel function received.
 * @param kernelName - the kernel, for messages.
 * @returns the storage.
 */
export function cpuFloatStorage(backend: unknown, kernelName: string): FloatStorage {
  const b = asCpuBackend(backend, kernelName);
  const output = (shape: readonly number[]): TensorInfo => b.makeTensorInfo([...shape], 'float32', new Float32Array(shape.reduce((a, s) => a * s, 1)));
  return {
    values: (t) => cpuFloats(b, t, kernelName),
    output,
    zeros: output,
    dispose(t) { b.disposeData?.(t.dataId); },
  };
}

/**
 * The float32 storage of tfjs-wasm.
 *
 * @param b - the wasm backend.
 * @param kernelName - the kernel, for messages.
 * @returns the storage.
 */
export function wasmFloatStorage(b: WasmBackendLike, kernelName: string): FloatStorage {
  const output = (shape: readonly number[]): TensorInfo => b.makeOutput([...shape], 'float32');
  const values = (t: TensorInfo): Float32Array => {
    const v = b.typedArrayFromHeap(t);
    if (!(v instanceof Float32Array)) throw new Error(`gold-nas ${kernelName}: expected float32 values, got ${t.dtype}.`);
    return v;
  };
  return {
    values,
    output,
    zeros(shape) {
      const out = output(shape);
      values(out).fill(0);
      return out;
    },
    dispose(t) { b.disposeData(t.dataId); },
  };
}

/**
 * The number of values of a tensor (the product of its shape).
 *
 * @param t - the tensor.
 * @returns its size.
 */
export function sizeOf(t: TensorInfo): number {
  return t.shape.reduce((a, d) => a * d, 1);
}

/**
 * Throws unless every given tensor is float32 (the fused kernels' inputs; absent optional ones are skipped).
 *
 * @param kernelName - the kernel, for the message.
 * @param tensors - its inputs.
 */
export function expectFloat32(kernelName: string, tensors: readonly (TensorInfo | undefined)[]): void {
  for (const t of tensors) if (t !== undefined && t.dtype !== 'float32') throw new Error(`gold-nas ${kernelName}: expected float32 tensors, got ${t.dtype}.`);
}

/** Where a fused kernel runs: its float32 storage, and on wasm with a memory gold-nas's loops can use, the backend and the loops' runner. */
export interface FusedBackend {
  readonly storage: FloatStorage;
  readonly simd?: { readonly wasm: WasmBackendLike; readonly r: SimdRunner };
}

/**
 * A fused kernel's backend: on wasm, its storage and (when its memory is reachable) the backend and
 * gold-nas's loops on that memory, shared among `pool`'s threads; on cpu, its storage only.
 *
 * @param backendName - the backend the kernel was registered for.
 * @param backend - the `backend` a kernel function received.
 * @param kernelName - the kernel, for messages.
 * @param pool - the kernel pool, if any.
 * @returns the storage, and the SIMD side on wasm.
 */
export function fusedBackend(backendName: 'cpu' | 'wasm', backend: unknown, kernelName: string, pool?: KernelPool): FusedBackend {
  if (backendName !== 'wasm') return { storage: cpuFloatStorage(backend, kernelName) };
  const wasm = asWasmBackend(backend, kernelName);
  const memory = wasmMemoryOf(wasm);
  return { storage: wasmFloatStorage(wasm, kernelName), ...(memory !== undefined ? { simd: { wasm, r: simdRunner(memory, pool) } } : {}) };
}
