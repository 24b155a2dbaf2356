/**
 * Where a training step's time outside kernels goes (issue 12's "time outside kernels ≤ 5%"): the
 * bench's `outside` column, taken apart. Runs the bench's one-level step (`benchmarkStep`) with
 * every kernel wrapped, and measures each gap between two top-level kernel calls: in the forward
 * pass (between the engine's `startTape` and `endTape`) or in the backward pass and the update
 * (the rest, up to the next step's first kernel), with V8's garbage-collection pauses beside them.
 * A diagnostic, not a benchmark: the wrapping costs a little per call, so its step times are not
 * the bench's.
 *
 *   node bench/results/build/bench/outsideKernels.js [--net gold-tiny] [--pruned] [--threads 1] [--batch 32] [--steps 20] [--top 12]
 *
 * `--batch` replaces the network's batch: what stays at a small batch is a per-call cost (the
 * engine, the tape, the network's JavaScript), what goes is a per-value one (for instance the
 * caches a large kernel leaves cold for the JavaScript after it). Prints one table; `--json` prints
 * the figures as one JSON line instead.
 */
import { PerformanceObserver } from 'node:perf_hooks';
// Internal to gold-nas (like the bench's runners): imported from the sources.
import { loadTfjs } from '../src/node/loadTfjs.js';
import { benchmarkStep } from '../src/node/bench/benchmarkStep.js';
import { kernelCpuProfiler } from '../src/node/bench/kernelCpuProfiler.js';
import { BENCH_NETWORK_NAMES, type BenchNetworkName } from '../src/node/bench/networks.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const positive = (name: string, fallback: number | undefined): number | undefined => {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got '${v}'`);
  return n;
};

type Phase = 'forward' | 'backward';

/** One gap between two top-level kernel calls. */
interface Gap { readonly ms: number; readonly phase: Phase; readonly pair: string }

async function main(): Promise<void> {
  const net = (arg('--net') ?? 'gold-tiny') as BenchNetworkName;
  if (!BENCH_NETWORK_NAMES.includes(net)) throw new Error(`--net: unknown network '${net}'; known: ${BENCH_NETWORK_NAMES.join(', ')}`);
  const threads = positive('--threads', 1)!;
  const steps = positive('--steps', 20)!;
  const batch = positive('--batch', undefined);
  const top = positive('--top', 12)!;
  const loaded = await loadTfjs('wasm', threads > 1 ? { threads } : {});
  if (loaded._tag === 'Left') throw new Error(loaded.left.message);
  const tf = loaded.right;

  // Record only the timed steps (a step starts with the engine's tape): the warm-up's first steps
  // compile the loops and grow the heap.
  const warmup = 3;
  let stepsSeen = 0;
  let recording = false;
  let phase: Phase = 'backward';
  const window = { from: Infinity, to: Infinity };
  const engine = tf.engine() as unknown as { startTape(): void; endTape(): void };
  const [startTape, endTape] = [engine.startTape.bind(engine), engine.endTape.bind(engine)];
  engine.startTape = (): void => {
    stepsSeen++;
    recording = stepsSeen > warmup && stepsSeen <= warmup + steps;
    if (stepsSeen === warmup + 1) window.from = performance.now();
    if (stepsSeen === warmup + steps + 1) window.to = performance.now();
    phase = 'forward';
    startTape();
  };
  engine.endTape = (): void => {
    phase = 'backward';
    endTape();
  };

  // Every gap between two top-level kernel calls, and the kernels' own time.
  const gaps: Gap[] = [];
  let last: { end: number; name: string } | undefined;
  let kernelMs = 0;
  let calls = 0;
  const clock = kernelCpuProfiler(tf, 'wasm', {
    byShape: false,
    cpu: false,
    onCall: (name, start, end) => {
      if (recording) {
        if (last !== undefined) gaps.push({ ms: start - last.end, phase, pair: `${last.name} → ${name}` });
        kernelMs += end - start;
        calls++;
      }
      last = { end, name };
    },
  });
  // GC entries arrive after the fact (once the event loop turns): kept with their start times,
  // counted if they began during the timed steps.
  const pauses: { start: number; ms: number }[] = [];
  const gc = new PerformanceObserver((list) => { for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration }); });
  gc.observe({ entryTypes: ['gc'] });

  const r = await benchmarkStep(tf, { net, pruned: process.argv.includes('--pruned'), steps, warmup, threads, ...(batch !== undefined ? { batch } : {}), profileSteps: 1, wallSteps: 1 });
  if (r._tag === 'Left') throw new Error(r.left.message);
  clock.stop();
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the observer take its entries
  gc.disconnect();
  const gcMs = pauses.filter((p) => p.start >= window.from && p.start < window.to).reduce((a, p) => a + p.ms, 0);
  const per = (ms: number): number => ms / steps;
  const sum = (gs: readonly Gap[]): number => gs.reduce((a, g) => a + g.ms, 0);
  const forward = gaps.filter((g) => g.phase === 'forward');
  const backward = gaps.filter((g) => g.phase === 'backward');
  const outside = sum(gaps);
  const byPair = new Map<string, { ms: number; n: number }>();
  for (const g of gaps) {
    const e = byPair.get(g.pair) ?? { ms: 0, n: 0 };
    e.ms += g.ms;
    e.n++;
    byPair.set(g.pair, e);
  }
  const result = {
    net, pruned: process.argv.includes('--pruned'), threads, batch: r.right.batch, steps,
    stepMedianMs: r.right.ms?.median,
    kernelCallsPerStep: calls / steps,
    kernelMsPerStep: per(kernelMs),
    outsideMsPerStep: per(outside),
    outsideShare: outside / (outside + kernelMs),
    forwardMsPerStep: per(sum(forward)),
    backwardAndUpdateMsPerStep: per(sum(backward)),
    microsecondsPerCall: (outside / calls) * 1000,
    gcMsPerStep: per(gcMs),
    top: [...byPair].sort((a, b) => b[1].ms - a[1].ms).slice(0, top).map(([pair, e]) => ({ pair, msPerStep: per(e.ms), perStep: e.n / steps })),
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result));
  } else {
    const f = (v: number | undefined, d = 2): string => (v === undefined ? '-' : v.toFixed(d));
    console.log(`${net}${result.pruned ? ' pruned' : ''}, batch ${result.batch}, ${threads} thread(s), ${steps} steps (wasm)`);
    console.log(`  step (median, wrapped kernels)    ${f(result.stepMedianMs, 1)} ms`);
    console.log(`  kernels                          ${f(result.kernelMsPerStep, 1)} ms in ${f(result.kernelCallsPerStep, 0)} calls`);
    console.log(`  outside kernels                  ${f(result.outsideMsPerStep)} ms (${f(result.outsideShare * 100, 1)}%), ${f(result.microsecondsPerCall, 1)} µs a call`);
    console.log(`    forward pass                   ${f(result.forwardMsPerStep)} ms`);
    console.log(`    backward pass and update       ${f(result.backwardAndUpdateMsPerStep)} ms`);
    console.log(`  garbage collection               ${f(result.gcMsPerStep)} ms (V8's pauses, inside kernels or out)`);
    console.log('  largest gaps (ms a step, gaps a step):');
    for (const t of result.top) console.log(`    ${f(t.msPerStep, 3).padStart(7)} ${f(t.perStep, 0).padStart(4)}  ${t.pair}`);
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
