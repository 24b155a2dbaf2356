/**
 * `DepthwiseConv2dNativeBackpropFilter` for tfjs-wasm, which lacks it: one depthwise convolution
 * with the roles of input and output gradient swapped.
 *
 * The batch moves into the channels (`x → [1, H, W, C·N]`, one 2-D transpose), the output
 * gradient becomes the filter (`[Ho, Wo, C·N, M]`), and the forward stride and dilation swap
 * places. The result holds one pixel per filter tap; summing over the batch gives the gradient.
 * Any channel multiplier M works.
 *
 * @module
 */
import type { DepthwiseConv2dNativeBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';
import { filterGradAxis, needsCrop } from './convGeometry.js';
import { asWasmBackend, explicitPad, wasmOps } from './wasmKernelOps.js';
import { convAxes, pair } from './convAttrs.js';

/**
 * The kernel function (registered by `registerWasmTrainingKernels`).
 *
 * @param tf - the tfjs namespace (for `backend_util` and the stock wasm kernels).
 * @returns the kernel function.
 */
export function depthwiseBackpropFilterWasm(tf: TF): KernelFunc {
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
      const xT = ops.reshape(ops.transpose(x, [1, 2, 3, 0]), [1, h, w, c * n]);
      const dyT = ops.reshape(ops.transpose(ops.reshape(dy, [n, ho, wo, c, m]), [1, 2, 3, 0, 4]), [ho, wo, c * n, m]);
      const pr = filterGradAxis(rows);
      const pc = filterGradAxis(cols);
      let g = ops.depthwise(xT, dyT, pair(rows.dilation, cols.dilation), pair(rows.stride, cols.stride),
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
