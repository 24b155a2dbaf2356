import os from 'node:os';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { readyThreadedWasm } from '../../src/node/readyThreadedWasm.js';
import { CONV_CASES, convGrads } from './convCases.js';
import { relativeError } from './gradCheck.js';

// One process per test file: the wasm backend initialises here, threaded, for the first time.
describe('multi-threaded wasm in Node', () => {
  it('rejects a thread count out of range before touching anything', async () => {
    const r = await readyThreadedWasm(tf, wasm, 0);
    expect(E.isLeft(r) && r.left.message).toMatch(/threads must be an integer from 1 to 8, got 0/);
  });

  it('initialises with 2 XNNPACK threads and restores the globals it borrowed', async () => {
    const cpus = os.cpus;
    const r = await readyThreadedWasm(tf, wasm, 2);
    expect(E.isRight(r) && r.right).toMatchObject({ name: 'wasm', threads: 2 });
    expect(wasm.getThreadsCount()).toBe(2);
    expect(os.cpus).toBe(cpus);
    expect('Worker' in globalThis).toBe(false);
  });

  it('says it is too late once the wasm backend is up', async () => {
    const r = await readyThreadedWasm(tf, wasm, 2);
    expect(E.isLeft(r) && r.left.message).toMatch(/already initialised/);
  });

  it.each(CONV_CASES.filter((_, i) => i % 3 === 0).map((c, i) => ({ ...c, i, name: `${c.kind} x=${c.x.join('x')} f=${c.filter.join('x')} s=${String(c.strides)}` })))(
    'threaded gradients agree with cpu: $name', async (c) => {
      await tf.setBackend('cpu');
      const cpu = convGrads(tf, c, 50 + c.i);
      await tf.setBackend('wasm');
      const threaded = convGrads(tf, c, 50 + c.i);
      expect(relativeError(threaded.dx, cpu.dx)).toBeLessThan(2e-5);
      expect(relativeError(threaded.df, cpu.df)).toBeLessThan(2e-5);
    });
});
