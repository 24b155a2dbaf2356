import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readyBackend } from '../../src/backends/readyBackend.js';
import { relativeError } from './gradCheck.js';
import { SUPERNET_CASES, runSupernet } from './supernetCase.js';
import { WASM_KERNEL_TABLE, uninstallKernels } from '../../src/kernels/index.js';

// Measured: about 1e-6 (batch norms over a few pixels amplify float32 rounding a little).
const TOL = 1e-4;

describe('a super-network agrees on cpu and wasm (same seeded weights)', () => {
  afterAll(async () => { uninstallKernels(tf, WASM_KERNEL_TABLE); await tf.setBackend('cpu'); });

  it.each(SUPERNET_CASES)('$name: logits, loss and every gradient', async (c) => {
    expect(E.isRight(await readyBackend(tf, 'cpu'))).toBe(true);
    const cpu = runSupernet(tf, c);
    expect(E.isRight(await readyBackend(tf, 'wasm'))).toBe(true);
    const wasm = runSupernet(tf, c);
    expect(cpu.leaked).toBe(0);
    expect(wasm.leaked).toBe(0);
    expect(relativeError(wasm.logits, cpu.logits), 'logits').toBeLessThan(TOL);
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(TOL * Math.max(1, cpu.loss));
    expect([...wasm.grads.keys()].sort()).toEqual([...cpu.grads.keys()].sort());
    const worst = [...cpu.grads].map(([k, g]) => ({ k, err: relativeError(wasm.grads.get(k)!, g) })).sort((a, b) => b.err - a.err)[0]!;
    expect(worst.err, `worst gradient: ${worst.k}`).toBeLessThan(TOL);
  });
});
