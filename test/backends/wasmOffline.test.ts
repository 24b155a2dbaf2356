import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

it('initialises the wasm backend from node_modules with fetch disabled (no network)', async () => {
  const realFetch = globalThis.fetch;
  const calls: string[] = [];
  globalThis.fetch = ((input: unknown) => { calls.push(String(input)); return Promise.reject(new Error('network disabled in this test')); }) as typeof fetch;
  try {
    expect(await tf.setBackend('wasm')).toBe(true);
    const y = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])));
    expect(Array.from(y.dataSync())).toEqual([3, 3, 3, 3]);
    y.dispose();
    expect(calls).toEqual([]);
  } finally {
    globalThis.fetch = realFetch;
  }
});
