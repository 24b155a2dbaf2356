/**
 * `DepthwiseConv2dNativeBackpropFilter` for tfjs-wasm, which lacks it: one depthwise convolution
 * with the roles of input and output gradient swapped.
 *
 * The batch moves into the channels (`x → [1, H, W, C·N]`, one 2-D transpose), the output
 * gradient becomes the filter (`[Ho, Wo, C·N, M]`), and the forward stride and dilation swap
 * places. The result holds one pixel per filter tap; summing over the batch gives the gradient.
 * Any channel multiplier M works.
 *
 * With a channel multiplier of 1 and a channel count that is a multiple of 4 (every DARTS
 * operator), gold-nas's SIMD loops sum the products directly instead (`depthwiseSimd`), one output
 * row at a time so that the input rows it reads stay in the L1 cache, shared among the pool's
 * threads: no transposes, several times faster.
 *
 * @module
 */
import type { DepthwiseConv2dNativeBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { filterGradAxis, needsCrop } from '../support/convGeometry.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { explicitPad, wasmOps } from '../support/wasmOps.js';
import { convAxes } from '../support/convAttrs.js';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner } from '../support/kernelPool.js';
import { depthwiseFilterGrad } from './depthwiseSimd.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util` and the stock wasm kernels).
 * @param _stock - the stock kernel (tfjs-wasm has none).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function depthwiseBackpropFilterWasm(tf: TF, _stock?: KernelFunc, context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, 'DepthwiseConv2dNativeBackpropFilter');
    const x = inputs['x'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const [fh, fw, c, m] = a.filterShape;
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides,
      a.dilations ?? 1, a.pad, a.dimRoundingMode, true, 'channelsLast');
    const [rows, cols] = convAxes(info, dy);
    const [n, h, w] = x.shape as [number, number, number, number];
    const [, ho, wo] = dy.shape as [number, number, number, number];
    const ops = wasmOps(tf, b);
    try {
      const memory = wasmMemoryOf(b);
      if (memory !== undefined && m === 1 && c % 4 === 0 && x.dtype === 'float32' && dy.dtype === 'float32') {
        return ops.keep(depthwiseFilterGrad(simdRunner(memory, context.pool), ops, x, dy, rows, cols, false));
      }
      const xT = ops.reshape(ops.transpose(x, [1, 2, 3, 0]), [1, h, w, c * n]);
      const dyT = ops.reshape(ops.transpose(ops.reshape(dy, [n, ho, wo, c, m]), [1, 2, 3, 0, 4]), [ho, wo, c * n, m]);
      const pr = filterGradAxis(rows);
      const pc = filterGradAxis(cols);
      let g = ops.depthwise(xT, dyT, [rows.dilation, cols.dilation], [rows.stride, cols.stride],
        explicitPad(pr.padBefore, pr.padAfter, pc.padBefore, pc.padAfter)); // [1, fh', fw', c·n·m]
      if (needsCrop(pr) || needsCrop(pc)) g = ops.cropHW(g, pr.cropStart, pr.length, pc.cropStart, pc.length);
      const perTap = m === 1
        ? ops.reshape(g, [fh * fw * c, n])
        : ops.transpose(ops.reshape(g, [fh * fw * c, n, m]), [0, 2, 1]); // [taps·c, m, n]
      return ops.keep(ops.reshape(ops.sumLast(perTap), [fh, fw, c, m]));
    } finally {
      ops.dispose();
    }
  };
}
