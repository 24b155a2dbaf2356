/**
 * The training-step benchmark of one network on one backend (issue 5): a GOLD-NAS one-level step
 * timed after warm-up, with throughput, memory, tensor counts, a kernel profile (wall time) and a
 * per-kernel process-CPU profile. `bench/` and `gold-nas bench` both run it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { TF } from '../../tf.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import { createSgd } from '../../optim/sgd.js';
import { liveCost } from '../../resources/liveCost.js';
import { linearPenalty } from '../../resources/penaltyLinear.js';
import { slotCosts } from '../../resources/slotCosts.js';
import { operatorSlots } from '../../space/searchSpace.js';
import { buildSupernet } from '../../supernet/buildSupernet.js';
import { supernetLossAndGrads } from '../../supernet/lossAndGrads.js';
import { addKernelTime, kernelCpuProfiler } from './kernelCpuProfiler.js';
import type { KernelTime, KernelTotals } from './kernelCpuProfiler.js';
import { BENCH_LAMBDA, BENCH_LEARNING_RATE, BENCH_NETWORKS, prunedMask, slotMflops } from './networks.js';
import type { BenchNetworkName } from './networks.js';

/** What {@link benchmarkStep} runs. */
export interface StepBenchOptions {
  readonly net: BenchNetworkName;
  /** Prune the super-network to about half its live FLOPs first. */
  readonly pruned?: boolean;
  /** Timed steps (default 10). */
  readonly steps?: number;
  /** Untimed steps first (default 3). */
  readonly warmup?: number;
  /** Give up (with `skipped`) when one warm-up step takes longer than this (default 60 s). */
  readonly maxStepSeconds?: number;
  /** Threads the backend was readied with (reported only). */
  readonly threads?: number;
}

/** What one benchmark run measured. */
export interface StepBenchResult {
  readonly net: BenchNetworkName;
  readonly backend: string;
  readonly threads: number;
  readonly pruned: boolean;
  readonly batch: number;
  readonly liveOps: number;
  readonly totalOps: number;
  /** Live MFLOPs per image (fixed part included), FLOPs = 2·MACs. */
  readonly liveMflops: number;
  /** Live FLOPs / the full network's FLOPs. */
  readonly liveFraction: number;
  /** GFLOP per step: 3 × forward × batch. */
  readonly stepGflop: number;
  /** Why no timing was taken (a step over `maxStepSeconds`). */
  readonly skipped?: string;
  readonly ms?: { readonly min: number; readonly median: number; readonly max: number; readonly all: readonly number[] };
  readonly warmupMs?: readonly number[];
  /** Median process CPU time (user + system, all threads) per timed step: less sensitive to a busy machine than wall time. */
  readonly cpuMs?: number;
  readonly imagesPerSecond?: number;
  readonly gflops?: number;
  readonly wasmHeapMiB?: number;
  readonly rssPeakMiB?: number;
  readonly numTensors?: { readonly before: number; readonly after: number; readonly perStep: readonly number[] };
  /** One step under `tf.profile`: wall time, kernel time and calls, the ten most expensive kernels. */
  readonly profile?: { readonly wallMs: number; readonly kernelMs: number; readonly kernelCalls: number; readonly top: readonly KernelTime[] };
  /** 1 − kernel time / wall time of the profiled step: the library's own overhead. */
  readonly outsideShare?: number;
  /** One more step with every kernel's process CPU time (all threads). */
  readonly cpuProfile?: { readonly stepMs: number; readonly kernelMs: number; readonly top: readonly KernelTime[] };
  /** 1 − kernel CPU time / step CPU time. */
  readonly outsideCpuShare?: number;
  /** Every kernel of the profiled step by input and output shapes, most expensive first. */
  readonly byShape?: readonly KernelTime[];
  /** Every kernel of the CPU-profiled step by input shapes, most expensive first. */
  readonly cpuByShape?: readonly KernelTime[];
}

const byCost = (m: KernelTotals): KernelTime[] =>
  [...m.entries()].map(([name, e]) => ({ name, ms: e.ms, calls: e.calls })).sort((a, b) => b.ms - a.ms);

/**
 * Benchmarks the one-level training step of a reference network on the backend `tf` is set to.
 *
 * @param tf - the injected tfjs namespace, with its backend ready.
 * @param options - the network, pruning, steps and warm-up.
 * @returns the measurements, or an error if the network cannot be built.
 */
export async function benchmarkStep(tf: TF, options: StepBenchOptions): Promise<Either<GoldNasError, StepBenchResult>> {
  const def = BENCH_NETWORKS[options.net];
  if (def === undefined) return E.left(goldNasError('ConfigError', 'net', `unknown network '${options.net}'; known: ${Object.keys(BENCH_NETWORKS).join(', ')}`));
  const steps = options.steps ?? 10;
  const warmup = options.warmup ?? 3;
  const maxStepSeconds = options.maxStepSeconds ?? 60;
  const pruned = options.pruned === true;
  const backend = tf.getBackend();
  const { space, batch } = def;
  const slots = operatorSlots(space);
  const costs = slotCosts(space);
  const built = buildSupernet(tf, space, { seed: 1 });
  if (E.isLeft(built)) return built;
  const net = built.right;
  const fullMacs = liveCost(space, net.live, costs).macs;
  if (pruned) {
    const mask = prunedMask(space, 0.5, 7, { slots, costs, fullMacs });
    const r = net.prune(slots.filter((s) => mask[s.index] === 0).map((s) => s.index));
    if (E.isLeft(r)) {
      net.dispose();
      return r;
    }
  }
  const macs = liveCost(space, net.live, costs).macs;
  const mflops = slotMflops(costs);
  const mean = mflops.reduce((a, b) => a + b, 0) / mflops.length;
  // linearPenalty divides each cost by its mean; weighting by the mean gives back absolute MFLOPs.
  const penalty = linearPenalty(tf, { macs: mflops, params: new Float64Array(mflops.length) }, { flops: mean });
  if (E.isLeft(penalty)) {
    net.dispose();
    return penalty;
  }
  const sgd = createSgd(tf, { momentum: 0, weightDecay: 0 });
  const size = space.layout.inputSize;
  const x = tf.randomNormal([batch, size, size, space.layout.inputChannels], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % space.layout.classes), 'int32');
  const dispose = (): void => {
    tf.dispose([x, y]);
    penalty.right.dispose();
    sgd.dispose();
    net.dispose();
  };

  const step = async (): Promise<void> => {
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: BENCH_LAMBDA, penalty: penalty.right });
    sgd.apply([...net.weights, net.alpha], grads, BENCH_LEARNING_RATE);
    await loss.data();
    tf.dispose([loss, ...Object.values(grads)]);
  };
  const cpuTimes: number[] = [];
  const timed = async (): Promise<number> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await step();
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    return t;
  };

  const base = {
    net: options.net, backend, threads: options.threads ?? 1, pruned, batch, liveOps: net.live.reduce((a, b) => a + b, 0), totalOps: slots.length,
    liveMflops: (2 * macs) / 1e6, liveFraction: macs / fullMacs, stepGflop: (3 * 2 * macs * batch) / 1e9,
  };
  const warmupMs: number[] = [];
  for (let i = 0; i < warmup; i++) {
    warmupMs.push(await timed());
    if (warmupMs[i]! > maxStepSeconds * 1000) {
      dispose();
      return E.right({ ...base, warmupMs, skipped: `one step took ${(warmupMs[i]! / 1000).toFixed(1)} s (over ${maxStepSeconds} s)` });
    }
  }
  const before = tf.memory().numTensors;
  cpuTimes.length = 0;
  const all: number[] = [];
  const perStep: number[] = [];
  for (let i = 0; i < steps; i++) {
    all.push(await timed());
    perStep.push(tf.memory().numTensors);
  }
  const after = tf.memory().numTensors;
  const sorted = [...all].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const cpuMedian = [...cpuTimes].sort((a, b) => a - b)[Math.floor(cpuTimes.length / 2)]!;

  const p0 = performance.now();
  const info = await tf.profile(step);
  const wallMs = performance.now() - p0;
  // A custom-gradient function's forward pass shows up as an 'unnamed scope' whose time includes the
  // kernels it runs, which are listed too: only real kernels are counted.
  const kernels = info.kernels.filter((k) => k.name !== 'unnamed scope' && k.name !== undefined);
  const byName: KernelTotals = new Map();
  const byShape: KernelTotals = new Map();
  let kernelMs = 0;
  for (const k of kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    kernelMs += ms;
    addKernelTime(byName, k.name, ms);
    addKernelTime(byShape, `${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`, ms);
  }

  // The same step with every kernel's CPU time.
  const profiler = kernelCpuProfiler(tf, backend);
  const cpu0 = process.cpuUsage();
  await step();
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuTotals = profiler.stop();
  const stepCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  const cpuKernelMs = [...cpuTotals.values()].reduce((a, e) => a + e.ms, 0);

  const wasmHeap = backend === 'wasm' ? (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20 : undefined;
  dispose();
  return E.right({
    ...base,
    ms: { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, all },
    warmupMs,
    cpuMs: cpuMedian,
    imagesPerSecond: batch / (median / 1000),
    gflops: base.stepGflop / (median / 1000),
    ...(wasmHeap !== undefined ? { wasmHeapMiB: wasmHeap } : {}),
    rssPeakMiB: process.resourceUsage().maxRSS / 1024,
    numTensors: { before, after, perStep },
    profile: { wallMs, kernelMs, kernelCalls: kernels.length, top: byCost(byName).slice(0, 10) },
    outsideShare: Math.max(0, 1 - kernelMs / wallMs),
    cpuProfile: { stepMs: stepCpuMs, kernelMs: cpuKernelMs, top: byCost(cpuTotals).slice(0, 10) },
    outsideCpuShare: Math.max(0, 1 - cpuKernelMs / stepCpuMs),
    byShape: byCost(byShape),
    cpuByShape: byCost(profiler.byShape),
  });
}
