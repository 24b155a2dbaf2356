// A super-network trained for a few one-level steps on the webgl backend, in a browser
// (docs/browser.md). index.html calls trainOnWebgl; serve it with a bundler, e.g.
//   npm run build && npx vite examples/browser
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  GOLD_PRIMITIVES, GoldNasException, batchIterator, buildSupernet, createSgd, datasetFromArrays, logPenalty, readyBackend,
  searchSpace, supernetLossAndGrads,
} from 'gold-nas';
import type { Dataset, GoldNasError } from 'gold-nas';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

/** What {@link trainOnWebgl} did. */
export interface WebglRun {
  readonly backend: string;
  /** 32 when WebGL renders to float32 textures; 16 is too coarse to train. */
  readonly floatPrecision: number;
  readonly losses: readonly number[];
  /** `tf.memory().numTensors` after the first step and after the last: equal when nothing leaks. */
  readonly tensors: readonly [number, number];
}

/**
 * A two-class toy dataset built from plain arrays, the way pixels from a canvas or a fetched
 * file would be: class 0 is dark, class 1 is bright, both noisy. 16x16 RGB images.
 */
export function toyDataset(size: number): E.Either<GoldNasError, Dataset> {
  const pixels = 16 * 16 * 3;
  const x = new Float32Array(size * pixels);
  const y = new Int32Array(size);
  let seed = 1;
  const noise = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.4;
  for (let n = 0; n < size; n++) {
    y[n] = n % 2;
    for (let i = 0; i < pixels; i++) x[n * pixels + i] = Math.min(1, Math.max(0, (y[n] === 1 ? 0.7 : 0.3) + noise()));
  }
  return datasetFromArrays({ x, y, height: 16, width: 16, channels: 3, classes: 2, name: 'toy' });
}

/**
 * Readies webgl (an error, not a silent fallback to cpu, when WebGL2 is missing), builds a small
 * GOLD super-network and takes `steps` one-level steps (weights and α from one backward pass).
 */
export async function trainOnWebgl(log: (line: string) => void = console.log, steps = 3): Promise<WebglRun> {
  const backend = orThrow(await readyBackend(tf, 'webgl'));
  log(`backend ${backend.name}, float${backend.floatPrecision}`);

  const space = orThrow(searchSpace({
    mode: 'gold',
    layout: { channels: 4, cells: 3, nodes: 2, inputSize: 16, inputChannels: 3, classes: 2 },
    operators: GOLD_PRIMITIVES,
  }));
  const net = orThrow(buildSupernet(tf, space, { seed: 0 }));
  const penalty = orThrow(logPenalty(tf, net.slots));
  const sgdWeights = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
  const sgdAlpha = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
  const batches = orThrow(batchIterator(orThrow(toyDataset(64)), { batchSize: 16, seed: 0, dropLast: true }));

  const losses: number[] = [];
  const tensors: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = batches.next();
    const loss = tf.tidy(() => {
      const x = tf.tensor4d(batch.x, [...batch.shape]);
      const y = tf.tensor1d(batch.y, 'int32');
      const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: 1e-3, penalty });
      sgdWeights.apply(net.weights, grads, 0.05)?.dispose();
      sgdAlpha.apply([net.alpha], grads, 1);
      return loss;
    });
    losses.push((await loss.data())[0]!);
    loss.dispose();
    tensors.push(tf.memory().numTensors);
    log(`step ${step}: loss ${losses[step]!.toFixed(4)}`);
  }
  const { gates } = await net.snapshot();
  log(`gates after ${steps} steps: min ${Math.min(...gates).toFixed(4)}, max ${Math.max(...gates).toFixed(4)}`);
  for (const d of [penalty, sgdWeights, sgdAlpha, net]) d.dispose();
  return { backend: backend.name, floatPrecision: backend.floatPrecision, losses, tensors: [tensors[0]!, tensors[tensors.length - 1]!] };
}
