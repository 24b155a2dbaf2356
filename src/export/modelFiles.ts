/**
 * A tfjs model's files: `model.json` (topology, weights manifest, metadata) and one binary weights
 * file, as tfjs' own `file://` and `http` handlers lay them out. Pure and browser-safe.
 *
 * @module
 */
import type { io } from '@tensorflow/tfjs-core';

/**
 * The two files of a model, ready to write or serve side by side.
 *
 * @since 0.2.0
 */
export interface ModelFiles {
  /** The text of `model.json`. */
  readonly modelJson: string;
  /** The name `model.json` gives the weights file (relative to it). */
  readonly weightsPath: string;
  /** The weights file's bytes (float32, little-endian, in the manifest's order). */
  readonly weights: Uint8Array;
}

/**
 * Lays out model artifacts as tfjs' files: `model.json` with `modelTopology`, `format`,
 * `generatedBy`, `convertedBy`, `userDefinedMetadata` and a one-shard `weightsManifest`, and the
 * weights file it names. `tf.loadLayersModel('<url>/model.json')` (or `file://` in Node with
 * tfjs-node) reads them back.
 *
 * @param artifacts - the artifacts, e.g. from `exportModel`.
 * @param weightsPath - the weights file's name (default `weights.bin`).
 * @returns the files.
 *
 * @example
 * ```ts
 * import { modelFiles } from 'gold-nas';
 * import type { io } from '@tensorflow/tfjs-core';
 * declare const artifacts: io.ModelArtifacts;
 * const { modelJson, weights } = modelFiles(artifacts);
 * const download = new Blob([modelJson], { type: 'application/json' });
 * ```
 * @since 0.2.0
 */
export function modelFiles(artifacts: io.ModelArtifacts, weightsPath = 'weights.bin'): ModelFiles {
  const data = artifacts.weightData;
  const buffers = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const weights = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    weights.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  const json = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  return { modelJson: JSON.stringify(json), weightsPath, weights };
}
