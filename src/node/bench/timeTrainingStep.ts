/**
 * Timing a training step (issues 5 and 12): warm-up steps, timed steps (wall and process CPU time,
 * tensor counts), then steps with every kernel wrapped (`kernelCpuProfiler`) to split a step's time
 * between kernels and everything outside them (tfjs's engine, gold-nas's own code): a few timed by
 * the clock alone for the wall split, a few more with each kernel's CPU time for the CPU split
 * (whose `getrusage` calls would otherwise count as time outside kernels), and optionally one more
 * step that totals the kernels by input shapes.
 *
 * @module
 */
import type { TF } from '../../tf.js';
import { kernelCpuProfiler } from './kernelCpuProfiler.js';
import type { KernelTime, KernelTotals } from './kernelCpuProfiler.js';

/** What {@link timeTrainingStep} runs. */
export interface TimeStepOptions {
  /** Timed steps (default 10). */
  readonly steps?: number;
  /** Untimed steps first (default 3). */
  readonly warmup?: number;
  /** Give up (with `skipped`) when one warm-up step takes longer than this (default 60 s). */
  readonly maxStepSeconds?: number;
  /** Run one more step that totals the kernels by input shapes (default false). */
  readonly byShape?: boolean;
  /** Steps run with every kernel's CPU time taken, to split a step's CPU time (default 3; their totals are divided by it). */
  readonly profileSteps?: number;
  /** Steps run with every kernel's wall time taken, to split a step's wall time (default 6; their totals are divided by it). */
  readonly wallSteps?: number;
}

/** What {@link timeTrainingStep} measured. */
export interface StepTimings {
  /** Why no timing was taken (a step over `maxStepSeconds`). */
  readonly skipped?: string;
  readonly ms?: { readonly min: number; readonly median: number; readonly max: number; readonly all: readonly number[] };
  readonly warmupMs?: readonly number[];
  /** Median process CPU time (user + system, all threads) per timed step: less sensitive to a busy machine than wall time. */
  readonly cpuMs?: number;
  /** tfjs-wasm's heap after the steps (on wasm). */
  readonly wasmHeapMiB?: number;
  /** The process's peak resident set. */
  readonly rssPeakMiB?: number;
  readonly numTensors?: { readonly before: number; readonly after: number; readonly perStep: readonly number[] };
  /** A step's wall time, its kernels' wall time, its kernel calls, and the ten most expensive kernels (wall): the wall-split steps' totals divided by their number. */
  readonly profile?: { readonly wallMs: number; readonly kernelMs: number; readonly kernelCalls: number; readonly top: readonly KernelTime[] };
  /** 1 − kernel wall time / wall time of the wall-split steps: tfjs's engine and gold-nas's own code. */
  readonly outsideShare?: number;
  /** A step's process CPU time (all threads), its kernels' and the ten most expensive kernels (CPU): the CPU-split steps' totals divided by their number. */
  readonly cpuProfile?: { readonly stepMs: number; readonly kernelMs: number; readonly top: readonly KernelTime[] };
  /** 1 − kernel CPU time / step CPU time. */
  readonly outsideCpuShare?: number;
  /** With `byShape`: every kernel of one more step by input shapes, most expensive first (CPU time). */
  readonly cpuByShape?: readonly KernelTime[];
  /** With `byShape`: the wall time of the same step's kernels by kernel and input shapes. */
  readonly wallByShape?: readonly KernelTime[];
}

/**
 * The totals as a list, most expensive first.
 *
 * @param m - totals by kernel.
 * @returns the list.
 */
export const byCost = (m: KernelTotals): KernelTime[] =>
  [...m.entries()].map(([name, e]) => ({ name, ms: e.ms, calls: e.calls })).sort((a, b) => b.ms - a.ms);

const sum = (m: KernelTotals): number => [...m.values()].reduce((a, e) => a + e.ms, 0);
const calls = (m: KernelTotals): number => [...m.values()].reduce((a, e) => a + e.calls, 0);
/** Totals over `n` steps as one step's. */
const onePerStep = (m: KernelTotals, n: number): KernelTotals => new Map([...m].map(([k, e]) => [k, { ms: e.ms / n, calls: e.calls / n }]));

/**
 * Times a training step on the backend `tf` is set to.
 *
 * @param tf - the injected tfjs namespace, with its backend ready.
 * @param step - one training step; it resolves once the step's result is on the host.
 * @param options - steps, warm-up, the warm-up limit, and whether to total the kernels by shapes.
 * @returns the timings (only `warmupMs` and `skipped` when a warm-up step was over the limit).
 */
export async function timeTrainingStep(tf: TF, step: () => Promise<void>, options: TimeStepOptions = {}): Promise<StepTimings> {
  const steps = options.steps ?? 10;
  const warmup = options.warmup ?? 3;
  const maxStepSeconds = options.maxStepSeconds ?? 60;
  const backend = tf.getBackend();
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
  const warmupMs: number[] = [];
  for (let i = 0; i < warmup; i++) {
    warmupMs.push(await timed());
    if (warmupMs[i]! > maxStepSeconds * 1000) return { warmupMs, skipped: `one step took ${(warmupMs[i]! / 1000).toFixed(1)} s (over ${maxStepSeconds} s)` };
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

  // The wall split: a few steps with every kernel timed by the clock (two reads a call); one step's
  // split moves by a point or two from step to step.
  const wallSteps = Math.max(1, options.wallSteps ?? 6);
  const clock = kernelCpuProfiler(tf, backend, { byShape: false, cpu: false });
  const t0 = performance.now();
  for (let i = 0; i < wallSteps; i++) await step();
  const wallMs = (performance.now() - t0) / wallSteps;
  clock.stop();
  const wallTotals = onePerStep(clock.wall, wallSteps);
  const kernelWallMs = sum(wallTotals);

  // The CPU split: a few steps with every kernel's process CPU time too.
  const profileSteps = Math.max(1, options.profileSteps ?? 3);
  const profiler = kernelCpuProfiler(tf, backend, { byShape: false });
  const c0 = process.cpuUsage();
  for (let i = 0; i < profileSteps; i++) await step();
  const cpuUsed = process.cpuUsage(c0);
  const cpuTotals = onePerStep(profiler.stop(), profileSteps);
  const stepCpuMs = (cpuUsed.user + cpuUsed.system) / 1000 / profileSteps;
  const kernelCpuMs = sum(cpuTotals);

  let cpuByShape: KernelTime[] | undefined;
  let wallByShape: KernelTime[] | undefined;
  if (options.byShape === true) {
    const shapes = kernelCpuProfiler(tf, backend, { byShape: true });
    await step();
    shapes.stop();
    cpuByShape = byCost(shapes.byShape);
    wallByShape = byCost(shapes.wallByShape);
  }
  const heap = backend === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.length : undefined;
  return {
    ms: { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, all },
    warmupMs,
    cpuMs: cpuMedian,
    ...(heap !== undefined ? { wasmHeapMiB: heap / 2 ** 20 } : {}),
    rssPeakMiB: process.resourceUsage().maxRSS / 1024,
    numTensors: { before, after, perStep },
    profile: { wallMs, kernelMs: kernelWallMs, kernelCalls: calls(wallTotals), top: byCost(wallTotals).slice(0, 10) },
    outsideShare: Math.max(0, 1 - kernelWallMs / wallMs),
    cpuProfile: { stepMs: stepCpuMs, kernelMs: kernelCpuMs, top: byCost(cpuTotals).slice(0, 10) },
    outsideCpuShare: Math.max(0, 1 - kernelCpuMs / stepCpuMs),
    ...(cpuByShape !== undefined ? { cpuByShape } : {}),
    ...(wallByShape !== undefined ? { wallByShape } : {}),
  };
}
