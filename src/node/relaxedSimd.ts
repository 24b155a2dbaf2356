/**
 * Relaxed SIMD in Node: gold-nas's wasm loops fuse their multiply-adds (`f32x4.relaxed_madd`,
 * one x86 `vfmadd` where the CPU has FMA3) when the engine compiles relaxed SIMD. Chrome 114+ and
 * Node 22+ do; Node 20 keeps it behind V8's `--experimental-wasm-relaxed-simd`, which this turns on
 * for the process.
 *
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { hasRelaxedSimd } from '../kernels/simd/wasmAssembler.js';

/**
 * Turns on V8's relaxed SIMD in this process when it is off (Node 20), so that gold-nas's wasm
 * loops compiled from now on fuse their multiply-adds. The flag only adds instructions that a
 * module may use; it changes nothing for modules that do not.
 *
 * @returns whether relaxed SIMD compiles now.
 *
 * @example
 * ```ts
 * import { enableRelaxedSimd } from 'gold-nas/node';
 * console.log(enableRelaxedSimd()); // true on Node 20 and later
 * ```
 * @since 0.2.0
 */
export function enableRelaxedSimd(): boolean {
  if (hasRelaxedSimd()) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return hasRelaxedSimd();
}
