/**
 * Writing an exported model's files: `model.json` and `weights.bin` in a directory, as tfjs'
 * `file://` handler does, so that `tf.loadLayersModel` reads them over http or from disk.
 *
 * @module
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { io } from '@tensorflow/tfjs-core';
import type { GoldNasError } from '../errors.js';
import { modelFiles } from '../export/modelFiles.js';
import { writeFileAtomic } from './atomicWrite.js';

/**
 * The files {@link writeModelFiles} wrote, and their sizes in bytes.
 *
 * @since 0.2.0
 */
export interface WrittenModel {
  readonly modelJson: { readonly path: string; readonly bytes: number };
  readonly weights: { readonly path: string; readonly bytes: number };
}

/**
 * Writes a model's `model.json` and `weights.bin` into `dir` (created when missing), each
 * atomically, the weights first so that a `model.json` never names a missing file.
 *
 * @param dir - the directory.
 * @param artifacts - the model's artifacts, e.g. from `exportModel`.
 * @returns the paths and sizes, or an `IoError`.
 *
 * @example
 * ```ts
 * import { exportModel } from 'gold-nas';
 * import type { NetworkWeights } from 'gold-nas';
 * import { writeModelFiles } from 'gold-nas/node';
 * declare const weights: NetworkWeights;
 * const artifacts = exportModel(weights);
 * if (artifacts._tag === 'Right') {
 *   const written = await writeModelFiles('models/mnist', artifacts.right);
 *   // later, with tfjs-node: tf.loadLayersModel('file://models/mnist/model.json'); in a page: tf.loadLayersModel('/models/mnist/model.json')
 * }
 * ```
 * @since 0.2.0
 */
export async function writeModelFiles(dir: string, artifacts: io.ModelArtifacts): Promise<Either<GoldNasError, WrittenModel>> {
  const files = modelFiles(artifacts);
  const weightsPath = join(dir, files.weightsPath);
  const wroteWeights = await writeFileAtomic(weightsPath, files.weights);
  if (E.isLeft(wroteWeights)) return wroteWeights;
  const modelJsonPath = join(dir, 'model.json');
  const wroteJson = await writeFileAtomic(modelJsonPath, files.modelJson);
  if (E.isLeft(wroteJson)) return wroteJson;
  return E.right({
    modelJson: { path: modelJsonPath, bytes: Buffer.byteLength(files.modelJson) },
    weights: { path: weightsPath, bytes: files.weights.byteLength },
  });
}
