/**
 * `Conv2DBackpropFilter` and `DepthwiseConv2dNativeBackpropFilter` for tfjs's pure-JS `cpu` backend,
 * as direct sums over output rows and filter taps: the same loop order as gold-nas's wasm SIMD
 * kernels (`convFilterGrad`, `dwFilterGrad`), in plain JS with float64 sums. The stock cpu kernels
 * walk the filter in the outer loops and the whole batch in the inner ones, which is several times
 * slower on the shapes of a DARTS cell.
 *
 * @module
 * @internal
 */
import type { Conv2DBackpropFilterAttrs, DepthwiseConv2dNativeBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { convAxes } from '../support/convAttrs.js';
import { tapColumnTable } from '../simd/simdKernels.js';
import { asCpuBackend, cpuFloats } from '../support/backendStorage.js';

/**
 * Sums `x[n, oy·s + i·d − p, ox·s + j·d − p, :] ⊗ dy[n, oy, ox, :]` into a filter gradient: the outer
 * product over channels for a full convolution, the element-wise product for a depthwise one.
 */
function filterGrad(tf: TF, kernelName: string, depthwise: boolean, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const b = asCpuBackend(backend, kernelName);
    const x = inputs['x'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    const a = attrs as unknown as (Conv2DBackpropFilterAttrs | DepthwiseConv2dNativeBackpropFilterAttrs) & { dilations?: number | [number, number] };
    if ('dataFormat' in a && a.dataFormat === 'NCHW') throw new Error(`gold-nas ${kernelName} (cpu): only dataFormat 'NHWC' is supported.`);
    const [fh, fw, cin, m] = a.filterShape;
    if ((depthwise && m !== 1) || x.dtype !== 'float32' || dy.dtype !== 'float32') {
      if (stock === undefined) throw new Error(`gold-nas ${kernelName} (cpu): channel multiplier ${m} or dtype ${x.dtype} is not supported.`);
      return stock(args);
    }
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides,
      a.dilations ?? 1, a.pad, a.dimRoundingMode, depthwise, 'channelsLast');
    const [rows, cols] = convAxes(info, dy);
    const [n, h, w] = x.shape as [number, number, number, number];
    const cout = depthwise ? cin : m;
    const xv = cpuFloats(b, x, kernelName);
    const dyv = cpuFloats(b, dy, kernelName);
    const table = tapColumnTable(cols, fw, cin, cout);
    const acc = new Float64Array(fh * fw * cin * (depthwise ? 1 : cout));
    const tapSize = depthwise ? cin : cin * cout;
    const xStep = cols.stride * cin;
    for (let bi = 0; bi < n; bi++) {
      for (let oy = 0; oy < rows.out; oy++) {
        const dyRow = (bi * rows.out + oy) * cols.out * cout;
        for (let i = 0; i < fh; i++) {
          const iy = oy * rows.stride + i * rows.dilation - rows.padBefore;
          if (iy < 0 || iy >= h) continue;
          const xRow = (bi * h + iy) * w * cin;
          for (let j = 0; j < fw; j++) {
            const cnt = table[3 * j]!;
            let xp = xRow + table[3 * j + 1]!;
            let dp = dyRow + table[3 * j + 2]!;
            const o = (i * fw + j) * tapSize;
            for (let k = 0; k < cnt; k++, xp += xStep, dp += cout) {
              if (depthwise) {
                for (let c = 0; c < cin; c++) acc[o + c] += xv[xp + c]! * dyv[dp + c]!;
              } else {
                for (let ci = 0; ci < cin; ci++) {
                  const xc = xv[xp + ci]!;
                  if (xc === 0) continue; // inputs after a ReLU are half zeros
                  const oc = o + ci * cout;
                  for (let co = 0; co < cout; co++) acc[oc + co] += xc * dyv[dp + co]!;
                }
              }
            }
          }
        }
      }
    }
    return b.makeTensorInfo([...a.filterShape], 'float32', Float32Array.from(acc));
  };
}

/**
 * The cpu `Conv2DBackpropFilter` kernel function.
 *
 * @param tf - the tfjs namespace (for `backend_util`).
 * @param stock - the stock kernel (for non-float32 tensors).
 * @returns the kernel function.
 */
export function conv2dBackpropFilterCpu(tf: TF, stock: KernelFunc | undefined): KernelFunc {
  return filterGrad(tf, 'Conv2DBackpropFilter', false, stock);
}

/**
 * The cpu `DepthwiseConv2dNativeBackpropFilter` kernel function (channel multiplier 1; the stock
 * kernel does the others).
 *
 * @param tf - the tfjs namespace (for `backend_util`).
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function depthwiseBackpropFilterCpu(tf: TF, stock: KernelFunc | undefined): KernelFunc {
  return filterGrad(tf, 'DepthwiseConv2dNativeBackpropFilter', true, stock);
}
