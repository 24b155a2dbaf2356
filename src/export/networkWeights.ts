/**
 * A trained discrete network as plain data: its architecture, its layout, the input normalisation
 * it was trained with, and every weight and running average under the network's own names (those
 * of `buildNetwork`'s `variables` and `buffers`). `exportModel` turns it into a tfjs model,
 * `loadNetwork` back into a `NetworkState`, `encodeNetworkWeights` into a file.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { CheckpointContents } from '../checkpoint/format.js';
import type { ChannelStats } from '../data/normalise.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { NetworkState } from '../network/buildNetwork.js';
import type { Architecture } from '../space/architecture.js';
import { architectureHash } from '../space/architectureHash.js';
import type { CellBatchNorm, MacroLayout } from '../space/layout.js';
import type { SkipConnectKind } from '../space/operators.js';

/**
 * One named float32 array with its shape (row-major, as tfjs stores it).
 *
 * @since 0.2.0
 */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * A trained network's weights with what is needed to rebuild it.
 *
 * @example
 * ```ts
 * import type { NetworkWeights } from 'gold-nas';
 * const describe = (w: NetworkWeights) => `${w.arrays.length} arrays, ${w.layout.cells} cells`;
 * ```
 * @since 0.2.0
 */
export interface NetworkWeights {
  /** The architecture, as the network was built from it. */
  readonly architecture: Architecture;
  /** The macro layout it was built on. */
  readonly layout: MacroLayout;
  /** Its cells' batch norms, when not affine ([R]'s evaluation network: `none`); absent means `affine`. */
  readonly cellBatchNorm?: CellBatchNorm;
  /** What its `skip_connect` computes at stride 1, when not the identity (`batch-norm`, [R]); absent means `identity`. */
  readonly skipConnect?: SkipConnectKind;
  /**
   * The per-channel input normalisation the network was trained with, `(x − mean) / std` on the
   * raw pixels; absent when it was trained on raw inputs. An exported model applies it itself.
   */
  readonly normalise?: ChannelStats;
  /**
   * Every trainable variable (`cells.3.edges.5.sep_conv_3x3.1.weight`) and batch-norm running
   * average (`….running_mean`, `….running_var`), by the network's own names; the auxiliary head's
   * (`auxiliary.…`) when it was built.
   */
  readonly arrays: readonly NamedArray[];
}

/**
 * Options of {@link networkWeights} and {@link networkWeightsFromCheckpoint}.
 *
 * @since 0.2.0
 */
export interface NetworkWeightsOptions {
  /** The input normalisation the network was trained with (a re-training's: the training data's `channelStats`). */
  readonly normalise?: ChannelStats;
  /** With a checkpoint: its cells' batch norms (the re-training configuration's `cellBatchNorm`; default `affine`). */
  readonly cellBatchNorm?: CellBatchNorm;
  /** With a checkpoint: what its `skip_connect` computes (the re-training configuration's `skipConnect`; default `identity`). */
  readonly skipConnect?: SkipConnectKind;
}

/** The cell options that differ from the defaults, as `NetworkWeights` carries them. */
function cellOptions(o: { readonly cellBatchNorm?: CellBatchNorm | undefined; readonly skipConnect?: SkipConnectKind | undefined }): Pick<NetworkWeights, 'cellBatchNorm' | 'skipConnect'> {
  return {
    ...(o.cellBatchNorm === undefined || o.cellBatchNorm === 'affine' ? {} : { cellBatchNorm: o.cellBatchNorm }),
    ...(o.skipConnect === undefined || o.skipConnect === 'identity' ? {} : { skipConnect: o.skipConnect }),
  };
}

/**
 * Reads a network's weights and running averages (one device read per variable).
 *
 * @param net - the network (it is not changed).
 * @param options - the input normalisation it was trained with, if any.
 * @returns its weights, by the network's own names.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { buildNetwork, cifarLayout, genotypeToArchitecture, DARTS_V2, networkWeights } from 'gold-nas';
 * const layout = cifarLayout({ channels: 8, cells: 5 });
 * const architecture = genotypeToArchitecture(DARTS_V2, layout);
 * if (architecture._tag === 'Right') {
 *   const built = buildNetwork(tf, { architecture: architecture.right, layout, seed: 0 });
 *   if (built._tag === 'Right') {
 *     const weights = await networkWeights(built.right);
 *     console.log(weights.arrays.length);
 *     built.right.dispose();
 *   }
 * }
 * ```
 * @since 0.2.0
 */
export async function networkWeights(net: NetworkState, options: NetworkWeightsOptions = {}): Promise<NetworkWeights> {
  const arrays: NamedArray[] = [];
  for (const v of [...net.variables, ...net.buffers]) {
    arrays.push({ name: v.name, shape: [...v.variable.shape], values: Float32Array.from(await v.variable.data()) });
  }
  return { architecture: net.architecture, layout: net.plan.layout, ...cellOptions(net), ...(options.normalise ? { normalise: options.normalise } : {}), arrays };
}

/** The checkpoint-array prefixes of a re-training's network: weights and running averages. */
const CHECKPOINT_GROUPS = ['w/', 'b/'] as const;

/**
 * A re-training checkpoint's network weights under the network's own names: its weights (`w/…`) and
 * running averages (`b/…`) with the prefixes stripped; the optimiser's momentum (`m/…`) is left out.
 * Checks that the checkpoint re-trains this architecture.
 *
 * @param contents - a decoded re-training checkpoint (`decodeCheckpoint(bytes, { kind: 'retrain' })`).
 * @param architecture - the architecture it re-trains.
 * @param layout - the layout it was re-trained on (the checkpoint does not record it).
 * @param options - the input normalisation of the re-training, if any.
 * @returns the weights, or a `CheckpointError` (not a re-training checkpoint, or one of another architecture).
 *
 * @example
 * ```ts
 * import { decodeCheckpoint, networkWeightsFromCheckpoint, cifarLayout, DARTS_V2, genotypeToArchitecture } from 'gold-nas';
 * declare const bytes: Uint8Array; // a `<hash>.retrain.ckpt` file
 * const layout = cifarLayout({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1 });
 * const checkpoint = decodeCheckpoint(bytes, { kind: 'retrain' });
 * const architecture = genotypeToArchitecture(DARTS_V2, layout);
 * if (checkpoint._tag === 'Right' && architecture._tag === 'Right') {
 *   const weights = networkWeightsFromCheckpoint(checkpoint.right, architecture.right, layout, { normalise: { mean: [0.13], std: [0.31] } });
 * }
 * ```
 * @since 0.2.0
 */
export function networkWeightsFromCheckpoint(
  contents: CheckpointContents,
  architecture: Architecture,
  layout: MacroLayout,
  options: NetworkWeightsOptions = {},
): Either<GoldNasError, NetworkWeights> {
  const args = checkArguments('networkWeightsFromCheckpoint', { contents: [contents, 'object', 'a decoded re-training checkpoint'], architecture: [architecture, 'object', 'the re-trained architecture'], layout: [layout, 'object', 'its macro layout'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  if (contents.kind !== 'retrain') {
    return E.left(goldNasError('CheckpointError', '', `this is a '${contents.kind}' checkpoint, not a re-training checkpoint (gold-nas retrain writes architectures/<hash>.retrain.ckpt)`));
  }
  const id = (contents.state as { architectureId?: unknown } | null)?.architectureId;
  const expected = architectureHash(architecture);
  if (id !== expected) {
    return E.left(goldNasError('CheckpointError', 'architectureId',
      `the checkpoint re-trains architecture ${String(id)}, not ${expected}; give the architecture it was re-trained with (and its layout: cells and nodes change the hash)`));
  }
  const arrays = contents.arrays.flatMap((a) => {
    const prefix = CHECKPOINT_GROUPS.find((p) => a.name.startsWith(p));
    return prefix === undefined ? [] : [{ name: a.name.slice(prefix.length), shape: a.shape, values: a.values }];
  });
  return E.right({ architecture, layout, ...cellOptions(options), ...(options.normalise ? { normalise: options.normalise } : {}), arrays });
}
