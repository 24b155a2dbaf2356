/**
 * Fast paths for tfjs's pure-JS `cpu` backend on the kernels a training step calls most: `Slice`
 * and `SplitV` as block copies (the stock ones compute an index per element), and `Multiply`,
 * `Add`, `Relu` and `Step` on float32 tensors of one shape or a tensor and a scalar as plain loops
 * (the stock ones go through a generic broadcasting or per-element callback path). Anything else
 * goes to the stock kernel.
 *
 * @module
 * @internal
 */
import type { KernelFunc, SliceAttrs, SplitVAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { TF } from './tf.js';
import { copyBlock } from './sliceWasm.js';

interface CpuBackendLike {
  readonly data: { get(dataId: unknown): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array | Uint8Array): TensorInfo;
}

function cpu(backend: unknown): CpuBackendLike | undefined {
  const b = backend as Partial<CpuBackendLike> | null;
  return b !== null && typeof b === 'object' && b.data !== undefined && typeof b.makeTensorInfo === 'function' ? (b as CpuBackendLike) : undefined;
}

type Typed = Float32Array | Int32Array | Uint8Array;

function typed(b: CpuBackendLike, t: TensorInfo): Typed | undefined {
  const v = b.data.get(t.dataId)?.values;
  return v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array ? v : undefined;
}

function alloc(like: Typed, n: number): Typed {
  return like instanceof Float32Array ? new Float32Array(n) : like instanceof Int32Array ? new Int32Array(n) : new Uint8Array(n);
}

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
    const b = cpu(args.backend);
    const x = args.inputs['x'] as TensorInfo;
    const src = b === undefined ? undefined : typed(b, x);
    if (b === undefined || src === undefined) return stock(args);
    const a = args.attrs as unknown as SliceAttrs;
    const [begin, size] = tf.slice_util.parseSliceParams(x, a.begin, a.size);
    const out = alloc(src, size.reduce((p, s) => p * s, 1));
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
    const b = cpu(args.backend);
    const x = args.inputs['x'] as TensorInfo;
    const src = b === undefined ? undefined : typed(b, x);
    if (b === undefined || src === undefined) return stock(args);
    const a = args.attrs as unknown as SplitVAttrs;
    const axis = tf.util.parseAxisParam(a.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, a.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const out = alloc(src, size.reduce((p, v) => p * v, 1));
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
    const b = cpu(args.backend);
    const ta = args.inputs['a'] as TensorInfo;
    const tb = args.inputs['b'] as TensorInfo;
    if (b === undefined || ta.dtype !== 'float32' || tb.dtype !== 'float32') return stock(args);
    const x = typed(b, ta) as Float32Array | undefined;
    const y = typed(b, tb) as Float32Array | undefined;
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
    const b = cpu(args.backend);
    const t = args.inputs['x'] as TensorInfo;
    const x = b === undefined || t.dtype !== 'float32' ? undefined : (typed(b, t) as Float32Array | undefined);
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
