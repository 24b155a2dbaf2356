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
 * operator), a hand-written SIMD loop sums the products directly instead, one output row at a time
 * so that the three input rows it reads stay in the L1 cache: no transposes, several times faster.
 *
 * @module
 */
import type { DepthwiseConv2dNativeBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { type ConvAxis, filterGradAxis, needsCrop } from '../support/convGeometry.js';
import { asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { type WasmOps, explicitPad, wasmOps } from '../support/wasmOps.js';
import { type SimdKernels, depthwiseLoopArgs, simdKernelsFor } from '../simd/simdKernels.js';
import { convAxes } from '../support/convAttrs.js';

/**
 * The kernel function (a row of `WASM_KERNEL_TABLE`).
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
      const memory = wasmMemoryOf(b);
      if (memory !== undefined && m === 1 && c % 4 === 0 && x.dtype === 'float32' && dy.dtype === 'float32') {
        return ops.keep(direct(ops, simdKernelsFor(memory), x, dy, rows, cols, [fh, fw, c, m]));
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

/**
 * The direct sum `dW[i, j, c] = Σ_{n, y, x} x[n, y·s + i·d − p, x·s + j·d − p, c] · dy[n, y, x, c]`
 * by the SIMD loop, skipping taps that fall on the zero padding.
 */
function direct(ops: WasmOps, k: SimdKernels, x: TensorInfo, dy: TensorInfo, rows: ConvAxis, cols: ConvAxis, shape: readonly number[]): TensorInfo {
  const [n, , , c] = x.shape as [number, number, number, number];
  const [fh, fw] = shape as [number, number];
  const { table, args } = depthwiseLoopArgs(n, rows, cols, fh, fw, c);
  const t = ops.fromInts(table);
  const out = ops.zeros(shape);
  k.dwFilterGrad(ops.address(x), ops.address(dy), ops.address(out), ops.address(t), ...args);
  return out;
}
