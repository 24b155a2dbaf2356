/**
 * One SGD update of many variables in one kernel: clipping by the global gradient norm, weight
 * decay, momentum and the step, for every variable at once. Written with stock ops, an update costs
 * about ten kernels per variable (thousands for a super-network), most of the time in tfjs's
 * per-kernel bookkeeping rather than in arithmetic.
 *
 * `createSgd` runs it, by name, when the active backend has it registered (the cpu and wasm
 * kernel tables install it), and stock ops otherwise. The kernel's contract is documented with its
 * name, `SGD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { floatStorage } from '../support/backendStorage.js';
import { SGD_KERNEL, type SgdKernelAttrs } from '../names/kernelNames.js';

/**
 * The kernel function for a backend (plain JS loops over the tensors' storage).
 *
 * @param backendName - `cpu` or `wasm`.
 * @returns the kernel function.
 */
export function sgdKernel(backendName: 'cpu' | 'wasm'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as SgdKernelAttrs;
    const s = floatStorage(backendName, backend, SGD_KERNEL);
    const k = a.count;
    const ws = Array.from({ length: k }, (_, i) => inputs[`w${i}`] as TensorInfo);
    const gs = Array.from({ length: k }, (_, i) => inputs[`g${i}`] as TensorInfo);
    const bs = Array.from({ length: k }, (_, i) => inputs[`b${i}`] as TensorInfo | undefined);
    for (const t of [...ws, ...gs, ...bs]) {
      if (t !== undefined && t.dtype !== 'float32') throw new Error(`gold-nas ${SGD_KERNEL}: expected float32 tensors, got ${t.dtype}.`);
    }
    const { lr, momentum, weightDecay, clipNorm } = a;
    const withMomentum = momentum !== 0;
    // Allocate every output before taking any view (an allocation may move the wasm heap).
    const newW = ws.map((w) => s.output(w.shape));
    const newB = withMomentum ? ws.map((w) => s.output(w.shape)) : [];
    const normOut = clipNorm > 0 ? s.output([]) : undefined;
    // Without clipping the scale is exactly 1, and g·1 is g, bit for bit.
    let scale = 1;
    let norm = 0;
    if (clipNorm > 0) {
      let sq = 0;
      for (const g of gs) { const v = s.values(g); for (let j = 0; j < v.length; j++) sq += v[j]! * v[j]!; }
      norm = Math.sqrt(sq);
      scale = Math.min(1, clipNorm / (Math.fround(norm) + 1e-6));
    }
    for (let i = 0; i < k; i++) {
      const w = s.values(ws[i]!);
      const g = s.values(gs[i]!);
      const wo = s.values(newW[i]!);
      const bIn = bs[i] === undefined ? undefined : s.values(bs[i]!);
      const bo = withMomentum ? s.values(newB[i]!) : undefined;
      for (let j = 0; j < w.length; j++) {
        let d = g[j]! * scale;
        if (weightDecay !== 0) d += weightDecay * w[j]!;
        if (bo !== undefined) {
          d = bIn === undefined ? d : momentum * bIn[j]! + d;
          bo[j] = d;
          d = bo[j]!;
        }
        wo[j] = w[j]! - lr * d;
      }
    }
    if (normOut !== undefined) s.values(normOut)[0] = norm;
    return [...newW, ...newB, ...(normOut !== undefined ? [normOut] : [])];
  };
}
