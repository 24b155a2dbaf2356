/**
 * A sum of tensors each times one value, `Σ_k x_k·s_k`, in one pass on wasm: the super-network's
 * nodes, each the sum of its gated operators. Without it a node takes one `Multiply` per gated
 * operator (a pass writing the product) and an `AddN` reading them all back. The kernel's contract
 * is documented with its name, `WEIGHTED_ADD_N_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import type { KernelContext } from '../support/kernelContext.js';
import { sizeOf } from '../support/backendStorage.js';
import { simdRunner } from '../support/kernelPool.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { wasmOps } from '../support/wasmOps.js';
import { WEIGHTED_ADD_N_KERNEL } from '../names/kernelNames.js';

/**
 * The kernel function on tfjs-wasm's heap (the `addNScaled` loop, shared among a kernel pool's threads).
 *
 * @param tf - the tfjs namespace (for the wasm kernel toolkit).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function weightedAddNKernel(tf: TF, context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const b = asWasmBackend(backend, WEIGHTED_ADD_N_KERNEL);
    const xs: TensorInfo[] = [];
    for (let i = 0; inputs[`x${i}`] !== undefined; i++) xs.push(inputs[`x${i}`] as TensorInfo);
    const first = xs[0];
    const size = first === undefined ? 0 : sizeOf(first);
    const scales = xs.map((_, i) => inputs[`s${i}`] as TensorInfo | undefined);
    const memory = wasmMemoryOf(b);
    if (first === undefined || memory === undefined || size % 4 !== 0 || size === 0
      || xs.some((x) => x.dtype !== 'float32' || x.shape.length !== first.shape.length || x.shape.some((d, k) => d !== first.shape[k]))
      || scales.some((s) => s !== undefined && (s.dtype !== 'float32' || sizeOf(s) !== 1))) {
      throw new Error(`gold-nas ${WEIGHTED_ADD_N_KERNEL}: expected inputs x0, x1, … (float32, one shape, a size that is a multiple of 4) and one-value float32 scales s_i, got ${
        Object.entries(inputs).map(([k, t]) => `${k} [${(t as TensorInfo).shape.join(', ')}] ${(t as TensorInfo).dtype}`).join(', ')}.`);
    }
    const out = b.makeOutput([...first.shape], 'float32');
    const ops = wasmOps(tf, b);
    try {
      // Each input's address and its scale's (a 1 for the unscaled ones).
      const one = ops.fromValues([1], Float32Array.of(1));
      const table = ops.fromInts(Int32Array.from(xs.flatMap((x, i) => [ops.address(x), ops.address(scales[i] ?? one)])));
      const r = simdRunner(memory, context.pool);
      const vectors = size / 4;
      r.run('addNScaled', [ops.address(table), xs.length, ops.address(out)], vectors, r.chunks(vectors, vectors * xs.length));
    } finally {
      ops.dispose();
    }
    return out;
  };
}
