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
import { expectFloat32, fusedBackend } from '../support/backendStorage.js';
import { SGD_KERNEL, type SgdKernelAttrs } from '../names/kernelNames.js';

/**
 * The kernel function for a backend: on wasm, gold-nas's SIMD loop over whole vectors of 4 floats
 * (float32 arithmetic with fused multiply-adds where the engine has them); plain JS loops (float64
 * arithmetic) on cpu and for the last elements of a size that is not a multiple of 4.
 *
 * @param backendName - `cpu` or `wasm`.
 * @returns the kernel function.
 */
export function sgdKernel(backendName: 'cpu' | 'wasm'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as SgdKernelAttrs;
    const { storage: s, simd } = fusedBackend(backendName, backend, SGD_KERNEL);
    const k = a.count;
    const ws = Array.from({ length: k }, (_, i) => inputs[`w${i}`] as TensorInfo);
    const gs = Array.from({ length: k }, (_, i) => inputs[`g${i}`] as TensorInfo);
    const bs = Array.from({ length: k }, (_, i) => inputs[`b${i}`] as TensorInfo | undefined);
    expectFloat32(SGD_KERNEL, [...ws, ...gs, ...bs]);
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
    // (scale, weight decay, momentum, −lr) for the SIMD loop, allocated before any view is taken.
    const konst = simd === undefined ? undefined : s.output([4]);
    if (konst !== undefined) s.values(konst).set([scale, weightDecay, momentum, -lr]);
    for (let i = 0; i < k; i++) {
      const size = ws[i]!.shape.reduce((a, d) => a * d, 1);
      // On wasm, whole vectors in the SIMD loop (on the calling thread), the rest here.
      const vectors = simd === undefined ? 0 : Math.floor(size / 4);
      if (vectors > 0) {
        const at = (t: TensorInfo | undefined): number => (t === undefined ? 0 : simd!.wasm.typedArrayFromHeap(t).byteOffset);
        const mode = (withMomentum ? 1 : 0) | (bs[i] !== undefined ? 2 : 0);
        simd!.r.k.sgdUpdate(at(ws[i]), at(gs[i]), at(bs[i]), at(newW[i]), withMomentum ? at(newB[i]) : 0, at(konst), mode, 0, 0, vectors);
      }
      if (4 * vectors < size) {
        updateJs(4 * vectors, s.values(ws[i]!), s.values(gs[i]!), bs[i] === undefined ? undefined : s.values(bs[i]!), s.values(newW[i]!),
          withMomentum ? s.values(newB[i]!) : undefined, { scale, weightDecay, momentum, lr });
      }
    }
    if (konst !== undefined) s.dispose(konst);
    if (normOut !== undefined) s.values(normOut)[0] = norm;
    return [...newW, ...newB, ...(normOut !== undefined ? [normOut] : [])];
  };
}

/** The step's per-element constants. */
interface StepConstants { readonly scale: number; readonly weightDecay: number; readonly momentum: number; readonly lr: number }

/** The update of elements [from, w.length) in plain JS (float64 arithmetic, PyTorch's order). */
function updateJs(from: number, w: Float32Array, g: Float32Array, bIn: Float32Array | undefined, wo: Float32Array, bo: Float32Array | undefined,
  c: StepConstants): void {
  for (let j = from; j < w.length; j++) {
    let d = g[j]! * c.scale;
    if (c.weightDecay !== 0) d += c.weightDecay * w[j]!;
    if (bo !== undefined) {
      d = bIn === undefined ? d : c.momentum * bIn[j]! + d;
      bo[j] = d;
      d = bo[j]!;
    }
    wo[j] = w[j]! - c.lr * d;
  }
}
