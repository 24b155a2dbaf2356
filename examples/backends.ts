// Loading a backend in Node and taking a few one-level training steps of the quick start's
// super-network on it (docs/backends.md).
//
//   npm run build && npx tsc -p examples
//   node examples/dist/backends.js wasm        # the default; add a thread count: wasm 2
//   node examples/dist/backends.js cpu
//   node examples/dist/backends.js tensorflow  # needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node
import * as E from 'fp-ts/lib/Either.js';
import {
  GoldNasException, SEARCH_PRESETS, buildSupernet, createSgd, formatError, logPenalty, searchSpace,
  supernetLossAndGrads,
} from 'gold-nas';
import type { GoldNasError } from 'gold-nas';
import { WASM_KERNEL_TABLE, installKernels } from 'gold-nas/kernels';
import { loadTfjs } from 'gold-nas/node';
import type { TfjsFlavour } from 'gold-nas/node';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

const flavour = (process.argv[2] ?? 'wasm') as TfjsFlavour;
if (!['cpu', 'wasm', 'tensorflow'].includes(flavour)) throw new Error(`unknown backend '${flavour}'; use cpu, wasm or tensorflow`);
const threads = process.argv[3] === undefined ? undefined : Number(process.argv[3]);

const loaded = await loadTfjs(flavour, threads === undefined ? {} : { threads });
if (E.isLeft(loaded)) {
  // For example: "backend: neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed. For an NVIDIA GPU run …"
  console.error(formatError(loaded.left));
  process.exit(1);
}
const tf = loaded.right;
console.log(`backend: ${tf.getBackend()}, float precision ${tf.backend().floatPrecision()} bits`);
if (flavour === 'wasm') {
  // loadTfjs('wasm') already registered the training kernels; a second call changes nothing and says so.
  console.log(`wasm training kernels: ${installKernels(tf, WASM_KERNEL_TABLE).alreadyRegistered.join(', ')}`);
}

// The mnist-quick super-network (5 cells, C=8, 28x28x1), a batch of 32, three one-level steps.
const space = orThrow(searchSpace(SEARCH_PRESETS['mnist-quick'].space));
const net = orThrow(buildSupernet(tf, space, { seed: 0 }));
const penalty = orThrow(logPenalty(tf, net.slots));
const sgdWeights = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
const sgdAlpha = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
const x = tf.randomUniform([32, 28, 28, 1]);
const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32');

const before = tf.memory().numTensors;
for (let step = 0; step < 3; step++) {
  const started = performance.now();
  const loss = tf.tidy(() => {
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: 1e-3, penalty });
    sgdWeights.apply(net.weights, grads, 0.05)?.dispose();
    sgdAlpha.apply([net.alpha], grads, 1);
    return loss;
  });
  const value = (await loss.data())[0]!;
  loss.dispose();
  console.log(`step ${step}: loss ${value.toFixed(4)}, ${(performance.now() - started).toFixed(0)} ms, tensors ${tf.memory().numTensors}`);
}
const after = tf.memory().numTensors;
console.log(`tensors before the first step and after the last: ${before}, ${after} (the optimisers' momentum buffers are made on the first step)`);
tf.dispose([x, y]);
for (const d of [penalty, sgdWeights, sgdAlpha, net]) d.dispose();
