/**
 * A faster `Conv2DBackpropInput` for tfjs-wasm. The stock kernel is a scalar C++ loop. A 1×1
 * convolution without padding (any stride: the pointwise convolutions, FactorizedReduce) is one of
 * gold-nas's matrix-product loops, `dy·Wᵀ` written straight into the pixels the forward pass read
 * (the others are zeros), shared among the pool's threads. Any other convolution is one XNNPACK
 * convolution of the output gradient (zero-interleaved for stride > 1) with the flipped,
 * in/out-swapped filter.
 *
 * @module
 */
import type { Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { inputGradAxis, needsCrop } from '../support/convGeometry.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { explicitPad, wasmOps } from '../support/wasmOps.js';
import { convAxes } from '../support/convAttrs.js';
import { flipFilter } from './flipFilter.js';
import type { KernelContext } from '../support/kernelContext.js';
import { simdRunner, zeroFill } from '../support/kernelPool.js';
import { denseLinesLike, sampledLines } from '../support/pixelLines.js';
import { isPointwise, preferImages, runGemm, transposedPointwiseFilter } from './pointwise.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
 *
 * @param tf - the tfjs namespace (for `backend_util` and the stock wasm kernels).
 * @param _stock - the stock kernel (unused: this one handles every case).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function conv2dBackpropInputWasm(tf: TF, _stock?: KernelFunc, context: KernelContext = {}): KernelFunc {
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
      const memory = wasmMemoryOf(b);
      if (memory !== undefined && isPointwise(info) && cin % 4 === 0 && cout > 0 && dy.dtype === 'float32' && filter.dtype === 'float32') {
        // dx = dy·Wᵀ at the pixels the forward pass read (zeros elsewhere, when strided).
        const r = simdRunner(memory, context.pool);
        const [n] = a.inputShape;
        const strided = rows.stride > 1 || cols.stride > 1;
        const wT = transposedPointwiseFilter(ops, filter);
        const dx = ops.empty([n, h, w, cin]);
        if (strided) zeroFill(r, ops.address(dx), n * h * w * cin);
        const dxLines = sampledLines([n, h, w, cin], [rows.out, cols.out], [rows.stride, cols.stride], !strided && preferImages(r, n));
        runGemm(r, ops.address(dy), denseLinesLike(dxLines, cout), ops.address(wT), cout, cin, ops.address(dx), dxLines);
        return ops.keep(dx);
      }
      const flipped = ops.fromValues([fh, fw, cout, cin], flipFilter(ops.view(filter), fh, fw, cin, cout, true));
      const z = ops.zeroInterleave(dy, rows.stride, cols.stride);
      const pr = inputGradAxis(rows);
      const pc = inputGradAxis(cols);
      let g = ops.conv(z, flipped, [1, 1], [rows.dilation, cols.dilation],
        explicitPad(pr.padBefore, pr.padAfter, pc.padBefore, pc.padAfter));
      if (needsCrop(pr) || needsCrop(pc)) g = ops.cropHW(g, pr.cropStart, h, pc.cropStart, w);
      return ops.keep(g);
    } finally {
      ops.dispose();
    }
  };
}
