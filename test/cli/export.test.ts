import { cp, mkdtemp, readFile, readdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { RETRAIN_PRESETS, SEARCH_PRESETS, decodeNetworkWeights, loadNetwork, normaliseBatch } from '../../src/index.js';
import { loadRetrainData, retrainInDirectory, searchInDirectory } from '../../src/node/index.js';
import { cli } from './cliHarness.js';
import { networkWeightsFile } from '../../src/node/runCandidateWeights.js';

let run = '';
let trained = '';
let untrained = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
  run = join(await mkdtemp(join(tmpdir(), 'gnas-cli-export-')), 'search');
  const s = await searchInDirectory({ tf, dir: run, config: { ...SEARCH_PRESETS['synthetic-tiny'], maxSteps: 20 } });
  if (E.isLeft(s)) throw new Error(s.left.message);
  const pareto = JSON.parse(await readFile(join(run, 'pareto.json'), 'utf8')) as { candidates: { id: string }[] };
  const ids = pareto.candidates.map((c) => c.id);
  trained = ids[0]!;
  untrained = ids.find((id) => id !== trained) ?? '';
  const r = await retrainInDirectory({ tf, dir: run, config: { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 1 }, only: [trained] });
  if (E.isLeft(r)) throw new Error(r.left.message);
});

/** Loads written model files with plain tfjs (from memory: tfjs without tfjs-node has no file:// loader). */
async function loadWritten(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
}

describe('gold-nas export', () => {
  it("writes a re-trained candidate's model from the weights file the re-training saved; its accuracy on the raw test data is the re-training's", async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gnas-export-out-')), 'model');
    const r = await cli('export', run, '--only', trained.slice(0, 6), '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.id).toBe(trained);
    expect(o.source).toBe(join(run, networkWeightsFile(trained)));
    expect(o.retrain).toMatchObject({ epochs: 1, done: true });
    expect(o.normalise.mean).toHaveLength(3);
    expect((await readdir(out)).sort()).toEqual(['model.json', 'weights.bin']);
    expect(o.files.weights.bytes).toBeGreaterThan(0);

    const model = await loadWritten(out);
    const data = loadRetrainData(SEARCH_PRESETS['synthetic-tiny']);
    if (E.isLeft(data)) throw new Error(data.left.message);
    const { test } = data.right;
    const predicted = Array.from(tf.tidy(() => (model.predict(tf.tensor4d(test.x, [test.size, 8, 8, 3])) as tf.Tensor).argMax(1).dataSync()));
    const correct = predicted.reduce((n, p, i) => n + (p === test.y[i] ? 1 : 0), 0);
    expect(correct / test.size).toBe(o.retrain.top1);

    // The model's logits on raw pixels are gold-nas's network's, rebuilt from the weights file, on normalised pixels.
    const weights = decodeNetworkWeights(await readFile(join(run, networkWeightsFile(trained))));
    if (E.isLeft(weights) || weights.right.normalise === undefined) throw new Error('no weights file with its normalisation');
    const net = loadNetwork(tf, weights.right);
    if (E.isLeft(net)) throw new Error(net.left.message);
    const normalised = normaliseBatch({ x: test.x, y: test.y, n: test.size, shape: [test.size, 8, 8, 3] }, weights.right.normalise);
    if (E.isLeft(normalised)) throw new Error(normalised.left.message);
    const difference = tf.tidy(() => {
      const ours = net.right.forward(tf.tensor4d(normalised.right.x, [test.size, 8, 8, 3]), { training: false }).logits;
      const theirs = model.predict(tf.tensor4d(test.x, [test.size, 8, 8, 3])) as tf.Tensor;
      return tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]!;
    });
    expect(difference).toBeLessThan(1e-4);
    net.right.dispose();
    model.dispose();

    const text = await cli('export', run, '--only', trained, '--out', out);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`Exported ${trained} \\(re-trained 1 epoch, test top-1 [\\d.]+%\\)`));
    expect(text.stdout).toMatch(/model\.json \([\d,]+ bytes\), weights\.bin \([\d,]+ bytes\)/);
  });

  it('exports the same model from the re-training checkpoint with the flags given to retrain --genotype', async () => {
    const outA = join(await mkdtemp(join(tmpdir(), 'gnas-export-a-')), 'm');
    const outB = join(await mkdtemp(join(tmpdir(), 'gnas-export-b-')), 'm');
    expect((await cli('export', run, '--only', trained, '--out', outA)).code).toBe(0);
    const b = await cli('export', '--checkpoint', join(run, 'architectures', `${trained}.retrain.ckpt`), '--genotype', join(run, 'architectures', `${trained}.json`),
      '--data', 'synthetic', '--channels', '4', '--cells', '3', '--input-size', '8', '--input-channels', '3', '--classes', '4', '--out', outB);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(await readFile(join(outB, 'weights.bin'))).toEqual(await readFile(join(outA, 'weights.bin')));
    expect(await readFile(join(outB, 'model.json'), 'utf8')).toBe(await readFile(join(outA, 'model.json'), 'utf8'));
  });

  it('falls back to the re-training checkpoint without the weights file, to the same model, and exports a weights file given with --checkpoint on its own', async () => {
    const file = join(run, networkWeightsFile(trained));
    const outA = join(await mkdtemp(join(tmpdir(), 'gnas-export-a-')), 'm');
    const a = await cli('export', run, '--only', trained, '--out', outA, '--json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).source).toBe(file);
    const copy = join(await mkdtemp(join(tmpdir(), 'gnas-export-copy-')), 'run');
    await cp(run, copy, { recursive: true });
    await unlink(join(copy, networkWeightsFile(trained)));
    const outC = join(await mkdtemp(join(tmpdir(), 'gnas-export-c-')), 'm');
    const fromCheckpoint = await cli('export', copy, '--only', trained, '--out', outC, '--json');
    expect(fromCheckpoint.code).toBe(0);
    expect(JSON.parse(fromCheckpoint.stdout).source).toMatch(/\.retrain\.ckpt$/);
    expect(await readFile(join(outC, 'weights.bin'))).toEqual(await readFile(join(outA, 'weights.bin')));
    expect(await readFile(join(outC, 'model.json'), 'utf8')).toBe(await readFile(join(outA, 'model.json'), 'utf8'));
    const outB = join(await mkdtemp(join(tmpdir(), 'gnas-export-b-')), 'm');
    const b = await cli('export', '--checkpoint', file, '--out', outB);
    expect(b.code).toBe(0);
    expect(await readFile(join(outB, 'weights.bin'))).toEqual(await readFile(join(outA, 'weights.bin')));
    const c = await cli('export', '--checkpoint', file, '--genotype', 'DARTS_V2', '--out', outB);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--genotype: .* is a network weights file, which records its architecture/);
  });

  it.each<[string, () => string[], RegExp]>([
    ['a candidate that was not re-trained', () => [run, '--only', untrained, '--out', 'x'], /no re-training of a candidate starting with .*; re-train it first: gold-nas retrain/],
    ['a run without --only', () => [run, '--out', 'x'], /--only: is required with a run directory/],
    ['a directory that holds no run', () => [join(tmpdir(), 'no-such-run'), '--only', 'ab', '--out', 'x'], /no search run here/],
    ['a re-training checkpoint without --genotype', () => ['--checkpoint', join(run, 'architectures', `${trained}.retrain.ckpt`), '--out', 'x'], /--genotype: is required with a re-training checkpoint/],
    ['a checkpoint of another architecture', () => ['--checkpoint', join(run, 'architectures', `${trained}.retrain.ckpt`), '--genotype', 'DARTS_V2', '--data', 'synthetic', '--channels', '4', '--cells', '3', '--input-size', '8', '--classes', '4', '--out', 'x'],
      /re-trains architecture [0-9a-f]{16}, not [0-9a-f]{16}/],
    ['a file that is no checkpoint', () => ['--checkpoint', join(run, 'config.json'), '--out', 'x'], /not a gold-nas checkpoint/],
    ['layout flags with a run', () => [run, '--only', trained, '--channels', '8', '--out', 'x'], /--channels: goes with --checkpoint/],
  ])('exits with 2 for %s', async (_name, argv, message) => {
    const r = await cli('export', ...argv());
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });
});
