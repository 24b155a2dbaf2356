import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { CPU_KERNEL_TABLE } from '../../src/kernels/cpuKernelTable.js';
import { WASM_KERNEL_TABLE } from '../../src/kernels/wasmKernelTable.js';
import { installKernels, uninstallKernels } from '../../src/kernels/installKernels.js';
import type { KernelTable } from '../../src/kernels/kernelTable.js';
import { randomValues } from '../backends/gradCheck.js';

const TABLES = { cpu: CPU_KERNEL_TABLE, wasm: WASM_KERNEL_TABLE } as const;

/** Every row's registered kernel function, or undefined where the backend has none. */
function snapshot(table: KernelTable): Map<string, KernelFunc | undefined> {
  return new Map(table.rows.map((r) => [r.kernelName, tf.getKernel(r.kernelName, table.backendName)?.kernelFunc]));
}

const seeded = (shape: number[], seed: number): tf.Tensor => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);

/**
 * Stock ops that run through the kernels the tables replace, with their values. The max-pool input
 * has windows whose values are all negative, where tfjs-wasm's stock `MaxPoolGrad` and gold-nas's
 * differ (the stock one routes the gradient to the wrong pixel). Convolution gradients only on cpu:
 * stock tfjs-wasm has none.
 */
function stockOps(): number[][] {
  const withConvGrads = tf.getBackend() === 'cpu';
  return tf.tidy(() => {
    const x = seeded([2, 6, 6, 4], 1);
    const f = seeded([3, 3, 4, 4], 2);
    const dw = seeded([3, 3, 4, 1], 3);
    const conv = withConvGrads ? tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, f]) : [];
    const depthwise = withConvGrads ? tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, dw]) : [];
    const negative = tf.sub(tf.abs(x), 10) as tf.Tensor4D;
    const pool = tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(negative);
    const outs = [
      ...conv, ...depthwise, pool,
      tf.slice(x, [0, 1, 1, 0], [2, 4, 3, 4]), ...tf.split(x, [1, 3], 3), tf.concat([x, x], 3), tf.addN([x, x, x]),
      tf.mul(x, x), tf.add(x, tf.scalar(2)), tf.relu(x), tf.step(x, 0.1), tf.pad(x, [[0, 0], [1, 0], [0, 2], [0, 0]], 0.5),
      tf.clone(x), tf.cast(x, 'float32'), tf.cast(x, 'int32'),
    ];
    return outs.map((t) => Array.from(t.dataSync()));
  });
}

describe.each(['cpu', 'wasm'] as const)('installing the %s kernel table', (backend) => {
  const table = TABLES[backend];
  afterAll(async () => { uninstallKernels(tf, table); await tf.setBackend('cpu'); });

  it('replaces and fills exactly what it reports, and restore() puts back the very stock kernel functions', async () => {
    uninstallKernels(tf, table);
    expect(await tf.setBackend(backend)).toBe(true);
    const before = snapshot(table);
    const stock = stockOps();
    const installed = installKernels(tf, table);
    const during = snapshot(table);
    expect([...installed.replaced, ...installed.filled].sort()).toEqual(table.rows.map((r) => r.kernelName).sort());
    for (const name of installed.replaced) {
      expect(before.get(name), `${name} had a stock kernel`).toBeDefined();
      expect(during.get(name), `${name} is replaced`).not.toBe(before.get(name));
    }
    for (const name of installed.filled) expect(before.get(name), `${name} was a gap`).toBeUndefined();
    // On wasm the fixed MaxPoolGrad gives other values than the stock one: the comparison below has teeth.
    if (backend === 'wasm') expect(stockOps()).not.toEqual(stock);
    expect(installed.restore().sort()).toEqual([...installed.registered].sort());
    const after = snapshot(table);
    for (const [name, f] of before) expect(after.get(name), name).toBe(f);
    expect(stockOps()).toEqual(stock);
    expect(installed.restore()).toEqual([]);
  });

  it('uninstallKernels puts back the stock kernels too, whoever installed them', async () => {
    uninstallKernels(tf, table);
    expect(await tf.setBackend(backend)).toBe(true);
    const before = snapshot(table);
    const stock = stockOps();
    installKernels(tf, table);
    const again = installKernels(tf, table);
    expect(again.registered).toEqual([]);
    expect(again.restore()).toEqual([]);
    expect(uninstallKernels(tf, table)).toEqual(table.rows.map((r) => r.kernelName));
    const after = snapshot(table);
    for (const [name, f] of before) expect(after.get(name), name).toBe(f);
    expect(stockOps()).toEqual(stock);
  });

  it("with select: 'gaps' leaves every stock kernel in place", async () => {
    uninstallKernels(tf, table);
    expect(await tf.setBackend(backend)).toBe(true);
    const before = snapshot(table);
    const stock = stockOps();
    const installed = installKernels(tf, table, { select: 'gaps' });
    expect(installed.replaced).toEqual([]);
    expect(installed.filled).toEqual(table.rows.filter((r) => !r.replacesStock).map((r) => r.kernelName));
    for (const [name, f] of before) if (f !== undefined) expect(tf.getKernel(name, backend)?.kernelFunc, name).toBe(f);
    expect(stockOps()).toEqual(stock);
    installed.restore();
  });

  it("with select: 'none' changes nothing", () => {
    uninstallKernels(tf, table);
    const before = snapshot(table);
    const installed = installKernels(tf, table, { select: 'none' });
    expect(installed.registered).toEqual([]);
    expect(installed.skipped.map((s) => s.kernelName)).toEqual(table.rows.map((r) => r.kernelName));
    expect(snapshot(table)).toEqual(before);
  });

  it('restore() leaves alone a kernel that something else replaced since', () => {
    uninstallKernels(tf, table);
    const installed = installKernels(tf, table);
    const name = installed.filled[0]!; // a gap: nothing of tfjs's to lose below
    const other: KernelFunc = () => { throw new Error('not run'); };
    tf.unregisterKernel(name, backend);
    tf.registerKernel({ kernelName: name, backendName: backend, kernelFunc: other });
    expect(installed.restore()).not.toContain(name);
    expect(tf.getKernel(name, backend)?.kernelFunc).toBe(other);
    tf.unregisterKernel(name, backend);
  });
});
