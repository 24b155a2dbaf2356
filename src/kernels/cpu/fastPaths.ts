/**
 * Fast paths for tfjs's pure-JS `cpu` backend on the kernels a training step calls most: `Slice`,
 * `SplitV` and `PadV2` as block copies (the stock ones compute an index per element), and `Multiply`,
 * `Add`, `Relu` and `Step` on float32 tensors of one shape or a tensor and a scalar as plain loops
 * (the stock ones go through a generic broadcasting or per-element callback path). Anything else
 * goes to the stock kernel.
 *
 * @module
 * @internal
 */
import type { KernelFunc, PadV2Attrs, SliceAttrs, SplitVAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from '../../tf.js';
import { copyBlock, padBlock, padGeometry } from '../support/blockCopy.js';
import { allocLike, cpuBackendOf, cpuValues } from '../support/backendStorage.js';

/**
 * `Slice` on cpu as block copies.
 *
 * @param tf - the tfjs namespace (for `slice_util`).
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function sliceCpu(tf: TF, stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const b = cpuBackendOf(args.backend);
    const x = args.inputs['x'] as TensorInfo;
    const src = b === undefined ? undefined : cpuValues(b, x);
    if (b === undefined || src === undefined) return stock(args);
    const a = args.attrs as unknown as SliceAttrs;
    const [begin, size] = tf.slice_util.parseSliceParams(x, a.begin, a.size);
    const out = allocLike(src, size.reduce((p, s) => p * s, 1));
    copyBlock(src, x.shape, begin, size, out);
    return b.makeTensorInfo(size, x.dtype, out);
  };
}

/**
 * `SplitV` on cpu as block copies.
 *
 * @param tf - the tfjs namespace (for `util`, `backend_util`).
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function splitVCpu(tf: TF, stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const b = cpuBackendOf(args.backend);
    const x = args.inputs['x'] as TensorInfo;
    const src = b === undefined ? undefined : cpuValues(b, x);
    if (b === undefined || src === undefined) return stock(args);
    const a = args.attrs as unknown as SplitVAttrs;
    const axis = tf.util.parseAxisParam(a.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, a.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const out = allocLike(src, size.reduce((p, v) => p * v, 1));
      copyBlock(src, x.shape, begin, size, out);
      begin[axis] = begin[axis]! + s;
      return b.makeTensorInfo(size, x.dtype, out);
    });
  };
}

/**
 * `Multiply` or `Add` on cpu for float32 tensors of one shape, or a tensor and a one-element tensor.
 *
 * @param op - which.
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function binaryCpu(op: 'mul' | 'add', stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const b = cpuBackendOf(args.backend);
    const ta = args.inputs['a'] as TensorInfo;
    const tb = args.inputs['b'] as TensorInfo;
    if (b === undefined || ta.dtype !== 'float32' || tb.dtype !== 'float32') return stock(args);
    const x = cpuValues(b, ta) as Float32Array | undefined;
    const y = cpuValues(b, tb) as Float32Array | undefined;
    if (x === undefined || y === undefined) return stock(args);
    const same = ta.shape.length === tb.shape.length && ta.shape.every((d, i) => d === tb.shape[i]);
    // A one-element operand broadcasts only when the other has at least its rank.
    const scalarB = y.length === 1 && ta.shape.length >= tb.shape.length;
    const scalarA = x.length === 1 && tb.shape.length >= ta.shape.length;
    if (!same && !scalarB && !scalarA) return stock(args);
    const n = same || scalarB ? x.length : y.length;
    const out = new Float32Array(n);
    if (same) {
      if (op === 'mul') for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
      else for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
    } else {
      const s = scalarB ? y[0]! : x[0]!;
      const v = scalarB ? x : y;
      if (op === 'mul') for (let i = 0; i < n; i++) out[i] = v[i]! * s;
      else for (let i = 0; i < n; i++) out[i] = v[i]! + s;
    }
    return b.makeTensorInfo([...(same || scalarB ? ta.shape : tb.shape)], 'float32', out);
  };
}

/**
 * `Relu` or `Step` on cpu for float32 tensors.
 *
 * @param op - which.
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function unaryCpu(op: 'relu' | 'step', stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const b = cpuBackendOf(args.backend);
    const t = args.inputs['x'] as TensorInfo;
    const x = b === undefined || t.dtype !== 'float32' ? undefined : (cpuValues(b, t) as Float32Array | undefined);
    if (b === undefined || x === undefined) return stock(args);
    const out = new Float32Array(x.length);
    if (op === 'relu') {
      for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = v < 0 ? 0 : v; }
    } else {
      const alpha = Number((args.attrs as { alpha?: number }).alpha ?? 0);
      for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = Number.isNaN(v) ? NaN : v > 0 ? 1 : alpha; }
    }
    return b.makeTensorInfo([...t.shape], 'float32', out);
  };
}

/**
 * `PadV2` on cpu: the output filled with the constant, then the input copied into its block one
 * contiguous run at a time. Strings and anything unexpected go to the stock kernel.
 *
 * @param stock - the stock kernel.
 * @returns the kernel function.
 */
export function padV2Cpu(stock: KernelFunc | undefined): KernelFunc | undefined {
  if (stock === undefined) return undefined;
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const g = padGeometry(x, args.attrs as unknown as PadV2Attrs);
    const b = g === undefined ? undefined : cpuBackendOf(args.backend);
    const src = b === undefined ? undefined : cpuValues(b, x);
    if (g === undefined || b === undefined || src === undefined) return stock(args);
    const dst = allocLike(src, g.shape.reduce((p, v) => p * v, 1));
    padBlock(dst, g, x.shape, src);
    return b.makeTensorInfo(g.shape, x.dtype, dst);
  };
}
