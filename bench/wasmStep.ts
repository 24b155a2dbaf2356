/**
 * One GOLD-NAS one-level step of the "gold-tiny" super-network on tfjs-wasm in Node (32×32×3,
 * batch 32, C=16, 5 cells, {skip, sep3×3}): loss and gradients w.r.t. weights and α, then SGD.
 * Prints ms per step and the wasm heap size. Not a test.
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && node bench/results/build/bench/wasmStep.js [--threads 2] [--steps 4] [--stock]
 *
 * `--stock` keeps every stock tfjs-wasm kernel gold-nas can replace (Identity, Conv2DBackpropInput,
 * MaxPoolGrad, Slice, SplitV): only the three missing kernels are registered.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { GOLD_PRIMITIVES, OPERATORS, buildSupernet, cifarLayout, createSgd, registerWasmTrainingKernels, supernetLossAndGrads } from 'gold-nas';
import { readyThreadedWasm } from 'gold-nas/node';

const arg = (name: string): string | undefined => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const threads = arg('--threads') === undefined ? undefined : Number(arg('--threads'));
const steps = Number(arg('--steps') ?? 4);
const stock = process.argv.includes('--stock');

async function main(): Promise<void> {
  const kernelOptions = stock
    ? { zeroCopyIdentity: false, fastConv2DBackpropInput: false, fixMaxPoolGrad: false, fastSlice: false, fusedBatchNorm: false, fusedReluDepthwise: false }
    : {};
  if (threads !== undefined) {
    const r = await readyThreadedWasm(tf, wasm, threads, { wasmKernels: kernelOptions })();
    if (r._tag === 'Left') throw new Error(r.left.message);
  } else {
    registerWasmTrainingKernels(tf, kernelOptions);
    await tf.setBackend('wasm');
  }
  const space = { mode: 'gold', layout: cifarLayout({ channels: 16, cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
  const built = buildSupernet(tf, space, { seed: 1 });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const net = built.right;
  const sgdW = createSgd(tf, { momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 });
  const sgdA = createSgd(tf, { momentum: 0.9, weightDecay: 0 });
  const x = tf.randomNormal([32, 32, 32, 3], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32');
  const heap = (): number => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20;
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y);
    sgdW.apply(net.weights, grads, 0.01)?.dispose();
    sgdA.apply([net.alpha], grads, 1)?.dispose();
    loss.dataSync();
    times.push(performance.now() - t0);
    tf.dispose([loss, grads]);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  console.log(`gold-tiny one-level step on wasm, ${wasm.getThreadsCount()} thread(s)${stock ? ', stock kernels except the three missing ones' : ''}: `
    + `first ${(times[0]! / 1000).toFixed(2)} s, then median ${(rest[rest.length >> 1]! / 1000).toFixed(2)} s; wasm heap ${heap().toFixed(0)} MiB, `
    + `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, tensors ${tf.memory().numTensors}`);
  tf.dispose([x, y]);
  sgdW.dispose();
  sgdA.dispose();
  net.dispose();
}

void main();
