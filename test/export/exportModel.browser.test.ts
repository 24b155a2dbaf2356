import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { exportModel, modelFiles, networkWeights } from '../../src/index.js';
import { EXPORT_CASES, buildCaseNetwork, caseInput, maxAbsDiff } from './exportCases.js';
import { loadServedModel } from './loadWithTfjs.js';

describe('in Chromium on webgl, the exported model, loaded by plain tfjs from its files, predicts what the network predicts', () => {
  it.each(EXPORT_CASES)('$name', async (c) => {
    expect(await tf.setBackend('webgl')).toBe(true);
    const net = buildCaseNetwork(tf, c);
    const x = caseInput(tf, c);
    const normalised = c.normalise === undefined ? x : tf.div(tf.sub(x, c.normalise.mean), c.normalise.std);
    const { logits } = net.forward(normalised, { training: false });
    const expected = await logits.data();
    const artifacts = exportModel(await networkWeights(net, c.normalise ? { normalise: c.normalise } : {}));
    if (E.isLeft(artifacts)) throw new Error(`${artifacts.left.path}: ${artifacts.left.message}`);
    const files = modelFiles(artifacts.right);
    const model = await loadServedModel(new Map<string, string | Uint8Array>([['model.json', files.modelJson], [files.weightsPath, files.weights]]));
    const y = model.predict(x) as tf.Tensor;
    const diff = maxAbsDiff(await y.data(), expected);
    console.log(`webgl ${c.name}: max |diff| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    tf.dispose([x, normalised, logits, y]);
    model.dispose();
    net.dispose();
  });
});
