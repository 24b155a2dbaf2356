/**
 * The network weights file: a trained network's {@link NetworkWeights} (architecture, layout, input
 * normalisation, and every array under the network's own names) in one self-checking binary, the
 * container of gold-nas checkpoints with kind `network-weights`. Pure and browser-safe; the format
 * is documented in docs/export.md.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { ArchitectureCodec } from '../space/architectureCodec.js';
import { architectureHash } from '../space/architectureHash.js';
import { LayoutCodec } from '../space/layoutCodec.js';
import type { NetworkWeights } from './networkWeights.js';

/**
 * The checkpoint `kind` of a network weights file, to tell it from a re-training checkpoint.
 *
 * @example
 * ```ts
 * import { NETWORK_WEIGHTS_KIND, decodeCheckpoint } from 'gold-nas';
 * declare const bytes: Uint8Array;
 * const isWeightsFile = decodeCheckpoint(bytes, { kind: NETWORK_WEIGHTS_KIND })._tag === 'Right';
 * ```
 * @since 0.2.0
 */
export const NETWORK_WEIGHTS_KIND = 'network-weights';

/** The version of the header's state this gold-nas writes and reads. */
const FORMAT_VERSION = 1;

const StateCodec = t.intersection([
  t.type({
    version: t.literal(FORMAT_VERSION),
    architecture: ArchitectureCodec,
    layout: LayoutCodec,
    normalise: t.union([t.null, t.type({ mean: t.array(t.number), std: t.array(t.number) })]),
  }),
  // Written only when not the default (affine cells, identity skip), so other files stay as they were.
  t.partial({
    cellBatchNorm: t.keyof({ affine: null, none: null }),
    skipConnect: t.keyof({ identity: null, 'batch-norm': null }),
  }),
]);

/**
 * Encodes a network's weights as one self-checking byte array: gold-nas's checkpoint container
 * (magic `GNASCKPT`, version, JSON header, float32 data, FNV-1a checksum) with kind
 * `network-weights`, the architecture's hash as fingerprint, a state
 * `{ version: 1, architecture, layout, normalise }` (plus `cellBatchNorm: "none"` and
 * `skipConnect: "batch-norm"` for [R]'s cells) and the arrays under the network's own names.
 *
 * @param weights - the network's weights (`networkWeights`, `networkWeightsFromCheckpoint`).
 * @returns the file's bytes.
 *
 * @example
 * ```ts
 * import { encodeNetworkWeights, decodeNetworkWeights } from 'gold-nas';
 * import type { NetworkWeights } from 'gold-nas';
 * declare const weights: NetworkWeights;
 * const bytes = encodeNetworkWeights(weights);
 * decodeNetworkWeights(bytes); // Right: the same weights
 * ```
 * @since 0.2.0
 */
export function encodeNetworkWeights(weights: NetworkWeights): Uint8Array {
  return encodeCheckpoint({
    kind: NETWORK_WEIGHTS_KIND,
    fingerprint: architectureHash(weights.architecture),
    state: {
      version: FORMAT_VERSION, architecture: weights.architecture, layout: weights.layout, normalise: weights.normalise ?? null,
      ...(weights.cellBatchNorm === undefined || weights.cellBatchNorm === 'affine' ? {} : { cellBatchNorm: weights.cellBatchNorm }),
      ...(weights.skipConnect === undefined || weights.skipConnect === 'identity' ? {} : { skipConnect: weights.skipConnect }),
    },
    arrays: weights.arrays,
  });
}

/**
 * Decodes and checks a network weights file.
 *
 * @param bytes - the file's bytes.
 * @returns the weights, or a `CheckpointError` (not a gold-nas file, corrupt, another kind such as
 *   a re-training checkpoint, or a header that does not describe a network).
 *
 * @example
 * ```ts
 * import { decodeNetworkWeights } from 'gold-nas';
 * decodeNetworkWeights(new Uint8Array(8)); // Left: the file is 8 bytes, too short to be a gold-nas checkpoint
 * ```
 * @since 0.2.0
 */
export function decodeNetworkWeights(bytes: Uint8Array): Either<GoldNasError, NetworkWeights> {
  const args = checkArguments('decodeNetworkWeights', { bytes: [bytes, 'bytes', 'the stored network weights file'] }, 'CheckpointError');
  if (E.isLeft(args)) return args;
  const contents = decodeCheckpoint(bytes, { kind: NETWORK_WEIGHTS_KIND });
  if (E.isLeft(contents)) {
    const hint = contents.left.message.includes("'retrain' checkpoint")
      ? '; a re-training checkpoint also holds the weights: convert it with networkWeightsFromCheckpoint (gold-nas export --checkpoint with --genotype)'
      : '';
    return E.left({ ...contents.left, message: `${contents.left.message}${hint}` });
  }
  const state = decodeWith(StateCodec, contents.right.state, 'state');
  if (E.isLeft(state)) return E.left({ ...state.left, _tag: 'CheckpointError', message: `not a network weights header: ${state.left.message}` });
  const { architecture, layout, normalise, cellBatchNorm, skipConnect } = state.right;
  if (contents.right.fingerprint !== architectureHash(architecture)) {
    return E.left(goldNasError('CheckpointError', 'fingerprint', `the file's fingerprint ${contents.right.fingerprint} is not its architecture's hash ${architectureHash(architecture)}: it was altered`));
  }
  return E.right({
    architecture, layout,
    ...(cellBatchNorm === undefined || cellBatchNorm === 'affine' ? {} : { cellBatchNorm }),
    ...(skipConnect === undefined || skipConnect === 'identity' ? {} : { skipConnect }),
    ...(normalise === null ? {} : { normalise }), arrays: contents.right.arrays,
  });
}
