/**
 * Rebuilding a trained network from its weights: the `NetworkState` of the architecture on its
 * layout, with every variable and running average set from the arrays.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../backends/tf.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { NetworkState } from '../network/buildNetwork.js';
import { buildNetwork } from '../network/buildNetwork.js';
import type { OperatorTable } from '../space/operators.js';
import type { NetworkWeights } from './networkWeights.js';

/**
 * Options of {@link loadNetwork}.
 *
 * @since 0.2.0
 */
export interface LoadNetworkOptions {
  /** Where the architecture's operator names are looked up (default `OPERATORS`); the table the network was trained with. */
  readonly table?: OperatorTable;
}

/**
 * Rebuilds a trained network: builds the architecture's discrete network on its layout (with the
 * auxiliary head when the weights have one) and sets every variable and running average from the
 * arrays. Every array is checked before any is assigned: each variable needs an array of its name
 * and shape, and each array must belong to a variable.
 *
 * @param tf - the injected tfjs namespace.
 * @param weights - the weights (`decodeNetworkWeights`, `networkWeights`, `networkWeightsFromCheckpoint`).
 * @param options - the operator table.
 * @returns the network (dispose it when done), or the error of `buildNetwork` or a `CheckpointError`
 *   naming the first missing, misshapen or unknown array (nothing is left allocated then).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { decodeNetworkWeights, loadNetwork } from 'gold-nas';
 * declare const bytes: Uint8Array; // a network weights file
 * const weights = decodeNetworkWeights(bytes);
 * if (weights._tag === 'Right') {
 *   const net = loadNetwork(tf, weights.right);
 *   if (net._tag === 'Right') {
 *     const size = weights.right.layout.inputSize;
 *     const { logits } = net.right.forward(tf.zeros([1, size, size, weights.right.layout.inputChannels]), { training: false });
 *     net.right.dispose();
 *   }
 * }
 * ```
 * @since 0.2.0
 */
export function loadNetwork(tf: TF, weights: NetworkWeights, options: LoadNetworkOptions = {}): Either<GoldNasError, NetworkState> {
  const args = checkArguments('loadNetwork', { tf: [tf, 'object', 'the tfjs namespace'], weights: [weights, 'object', 'network weights (decodeNetworkWeights)'], options: [options, 'object?'] });
  if (E.isLeft(args)) return args;
  const auxiliary = weights.arrays.some((a) => a.name.startsWith('auxiliary.'));
  const built = buildNetwork(tf, {
    architecture: weights.architecture, layout: weights.layout, auxiliary, seed: 0, ...(options.table ? { table: options.table } : {}),
    cellBatchNorm: weights.cellBatchNorm ?? 'affine', skipConnect: weights.skipConnect ?? 'identity',
  });
  if (E.isLeft(built)) return built;
  const net = built.right;
  const arrays = new Map(weights.arrays.map((a) => [a.name, a] as const));
  const targets = [...net.variables, ...net.buffers];
  const problem = (name: string, message: string): Either<GoldNasError, NetworkState> => {
    net.dispose();
    return E.left(goldNasError('CheckpointError', name, message));
  };
  for (const v of targets) {
    const a = arrays.get(v.name);
    const shape = v.variable.shape;
    if (a === undefined) return problem(v.name, `the weights have no array for this variable of shape [${shape.join(', ')}]; were they saved from this architecture on this layout?`);
    if (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i]) || a.values.length !== v.variable.size) {
      return problem(v.name, `has shape [${a.shape.join(', ')}] (${a.values.length} values) in the weights, but the network's variable has shape [${shape.join(', ')}]`);
    }
  }
  if (arrays.size !== targets.length) {
    const known = new Set(targets.map((v) => v.name));
    const stray = weights.arrays.find((a) => !known.has(a.name));
    if (stray !== undefined) return problem(stray.name, 'the network has no variable of this name; the weights belong to another architecture or layout');
  }
  for (const v of targets) tf.tidy(() => v.variable.assign(tf.tensor(arrays.get(v.name)!.values, v.variable.shape)));
  return E.right(net);
}
