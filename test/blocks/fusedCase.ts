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

/** Switches of either kernel table (each table reads its own). */
export type KernelSwitches = Partial<Record<keyof CpuTrainingKernelOptions | keyof WasmTrainingKernelOptions, boolean>>;

/**
 * Installs `backend`'s kernel table afresh with `switches`, makes `backend` active, and checks which
 * kernels are registered: each name of `registered` exactly when its value is true.
 */
export async function useKernels(backend: 'cpu' | 'wasm', switches: KernelSwitches, registered: Readonly<Record<string, boolean>>): Promise<void> {
  if (backend === 'cpu') {
    uninstallKernels(tf, CPU_KERNEL_TABLE);
    installKernels(tf, CPU_KERNEL_TABLE, switches);
  } else {
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    installKernels(tf, WASM_KERNEL_TABLE, switches);
  }
  expect(await tf.setBackend(backend)).toBe(true);
  for (const [name, on] of Object.entries(registered)) expect(tf.getKernel(name, backend) !== undefined, name).toBe(on);
}
