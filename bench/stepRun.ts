/**
 * One benchmark run in its own process (so that peak memory and the wasm thread count belong to it):
 * one network, one backend, full or pruned to about half its live FLOPs. Prints one JSON line
 * prefixed with `RESULT ` on stdout. Started by `bench/step.ts`; see there.
 *
 *   node bench/results/build/bench/stepRun.js --net gold-tiny --backend wasm [--threads 2] [--pruned] [--steps 10] [--warmup 3]
 */
import type { TF } from 'gold-nas';
import { buildSupernet, createSgd, linearPenalty, liveCost, operatorSlots, slotCosts, supernetLossAndGrads } from 'gold-nas';
import { loadTfjs } from 'gold-nas/node';
import type { TfjsFlavour } from 'gold-nas/node';
import { LAMBDA, LEARNING_RATE, NETWORKS, type NetworkName, prunedMask, slotMflops } from './networks.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** What one run reports. */
export interface RunResult {
  readonly net: NetworkName;
  readonly backend: string;
  readonly threads: number;
  readonly pruned: boolean;
  readonly batch: number;
  readonly liveOps: number;
  readonly totalOps: number;
  /** Live MFLOPs per image (fixed part included), FLOPs = 2·MACs. */
  readonly liveMflops: number;
  /** live FLOPs / full network FLOPs. */
  readonly liveFraction: number;
  /** GFLOP per step: 3 × forward × batch. */
  readonly stepGflop: number;
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
  readonly profile?: {
    readonly wallMs: number;
    readonly kernelMs: number;
    readonly kernelCalls: number;
    readonly top: readonly { readonly name: string; readonly ms: number; readonly calls: number }[];
  };
  /** 1 − (kernel time) / (wall time) of the profiled step. */
  readonly outsideShare?: number;
  /** One more step with every kernel's process CPU time (all threads). */
  readonly cpuProfile?: {
    readonly stepMs: number;
    readonly kernelMs: number;
    readonly top: readonly { readonly name: string; readonly ms: number; readonly calls: number }[];
  };
  /** 1 − (kernel CPU time) / (step CPU time): the library's own overhead, measured in CPU time. */
  readonly outsideCpuShare?: number;
}

/**
 * Per-kernel process CPU time: every kernel of the backend wrapped so that top-level calls (not the
 * stock kernels gold-nas's kernels call inside) add their CPU time to their name. Under a busy
 * machine CPU time tells what a kernel costs when wall time does not.
 */
function cpuKernelProfiler(tf: TF, backendName: string): { readonly stop: () => Map<string, { ms: number; calls: number }>; readonly byShape: Map<string, { ms: number; calls: number }> } {
  const originals = tf.getKernelsForBackend(backendName);
  const totals = new Map<string, { ms: number; calls: number }>();
  const byShape = new Map<string, { ms: number; calls: number }>();
  let depth = 0;
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        if (depth++ > 0) {
          try { return k.kernelFunc(args); } finally { depth--; }
        }
        const c0 = process.cpuUsage();
        try {
          return k.kernelFunc(args);
        } finally {
          depth--;
          const c = process.cpuUsage(c0);
          const ms = (c.user + c.system) / 1000;
          const shapes = Object.values(args.inputs as Record<string, { shape?: number[] }>).map((t) => t?.shape);
          for (const [map, key] of [[totals, k.kernelName], [byShape, `${k.kernelName} ${JSON.stringify(shapes)}`]] as const) {
            const e = map.get(key) ?? { ms: 0, calls: 0 };
            e.ms += ms;
            e.calls += 1;
            map.set(key, e);
          }
        }
      },
    });
  }
  return {
    byShape,
    stop: () => {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, backendName);
        tf.registerKernel(k);
      }
      return totals;
    },
  };
}

async function main(): Promise<void> {
  const netName = (arg('--net') ?? 'gold-tiny') as NetworkName;
  const def = NETWORKS[netName];
  if (def === undefined) throw new Error(`unknown network ${netName}`);
  const backend = (arg('--backend') ?? 'wasm') as TfjsFlavour;
  const threads = Number(arg('--threads') ?? 1);
  const pruned = process.argv.includes('--pruned');
  const steps = Number(arg('--steps') ?? 10);
  const warmup = Number(arg('--warmup') ?? 3);
  const maxStepSeconds = Number(arg('--max-step-seconds') ?? 60);
  /** Print every kernel, and this many (kernel, shapes) rows, on stderr. */
  const verbose = Number(arg('--verbose') ?? 0);

  /** `--kernels '{"fusedReluDepthwise":false}'`: options for the backend's training kernels (for ablations). */
  const kernelOptions = JSON.parse(arg('--kernels') ?? '{}') as Record<string, boolean>;
  const loaded = await loadTfjs(backend, { ...(threads > 1 ? { threads } : {}), wasmKernels: kernelOptions, cpuKernels: kernelOptions })();
  if (loaded._tag === 'Left') throw new Error(loaded.left.message);
  const tf: TF = loaded.right;

  const { space, batch } = def;
  const slots = operatorSlots(space);
  const costs = slotCosts(space);
  const built = buildSupernet(tf, space, { seed: 1 });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const net = built.right;
  const fullMacs = liveCost(space, net.live, costs).macs;
  if (pruned) {
    const mask = prunedMask(space, 0.5, 7);
    const remove = slots.filter((s) => mask[s.index] === 0).map((s) => s.index);
    const r = net.prune(remove);
    if (r._tag === 'Left') throw new Error(r.left.message);
  }
  const macs = liveCost(space, net.live, costs).macs;
  const mflops = slotMflops(costs);
  const mean = mflops.reduce((a, b) => a + b, 0) / mflops.length;
  // linearPenalty divides each cost by its mean; weighting by the mean gives back absolute MFLOPs.
  const penalty = linearPenalty(tf, { macs: mflops, params: new Float64Array(mflops.length) }, { flops: mean });
  if (penalty._tag === 'Left') throw new Error(penalty.left.message);
  const sgd = createSgd(tf, { momentum: 0, weightDecay: 0 });
  const [h, , c] = [space.layout.inputSize, space.layout.inputSize, space.layout.inputChannels];
  const x = tf.randomNormal([batch, h, h, c], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % space.layout.classes), 'int32');

  const step = async (): Promise<void> => {
    const { loss, grads } = supernetLossAndGrads(tf, net, x, y, { lambda: LAMBDA, penalty: penalty.right });
    sgd.apply([...net.weights, net.alpha], grads, LEARNING_RATE);
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

  const liveOps = net.live.reduce((a, b) => a + b, 0);
  const base = {
    net: netName, backend, threads, pruned, batch, liveOps, totalOps: slots.length,
    liveMflops: (2 * macs) / 1e6, liveFraction: macs / fullMacs, stepGflop: (3 * 2 * macs * batch) / 1e9,
  };
  const warmupMs: number[] = [];
  for (let i = 0; i < warmup; i++) {
    warmupMs.push(await timed());
    if (warmupMs[i]! > maxStepSeconds * 1000) {
      const result: RunResult = { ...base, warmupMs, skipped: `one step took ${(warmupMs[i]! / 1000).toFixed(1)} s (over ${maxStepSeconds} s)` };
      console.log(`RESULT ${JSON.stringify(result)}`);
      process.exit(0);
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
  const byName = new Map<string, { ms: number; calls: number }>();
  const byShape = new Map<string, { ms: number; calls: number }>();
  let kernelMs = 0;
  for (const k of kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    kernelMs += ms;
    for (const [map, key] of [[byName, k.name], [byShape, `${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`]] as const) {
      const e = map.get(key) ?? { ms: 0, calls: 0 };
      e.ms += ms;
      e.calls += 1;
      map.set(key, e);
    }
  }
  const sortedBy = (m: Map<string, { ms: number; calls: number }>) => [...m.entries()].map(([name, e]) => ({ name, ms: e.ms, calls: e.calls })).sort((a, b) => b.ms - a.ms);
  const top = sortedBy(byName).slice(0, 10);
  if (verbose) {
    for (const k of sortedBy(byName)) console.error(`${k.name.padEnd(40)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(6)}`);
    console.error('--- by shape');
    for (const k of sortedBy(byShape).slice(0, verbose)) console.error(`${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)}  ${k.name}`);
  }

  // The same step with every kernel's CPU time.
  const profiler = cpuKernelProfiler(tf, backend);
  const cpu0 = process.cpuUsage();
  await step();
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuTotals = profiler.stop();
  const stepCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  const cpuKernelMs = [...cpuTotals.values()].reduce((a, e) => a + e.ms, 0);
  const cpuTop = sortedBy(cpuTotals).slice(0, 10);
  if (verbose) {
    console.error('--- cpu time by kernel');
    for (const k of sortedBy(cpuTotals)) console.error(`${k.name.padEnd(40)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(6)}`);
    console.error(`step cpu ${stepCpuMs.toFixed(0)} ms, kernels ${cpuKernelMs.toFixed(0)} ms`);
    console.error('--- cpu time by kernel and input shapes');
    for (const k of sortedBy(profiler.byShape).slice(0, verbose)) console.error(`${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)}  ${k.name}`);
  }

  const wasmHeap = backend === 'wasm' ? (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length / 2 ** 20 : undefined;
  const result: RunResult = {
    ...base,
    ms: { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, all },
    warmupMs,
    cpuMs: cpuMedian,
    imagesPerSecond: batch / (median / 1000),
    gflops: base.stepGflop / (median / 1000),
    ...(wasmHeap !== undefined ? { wasmHeapMiB: wasmHeap } : {}),
    rssPeakMiB: process.resourceUsage().maxRSS / 1024,
    numTensors: { before, after, perStep },
    profile: { wallMs, kernelMs, kernelCalls: kernels.length, top },
    outsideShare: Math.max(0, 1 - kernelMs / wallMs),
    cpuProfile: { stepMs: stepCpuMs, kernelMs: cpuKernelMs, top: cpuTop },
    outsideCpuShare: Math.max(0, 1 - cpuKernelMs / stepCpuMs),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  tf.dispose([x, y]);
  penalty.right.dispose();
  sgd.dispose();
  net.dispose();
  // Threaded wasm workers never keep Node alive, but leave nothing to chance.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
