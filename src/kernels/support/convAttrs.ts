/**
 * Reads a tfjs convolution's geometry (`Conv2DInfo`) into the per-axis form of `convGeometry`.
 *
 * @module
 */
import type { TensorInfo, backend_util } from '@tensorflow/tfjs-core';
import type { ConvAxis } from './convGeometry.js';

/**
 * The row and column axes of a forward NHWC convolution.
 *
 * @param info - tfjs's `computeConv2DInfo` result for the forward convolution.
 * @param dy - the output gradient; its spatial size is the output size (it wins over `info` when
 *   a rounding mode made them differ).
 * @returns `[rows, cols]`.
 */
export function convAxes(info: backend_util.Conv2DInfo, dy: TensorInfo): [ConvAxis, ConvAxis] {
  const rows: ConvAxis = {
    size: info.inHeight, out: dy.shape[1]!, filter: info.filterHeight, stride: info.strideHeight,
    dilation: info.dilationHeight, padBefore: info.padInfo.top,
  };
  const cols: ConvAxis = {
    size: info.inWidth, out: dy.shape[2]!, filter: info.filterWidth, stride: info.strideWidth,
    dilation: info.dilationWidth, padBefore: info.padInfo.left,
  };
  return [rows, cols];
}
