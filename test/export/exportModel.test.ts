import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { EXPORT_CASES, exportCase, maxAbsDiff } from './exportCases.js';

afterAll(async () => { await tf.setBackend('cpu'); });

describe.each(['cpu', 'wasm'])('the exported model predicts what the network predicts in inference mode, on %s', (backend) => {
  it.each(EXPORT_CASES)('$name', async (c) => {
    expect(await tf.setBackend(backend)).toBe(true);
    const { x, expected, artifacts, dispose } = await exportCase(tf, c);
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const y = model.predict(x) as tf.Tensor;
    const diff = maxAbsDiff(await y.data(), expected);
    console.log(`${backend} ${c.name}: max |diff| ${diff.toExponential(2)}, max |logit| ${Math.max(...Array.from(expected, Math.abs)).toFixed(2)}, ${model.layers.length} layers`);
    expect(diff).toBeLessThan(1e-4);
    y.dispose();
    model.dispose();
    dispose();
  });
});
