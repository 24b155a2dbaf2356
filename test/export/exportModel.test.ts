import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { exportModel, networkWeights } from '../../src/index.js';
import { EXPORT_CASES, buildCaseNetwork, caseInput, maxAbsDiff } from './exportCases.js';

afterAll(async () => { await tf.setBackend('cpu'); });

describe.each(['cpu', 'wasm'])('the exported model predicts what the network predicts on %s', (backend) => {
  it.each(EXPORT_CASES)('$name', async (c) => {
    expect(await tf.setBackend(backend)).toBe(true);
    const net = buildCaseNetwork(tf, c);
    const x = caseInput(tf, c);
    const normalised = c.normalise === undefined ? x : tf.div(tf.sub(x, c.normalise.mean), c.normalise.std);
    const { logits } = net.forward(normalised, { training: false });
    const expected = await logits.data();
    const artifacts = exportModel(await networkWeights(net, c.normalise ? { normalise: c.normalise } : {}));
    if (E.isLeft(artifacts)) throw new Error(`${artifacts.left.path}: ${artifacts.left.message}`);
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts.right));
    const y = model.predict(x) as tf.Tensor;
    const got = await y.data();
    const diff = maxAbsDiff(got, expected);
    const scale = Math.max(...Array.from(expected, Math.abs));
    console.log(`${backend} ${c.name}: max |diff| ${diff.toExponential(2)}, max |logit| ${scale.toFixed(2)}, ${model.layers.length} layers`);
    expect(diff).toBeLessThan(1e-4);
    tf.dispose([x, normalised, logits, y]);
    model.dispose();
    net.dispose();
  });
});
