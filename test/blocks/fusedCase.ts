/** Test helper for the fused-kernel ops: the backend set-up around a suite and the fused-vs-plain comparison. */
import { afterAll, beforeAll, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CPU_KERNEL_TABLE, WASM_KERNEL_TABLE, installKernels, uninstallKernels } from '../../src/kernels/index.js';
import type { CpuTrainingKernelOptions, WasmTrainingKernelOptions } from '../../src/kernels/index.js';

/** Starts the suite on cpu and leaves it on cpu with neither kernel table installed. */
export function onCpuAroundSuite(): void {
  beforeAll(async () => { await tf.setBackend('cpu'); });
  afterAll(async () => {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    await tf.setBackend('cpu');
  });
}

/** Expects every tensor of `fused` to match `plain`'s, value for value, to `tol` relative to 1 + |plain|. */
export function expectSameValues(fused: readonly Float32Array[], plain: readonly Float32Array[], tol: number): void {
  expect(fused.map((v) => v.length)).toEqual(plain.map((v) => v.length));
  fused.forEach((v, i) => {
    let worst = 0;
    for (let k = 0; k < v.length; k++) worst = Math.max(worst, Math.abs(v[k]! - plain[i]![k]!) / (1 + Math.abs(plain[i]![k]!)));
    expect(worst, `tensor ${i}`).toBeLessThan(tol);
  });
}

/**
 * Installs `backend`'s kernel table afresh with the switch `option` set to `fused`, makes `backend`
 * active, and checks that the kernels `names` are registered exactly when `fused`.
 */
export async function useFused(backend: 'cpu' | 'wasm', option: keyof CpuTrainingKernelOptions & keyof WasmTrainingKernelOptions, fused: boolean, names: readonly string[]): Promise<void> {
  const table = backend === 'cpu' ? CPU_KERNEL_TABLE : WASM_KERNEL_TABLE;
  uninstallKernels(tf, table);
  installKernels(tf, table, { [option]: fused });
  expect(await tf.setBackend(backend)).toBe(true);
  for (const k of names) expect(tf.getKernel(k, backend) !== undefined).toBe(fused);
}
