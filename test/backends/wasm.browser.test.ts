import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readyBackend } from '../../src/backends/readyBackend.js';
import { CONV_CASES, convGrads } from './convCases.js';
import { relativeError } from './gradCheck.js';

describe('wasm in the browser (vite)', () => {
  it('readies wasm with the training kernels when the .wasm files are served', async () => {
    setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    const r = await readyBackend(tf, 'wasm');
    expect(r._tag === 'Right' ? r.right.name : r.left.message).toBe('wasm');
    const c = CONV_CASES[0]!;
    const gw = convGrads(tf, c, 1);
    await tf.setBackend('cpu');
    const gc = convGrads(tf, c, 1);
    expect(relativeError(gw.df, gc.df)).toBeLessThan(2e-5);
  });
});
