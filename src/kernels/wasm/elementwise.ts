/**
 * `Add` and `Multiply` for tfjs-wasm on gold-nas's SIMD loops, shared among the pool's threads:
 * two float32 tensors of the same shape, or (for `Multiply`) a tensor and a one-value tensor, the
 * super-network's gated terms and their gradients. The stock kernels run a scalar loop over
 * every element, several times slower; any other case (broadcasting, other dtypes, sizes that are
 * not a whole number of 4-float vectors) goes to them.
 *
 * @module
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner } from '../support/kernelPool.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import type { SimdLoopName } from '../simd/simdKernels.js';
import { sizeOf } from '../support/backendStorage.js';

const sameShape = (a: TensorInfo, b: TensorInfo): boolean => a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

/** A binary kernel on the SIMD loops: `pick` chooses the loop and the operand order, or undefined for the stock kernel. */
function binaryWasm(kernelName: string, stock: KernelFunc | undefined, context: KernelContext,
  pick: (a: TensorInfo, b: TensorInfo) => { loop: SimdLoopName; first: TensorInfo; second: TensorInfo; out: TensorInfo } | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const a = args.inputs['a'] as TensorInfo;
    const b = args.inputs['b'] as TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    const chosen = pick(a, b);
    const size = chosen === undefined ? 0 : sizeOf(chosen.out);
    if (chosen === undefined || size === 0 || size % 4 !== 0) return stock(args);
    const backend = asWasmBackend(args.backend, kernelName);
    const memory = wasmMemoryOf(backend);
    if (memory === undefined) return stock(args);
    const out = backend.makeOutput([...chosen.out.shape], 'float32');
    const at = (t: TensorInfo): number => backend.typedArrayFromHeap(t).byteOffset;
    const r = simdRunner(memory, context.pool);
    const vectors = size / 4;
    r.run(chosen.loop, [at(chosen.first), at(chosen.second), at(out)], vectors, r.chunks(vectors, vectors));
    return out;
  };
}

/**
 * The `Add` kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param stock - the stock kernel, for everything but two float32 tensors of one shape.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function addWasm(stock: KernelFunc | undefined, context: KernelContext = {}): KernelFunc | undefined {
  return binaryWasm('Add', stock, context, (a, b) => (sameShape(a, b) ? { loop: 'add', first: a, second: b, out: a } : undefined));
}

/**
 * The `Multiply` kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param stock - the stock kernel, for everything but two float32 tensors of one shape or a tensor and a one-value tensor.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function multiplyWasm(stock: KernelFunc | undefined, context: KernelContext = {}): KernelFunc | undefined {
  return binaryWasm('Multiply', stock, context, (a, b) => {
    if (sameShape(a, b)) return { loop: 'mul', first: a, second: b, out: a };
    // A one-value operand of rank 0 (a scalar) broadcasts to the other's shape.
    if (b.shape.length === 0) return { loop: 'mulScalar', first: a, second: b, out: a };
    if (a.shape.length === 0) return { loop: 'mulScalar', first: b, second: a, out: b };
    return undefined;
  });
}
