/**
 * The trained weights of a search run's re-trained candidate, from its run directory: the network
 * weights file `architectures/<hash>.weights.bin` when there is one, otherwise the re-training
 * checkpoint `architectures/<hash>.retrain.ckpt` (its weights and running averages, with the input
 * normalisation recomputed from the run's training data as the re-training computed it).
 *
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeCheckpoint } from '../checkpoint/format.js';
import type { ChannelStats } from '../data/normalise.js';
import { channelStats } from '../data/normalise.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { NetworkWeights } from '../export/networkWeights.js';
import { networkWeightsFromCheckpoint } from '../export/networkWeights.js';
import { decodeNetworkWeights } from '../export/weightsFile.js';
import { decodeParetoFile } from '../report/runData.js';
import { architectureHash } from '../space/architectureHash.js';
import { readBytesFile, readJsonFile, readTextFile, parseJsonText } from './readFiles.js';
import { loadRetrainData } from './retrainData.js';
import { RUN_FILES, readRunConfig } from './searchRun.js';

/**
 * Where a run keeps a re-trained candidate's network weights file (`encodeNetworkWeights`), next to
 * its `<hash>.retrain.ckpt` and `<hash>.retrain.json`.
 *
 * @param id - the candidate's architecture hash.
 * @returns the path relative to the run directory.
 */
export function networkWeightsFile(id: string): string {
  return join(RUN_FILES.architectures, `${id}.weights.bin`);
}

/**
 * A re-trained candidate's weights and where they came from.
 *
 * @since 0.2.0
 */
export interface RunCandidateWeights {
  /** The candidate's architecture hash. */
  readonly id: string;
  readonly weights: NetworkWeights;
  /** The file the weights were read from. */
  readonly source: string;
  /** What the re-training's result file says: epochs trained, whether it finished, test top-1 (null when unknown). */
  readonly retrain: { readonly epochs: number | null; readonly done: boolean; readonly top1: number | null };
}

/** The part of `<hash>.retrain.json` this reads. */
const ResultCodec = t.type({
  stopReason: t.string,
  epochs: t.number,
  top1: t.union([t.number, t.null]),
  config: t.intersection([
    t.type({ data: t.type({ normalise: t.boolean }) }),
    t.partial({ cellBatchNorm: t.keyof({ affine: null, none: null }), skipConnect: t.keyof({ identity: null, 'batch-norm': null }) }),
  ]),
});

const WEIGHTS_SUFFIX = '.weights.bin';
const CHECKPOINT_SUFFIX = '.retrain.ckpt';

/** The ids of candidates with a weights file or a re-training checkpoint. */
async function retrainedIds(dir: string): Promise<string[]> {
  const entries = await readdir(join(dir, RUN_FILES.architectures)).catch(() => [] as string[]);
  const ids = entries.flatMap((f) => [WEIGHTS_SUFFIX, CHECKPOINT_SUFFIX].filter((s) => f.endsWith(s)).map((s) => f.slice(0, -s.length)));
  return [...new Set(ids)].sort();
}

/** The input normalisation a re-training of this run used: the training data's statistics, when its configuration normalised. */
function runNormalisation(searchConfig: Parameters<typeof loadRetrainData>[0], normalise: boolean): Either<GoldNasError, ChannelStats | undefined> {
  if (!normalise) return E.right(undefined);
  const data = loadRetrainData(searchConfig);
  if (E.isLeft(data)) return data;
  return channelStats(data.right.train);
}

/**
 * Reads the trained weights of a run's re-trained candidate: its network weights file when there
 * is one, otherwise its re-training checkpoint (the architecture from `pareto.json`, the layout from
 * `config.json`, the input normalisation recomputed from the run's training data when the
 * re-training's configuration, in `<hash>.retrain.json`, normalised).
 *
 * @param dir - the search's run directory.
 * @param candidate - the candidate's hash or a unique prefix of it.
 * @returns the weights with their source and re-training status, or an error that says what is
 *   missing (no re-training of that candidate: run `gold-nas retrain <dir> --only <hash>` first).
 *
 * @example
 * ```ts
 * import { readRunCandidateWeights } from 'gold-nas/node';
 * const found = await readRunCandidateWeights('runs/mnist-quick', 'd8c3');
 * if (found._tag === 'Right') console.log(found.right.source, found.right.retrain.top1);
 * ```
 * @since 0.2.0
 */
export async function readRunCandidateWeights(dir: string, candidate: string): Promise<Either<GoldNasError, RunCandidateWeights>> {
  const searchConfig = await readRunConfig(dir, 'no search run here (config.json is missing); give the directory of a `gold-nas search` run, or export a checkpoint with --checkpoint');
  if (E.isLeft(searchConfig)) return searchConfig;
  const ids = await retrainedIds(dir);
  const matches = ids.filter((id) => id.startsWith(candidate.toLowerCase()));
  if (matches.length !== 1) {
    const message = matches.length > 1
      ? `'${candidate}' matches ${matches.length} re-trained candidates (${matches.join(', ')}); give more digits`
      : `no re-training of a candidate starting with '${candidate}' in ${join(dir, RUN_FILES.architectures)} ` +
        `(${ids.length === 0 ? 'none is re-trained yet' : `re-trained: ${ids.join(', ')}`}); re-train it first: gold-nas retrain ${dir} --only ${candidate}`;
    return E.left(goldNasError('ConfigError', `--only ${candidate}`, message));
  }
  const id = matches[0]!;
  const resultPath = join(dir, RUN_FILES.architectures, `${id}.retrain.json`);
  const resultText = await readTextFile(resultPath);
  if (E.isLeft(resultText)) return resultText;
  let result: t.TypeOf<typeof ResultCodec> | null = null;
  if (resultText.right !== null) {
    const json = parseJsonText(resultText.right, resultPath);
    if (E.isLeft(json)) return json;
    const decoded = decodeWith(ResultCodec, json.right);
    if (E.isLeft(decoded)) return E.left({ ...decoded.left, path: `${resultPath}: ${decoded.left.path}` });
    result = decoded.right;
  }
  const retrain = { epochs: result?.epochs ?? null, done: result?.stopReason === 'done', top1: result?.top1 ?? null };

  const weightsPath = join(dir, networkWeightsFile(id));
  const weightsBytes = await readBytesFile(weightsPath);
  if (E.isLeft(weightsBytes)) return weightsBytes;
  if (weightsBytes.right !== null) {
    const weights = decodeNetworkWeights(weightsBytes.right);
    if (E.isLeft(weights)) return E.left({ ...weights.left, path: weights.left.path === '' ? weightsPath : `${weightsPath}: ${weights.left.path}` });
    if (architectureHash(weights.right.architecture) !== id) {
      return E.left(goldNasError('CheckpointError', weightsPath, `holds the weights of architecture ${architectureHash(weights.right.architecture)}, not ${id}`));
    }
    return E.right({ id, weights: weights.right, source: weightsPath, retrain });
  }

  const checkpointPath = join(dir, RUN_FILES.architectures, `${id}${CHECKPOINT_SUFFIX}`);
  const bytes = await readBytesFile(checkpointPath);
  if (E.isLeft(bytes)) return bytes;
  if (bytes.right === null) return E.left(goldNasError('IoError', checkpointPath, 'disappeared while reading the run'));
  const contents = decodeCheckpoint(bytes.right, { kind: 'retrain' });
  if (E.isLeft(contents)) return E.left({ ...contents.left, path: checkpointPath });
  if (result === null) {
    return E.left(goldNasError('IoError', resultPath,
      `is missing, so the re-training's input normalisation is unknown; continue the re-training (gold-nas retrain ${dir} --only ${id}) so that it writes its result, then export`));
  }
  const paretoPath = join(dir, RUN_FILES.pareto);
  const paretoJson = await readJsonFile(paretoPath, 'the run has no pareto.json, which lists the candidates\' architectures');
  if (E.isLeft(paretoJson)) return paretoJson;
  const pareto = decodeParetoFile(paretoJson.right);
  if (E.isLeft(pareto)) return E.left({ ...pareto.left, path: `${paretoPath}: ${pareto.left.path}` });
  const entry = pareto.right.candidates.find((c) => c.id === id);
  if (entry === undefined) return E.left(goldNasError('ConfigError', paretoPath, `has no candidate ${id}, whose re-training checkpoint is ${checkpointPath}`));
  const normalise = runNormalisation(searchConfig.right, result.config.data.normalise);
  if (E.isLeft(normalise)) return normalise;
  // The re-training's configuration records its cells ([R]'s non-affine batch norms, batch-norm skip) when they differ from DARTS'.
  const { cellBatchNorm, skipConnect } = result.config;
  const weights = networkWeightsFromCheckpoint(contents.right, entry.architecture, searchConfig.right.space.layout, {
    ...(cellBatchNorm !== undefined ? { cellBatchNorm } : {}), ...(skipConnect !== undefined ? { skipConnect } : {}), ...(normalise.right ? { normalise: normalise.right } : {}),
  });
  if (E.isLeft(weights)) return E.left({ ...weights.left, path: checkpointPath });
  const done = (contents.right.state as { done?: unknown } | null)?.done === true;
  return E.right({ id, weights: weights.right, source: checkpointPath, retrain: { ...retrain, done } });
}
