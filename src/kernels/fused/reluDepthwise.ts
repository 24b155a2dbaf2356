/**
 * A fused ReLU-then-depthwise-convolution for tfjs-wasm (channel multiplier 1, channels a multiple
 * of 4), the first half of every DARTS separable and dilated convolution. Forward, the ReLU is
 * applied as the input is read, so its output is never written, saved for the backward pass or
 * differentiated as a tensor of its own; backward, one kernel gives the input gradient (masked by
 * the ReLU) and the filter gradient. The three loops are gold-nas's hand-written SIMD ones.
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
import { type DepthwiseLoopArgs, depthwiseLoopArgs, simdKernelsFor } from '../simd/simdKernels.js';
import { type WasmBackendLike, asWasmBackend, wasmMemoryOf } from '../support/wasmBackend.js';
import { wasmOps } from '../support/wasmOps.js';
import { RELU_DEPTHWISE_GRAD_KERNEL, RELU_DEPTHWISE_KERNEL, type ReluDepthwiseAttrs } from '../names/kernelNames.js';

interface Geometry {
  readonly n: number; readonly h: number; readonly w: number; readonly c: number;
  readonly fh: number; readonly fw: number; readonly ho: number; readonly wo: number;
  readonly table: Int32Array;
  /** The loop arguments after the three pointers and the table. */
  readonly args: DepthwiseLoopArgs;
}

function geometry(x: TensorInfo, filter: TensorInfo, a: ReluDepthwiseAttrs, kernelName: string): Geometry {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, fc, m] = filter.shape as [number, number, number, number];
  if (fc !== c || m !== 1 || c % 4 !== 0 || x.dtype !== 'float32' || filter.dtype !== 'float32') {
    throw new Error(`gold-nas ${kernelName}: needs float32, channel multiplier 1 and channels a multiple of 4; got x [${x.shape.join(', ')}], filter [${filter.shape.join(', ')}].`);
  }
  const [sh, sw] = a.strides;
  const [ph, pw] = a.pad;
  const d = a.dilation;
  const ho = windowOutputSize(h, fh, sh, ph, d);
  const wo = windowOutputSize(w, fw, sw, pw, d);
  const { table, args } = depthwiseLoopArgs(n, { size: h, out: ho, stride: sh, dilation: d, padBefore: ph },
    { size: w, out: wo, stride: sw, dilation: d, padBefore: pw }, fh, fw, c);
  return { n, h, w, c, fh, fw, ho, wo, table, args };
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
 * @returns the kernel function.
 */
export function reluDepthwiseKernel(tf: TF): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, RELU_DEPTHWISE_KERNEL);
    const x = inputs['x'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    const g = geometry(x, filter, attrs as unknown as ReluDepthwiseAttrs, RELU_DEPTHWISE_KERNEL);
    const k = simdKernelsFor(memoryOf(b, RELU_DEPTHWISE_KERNEL));
    const ops = wasmOps(tf, b);
    try {
      const t = ops.fromInts(g.table);
      const y = ops.zeros([g.n, g.ho, g.wo, g.c]);
      k.dwForwardRelu(ops.address(x), ops.address(y), ops.address(filter), ops.address(t), ...g.args);
      return ops.keep(y);
    } finally {
      ops.dispose();
    }
  };
}

/**
 * The backward kernel function.
 *
 * @param tf - the tfjs namespace (for the wasm kernel registry).
 * @returns the kernel function.
 */
export function reluDepthwiseGradKernel(tf: TF): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = asWasmBackend(backend, RELU_DEPTHWISE_GRAD_KERNEL);
    const dy = inputs['dy'] as TensorInfo;
    const x = inputs['x'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    const g = geometry(x, filter, attrs as unknown as ReluDepthwiseAttrs, RELU_DEPTHWISE_GRAD_KERNEL);
    const k = simdKernelsFor(memoryOf(b, RELU_DEPTHWISE_GRAD_KERNEL));
    const ops = wasmOps(tf, b);
    try {
      const t = ops.fromInts(g.table);
      const dx = ops.zeros([g.n, g.h, g.w, g.c]);
      const df = ops.zeros([g.fh, g.fw, g.c, 1]);
      k.dwInputGrad(ops.address(dx), ops.address(dy), ops.address(filter), ops.address(t), ...g.args);
      k.reluMask(ops.address(dx), ops.address(x), g.n * g.h * g.w * g.c * 4);
      k.dwFilterGradRelu(ops.address(x), ops.address(dy), ops.address(df), ops.address(t), ...g.args);
      return [ops.keep(dx), ops.keep(df)];
    } finally {
      ops.dispose();
    }
  };
}
