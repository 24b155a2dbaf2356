/**
 * One benchmark run in its own process (so that peak memory and the wasm thread count belong to it):
 * one network, one backend, full or pruned to about half its live FLOPs; or, with `--retrain`, the
 * re-training step of the quick start's most accurate candidate. Prints one JSON line prefixed with
 * `RESULT ` on stdout. Started by `bench/step.ts`; see there.
 *
 *   node bench/results/build/bench/stepRun.js --net gold-tiny --backend wasm [--threads 2] [--pruned] [--no-relaxed-simd] [--steps 10] [--warmup 3]
 *   node bench/results/build/bench/stepRun.js --retrain [--threads 2]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Architecture, MacroLayout } from 'gold-nas';
// The benchmark's runners are internal to gold-nas (the `gold-nas bench` command): imported from the sources.
import { loadTfjs, type TfjsFlavour } from '../src/node/loadTfjs.js';
import { benchmarkRetrainStep, type RetrainBenchResult } from '../src/node/bench/benchmarkRetrainStep.js';
import { benchmarkStep, type StepBenchResult } from '../src/node/bench/benchmarkStep.js';
import type { BenchNetworkName } from '../src/node/bench/networks.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** What one run reports (printed as `RESULT <json>`). */
export type RunResult = (StepBenchResult & { readonly kind: 'search' }) | (RetrainBenchResult & { readonly kind: 'retrain'; readonly net: string; readonly architecture: string });

/** bench/ in the source tree: this file runs from bench/results/build/bench/. */
const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The quick start's run (test/fixtures/quickstart-run): its layout and its most accurate candidate. */
export function quickstartCandidate(): { layout: MacroLayout; id: string; architecture: Architecture } {
  const run = join(benchDir, '..', 'test', 'fixtures', 'quickstart-run');
  const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as { space: { layout: MacroLayout } };
  const front = (JSON.parse(readFileSync(join(run, 'pareto.json'), 'utf8')) as { front: { id: string; accuracy: number; architecture: Architecture }[] }).front;
  const best = [...front].sort((a, b) => b.accuracy - a.accuracy)[0]!;
  return { layout: config.space.layout, id: best.id, architecture: best.architecture };
}

async function main(): Promise<void> {
  const backend = (arg('--backend') ?? 'wasm') as TfjsFlavour;
  const threads = Number(arg('--threads') ?? 1);
  /** Print this many (kernel, shapes) rows, by CPU time, on stderr. */
  const verbose = Number(arg('--verbose') ?? 0);
  /** `--kernels '{"fusedReluDepthwise":false}'`: options for the backend's training kernels (for ablations). */
  const kernelOptions = JSON.parse(arg('--kernels') ?? '{}') as Record<string, boolean>;
  const loaded = await loadTfjs(backend, {
    ...(threads > 1 ? { threads } : {}), wasmKernels: kernelOptions, cpuKernels: kernelOptions, relaxedSimd: !process.argv.includes('--no-relaxed-simd'),
  });
  if (loaded._tag === 'Left') throw new Error(loaded.left.message);
  const timing = {
    threads, steps: Number(arg('--steps') ?? 10), warmup: Number(arg('--warmup') ?? 3), maxStepSeconds: Number(arg('--max-step-seconds') ?? 60), byShape: verbose > 0,
  };
  let result: RunResult;
  if (process.argv.includes('--retrain')) {
    const c = quickstartCandidate();
    const r = await benchmarkRetrainStep(loaded.right, { architecture: c.architecture, layout: c.layout, ...timing });
    if (r._tag === 'Left') throw new Error(r.left.message);
    result = { kind: 'retrain', net: 'quick-start retrain', architecture: c.id, ...r.right };
  } else {
    const net = (arg('--net') ?? 'gold-tiny') as BenchNetworkName;
    const r = await benchmarkStep(loaded.right, { net, pruned: process.argv.includes('--pruned'), ...timing });
    if (r._tag === 'Left') throw new Error(r.left.message);
    result = { kind: 'search', ...r.right };
  }
  const { cpuByShape, wallByShape, ...summary } = result;
  if (verbose) {
    // Wall time first: a kernel's CPU time also counts V8's background threads (GC) and a pool's workers.
    for (const [title, list] of [['wall', wallByShape], ['cpu', cpuByShape]] as const) {
      console.error(`--- ${title} time by kernel and input shapes`);
      for (const k of (list ?? []).slice(0, verbose)) console.error(`${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)}  ${k.name}`);
    }
  }
  console.log(`RESULT ${JSON.stringify(summary)}`);
  // Worker threads never keep Node alive, but leave nothing to chance.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
