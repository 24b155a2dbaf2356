/**
 * A faster `Conv2DBackpropInput` for tfjs-wasm. The stock kernel is a scalar C++ loop; this one
 * is one XNNPACK convolution of the output gradient (zero-interleaved for stride > 1) with the
 * flipped, in/out-swapped filter. For a 1×1 convolution that is a single matMul-shaped conv.
 *
 * @module
 */
import type { Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';
import { inputGradAxis, needsCrop } from './convGeometry.js';
import { asWasmBackend, explicitPad, wasmOps } from './wasmKernelOps.js';
import { convAxes, pair } from './convAttrs.js';
import { flipFilter } from './depthwiseBackpropInputWasm.js';

/**
 * The kernel function (registered by `registerWasmTrainingKernels`).
 *
 * @param tf - the tfjs namespace (for `backend_util` and the stock wasm kernels).
 * @returns the kernel function.
 */
export function conv2dBackpropInputWasm(tf: TF): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, 'Conv2DBackpropInput');
    const dy = inputs['dy'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    const a = attrs as unknown as Conv2DBackpropInputAttrs & { dilations?: number | [number, number] };
    if (a.dataFormat === 'NCHW') throw new Error("gold-nas Conv2DBackpropInput (wasm): only dataFormat 'NHWC' is supported.");
    const [fh, fw, cin, cout] = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides,
      a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const [rows, cols] = convAxes(info, dy);
    const [, h, w] = a.inputShape;
    const ops = wasmOps(tf, b);
    try {
      const flipped = ops.fromValues([fh, fw, cout, cin], flipFilter(ops.view(filter), fh, fw, cin, cout, true));
      const z = ops.zeroInterleave(dy, rows.stride, cols.stride);
      const pr = inputGradAxis(rows);
      const pc = inputGradAxis(cols);
      let g = ops.conv(z, flipped, [1, 1], pair(rows.dilation, cols.dilation),
        explicitPad(pr.padBefore, pr.padAfter, pc.padBefore, pc.padAfter));
      if (needsCrop(pr) || needsCrop(pc)) g = ops.cropHW(g, pr.cropStart, h, pc.cropStart, w);
      return ops.keep(g);
    } finally {
      ops.dispose();
    }
  };
}
