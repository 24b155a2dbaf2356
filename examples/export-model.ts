// A found architecture leaves gold-nas: re-train the smallest Pareto candidate of the MNIST quick
// start (test/fixtures/quickstart-run) briefly on wasm, save its weights, export it as a standard
// TensorFlow.js model, serve its files over http and classify test digits with plain
// @tensorflow/tfjs, next to gold-nas's own network rebuilt from the weights file (docs/export.md).
//
//   npm run build && npx tsc -p examples && node examples/dist/export-model.js [training digits, default all 9,000]
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  GoldNasException, RETRAIN_PRESETS, channelStats, decodeNetworkWeights, decodeParetoFile, decodeSearchConfig, encodeNetworkWeights,
  exportModel, loadNetwork, networkWeightsFromCheckpoint, runRetrain, subsetDataset,
} from 'gold-nas';
import type { CheckpointContents, GoldNasError } from 'gold-nas';
import { loadRetrainData, loadTfjs, writeModelFiles } from 'gold-nas/node';
import { WASM_KERNEL_TABLE, uninstallKernels } from 'gold-nas/kernels';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

// 1. The quick start's run: its configuration (layout, data) and its smallest Pareto candidate.
const run = 'test/fixtures/quickstart-run';
const config = orThrow(decodeSearchConfig(JSON.parse(await readFile(join(run, 'config.json'), 'utf8'))));
const pareto = orThrow(decodeParetoFile(JSON.parse(await readFile(join(run, 'pareto.json'), 'utf8'))));
const candidate = pareto.candidates.filter((c) => c.onFront).sort((a, b) => a.flops - b.flops)[0]!;
const layout = config.space.layout;
console.log(`candidate ${candidate.id}: ${(candidate.flops / 1e6).toFixed(2)}M multiply-adds, ${candidate.params.toLocaleString('en-US')} params`);

// 2. Re-train it from scratch, briefly: one epoch of the run's training split (or some of it), on wasm.
const wasm = orThrow(await loadTfjs('wasm'));
const data = orThrow(loadRetrainData(config));
const trainDigits = Number(process.argv[2] ?? data.train.size);
// Every k-th digit, for a shorter run: the split keeps the package's order, which is sorted by class.
const stride = Math.max(1, Math.floor(data.train.size / trainDigits));
const train = orThrow(subsetDataset(data.train, Array.from({ length: Math.floor(data.train.size / stride) }, (_, i) => i * stride)));
let checkpoint: CheckpointContents | null = null;
const retrainConfig = { ...RETRAIN_PRESETS.mnist, epochs: 1 };
const result = orThrow(await runRetrain(wasm, retrainConfig, candidate.architecture, layout, { train, test: data.test }, {
  checkpoint: (c) => { checkpoint = c; },
}));
console.log(`re-trained 1 epoch on ${train.size} digits: test top-1 ${(100 * result.top1!).toFixed(2)}% (gold-nas, ${data.test.size} held-out digits)`);

// 3. Its weights under the network's own names, with the input normalisation it was trained with, as a file.
const normalise = orThrow(channelStats(train));
const weights = orThrow(networkWeightsFromCheckpoint(checkpoint!, candidate.architecture, layout, { normalise }));
const dir = await mkdtemp(join(tmpdir(), 'gold-nas-export-'));
const weightsFile = join(dir, `${candidate.id}.weights.bin`);
await writeFile(weightsFile, encodeNetworkWeights(weights));

// 4. The standard tfjs model: model.json + weights.bin.
const written = orThrow(await writeModelFiles(join(dir, 'model'), orThrow(exportModel(weights))));
console.log(`exported to ${join(dir, 'model')}: model.json ${written.modelJson.bytes.toLocaleString('en-US')} bytes, weights.bin ${written.weights.bytes.toLocaleString('en-US')} bytes`);

// 5. Serve the files and load them with plain @tensorflow/tfjs, on the stock wasm backend (gold-nas's
//    training kernels, which loadTfjs installed for the re-training, are removed first).
const server = createServer((req, res) => {
  readFile(join(dir, 'model', (req.url ?? '/').slice(1))).then(
    (body) => res.end(body),
    () => { res.statusCode = 404; res.end(); },
  );
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.json`;
uninstallKernels(tf, WASM_KERNEL_TABLE);
const model = await tf.loadLayersModel(url);
server.close();

// 6. Classify the held-out digits from raw pixels (the model normalises them itself).
const { test } = data;
const images = tf.tensor4d(test.x, [test.size, layout.inputSize, layout.inputSize, layout.inputChannels]);
const logits = model.predict(images) as tf.Tensor;
const predicted = await tf.argMax(logits, 1).data();
const correct = Array.from(predicted).filter((p, i) => p === test.y[i]).length;
console.log(`plain tfjs (${tf.getBackend()}): ${correct} of ${test.size} test digits right, ${(100 * correct / test.size).toFixed(2)}%`);

// 7. gold-nas's own network, rebuilt from the weights file, on the same inputs: the largest difference.
const net = orThrow(loadNetwork(tf, orThrow(decodeNetworkWeights(await readFile(weightsFile)))));
const normalised = tf.div(tf.sub(images, normalise.mean), normalise.std);
const own = net.forward(normalised, { training: false }).logits;
const diff = (await tf.max(tf.abs(tf.sub(logits, own))).data())[0]!;
const scale = (await tf.max(tf.abs(own)).data())[0]!;
console.log(`largest |logit difference| to gold-nas's network over ${test.size} digits: ${diff.toExponential(2)} (largest |logit| ${scale.toFixed(2)})`);
if (!(diff <= 1e-4 * Math.max(1, scale))) throw new Error(`the exported model differs from gold-nas's network by ${diff}`);
tf.dispose([images, logits, normalised, own]);
net.dispose();
model.dispose();
