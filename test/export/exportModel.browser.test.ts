import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { modelFiles } from '../../src/index.js';
import { EXPORT_CASES, exportCase, maxAbsDiff } from './exportCases.js';
import { loadServedModel } from './loadWithTfjs.js';

describe('in Chromium on webgl, the exported model, loaded by plain tfjs from its files, predicts what the network predicts', () => {
  it.each(EXPORT_CASES)('$name', async (c) => {
    expect(await tf.setBackend('webgl')).toBe(true);
    const { x, expected, artifacts, dispose } = await exportCase(tf, c);
    const files = modelFiles(artifacts);
    const model = await loadServedModel(new Map<string, string | Uint8Array>([['model.json', files.modelJson], [files.weightsPath, files.weights]]));
    const y = model.predict(x) as tf.Tensor;
    const diff = maxAbsDiff(await y.data(), expected);
    console.log(`webgl ${c.name}: max |diff| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    y.dispose();
    model.dispose();
    dispose();
  });
});
