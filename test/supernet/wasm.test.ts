/** The super-network on tfjs-wasm (with gold-nas' training kernels) agrees with cpu: every gate and operator kernel it uses exists there. */
import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { DARTS_PRIMITIVES, GOLD_PRIMITIVES, supernetLossAndGrads, logPenalty } from '../../src/index.js';
import { seededTensor } from '../blocks/gradientCheck.js';
import { labels, space, supernet } from './helpers.js';
import { WASM_KERNEL_TABLE, installKernels } from '../../src/kernels/index.js';

async function grads(backend: string, mode: 'gold' | 'darts', ops: readonly string[]): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const net = supernet(space(mode, ops, { channels: 4, cells: 3, inputSize: 8, classes: 5 }), 3);
  const pen = logPenalty(tf, net.slots);
  if (pen._tag === 'Left') throw new Error();
  const x = seededTensor([4, 8, 8, 3], 1);
  const y = labels(4, 5);
  const { loss, grads: g } = supernetLossAndGrads(tf, net, x, y, { lambda: 0.1, penalty: pen.right });
  const out: Record<string, Float32Array> = { loss: (await loss.data()) as Float32Array };
  for (const [k, v] of Object.entries(g)) out[k] = (await v.data()) as Float32Array;
  tf.dispose([x, y, loss, g]);
  pen.right.dispose();
  net.dispose();
  return out;
}

it.each([
  { mode: 'gold' as const, ops: GOLD_PRIMITIVES },
  { mode: 'darts' as const, ops: DARTS_PRIMITIVES },
])('loss and every gradient on wasm match cpu ($mode, $ops.length operators)', async ({ mode, ops }) => {
  await tf.setBackend('wasm');
  installKernels(tf, WASM_KERNEL_TABLE);
  const w = await grads('wasm', mode, ops);
  const c = await grads('cpu', mode, ops);
  let worst = 0;
  let worstName = '';
  for (const k of Object.keys(c)) {
    const a = c[k]!, b = w[k]!;
    const scale = a.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i]! - b[i]!) / scale;
      if (d > worst) { worst = d; worstName = k; }
    }
  }
  expect(worst, `worst at ${worstName}`).toBeLessThan(1e-3);
});
