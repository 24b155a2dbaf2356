/**
 * `gold-nas export`: a re-trained network as a standard TensorFlow.js model (`model.json` and
 * `weights.bin`) that `tf.loadLayersModel` runs without gold-nas.
 *
 * @module
 */
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { decodeCheckpoint } from '../checkpoint/format.js';
import type { ChannelStats } from '../data/normalise.js';
import { channelStats } from '../data/normalise.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { exportModel } from '../export/exportModel.js';
import type { NetworkWeights } from '../export/networkWeights.js';
import { networkWeightsFromCheckpoint } from '../export/networkWeights.js';
import { NETWORK_WEIGHTS_KIND, decodeNetworkWeights } from '../export/weightsFile.js';
import { groupDigits, percent } from '../node/format.js';
import { readBytesFile } from '../node/readFiles.js';
import { loadRetrainData } from '../node/retrainData.js';
import { readRunCandidateWeights } from '../node/runCandidateWeights.js';
import { writeModelFiles } from '../node/writeModelFiles.js';
import { SEARCH_PRESETS } from '../search/presets.js';
import { decodeSearchConfig } from '../search/decodeSearchConfig.js';
import { architectureHash } from '../space/architectureHash.js';
import { PUBLISHED_GENOTYPES } from '../space/publishedGenotypes.js';
import type { ParsedArgs } from './args.js';
import type { CliIo, LeafCommand } from './command.js';
import { CELL_FLAGS, LAYOUT_FLAGS, cellOptionsFromFlags, genotypeFlag, loadArchitecture } from './architectureSource.js';

/** What is exported, and what is known of its re-training. */
interface ExportSource {
  readonly weights: NetworkWeights;
  /** The file the weights came from. */
  readonly source: string;
  readonly retrain: { readonly epochs: number | null; readonly done: boolean; readonly top1: number | null } | null;
}

/** The flags that describe an architecture and its re-training data, for a re-training checkpoint only. */
const CHECKPOINT_ONLY_FLAGS: readonly string[] = ['genotype', 'data-path', ...[...LAYOUT_FLAGS, ...CELL_FLAGS].filter((l) => l.default === undefined).map((l) => l.name)];

/** The search preset whose data settings `gold-nas retrain --genotype` borrows for each data source. */
const SEARCH_PRESET_FOR_DATA = { mnist: 'mnist-quick', cifar10: 'cifar10', synthetic: 'synthetic-tiny' } as const;

/**
 * The input statistics `gold-nas retrain --genotype --data <source>` normalised with: those of the
 * training part of the data it split with its preset's seed.
 */
function genotypeRetrainNormalisation(args: ParsedArgs, io: CliIo, layout: NetworkWeights['layout']): Either<GoldNasError, ChannelStats> {
  const data = args.flags.data as keyof typeof SEARCH_PRESET_FOR_DATA;
  const base = SEARCH_PRESETS[SEARCH_PRESET_FOR_DATA[data]];
  const path = args.flags['data-path'] as string | undefined;
  const config = decodeSearchConfig({ space: { ...base.space, layout }, data: { ...base.data, ...(path !== undefined ? { path: resolve(io.cwd, path) } : {}) } }, base);
  if (E.isLeft(config)) return E.left({ ...config.left, path: config.left.path === 'data.path' ? '--data-path' : `--data ${data}: ${config.left.path}` });
  const loaded = loadRetrainData(config.right, { fromSearch: false });
  if (E.isLeft(loaded)) return loaded;
  return channelStats(loaded.right.train);
}

async function checkpointSource(args: ParsedArgs, io: CliIo): Promise<Either<GoldNasError, ExportSource>> {
  const f = args.flags;
  const given = f.checkpoint as string;
  const file = resolve(io.cwd, given);
  const bytes = await readBytesFile(file, given);
  if (E.isLeft(bytes)) return bytes;
  if (bytes.right === null) return E.left(goldNasError('IoError', given, 'no such file; give a network weights file or a re-training checkpoint (architectures/<hash>.retrain.ckpt)'));
  const kind = decodeCheckpoint(bytes.right, { kind: NETWORK_WEIGHTS_KIND });
  if (E.isRight(kind)) {
    const stray = CHECKPOINT_ONLY_FLAGS.find((n) => f[n] !== undefined);
    if (stray !== undefined) return E.left(goldNasError('ConfigError', `--${stray}`, `${given} is a network weights file, which records its architecture, layout and normalisation; leave --${stray} out`));
    const weights = decodeNetworkWeights(bytes.right);
    if (E.isLeft(weights)) return E.left({ ...weights.left, path: given });
    return E.right({ weights: weights.right, source: file, retrain: null });
  }
  const contents = decodeCheckpoint(bytes.right, { kind: 'retrain' });
  if (E.isLeft(contents)) return E.left({ ...contents.left, path: given, message: `${contents.left.message}; give a network weights file or a re-training checkpoint` });
  if (f.genotype === undefined) {
    return E.left(goldNasError('ConfigError', '--genotype', `is required with a re-training checkpoint (${given} records no architecture): give the --genotype, layout flags and --data you gave gold-nas retrain`));
  }
  const loaded = await loadArchitecture(f, io, f.data === 'mnist' ? { inputSize: 28, inputChannels: 1 } : {});
  if (E.isLeft(loaded)) return loaded;
  const { architecture, layout } = loaded.right;
  const normalise = f.normalise === true ? genotypeRetrainNormalisation(args, io, layout) : E.right(undefined);
  if (E.isLeft(normalise)) return normalise;
  const weights = networkWeightsFromCheckpoint(contents.right, architecture, layout, { ...cellOptionsFromFlags(f), ...(normalise.right ? { normalise: normalise.right } : {}) });
  if (E.isLeft(weights)) return E.left({ ...weights.left, path: given });
  const state = contents.right.state as { done?: unknown; history?: unknown } | null;
  const epochs = Array.isArray(state?.history) ? state.history.length : null;
  return E.right({ weights: weights.right, source: file, retrain: { epochs, done: state?.done === true, top1: null } });
}

async function exportSource(args: ParsedArgs, io: CliIo): Promise<Either<GoldNasError, ExportSource>> {
  const f = args.flags;
  const run = args.positionals[0];
  if (f.checkpoint !== undefined) {
    if (run !== undefined) return E.left(goldNasError('ConfigError', run, 'give a run directory or --checkpoint, not both'));
    if (f.only !== undefined) return E.left(goldNasError('ConfigError', '--only', "selects a run's candidate; it does not go with --checkpoint"));
    return checkpointSource(args, io);
  }
  if (run === undefined) return E.left(goldNasError('ConfigError', '<run-dir>', 'is required: give a `gold-nas search` run with --only <hash>, or --checkpoint <file>'));
  const stray = [...CHECKPOINT_ONLY_FLAGS, 'normalise'].find((n) => f[n] !== undefined && !(n === 'normalise' && f[n] === true));
  if (stray !== undefined) return E.left(goldNasError('ConfigError', `--${stray}`, 'goes with --checkpoint; a run directory brings its own architecture, layout and data'));
  if (f.only === undefined) return E.left(goldNasError('ConfigError', '--only', `is required with a run directory: the hash (or a unique prefix) of the re-trained candidate to export`));
  const found = await readRunCandidateWeights(resolve(io.cwd, run), f.only as string);
  if (E.isLeft(found)) return found;
  return E.right({ weights: found.right.weights, source: found.right.source, retrain: found.right.retrain });
}

function retrainText(r: ExportSource['retrain']): string {
  if (r === null) return '';
  const epochs = r.epochs === null ? '' : `${r.epochs} epoch${r.epochs === 1 ? '' : 's'}`;
  const status = r.done ? 're-trained' : 'partly re-trained (the re-training was interrupted)';
  const top1 = r.top1 === null ? '' : `, test top-1 ${percent(r.top1)}`;
  return ` (${status}${epochs === '' ? '' : ` ${epochs}`}${top1})`;
}

/** `gold-nas export`. */
export const exportCommand: LeafCommand = {
  kind: 'leaf',
  name: 'export',
  summary: 'write a re-trained network as a standard TensorFlow.js model (model.json + weights.bin) that runs without gold-nas',
  positionals: [{ name: 'run-dir', description: 'the directory of a `gold-nas search` run whose candidate was re-trained (or give --checkpoint instead)' }],
  flags: [
    { name: 'only', type: 'string', value: '<hash>', description: "with a run directory: the re-trained candidate to export (its hash or a unique prefix)" },
    { name: 'out', type: 'string', value: '<dir>', required: true, description: 'the directory to write model.json and weights.bin to (created when missing)' },
    { name: 'checkpoint', type: 'string', value: '<file>', description: 'instead of a run: a network weights file, or a re-training checkpoint (architectures/<hash>.retrain.ckpt) with --genotype' },
    { ...genotypeFlag(false), description: `with a re-training checkpoint: its architecture, a published genotype (${Object.keys(PUBLISHED_GENOTYPES).join(', ')}) or a file, as given to gold-nas retrain` },
    { name: 'data', type: 'string', choices: ['mnist', 'cifar10', 'synthetic'], default: 'mnist', description: 'with a re-training checkpoint: the data it was re-trained on, as given to gold-nas retrain --genotype (input size and normalisation)' },
    { name: 'data-path', type: 'string', value: '<dir>', description: 'with --data cifar10: the folder holding data_batch_1.bin … test_batch.bin' },
    { name: 'normalise', type: 'boolean', default: true, description: 'with a re-training checkpoint: build the input normalisation of its training data into the model (--no-normalise if the re-training configuration had data.normalise false)' },
    ...LAYOUT_FLAGS.map((f) => ({ ...f, description: `with a re-training checkpoint: ${f.description}` })),
    ...CELL_FLAGS.map((f) => ({ ...f, description: `with a re-training checkpoint: ${f.description}, as given to gold-nas retrain` })),
  ],
  epilog: [
    'Examples:',
    '  gold-nas export runs/mnist-quick --only d8c3 --out models/d8c3        # a re-trained candidate of a search run',
    '  gold-nas export --checkpoint runs/retrain-DARTS_V2/architectures/<hash>.retrain.ckpt \\',
    '      --genotype DARTS_V2 --channels 8 --cells 5 --out models/darts     # the flags given to gold-nas retrain --genotype',
    '  gold-nas export --checkpoint net.weights.bin --out models/net         # a network weights file (encodeNetworkWeights)',
    '',
    'The model takes raw NHWC pixels (the input normalisation of the re-training is its first layer) and returns',
    "logits. Load it with tf.loadLayersModel('file://<dir>/model.json') in Node (tfjs-node) or from its URL in a page.",
    'It is built from standard layers only, and predicts what gold-nas\'s network predicts in inference mode.',
  ].join('\n'),
  run: async (args, { io }) => {
    const source = await exportSource(args, io);
    if (E.isLeft(source)) return source;
    const { weights, retrain } = source.right;
    const artifacts = exportModel(weights);
    if (E.isLeft(artifacts)) return artifacts;
    const out = resolve(io.cwd, args.flags.out as string);
    const written = await writeModelFiles(out, artifacts.right);
    if (E.isLeft(written)) return written;
    const id = architectureHash(weights.architecture);
    const { layout, normalise } = weights;
    const layers = ((artifacts.right.modelTopology as { config: { layers: unknown[] } }).config.layers).length;
    const input = [null, layout.inputSize, layout.inputSize, layout.inputChannels];
    const { modelJson, weights: bin } = written.right;
    return E.right({
      json: { id, source: source.right.source, out, files: { modelJson, weights: bin }, layers, input, output: [null, layout.classes], normalise: normalise ?? null, retrain },
      text: () => [
        `Exported ${id}${retrainText(retrain)}`,
        `  from ${source.right.source}`,
        `  to ${out}: model.json (${groupDigits(modelJson.bytes)} bytes), weights.bin (${groupDigits(bin.bytes)} bytes), ${layers} layers`,
        `  input [batch, ${input.slice(1).join(', ')}] ${normalise ? `raw pixels (normalised inside: mean ${normalise.mean.map((m) => m.toFixed(4)).join(', ')}, std ${normalise.std.map((s) => s.toFixed(4)).join(', ')})` : 'as the network was trained on (no normalisation)'}; output [batch, ${layout.classes}] logits`,
        `  load it with tf.loadLayersModel('file://${modelJson.path}') (tfjs-node) or from its URL in a page`,
        '',
      ].join('\n'),
    });
  },
};
