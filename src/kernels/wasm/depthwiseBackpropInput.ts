/**
 * `DepthwiseConv2dNativeBackpropInput` for tfjs-wasm, which lacks it: one depthwise convolution
 * of the output gradient with the spatially flipped filter.
 *
 * For stride s > 1 the output gradient is first zero-interleaved (s-1 zeros after every row and
 * column, one heap-to-heap pass). Padding is folded into the convolution's explicit pads, so no
 * `Pad` or `Slice` runs in the usual cases. A channel multiplier M > 1 is handled by convolving
 * the C·M gradient channels separately and summing each group of M.
 *
 * With a channel multiplier of 1 and a channel count that is a multiple of 4 (every DARTS
 * operator), gold-nas's SIMD loops run instead (`depthwiseSimd`), shared among the pool's threads:
 * for stride 1 a register-blocked convolution with the flipped filter, for larger strides a loop
 * that scatters each output-gradient row into the input rows its taps read (a quarter of the work
 * of a convolution over the zero-interleaved gradient for stride 2).
 *
 * @module
 */
import type { DepthwiseConv2dNativeBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { inputGradAxis, needsCrop } from '../support/convGeometry.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { explicitPad, wasmOps } from '../support/wasmOps.js';
import { convAxes } from '../support/convAttrs.js';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner } from '../support/kernelPool.js';
import { depthwiseInputGrad } from './depthwiseSimd.js';
import { flipFilter } from './flipFilter.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util` and the stock wasm kernels).
 * @param _stock - the stock kernel (tfjs-wasm has none).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function depthwiseBackpropInputWasm(tf: TF, _stock?: KernelFunc, context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, 'DepthwiseConv2dNativeBackpropInput');
    const dy = inputs['dy'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const [fh, fw, c, m] = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides,
      a.dilations ?? 1, a.pad, a.dimRoundingMode, true, 'channelsLast');
    const [rows, cols] = convAxes(info, dy);
    const [n, h, w] = a.inputShape;
    const ops = wasmOps(tf, b);
    try {
      const memory = wasmMemoryOf(b);
      if (memory !== undefined && m === 1 && c % 4 === 0 && dy.dtype === 'float32' && filter.dtype === 'float32') {
        return ops.keep(depthwiseInputGrad(simdRunner(memory, context.pool), ops, dy, filter, rows, cols, undefined));
      }
      const flipped = ops.fromValues([fh, fw, c * m, 1], flipFilter(ops.view(filter), fh, fw, c, m, false));
      const z = ops.zeroInterleave(dy, rows.stride, cols.stride);
      const pr = inputGradAxis(rows);
      const pc = inputGradAxis(cols);
      let g = ops.depthwise(z, flipped, [1, 1], [rows.dilation, cols.dilation],
        explicitPad(pr.padBefore, pr.padAfter, pc.padBefore, pc.padAfter)); // [n, h', w', c·m]
      if (m > 1) g = ops.reshape(ops.sumLast(ops.reshape(g, [n, pr.outLength, pc.outLength, c, m])), [n, pr.outLength, pc.outLength, c]);
      if (needsCrop(pr) || needsCrop(pc)) g = ops.cropHW(g, pr.cropStart, h, pc.cropStart, w);
      return ops.keep(g);
    } finally {
      ops.dispose();
    }
  };
}
