/**
 * A faster `Conv2DBackpropInput` for tfjs-wasm. The stock kernel is a scalar C++ loop; this one
 * is one XNNPACK convolution of the output gradient (zero-interleaved for stride > 1) with the
 * flipped, in/out-swapped filter. For a 1×1 convolution that is a single matMul-shaped conv; for a
 * strided 1×1 convolution (FactorizedReduce, DARTS' reduction preprocess) the convolution runs at
 * the output's resolution and a SIMD loop scatters its rows into the pixels the forward pass read,
 * rather than convolving a zero-interleaved gradient four times the size.
 *
 * @module
 */
import type { Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { inputGradAxis, needsCrop } from '../support/convGeometry.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { explicitPad, wasmOps } from '../support/wasmOps.js';
import { simdKernelsFor, tapColumnTable } from '../simd/simdKernels.js';
import { convAxes } from '../support/convAttrs.js';
import { flipFilter } from './depthwiseBackpropInput.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
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
      const memory = wasmMemoryOf(b);
      if (memory !== undefined && fh === 1 && fw === 1 && (rows.stride > 1 || cols.stride > 1) && cin % 4 === 0 && dy.dtype === 'float32') {
        // A strided 1×1 convolution: the gradient at the pixels it read, scattered into zeros.
        const [n] = a.inputShape;
        const k = simdKernelsFor(memory);
        const g = ops.conv(dy, flipped, [1, 1], [1, 1], explicitPad(0, 0, 0, 0)); // [n, ho, wo, cin]
        const dx = ops.zeros([n, h, w, cin]);
        const t = tapColumnTable(cols, 1, cin * 4, cin * 4);
        const gBase = ops.address(g);
        const dxBase = ops.address(dx);
        const count = t[0]!;
        const xOffset = t[1]!;
        const gOffset = t[2]!;
        // No column of the image is read (count 0): the gradient is all zeros.
        if (count !== 0) {
          for (let bi = 0; bi < n; bi++) {
            for (let oy = 0; oy < rows.out; oy++) {
              const iy = oy * rows.stride - rows.padBefore;
              if (iy < 0 || iy >= h) continue;
              k.copyRows(gBase + (bi * rows.out + oy) * cols.out * cin * 4 + gOffset, dxBase + (bi * h + iy) * w * cin * 4 + xOffset, count,
                cin * 4, cin * 4, cols.stride * cin * 4);
            }
          }
        }
        return ops.keep(dx);
      }
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
