/**
 * The backward pass of a tensor times one value, `y = x·s`, as one kernel: dx = dy·s and
 * ds = Σ dy·x in one pass over dy and x. tfjs's gradient of `mul` broadcasts: two products over the
 * whole tensor and a sum. The super-network multiplies every operator's output by its gate, and
 * skip_connect (no batch norm to fold the gate into) is on every edge. The kernel's contract is
 * documented with its name, `SCALE_GRAD_KERNEL`.
 *
 * @module
 * @internal
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelContext } from '../support/kernelContext.js';
import { expectFloat32, fusedBackend, sizeOf } from '../support/backendStorage.js';
import { SCALE_GRAD_KERNEL } from '../names/kernelNames.js';

/**
 * The kernel function for a backend: gold-nas's SIMD loop on wasm (sizes a multiple of 4; shared
 * among a kernel pool's threads), plain JS otherwise. The sum is a float64 one in JS; on wasm,
 * float32 blocks of 1,024 values.
 *
 * @param backendName - `cpu` or `wasm`.
 * @param context - the pool of threads, if any.
 * @returns the kernel function.
 */
export function scaleGradKernel(backendName: 'cpu' | 'wasm', context: KernelContext = {}): KernelFunc {
  return ({ inputs, backend }) => {
    const dy = inputs['dy'] as TensorInfo;
    const x = inputs['x'] as TensorInfo;
    const scale = inputs['scale'] as TensorInfo;
    expectFloat32(SCALE_GRAD_KERNEL, [dy, x, scale]);
    const n = sizeOf(dy);
    if (sizeOf(x) !== n || sizeOf(scale) !== 1) {
      throw new Error(`gold-nas ${SCALE_GRAD_KERNEL}: expected dy and x of one size and a one-value scale, got [${dy.shape.join(', ')}], [${x.shape.join(', ')}], [${scale.shape.join(', ')}].`);
    }
    const { storage: s, simd } = fusedBackend(backendName, backend, SCALE_GRAD_KERNEL, context.pool);
    // Allocate every output before taking any view (an allocation may move the wasm heap).
    const dx = s.output(dy.shape);
    const ds = s.output(scale.shape);
    if (simd !== undefined && n % 4 === 0 && n > 0) {
      const { wasm, r } = simd;
      const chunks = r.reductionChunks(n / 4, n / 2);
      // Each chunk's 4 lanes of Σ dy·x.
      const lanes = s.zeros([4 * chunks]);
      const at = (t: TensorInfo): number => wasm.typedArrayFromHeap(t).byteOffset;
      r.run('scaleGrad', [at(dy), at(x), at(scale), at(dx), at(lanes)], n / 4, chunks);
      let sum = 0;
      for (const v of s.values(lanes)) sum += v;
      s.values(ds)[0] = sum;
      s.dispose(lanes);
      return [dx, ds];
    }
    const g = s.values(dy);
    const xv = s.values(x);
    const sv = s.values(scale)[0]!;
    const out = s.values(dx);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      out[i] = g[i]! * sv;
      sum += g[i]! * xv[i]!;
    }
    s.values(ds)[0] = sum;
    return [dx, ds];
  };
}
