/**
 * What `installKernels` hands every kernel table row's `make`.
 *
 * @module
 */
import type { KernelPool } from './kernelPool.js';

/**
 * What `installKernels` hands every row's `make`, besides tfjs and the stock kernel.
 *
 * @since 0.2.0
 */
export interface KernelContext {
  /** Threads to share the SIMD loops with (tfjs-wasm's threaded build in Node; see `startKernelPool`). */
  readonly pool?: KernelPool;
}
