/**
 * `Mean` for tfjs-wasm over the two spatial axes of an NHWC float32 tensor (`mean(x, [1, 2])`, a
 * global average pool) whose channels are a multiple of 4: per image, the `channelSum` loop adds
 * its H·W pixels, one chunk per image, which a kernel pool's threads share; then one division per
 * value. The stock kernel transposes the input to put the axes last first, about 4 ms for the
 * super-network head's `[64, 8, 8, 256]`. Up to 64 pixels an image the sums are the stock kernel's,
 * in the same order, so the means are the same bits; above, the pixels are summed in blocks of 64
 * (more accurate). Every other call goes to the stock kernel.
 *
 * @module
 */
import type { KernelFunc, MeanAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner } from '../support/kernelPool.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';

/** Whether `axis` names exactly axes 1 and 2 of a rank-4 tensor (negative axes counted from the end). */
function isSpatial(axis: number | number[]): boolean {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + 4 : a)).sort();
  return axes.length === 2 && axes[0] === 1 && axes[1] === 2;
}

/**
 * The `Mean` kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param stock - the stock kernel, for every other reduction.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function spatialMeanWasm(stock: KernelFunc | undefined, context: KernelContext = {}): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as MeanAttrs;
    if (x.dtype !== 'float32' || x.shape.length !== 4 || !isSpatial(axis)) return stock(args);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const pixels = h * w;
    if (c % 4 !== 0 || n * c === 0 || pixels === 0) return stock(args);
    const backend = asWasmBackend(args.backend, 'Mean');
    const memory = wasmMemoryOf(backend);
    if (memory === undefined) return stock(args);
    const out = backend.makeOutput(keepDims === true ? [n, 1, 1, c] : [n, c], 'float32');
    const sums = backend.typedArrayFromHeap(out) as Float32Array;
    sums.fill(0);
    // Chunk b of n over the n·H·W pixel rows is image b, whose sums go to output row b.
    simdRunner(memory, context.pool).run('channelSum', [backend.typedArrayFromHeap(x).byteOffset, 4 * c, sums.byteOffset, 4 * c], n * pixels, n);
    // A float32 quotient rounded from the double one is the correctly rounded float32 quotient.
    for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! / pixels;
    return out;
  };
}
