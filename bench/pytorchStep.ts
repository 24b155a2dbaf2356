/**
 * The PyTorch side of the step benchmark (issue 12): the same GOLD super-network, batch, penalty and
 * one-level SGD step as `gold-nas bench`'s networks, run by `bench/pytorch/step.py` under Debian's
 * `/usr/bin/python3` (torch 1.13). A comparison, not a dependency: without PyTorch the run says so
 * and is skipped.
 *
 * gold-nas hands PyTorch a spec of each network taken from its own code (layout, slot order, each
 * slot's MFLOPs, the pruned-to-half mask from `prunedMask`, the estimator's and, when `tf` is given,
 * the built super-network's parameter counts); step.py builds its network independently and checks
 * its parameter count and per-operator MFLOPs against the spec before timing anything.
 *
 *   node bench/results/build/bench/pytorchStep.js [--only gold-tiny,gold-small] [--threads 1,2] [--no-pruned]
 *        [--steps 10] [--warmup 3] [--profile] [--export-spec bench/pytorch/networks.json]
 *
 * `--export-spec` writes every network's spec (with the super-network's parameter counts, built on
 * tfjs's cpu backend) to the file step.py reads by default, and runs nothing.
 *
 *   node bench/results/build/bench/pytorchStep.js --check [--backend cpu|wasm] [--only gold-tiny] [--no-pruned] [--batch 8]
 *
 * `--check` computes gold-nas's loss and gradients of one step on tfjs's cpu (or wasm) backend and has
 * step.py load the same weights and batch and compare its loss and every gradient (the same
 * function, not just the same shapes); no timing. See bench/pytorch/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSupernet, fullLiveMask, linearPenalty, liveCost, operatorSlots, reductionCells, slotCosts, supernetLossAndGrads } from 'gold-nas';
import type { TF } from 'gold-nas';
import { loadTfjs } from 'gold-nas/node';
// The benchmark's networks are internal to gold-nas (the `gold-nas bench` command): imported from the sources.
import { BENCH_LAMBDA, BENCH_LEARNING_RATE, BENCH_NETWORKS, BENCH_NETWORK_NAMES, type BenchNetworkName, prunedMask, slotMmacs } from '../src/node/bench/networks.js';

/** Debian's interpreter, which has `python3-torch`. */
export const PYTHON = '/usr/bin/python3';
/** What the bench prints when PyTorch is missing. */
export const PYTORCH_MISSING = 'PyTorch not found (apt-get install python3-torch); column skipped';

const here = dirname(fileURLToPath(import.meta.url));
/** bench/ in the source tree: this file runs from bench/results/build/bench/. */
const benchDir = join(here, '..', '..', '..');
/** The PyTorch script. */
export const STEP_PY = join(benchDir, 'pytorch', 'step.py');

/** Parameter counts of one network, full and pruned to half. */
export interface ParamCounts {
  /** Trainable weights (stems, preprocess, live operators, classifier), without α. */
  readonly weights: number;
  /** α: one per operator slot, pruned or not. */
  readonly alpha: number;
}

/** What step.py needs from gold-nas about one bench network. */
export interface PytorchSpec {
  readonly net: BenchNetworkName;
  readonly batch: number;
  readonly lambda: number;
  readonly learningRate: number;
  readonly layout: {
    readonly channels: number; readonly cells: number; readonly nodes: number; readonly inputSize: number;
    readonly inputChannels: number; readonly classes: number; readonly stemMultiplier: number;
  };
  readonly reductions: readonly number[];
  readonly operators: readonly string[];
  /** Every (cell, edge, operator) slot in gold-nas's order: `[cell, from, to, op]`. */
  readonly slots: readonly (readonly [number, number, number, string])[];
  /** Each slot's absolute MFLOPs per example (2·MACs/1e6), the penalty's costs. */
  readonly slotMflops: readonly number[];
  /** MFLOPs per example of the part no pruning removes (stem, preprocess blocks, classifier). */
  readonly fixedMflops: number;
  /** The pruned-to-half live mask (`prunedMask(space, 0.5, 7)`), one 0/1 per slot. */
  readonly prunedMask: readonly number[];
  /** Live FLOPs of the pruned network / the full network's (fixed part included). */
  readonly prunedLiveFraction: number;
  /** The cost estimator's parameter counts. */
  readonly estimatorParams: { readonly full: ParamCounts; readonly pruned: ParamCounts };
  /** The sizes of the built super-network's variables (`buildSupernet`, then `prune`), when a `tf` was given. */
  readonly supernetParams?: { readonly full: ParamCounts; readonly pruned: ParamCounts };
}

function supernetCounts(tf: TF, net: BenchNetworkName, mask: Uint8Array): { full: ParamCounts; pruned: ParamCounts } {
  const { space } = BENCH_NETWORKS[net];
  const built = buildSupernet(tf, space, { seed: 1 });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const sn = built.right;
  const count = (): ParamCounts => ({ weights: sn.weights.reduce((a, w) => a + w.variable.size, 0), alpha: sn.alpha.variable.size });
  const full = count();
  const r = sn.prune(sn.slots.filter((s) => mask[s.index] === 0).map((s) => s.index));
  if (r._tag === 'Left') throw new Error(r.left.message);
  const pruned = count();
  sn.dispose();
  return { full, pruned };
}

/**
 * The spec of one bench network, from gold-nas's own definitions.
 *
 * @param net - the bench network.
 * @param tf - optional: a tfjs namespace with a backend, to count the built super-network's variables too.
 * @returns the spec.
 */
export function pytorchSpec(net: BenchNetworkName, tf?: TF): PytorchSpec {
  const { space, batch } = BENCH_NETWORKS[net];
  const slots = operatorSlots(space);
  const costs = slotCosts(space);
  const full = fullLiveMask(slots);
  const fullCost = liveCost(space, full, costs);
  const mask = prunedMask(space, 0.5, 7, { slots, costs, fullMacs: fullCost.macs });
  const prunedCost = liveCost(space, mask, costs);
  const { kind: _kind, ...layout } = space.layout;
  return {
    net,
    batch,
    // step.py's costs are 2·MACs/1e6 (gold-nas 0.1's MFLOPs): half of BENCH_LAMBDA on them is the same
    // loss as BENCH_LAMBDA on millions of multiply-adds, the unit of the gold-nas bench.
    lambda: BENCH_LAMBDA / 2,
    learningRate: BENCH_LEARNING_RATE,
    layout,
    reductions: reductionCells(space.layout.cells),
    operators: space.operators,
    slots: slots.map((s) => [s.cell, s.from, s.to, s.op] as const),
    slotMflops: Array.from(slotMmacs(costs), (m) => 2 * m),
    fixedMflops: (2 * costs.fixed.macs) / 1e6,
    prunedMask: [...mask],
    prunedLiveFraction: prunedCost.macs / fullCost.macs,
    estimatorParams: { full: { weights: fullCost.params, alpha: slots.length }, pruned: { weights: prunedCost.params, alpha: slots.length } },
    ...(tf !== undefined ? { supernetParams: supernetCounts(tf, net, mask) } : {}),
  };
}

/** gold-nas's loss and gradients on one batch, with the weights they were computed at. */
export interface PytorchReference {
  readonly net: BenchNetworkName;
  readonly pruned: boolean;
  /** NHWC input `[batch, H, W, C]`, flattened. */
  readonly x: { readonly shape: readonly number[]; readonly values: readonly number[] };
  readonly y: readonly number[];
  /** Every weight and α by gold-nas's stable name: tfjs shape and values. */
  readonly weights: Readonly<Record<string, { readonly shape: readonly number[]; readonly values: readonly number[] }>>;
  readonly loss: number;
  readonly grads: Readonly<Record<string, readonly number[]>>;
}

/**
 * gold-nas's one-level loss and gradients (as `benchmarkStep` computes them: same network, seed,
 * penalty and λ) on a random batch of `batch` images, with every weight's value.
 *
 * @param tf - a tfjs namespace with a backend ready.
 * @param net - the bench network.
 * @param pruned - prune to half with the bench's mask first.
 * @param batch - images in the batch.
 * @returns the reference.
 */
export async function pytorchReference(tf: TF, net: BenchNetworkName, pruned: boolean, batch: number): Promise<PytorchReference> {
  const { space } = BENCH_NETWORKS[net];
  const spec = pytorchSpec(net);
  const built = buildSupernet(tf, space, { seed: 1 });
  if (built._tag === 'Left') throw new Error(built.left.message);
  const sn = built.right;
  if (pruned) {
    const r = sn.prune(sn.slots.filter((s) => spec.prunedMask[s.index] === 0).map((s) => s.index));
    if (r._tag === 'Left') throw new Error(r.left.message);
  }
  const mflops = spec.slotMflops;
  const mean = mflops.reduce((a, b) => a + b, 0) / mflops.length;
  const penalty = linearPenalty(tf, { macs: mflops, params: new Float64Array(mflops.length) }, { flops: mean });
  if (penalty._tag === 'Left') throw new Error(penalty.left.message);
  // Small non-zero α, so that the gates differ and each gate's gradient is checked on its own.
  sn.alpha.variable.assign(tf.randomUniform([spec.slots.length], -1, 1, 'float32', 5));
  const size = space.layout.inputSize;
  const x = tf.randomNormal([batch, size, size, space.layout.inputChannels], 0, 1, 'float32', 3);
  const labels = Array.from({ length: batch }, (_, i) => i % space.layout.classes);
  const y = tf.tensor1d(labels, 'int32');
  const named = [...sn.weights, sn.alpha];
  const weights = Object.fromEntries(await Promise.all(named.map(async (w) => [w.name, { shape: w.variable.shape, values: [...(await w.variable.data())] }] as const)));
  const { loss, grads } = supernetLossAndGrads(tf, sn, x, y, { lambda: spec.lambda, penalty: penalty.right });
  const out: PytorchReference = {
    net, pruned,
    x: { shape: x.shape, values: [...(await x.data())] },
    y: labels,
    weights,
    loss: (await loss.data())[0]!,
    grads: Object.fromEntries(await Promise.all(Object.entries(grads).map(async ([k, g]) => [k, [...(await g.data())]] as const))),
  };
  tf.dispose([loss, ...Object.values(grads), x, y]);
  penalty.right.dispose();
  sn.dispose();
  return out;
}

/**
 * Why PyTorch cannot run here, or undefined when `python -c 'import torch'` works.
 *
 * @param python - the interpreter (default Debian's).
 * @returns {@link PYTORCH_MISSING} (with the interpreter's message), or undefined.
 */
export function pytorchMissing(python = PYTHON): string | undefined {
  const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return undefined;
  const why = r.error !== undefined ? r.error.message : (r.stderr ?? '').trim().split('\n').pop() ?? '';
  return `${PYTORCH_MISSING}${why !== '' ? ` [${why}]` : ''}`;
}

/** What step.py prints (one JSON line). */
export interface PytorchStepResult {
  readonly net: BenchNetworkName;
  readonly framework: 'pytorch';
  readonly torch: string;
  readonly threads: number;
  readonly interopThreads: number;
  readonly pruned: boolean;
  readonly batch: number;
  readonly channelsLast: boolean;
  readonly liveOps: number;
  readonly totalOps: number;
  readonly liveMflops: number;
  readonly liveFraction: number;
  readonly params: { readonly weights: number; readonly alpha: number; readonly goldNas: ParamCounts; readonly goldNasSupernet?: ParamCounts };
  /** Largest |PyTorch − gold-nas| MFLOPs over the live slots, and over the fixed part. */
  readonly mflopsCheck: { readonly maxSlotDiff: number; readonly fixedDiff: number };
  readonly ms: { readonly min: number; readonly median: number; readonly max: number; readonly all: readonly number[] };
  readonly warmupMs: readonly number[];
  /** Median process CPU time per timed step (all threads). */
  readonly cpuMs: number;
  readonly imagesPerSecond: number;
  readonly gflops: number;
  /** Peak resident set of the process (ru_maxrss). */
  readonly rssPeakMiB: number;
  /** Resident set after building the network and the batch, before the first step. */
  readonly rssBeforeStepsMiB: number;
  /** Peak resident set minus the resident set before the first step: what the steps added at their peak. */
  readonly stepPeakMiB: number;
  /** One step under torch.autograd.profiler, with `--profile`: the most expensive operators by self CPU time. */
  readonly profile?: { readonly stepMs: number; readonly top: readonly { readonly name: string; readonly selfMs: number; readonly calls: number }[] };
}

/** A PyTorch run: its result, or why there is none. */
export type PytorchRun = { readonly result: PytorchStepResult } | { readonly skipped: string } | { readonly error: string };

/** What {@link runPytorchStep} runs. */
export interface PytorchStepOptions {
  readonly net: BenchNetworkName;
  readonly threads: number;
  readonly pruned: boolean;
  readonly steps: number;
  readonly warmup: number;
  /** Profile one more step with torch.autograd.profiler. */
  readonly profile?: boolean;
  /** NHWC memory format (gold-nas's layout) instead of PyTorch's default NCHW. */
  readonly channelsLast?: boolean;
  /** The spec; made from gold-nas's code when absent. */
  readonly spec?: PytorchSpec;
  readonly python?: string;
}

/**
 * Runs step.py once in its own process (its own peak memory and thread pool).
 *
 * @param options - the network, threads, pruning, steps.
 * @returns the result, `skipped` when PyTorch is missing, or the error.
 */
export async function runPytorchStep(options: PytorchStepOptions): Promise<PytorchRun> {
  const python = options.python ?? PYTHON;
  const missing = pytorchMissing(python);
  if (missing !== undefined) return { skipped: missing };
  const dir = mkdtempSync(join(os.tmpdir(), 'gold-nas-pytorch-'));
  const specFile = join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify({ [options.net]: options.spec ?? pytorchSpec(options.net) }));
  const args = [STEP_PY, '--spec', specFile, '--net', options.net, '--threads', String(options.threads), '--steps', String(options.steps), '--warmup', String(options.warmup)];
  if (options.pruned) args.push('--pruned');
  if (options.profile === true) args.push('--profile');
  if (options.channelsLast === true) args.push('--channels-last');
  return new Promise((resolve) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || line === undefined) {
        resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
        return;
      }
      resolve({ result: JSON.parse(line.slice('RESULT '.length)) as PytorchStepResult });
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (name: string, fallback: string): string[] => (arg(name) ?? fallback).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const exportTo = arg('--export-spec');
  if (exportTo !== undefined) {
    const tf = await loadTfjs('cpu');
    if (tf._tag === 'Left') throw new Error(tf.left.message);
    const specs = Object.fromEntries(BENCH_NETWORK_NAMES.map((n) => [n, pytorchSpec(n, tf.right)]));
    for (const s of Object.values(specs)) {
      const e = s.estimatorParams;
      const b = s.supernetParams!;
      console.log(`${s.net}: super-network weights ${b.full.weights} (estimator ${e.full.weights}), pruned ${b.pruned.weights} (estimator ${e.pruned.weights}), α ${b.full.alpha}`);
    }
    // One field per line, each value on one line: a readable diff when a network changes.
    const body = Object.entries(specs).map(([n, s]) => `  ${JSON.stringify(n)}: {\n${Object.entries(s).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`);
    writeFileSync(exportTo, `{\n${body.join(',\n')}\n}\n`);
    console.log(`wrote ${exportTo}`);
    return;
  }
  const nets = list('--only', 'gold-tiny,gold-small') as BenchNetworkName[];
  for (const n of nets) if (!BENCH_NETWORK_NAMES.includes(n)) throw new Error(`--only: unknown network '${n}'; known: ${BENCH_NETWORK_NAMES.join(', ')}`);
  const prunings = argv.includes('--no-pruned') ? [false] : [false, true];
  if (argv.includes('--check')) {
    const missing = pytorchMissing();
    if (missing !== undefined) { console.log(missing); return; }
    const backend = arg('--backend') ?? 'cpu';
    if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`--backend: 'cpu' or 'wasm', got '${backend}'`);
    const tf = await loadTfjs(backend);
    if (tf._tag === 'Left') throw new Error(tf.left.message);
    console.log(`gold-nas on tfjs ${backend} against PyTorch ${PYTHON}`);
    let failed = false;
    for (const net of nets) {
      for (const pruned of prunings) {
        const dir = mkdtempSync(join(os.tmpdir(), 'gold-nas-pytorch-'));
        const refFile = join(dir, 'reference.json');
        const specFile = join(dir, 'spec.json');
        writeFileSync(refFile, JSON.stringify(await pytorchReference(tf.right, net, pruned, Number(arg('--batch') ?? 8))));
        writeFileSync(specFile, JSON.stringify({ [net]: pytorchSpec(net) }));
        const r = spawnSync(PYTHON, [STEP_PY, '--spec', specFile, '--net', net, ...(pruned ? ['--pruned'] : []), '--check-reference', refFile], { encoding: 'utf8' });
        rmSync(dir, { recursive: true, force: true });
        process.stdout.write(r.stderr);
        if (r.status !== 0) failed = true;
      }
    }
    if (failed) process.exit(1);
    return;
  }
  const threads = list('--threads', '1,2').map(Number);
  const steps = Number(arg('--steps') ?? 10);
  const warmup = Number(arg('--warmup') ?? 3);
  const f = (v: number, d = 0): string => v.toFixed(d);
  console.log('network      threads pruned  ms min  median     max  cpu ms  img/s  RSS MiB  step MiB  params');
  for (const net of nets) {
    for (const t of threads) {
      for (const pruned of prunings) {
        const r = await runPytorchStep({ net, threads: t, pruned, steps, warmup, profile: argv.includes('--profile'), channelsLast: argv.includes('--channels-last') });
        if ('skipped' in r) { console.log(r.skipped); return; }
        if ('error' in r) { console.log(`${net.padEnd(12)} ${String(t).padStart(7)} ${(pruned ? 'half' : 'no').padEnd(6)}  ${r.error}`); continue; }
        const x = r.result;
        console.log([
          net.padEnd(12), String(t).padStart(7), (pruned ? 'half' : 'no').padEnd(6), f(x.ms.min).padStart(7), f(x.ms.median).padStart(7), f(x.ms.max).padStart(7),
          f(x.cpuMs).padStart(7), f(x.imagesPerSecond, 1).padStart(6), f(x.rssPeakMiB).padStart(8), f(x.stepPeakMiB).padStart(9),
          `${x.params.weights}+${x.params.alpha} (gold-nas ${x.params.goldNas.weights}+${x.params.goldNas.alpha})`,
        ].join(' '));
        if (x.profile !== undefined) {
          console.log(`  profile (self CPU ms of a ${f(x.profile.stepMs)} ms step): ${x.profile.top.map((p) => `${p.name} ${f(p.selfMs)}/${p.calls}`).join(', ')}`);
        }
      }
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}
