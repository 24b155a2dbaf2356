/**
 * Micro-benchmark of gold-nas's wasm training kernels against the alternatives, on shapes from the
 * "gold-tiny" search step (batch 32, 32×32, C=16; reductions to 16×16). Prints median ms per call.
 * Not a test: it asserts nothing about time.
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && node bench/results/build/bench/kernels.js [--reps 7] [--threads 2]
 *
 * (`bench/results/` is git-ignored.) Wasm with SIMD; single-threaded as tfjs is in Node, or on
 * `--threads N` XNNPACK threads through gold-nas's `readyThreadedWasm`.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { readyThreadedWasm } from 'gold-nas/node';
import { WASM_KERNEL_TABLE, installKernels, uninstallKernels } from 'gold-nas/kernels';

const repsArg = process.argv.indexOf('--reps');
const REPS = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 7;
const threadsArg = process.argv.indexOf('--threads');
const THREADS = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : undefined;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time of `f`, run in a tidy (wasm kernels run synchronously: no read-back needed). */
function time(f: () => tf.Tensor | tf.Tensor[]): number {
  const once = (): number => {
    const t0 = performance.now();
    tf.tidy(() => { f(); });
    return performance.now() - t0;
  };
  once();
  const ts: number[] = [];
  for (let i = 0; i < REPS; i++) ts.push(once());
  return median(ts);
}

const rows: { group: string; variant: string; ms: number }[] = [];
function record(group: string, variant: string, ms: number): void {
  rows.push({ group, variant, ms });
  console.log(`${group.padEnd(58)} ${variant.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms`);
}

const rnd = (shape: number[]): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', 1);
const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor =>
  tf.engine().runKernel(name, inputs, attrs as never) as tf.Tensor;

/** The per-tap alternative for a depthwise filter gradient: Σ_n,y,x shift_ij(x) · dy. */
function perTapDepthwiseFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, s: number): tf.Tensor {
  const p = Math.floor((k - 1) / 2);
  const [, h, w] = x.shape;
  const xp = tf.pad(x, [[0, 0], [p, k - 1 - p + s], [p, k - 1 - p + s], [0, 0]]);
  const [, ho, wo] = dy.shape;
  const taps: tf.Tensor[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const win = tf.stridedSlice(xp, [0, i, j, 0], [x.shape[0], i + ho * s, j + wo * s, x.shape[3]], [1, s, s, 1]);
      taps.push(tf.sum(tf.mul(win, dy), [0, 1, 2]));
    }
  }
  void h; void w;
  return tf.reshape(tf.stack(taps), [k, k, x.shape[3], 1]);
}

/** The per-tap alternative for a depthwise input gradient (stride 1): Σ_ij shift_ij(pad(dy)) · f_ij. */
function perTapDepthwiseInputGrad(dy: tf.Tensor4D, f: tf.Tensor4D): tf.Tensor {
  const k = f.shape[0];
  const p = Math.floor((k - 1) / 2);
  const [n, h, w, c] = dy.shape;
  const dp = tf.pad(dy, [[0, 0], [k - 1 - p, p], [k - 1 - p, p], [0, 0]]);
  const parts: tf.Tensor[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const win = tf.slice(dp, [0, k - 1 - i, k - 1 - j, 0], [n, h, w, c]);
      parts.push(tf.mul(win, tf.reshape(tf.slice(f, [i, j, 0, 0], [1, 1, c, 1]), [c])));
    }
  }
  return tf.addN(parts);
}

async function main(): Promise<void> {
  if (THREADS !== undefined) {
    const r = await readyThreadedWasm(tf, wasm, THREADS);
    if (r._tag === 'Left') throw new Error(r.left.message);
  } else {
    await tf.setBackend('wasm');
  }
  console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, ${wasm.getThreadsCount()} thread(s), ${REPS} reps, median ms per call\n`);

  // ---- depthwise gradients (sep_conv_3x3's depthwise layer) ----
  for (const [label, xs, k, s] of [
    ['depthwise 3x3 s1, x 32x32x32x16', [32, 32, 32, 16], 3, 1],
    ['depthwise 5x5 s1, x 32x32x32x16', [32, 32, 32, 16], 5, 1],
    ['depthwise 3x3 s2, x 32x32x32x16 (reduction edge)', [32, 32, 32, 16], 3, 2],
    ['depthwise 3x3 s1, x 32x8x8x64', [32, 8, 8, 64], 3, 1],
  ] as const) {
    const x = rnd([...xs]) as tf.Tensor4D;
    const f = rnd([k, k, xs[3], 1]) as tf.Tensor4D;
    const dy = tf.tidy(() => tf.depthwiseConv2d(x, f, s, 'same'));
    const common = { strides: s, pad: 'same', dilations: 1 };
    installKernels(tf, WASM_KERNEL_TABLE);
    record(`${label}: filter grad`, 'gold-nas (one depthwise conv, roles swapped)',
      time(() => kernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: f.shape })));
    record(`${label}: filter grad`, 'per-tap products (pad, stridedSlice, mul, sum)', time(() => perTapDepthwiseFilterGrad(x, dy as tf.Tensor4D, k, s)));
    record(`${label}: input grad`, 'gold-nas (one depthwise conv, flipped filter)',
      time(() => kernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { ...common, inputShape: x.shape })));
    if (s === 1) record(`${label}: input grad`, 'per-tap products (pad, slice, mul, addN)', time(() => perTapDepthwiseInputGrad(dy as tf.Tensor4D, f)));
    record(`${label}: forward`, 'stock DepthwiseConv2dNative (reference)', time(() => tf.depthwiseConv2d(x, f, s, 'same')));
    tf.dispose([x, f, dy]);
  }

  // ---- full convolutions (1x1 preprocess / pointwise, 3x3 stem) ----
  for (const [label, xs, fs, s] of [
    ['conv 1x1 s1, x 32x32x32x16 -> 16 (pointwise)', [32, 32, 32, 16], [1, 1, 16, 16], 1],
    ['conv 1x1 s1, x 32x32x32x48 -> 16 (preprocess)', [32, 32, 32, 48], [1, 1, 48, 16], 1],
    ['conv 1x1 s2, x 32x32x32x16 -> 16 (factorized reduce)', [32, 32, 32, 16], [1, 1, 16, 16], 2],
    ['conv 3x3 s1, x 32x32x32x3 -> 48 (stem)', [32, 32, 32, 3], [3, 3, 3, 48], 1],
  ] as const) {
    const x = rnd([...xs]) as tf.Tensor4D;
    const f = rnd([...fs]) as tf.Tensor4D;
    const dy = tf.tidy(() => tf.conv2d(x, f, s, 'same'));
    const common = { strides: s, pad: 'same', dataFormat: 'NHWC' };
    installKernels(tf, WASM_KERNEL_TABLE);
    // In training dy is new on every step, and XNNPACK repacks a matMul's right operand whenever
    // its tensor is new: every variant gets a fresh copy of dy (the copy is in every figure).
    const fresh = (): tf.Tensor => tf.mul(dy, 1);
    record(`${label}: filter grad`, 'gold-nas (patches, contraction over rows)',
      time(() => kernel('Conv2DBackpropFilter', { x, dy: fresh() }, { ...common, filterShape: f.shape })));
    if (fs[0] === 1 && s === 1) {
      const n = xs[0] * xs[1] * xs[2];
      record(`${label}: filter grad`, 'matMul(x, dy, transposeA) (slow path)',
        time(() => tf.matMul(tf.reshape(x, [n, fs[2]]), tf.reshape(fresh(), [n, fs[3]]), true, false)));
      record(`${label}: filter grad`, 'transpose(x) then matMul',
        time(() => tf.matMul(tf.transpose(tf.reshape(x, [n, fs[2]])), tf.reshape(fresh(), [n, fs[3]]))));
    }
    record(`${label}: input grad`, 'gold-nas (XNNPACK conv of dy, flipped filter)',
      time(() => kernel('Conv2DBackpropInput', { dy, filter: f }, { ...common, inputShape: x.shape })));
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    record(`${label}: input grad`, 'stock tfjs-wasm Conv2DBackpropInput (scalar)',
      time(() => kernel('Conv2DBackpropInput', { dy, filter: f }, { ...common, inputShape: x.shape })));
    record(`${label}: forward`, 'stock Conv2D (reference)', time(() => tf.conv2d(x, f, s, 'same')));
    tf.dispose([x, f, dy]);
  }

  // ---- helpers: strided sampling, zero-interleaving, Identity ----
  {
    const x = rnd([32, 32, 32, 16]) as tf.Tensor4D;
    const ones = tf.ones([1, 1, 16, 1]) as tf.Tensor4D;
    record('strided sampling x[:, ::2, ::2, :], x 32x32x32x16', 'depthwise conv, 1x1 one-hot filter, stride 2', time(() => tf.depthwiseConv2d(x, ones, 2, 'valid')));
    record('strided sampling x[:, ::2, ::2, :], x 32x32x32x16', 'tf.stridedSlice', time(() => tf.stridedSlice(x, [0, 0, 0, 0], [32, 32, 32, 16], [1, 2, 2, 1])));
    const dy = rnd([32, 16, 16, 16]) as tf.Tensor4D;
    installKernels(tf, WASM_KERNEL_TABLE);
    const f = rnd([1, 1, 16, 1]) as tf.Tensor4D;
    // A 1x1 stride-2 depthwise input gradient is pure zero-interleaving plus a 1x1 scale.
    record('zero-interleave dy 32x16x16x16 -> 32x32x32x16', 'gold-nas heap copy (+1x1 depthwise)',
      time(() => kernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { strides: 2, pad: 'valid', dilations: 1, inputShape: [32, 32, 32, 16] })));
    record('zero-interleave dy 32x16x16x16 -> 32x32x32x16', 'stack with zeros + reshape (x2)', time(() => {
      const z = tf.zerosLike(dy);
      const wide = tf.reshape(tf.stack([dy, z], 3), [32, 16, 32, 16]);
      return tf.reshape(tf.stack([wide, tf.zerosLike(wide)], 2), [32, 32, 32, 16]);
    }));
    const big = rnd([32, 32, 32, 64]);
    record('Identity (tf.clone) of 32x32x32x64', 'gold-nas zero-copy', time(() => tf.clone(big)));
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    record('Identity (tf.clone) of 32x32x32x64', 'stock tfjs-wasm (copies)', time(() => tf.clone(big)));
    tf.dispose([x, ones, dy, f, big]);
  }

  // ---- one sep_conv_3x3 layer step, forward + backward ----
  for (const identity of [true, false]) {
    installKernels(tf, WASM_KERNEL_TABLE, { zeroCopyIdentity: identity });
    const x = rnd([32, 32, 32, 16]) as tf.Tensor4D;
    const dw = tf.variable(rnd([3, 3, 16, 1]));
    const pw = tf.variable(rnd([1, 1, 16, 16]));
    const step = (): tf.Tensor[] => {
      const { grads } = tf.variableGrads(() => tf.conv2d(tf.depthwiseConv2d(tf.relu(x), dw as tf.Tensor4D, 1, 'same'), pw as tf.Tensor4D, 1, 'same').square().mean() as tf.Scalar, [dw, pw]);
      return Object.values(grads);
    };
    record('relu-dw3x3-pw1x1 fwd+bwd, x 32x32x32x16', `gold-nas kernels, zeroCopyIdentity=${identity}`, time(step));
    uninstallKernels(tf, WASM_KERNEL_TABLE);
    tf.dispose([x, dw, pw]);
  }
  console.log(`\n${rows.length} measurements; tensors alive: ${tf.memory().numTensors}`);
}

void main();
