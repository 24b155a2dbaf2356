/**
 * A fused ReLU-then-depthwise-convolution for tfjs-wasm (channel multiplier 1, channels a multiple
 * of 4), the first half of every DARTS separable and dilated convolution. Forward, the ReLU is
 * applied as the input is read, so its output is never written, saved for the backward pass or
 * differentiated as a tensor of its own; backward, one kernel gives the input gradient (masked by
 * the ReLU) and the filter gradient. The loops are gold-nas's register-blocked SIMD ones
 * (`depthwiseSimd`), shared among the pool's threads.
 *
 * gold-nas's block interpreter runs them, by name, when the active backend has both registered
 * (the wasm kernel table installs them), and `relu` then `depthwiseConv2d` otherwise. The kernels'
 * contract is documented with their names, `RELU_DEPTHWISE_KERNEL` and
 * `RELU_DEPTHWISE_GRAD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { windowOutputSize } from '../../space/layers.js';
import type { KernelContext } from '../support/kernelContext.js';
import type { ConvAxis } from '../support/convGeometry.js';
import { simdRunner } from '../support/kernelPool.js';
import { type WasmBackendLike, asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { wasmOps } from '../support/wasmOps.js';
import { depthwiseFilterGrad, depthwiseForward, depthwiseInputGrad } from '../wasm/depthwiseSimd.js';
import { RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, type ReluDepthwiseAttrs } from '../names/kernelNames.js';

function axes(x: TensorInfo, filter: TensorInfo, a: ReluDepthwiseAttrs, kernelName: string): [ConvAxis, ConvAxis] {
  const [, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, fc, m] = filter.shape as [number, number, number, number];
  if (fc !== c || m !== 1 || c % 4 !== 0 || x.dtype !== 'float32' || filter.dtype !== 'float32') {
    throw new Error(`gold-nas ${kernelName}: needs float32, channel multiplier 1 and channels a multiple of 4; got x [${x.shape.join(', ')}], filter [${filter.shape.join(', ')}].`);
  }
  const [sh, sw] = a.strides;
  const [ph, pw] = a.pad;
  const d = a.dilation;
  return [
    { size: h, out: windowOutputSize(h, fh, sh, ph, d), filter: fh, stride: sh, dilation: d, padBefore: ph },
    { size: w, out: windowOutputSize(w, fw, sw, pw, d), filter: fw, stride: sw, dilation: d, padBefore: pw },
  ];
}

function memoryOf(b: WasmBackendLike, kernelName: string): WebAssembly.Memory {
  const memory = wasmMemoryOf(b);
  if (memory === undefined) throw new Error(`gold-nas ${kernelName}: cannot reach tfjs-wasm's memory (tfjs-backend-wasm 4.22.0 expected).`);
  return memory;
}

/**
 * The forward kernel function.
 *
 * @param tf - the tfjs namespace (for the wasm kernel registry).
 * @param _stock - unused (a gap-filler).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function reluDepthwiseKernel(tf: TF, _stock?: KernelFunc, context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, RELU_DEPTHWISE_KERNEL);
    const x = inputs['x'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    const [rows, cols] = axes(x, filter, attrs as unknown as ReluDepthwiseAttrs, RELU_DEPTHWISE_KERNEL);
    const r = simdRunner(memoryOf(b, RELU_DEPTHWISE_KERNEL), context.pool);
    const ops = wasmOps(tf, b);
    try {
      return ops.keep(depthwiseForward(r, ops, x, filter, rows, cols, true));
    } finally {
      ops.dispose();
    }
  };
}

/**
 * The backward kernel function.
 *
 * @param tf - the tfjs namespace (for the wasm kernel registry).
 * @param _stock - unused (a gap-filler).
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function reluDepthwiseGradKernel(tf: TF, _stock?: KernelFunc, context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, RELU_DEPTHWISE_GRAD_KERNEL);
    const dy = inputs['dy'] as TensorInfo;
    const x = inputs['x'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    const [rows, cols] = axes(x, filter, attrs as unknown as ReluDepthwiseAttrs, RELU_DEPTHWISE_GRAD_KERNEL);
    const r = simdRunner(memoryOf(b, RELU_DEPTHWISE_GRAD_KERNEL), context.pool);
    const ops = wasmOps(tf, b);
    try {
      const dx = depthwiseInputGrad(r, ops, dy, filter, rows, cols, x);
      const df = depthwiseFilterGrad(r, ops, x, dy, rows, cols, true);
      return [ops.keep(dx), ops.keep(df)];
    } finally {
      ops.dispose();
    }
  };
}
