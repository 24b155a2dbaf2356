/**
 * `Conv2DBackpropFilter` for tfjs-wasm, which lacks it: the filter gradient of a convolution.
 *
 * When the output channels are a multiple of 4, a hand-written SIMD loop contracts, for every
 * output row and filter tap, the input pixels under the tap with the output gradient, straight
 * from both tensors (`convFilterGrad`): no patches, no transposes; a pool's threads share it by
 * filter rows. Otherwise it is built from one
 * depthwise convolution and one XNNPACK matMul:
 *
 * 1. Patches: a depthwise convolution of the input with one-hot filters (channel multiplier =
 *    taps) gathers, for every output pixel, the input pixels each filter tap reads; strides,
 *    dilations and any padding come for free from the convolution itself. A 1×1 stride-1
 *    unpadded convolution skips this step: the patches are the input.
 * 2. The gradient is `patchesᵀ · dy` (or `dyᵀ · patches` when dy is wider): a plain
 *    non-transposed batch-1 XNNPACK matMul after one 2-D transpose (see `contractRows`), then a
 *    small transpose to `[fh, fw, Cin, Cout]`.
 *
 * @module
 */
import type { Conv2DBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { type ConvAxis, needsCrop, patchAxis } from '../support/convGeometry.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { explicitPad, wasmOps } from '../support/wasmOps.js';
import { convLoopArgs } from '../simd/simdKernels.js';
import { convAxes } from '../support/convAttrs.js';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner } from '../support/kernelPool.js';
import { denseLinesLike, sampledLines } from '../support/pixelLines.js';
import { isPointwise, preferImages, runGemmTN } from './pointwise.js';

/**
 * Filters `[fh, fw, C, fh·fw]` whose multiplier channel `i·fw + j` picks tap `(i, j)`.
 *
 * @param fh - filter height.
 * @param fw - filter width.
 * @param channels - input channels.
 * @returns the filter values.
 */
export function oneHotTapFilter(fh: number, fw: number, channels: number): Float32Array {
  const taps = fh * fw;
  const v = new Float32Array(taps * channels * taps);
  for (let t = 0; t < taps; t++) for (let c = 0; c < channels; c++) v[(t * channels + c) * taps + t] = 1;
  return v;
}

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util` and the stock wasm kernels).
 * @param _stock - the stock kernel (tfjs-wasm has none).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function conv2dBackpropFilterWasm(tf: TF, _stock?: KernelFunc, context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, 'Conv2DBackpropFilter');
    const x = inputs['x'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    const a = attrs as unknown as Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
    if (a.dataFormat === 'NCHW') throw new Error("gold-nas Conv2DBackpropFilter (wasm): only dataFormat 'NHWC' is supported.");
    const [fh, fw, cin, cout] = a.filterShape;
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides,
      a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const [rows, cols] = convAxes(info, dy);
    const ops = wasmOps(tf, b);
    try {
      const memory = wasmMemoryOf(b);
      if (memory !== undefined && isPointwise(info) && cout % 4 === 0 && cin > 0 && x.dtype === 'float32' && dy.dtype === 'float32') {
        // dW = Σ over the pixels read of xᵀ·dy.
        const r = simdRunner(memory, context.pool);
        const n = x.shape[0]!;
        const xLines = sampledLines(x.shape, [rows.out, cols.out], [rows.stride, cols.stride], preferImages(r, n));
        const dw = runGemmTN(r, ops, ops.address(x), xLines, ops.address(dy), denseLinesLike(xLines, cout), cin, cout);
        return ops.keep(ops.reshape(dw, a.filterShape));
      }
      if (memory !== undefined && cout % 4 === 0 && x.dtype === 'float32' && dy.dtype === 'float32') {
        // Shared among the threads by filter rows (tap, input channel): each value is summed in the
        // same order on any number of threads. Every chunk reads all of dy, so one chunk per thread.
        const n = x.shape[0]!;
        const { table, args } = convLoopArgs(n, rows, cols, fh, fw, cin, cout);
        const t = ops.fromInts(table);
        const out = ops.zeros(a.filterShape);
        const r = simdRunner(memory, context.pool);
        const units = fh * fw * cin;
        r.run('convFilterGrad', [ops.address(x), ops.address(dy), ops.address(out), ops.address(t), ...args], units,
          Math.min(r.chunks(units, (n * rows.out * cols.out * units * cout) / 4), r.threads));
        return ops.keep(out);
      }
      const n = dy.shape[0]! * dy.shape[1]! * dy.shape[2]!;
      const taps = fh * fw;
      const patches = identityPatches(rows, cols) ? x : (() => {
        const pr = patchAxis(rows);
        const pc = patchAxis(cols);
        const oneHot = ops.fromValues([fh, fw, cin, taps], oneHotTapFilter(fh, fw, cin));
        const p = ops.depthwise(x, oneHot, [rows.stride, cols.stride], [rows.dilation, cols.dilation],
          explicitPad(pr.padBefore, pr.padAfter, pc.padBefore, pc.padAfter));
        return needsCrop(pr) || needsCrop(pc) ? ops.cropHW(p, pr.cropStart, pr.length, pc.cropStart, pc.length) : p;
      })();
      const dy2 = ops.reshape(dy, [n, cout]);
      const p2 = ops.reshape(patches, [n, cin * taps]);
      // The matMul's right operand is repacked on every call and costs more the wider it is, so
      // the narrower operand goes there and the wider one is transposed.
      const w = cout <= cin * taps
        ? ops.transpose(ops.reshape(ops.contractRows(p2, dy2), [cin, taps, cout]), [1, 0, 2])
        : ops.transpose(ops.reshape(ops.contractRows(dy2, p2), [cout, cin, taps]), [2, 1, 0]);
      return ops.keep(ops.reshape(w, [fh, fw, cin, cout]));
    } finally {
      ops.dispose();
    }
  };
}

function identityPatches(rows: ConvAxis, cols: ConvAxis): boolean {
  const same = (a: ConvAxis): boolean => a.filter === 1 && a.stride === 1 && a.padBefore === 0 && a.out === a.size;
  return same(rows) && same(cols);
}
