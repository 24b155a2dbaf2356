/**
 * `Conv2D` for tfjs-wasm: a 1×1 convolution without padding (any stride; NHWC, float32, output
 * channels a multiple of 4) runs as one of gold-nas's matrix-product loops, shared among the pool's
 * threads; anything else goes to the stock XNNPACK kernel. One thread runs it as fast as XNNPACK;
 * with a pool it uses every thread without XNNPACK's spinning workers.
 *
 * @module
 */
import type { Conv2DAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner } from '../support/kernelPool.js';
import { denseLinesLike, sampledLines } from '../support/pixelLines.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { isPointwise, preferImages, runGemm } from './pointwise.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util`).
 * @param stock - the stock kernel, for every other convolution.
 * @param context - the pool of threads, if any.
 * @returns the kernel function, or undefined without a stock kernel.
 */
export function conv2dPointwiseWasm(tf: TF, stock: KernelFunc | undefined, context: KernelContext): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const filter = args.inputs['filter'] as TensorInfo;
    const a = args.attrs as unknown as Conv2DAttrs;
    if (a.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32' || filter.shape[0] !== 1 || filter.shape[1] !== 1) return stock(args);
    const b = asWasmBackend(args.backend, 'Conv2D');
    const memory = wasmMemoryOf(b);
    const cout = filter.shape[3]!;
    if (memory === undefined || cout % 4 !== 0 || x.shape[3] === 0) return stock(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      a.strides, a.dilations, a.pad, a.dimRoundingMode, false, 'channelsLast');
    if (!isPointwise(info)) return stock(args);
    const r = simdRunner(memory, context.pool);
    const [n, , , cin] = x.shape as [number, number, number, number];
    const out = [info.outHeight, info.outWidth] as const;
    const y = b.makeOutput([n, out[0], out[1], cout], 'float32');
    if (n * out[0] * out[1] === 0) return y;
    const xLines = sampledLines(x.shape, out, [info.strideHeight, info.strideWidth], preferImages(r, n));
    const at = (t: TensorInfo): number => b.typedArrayFromHeap(t).byteOffset;
    runGemm(r, at(x), xLines, at(filter), cin, cout, at(y), denseLinesLike(xLines, cout));
    return y;
  };
}
