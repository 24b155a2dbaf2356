/**
 * One benchmark run in its own process (so that peak memory and the wasm thread count belong to it):
 * one network, one backend, full or pruned to about half its live FLOPs. Prints one JSON line
 * prefixed with `RESULT ` on stdout. Started by `bench/step.ts`; see there.
 *
 *   node bench/results/build/bench/stepRun.js --net gold-tiny --backend wasm [--threads 2] [--pruned] [--steps 10] [--warmup 3]
 */
// The benchmark's networks and runner are internal to gold-nas (the `gold-nas bench` command): imported from the sources.
import { benchmarkStep, type StepBenchResult } from '../src/node/bench/benchmarkStep.js';
import type { BenchNetworkName } from '../src/node/bench/networks.js';
import { type TfjsFlavour, loadTfjs } from '../src/node/loadTfjs.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** What one run reports (printed as `RESULT <json>`). */
export type RunResult = StepBenchResult;

async function main(): Promise<void> {
  const net = (arg('--net') ?? 'gold-tiny') as BenchNetworkName;
  const backend = (arg('--backend') ?? 'wasm') as TfjsFlavour;
  const threads = Number(arg('--threads') ?? 1);
  /** Print every kernel, and this many (kernel, shapes) rows, on stderr. */
  const verbose = Number(arg('--verbose') ?? 0);
  /** `--kernels '{"fusedReluDepthwise":false}'`: options for the backend's training kernels (for ablations). */
  const kernelOptions = JSON.parse(arg('--kernels') ?? '{}') as Record<string, boolean>;
  const loaded = await loadTfjs(backend, { ...(threads > 1 ? { threads } : {}), wasmKernels: kernelOptions, cpuKernels: kernelOptions });
  if (loaded._tag === 'Left') throw new Error(loaded.left.message);
  const result = await benchmarkStep(loaded.right, {
    net, threads, pruned: process.argv.includes('--pruned'),
    steps: Number(arg('--steps') ?? 10), warmup: Number(arg('--warmup') ?? 3), maxStepSeconds: Number(arg('--max-step-seconds') ?? 60),
  });
  if (result._tag === 'Left') throw new Error(result.left.message);
  const { byShape, cpuByShape, ...summary } = result.right;
  if (verbose) {
    console.error('--- wall time by kernel and shapes');
    for (const k of (byShape ?? []).slice(0, verbose)) console.error(`${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)}  ${k.name}`);
    console.error('--- cpu time by kernel and input shapes');
    for (const k of (cpuByShape ?? []).slice(0, verbose)) console.error(`${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)}  ${k.name}`);
  }
  console.log(`RESULT ${JSON.stringify(summary)}`);
  // Threaded wasm workers never keep Node alive, but leave nothing to chance.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
