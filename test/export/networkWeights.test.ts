import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  RETRAIN_PRESETS, channelStats, decodeNetworkWeights, encodeCheckpoint, encodeNetworkWeights, exportModel, loadNetwork,
  networkWeights, networkWeightsFromCheckpoint, runRetrain,
} from '../../src/index.js';
import type { CheckpointContents, NetworkWeights } from '../../src/index.js';
import { orThrow, tinyArchitecture, tinyData, tinyLayout } from '../train/fixtures.js';
import { EXPORT_CASES, buildCaseNetwork, caseInput } from './exportCases.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const gold = EXPORT_CASES[1]!;

async function logitsOf(net: { forward: (x: tf.Tensor, o: { training: boolean }) => { logits: tf.Tensor } }, x: tf.Tensor): Promise<Float32Array> {
  const { logits } = net.forward(x, { training: false });
  const values = (await logits.data()) as Float32Array;
  logits.dispose();
  return values;
}

describe('network weights files', () => {
  it('round-trip: encode, decode and loadNetwork give a network with the same logits, names and normalisation', async () => {
    const net = buildCaseNetwork(tf, gold);
    const weights = await networkWeights(net, { normalise: gold.normalise! });
    const decoded = orThrow(decodeNetworkWeights(encodeNetworkWeights(weights)));
    expect(decoded.architecture).toEqual(gold.architecture);
    expect(decoded.layout).toEqual(gold.layout);
    expect(decoded.normalise).toEqual(gold.normalise);
    expect(decoded.arrays.map((a) => a.name)).toEqual([...net.variables, ...net.buffers].map((v) => v.name));
    const x = caseInput(tf, gold);
    const expected = Array.from(await logitsOf(net, x));
    const before = tf.memory().numTensors;
    const loaded = orThrow(loadNetwork(tf, decoded));
    expect(loaded.auxiliary).toBe(false);
    expect(Array.from(await logitsOf(loaded, x))).toEqual(expected);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // exportModel reads the decoded weights as it reads the network's own.
    const fromFile = orThrow(exportModel(decoded));
    const fromNet = orThrow(exportModel(weights));
    expect(new Uint8Array(fromFile.weightData as ArrayBuffer)).toEqual(new Uint8Array(fromNet.weightData as ArrayBuffer));
    net.dispose();
  });

  it("keeps [R]'s cells (non-affine batch norms, batch-norm skip): the file records them and loadNetwork rebuilds them", async () => {
    const r = EXPORT_CASES.find((c) => c.skipConnect === 'batch-norm')!;
    const net = buildCaseNetwork(tf, r);
    expect(net.cellBatchNorm).toBe('none');
    const weights = await networkWeights(net);
    expect(weights).toMatchObject({ cellBatchNorm: 'none', skipConnect: 'batch-norm' });
    // A stride-1 skip is a batch norm with running averages and no parameters.
    expect(weights.arrays.some((a) => /skip_connect\.0\.running_mean$/.test(a.name))).toBe(true);
    expect(weights.arrays.some((a) => /skip_connect\.0\.weight$/.test(a.name))).toBe(false);
    const decoded = orThrow(decodeNetworkWeights(encodeNetworkWeights(weights)));
    expect(decoded).toMatchObject({ cellBatchNorm: 'none', skipConnect: 'batch-norm' });
    const x = caseInput(tf, r);
    const loaded = orThrow(loadNetwork(tf, decoded));
    expect(Array.from(await logitsOf(loaded, x))).toEqual(Array.from(await logitsOf(net, x)));
    // Without the header's cell options the arrays do not fit the network: refused, not silently wrong.
    const { cellBatchNorm: _c, skipConnect: _s, ...plain } = decoded;
    const wrong = loadNetwork(tf, plain);
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('CheckpointError');
    loaded.dispose();
    net.dispose();
    x.dispose();
    // The default cells leave the header as it was.
    const darts = buildCaseNetwork(tf, EXPORT_CASES[0]!);
    expect(Object.keys(await networkWeights(darts))).toEqual(['architecture', 'layout', 'arrays']);
    darts.dispose();
  });

  it('keeps the auxiliary head: loadNetwork builds it when the weights have it', async () => {
    const built = orThrow((await import('../../src/index.js')).buildNetwork(tf, { architecture: EXPORT_CASES[0]!.architecture, layout: EXPORT_CASES[0]!.layout, auxiliary: true, seed: 3 }));
    const weights = await networkWeights(built);
    expect(weights.arrays.some((a) => a.name.startsWith('auxiliary.'))).toBe(true);
    const loaded = orThrow(loadNetwork(tf, orThrow(decodeNetworkWeights(encodeNetworkWeights(weights)))));
    expect(loaded.auxiliary).toBe(true);
    expect(loaded.trainableParamCount()).toBe(built.trainableParamCount());
    loaded.dispose();
    built.dispose();
  });

  it('refuses corrupt files, re-training checkpoints and weights of another network, leaving no tensors', async () => {
    const net = buildCaseNetwork(tf, gold);
    const weights = await networkWeights(net);
    net.dispose();
    const bytes = encodeNetworkWeights(weights);
    bytes[bytes.length - 10]! ^= 1;
    const corrupt = decodeNetworkWeights(bytes);
    expect(E.isLeft(corrupt) && corrupt.left.message).toMatch(/corrupt/);
    const retrain = decodeNetworkWeights(encodeCheckpoint({ kind: 'retrain', fingerprint: 'x', state: {}, arrays: [] }));
    expect(E.isLeft(retrain) && retrain.left.message).toMatch(/networkWeightsFromCheckpoint/);

    const before = tf.memory().numTensors;
    const missing: NetworkWeights = { ...weights, arrays: weights.arrays.filter((a) => a.name !== 'cells.2.preprocess1.2.running_var') };
    const m = loadNetwork(tf, missing);
    expect(E.isLeft(m) && m.left).toMatchObject({ _tag: 'CheckpointError', path: 'cells.2.preprocess1.2.running_var' });
    const stray: NetworkWeights = { ...weights, arrays: [...weights.arrays, { name: 'cells.9.extra', shape: [1], values: new Float32Array(1) }] };
    const s = loadNetwork(tf, stray);
    expect(E.isLeft(s) && s.left.path).toBe('cells.9.extra');
    const misshapen: NetworkWeights = { ...weights, arrays: weights.arrays.map((a) => (a.name === 'classifier.1.bias' ? { ...a, shape: [1, a.shape[0]!] } : a)) };
    expect(E.isLeft(loadNetwork(tf, misshapen))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const e = exportModel(missing);
    expect(E.isLeft(e) && e.left).toMatchObject({ _tag: 'CheckpointError', path: 'cells.2.preprocess1.2.running_var' });
  });
});

describe('re-training checkpoints', () => {
  it("export to a model whose test accuracy on raw inputs is the re-training's (weights and normalisation from the checkpoint)", async () => {
    const data = tinyData(160, 48);
    let last: CheckpointContents | null = null;
    const config = { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 1 };
    const result = orThrow(await runRetrain(tf, config, tinyArchitecture, tinyLayout, data, { checkpoint: (c) => { last = c; } }));
    expect(last).not.toBeNull();
    const normalise = orThrow(channelStats(data.train));
    const weights = orThrow(networkWeightsFromCheckpoint(last!, tinyArchitecture, tinyLayout, { normalise }));
    expect(weights.arrays.some((a) => a.name.startsWith('w/') || a.name.startsWith('m/'))).toBe(false);
    expect(weights.arrays.length).toBe(last!.arrays.filter((a) => /^[wb]\//.test(a.name)).length);
    const model = await tf.loadLayersModel(tf.io.fromMemory(orThrow(exportModel(weights))));
    const { test } = data;
    const s = tinyLayout.inputSize;
    const predicted = Array.from(tf.tidy(() => (model.predict(tf.tensor4d(test.x, [test.size, s, s, 3])) as tf.Tensor).argMax(1).dataSync()));
    const correct = predicted.reduce((n, p, i) => n + (p === test.y[i] ? 1 : 0), 0);
    expect(correct / test.size).toBe(result.top1);
    model.dispose();

    const other = { ...tinyArchitecture, cells: tinyArchitecture.cells.map((c, i) => (i === 0 ? { ...c, edges: [{ op: 'skip_connect', from: 0, to: 2 }, ...c.edges.slice(1)] } : c)) };
    const wrong = networkWeightsFromCheckpoint(last!, other, tinyLayout);
    expect(E.isLeft(wrong) && wrong.left.message).toMatch(/re-trains architecture/);
  });
});
