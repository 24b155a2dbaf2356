/**
 * The training-step benchmark (issues 5 and 12): the GOLD-NAS one-level step of the reference
 * networks (see `networks.ts`) on every backend Node has, full and pruned to about half the live
 * FLOPs, side by side with PyTorch's same step (`pytorchStep.ts`, `bench/pytorch/step.py`), plus
 * the re-training step of the quick start's best candidate. Each run is its own process
 * (`stepRun.ts`, step.py). Prints a table and writes `bench/results/<date>T<time>-<commit>.json`.
 * A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench [-- --quick] [--only gold-tiny[,gold-small,mnist-quick]] [--backend cpu,wasm] [--threads 1,2]
 *                    [--busy 1,2] [--no-pruned] [--no-pytorch] [--torch-layout nhwc|nchw] [--no-retrain] [--no-relaxed-simd] [--steps 10] [--warmup 3] [--repeats 1] [--out file.json]
 *
 * Defaults: gold-tiny and gold-small, plus the quick start's mnist-quick network; cpu (gold-tiny
 * only, and only if a step takes under a minute) and wasm on 1 and 2 threads, and again on 1 and 2
 * threads with a busy neighbour (`--busy`: a CPU-bound process started beside the run, full
 * networks only); 3 warm-up steps, then 10 timed steps, then 6 steps with every kernel's wall time
 * and 3 with every kernel's process CPU time too. PyTorch (Debian's `/usr/bin/python3` with `python3-torch`) runs the same
 * network, batch, penalty and step right after each wasm run, with the same threads and neighbour;
 * without PyTorch its columns say so and stay empty. It is a comparison, not a dependency. PyTorch
 * runs NHWC (`channels_last`: gold-nas's layout, and PyTorch's faster one on this network; see
 * bench/pytorch/README.md) unless `--torch-layout nchw`. `--busy ''` drops the busy rows.
 * `--quick`: 1 warm-up and 3 timed steps. `--repeats K`: every row runs gold-nas then PyTorch K
 * times, alternating, and reports the median ratio with its range over the K pairs (this machine's
 * speed drifts by tens of percent within minutes, so one pair can contradict the next).
 *
 * Columns: `cpu ms` is the median step's process CPU time (all threads: more than `median` × threads
 * would mean spinning), `outside` and `out cpu` the share of a step spent outside kernels (wall, over
 * the 6 wall-profiled steps; CPU, over the 3 CPU-profiled ones), `RSS MiB` the process's peak resident set, `torch` PyTorch's images per second,
 * `×torch` gold-nas's over PyTorch's, `load` the 1-minute load average before and after the run
 * (other processes on the machine inflate wall times; compare `cpu ms` then).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Internal to gold-nas (the `gold-nas bench` command): imported from the sources.
import { median } from '../src/median.js';
import { BENCH_NETWORK_NAMES as NETWORK_NAMES, type BenchNetworkName as NetworkName } from '../src/node/bench/networks.js';
import { pytorchMissing, runPytorchStep } from './pytorchStep.js';
import type { PytorchStepResult } from './pytorchStep.js';
import type { RunResult } from './stepRun.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const list = (name: string, fallback: string): string[] => (arg(name) ?? fallback).split(',').map((s) => s.trim()).filter((s) => s !== '');

const quick = argv.includes('--quick');
const nets = list('--only', NETWORK_NAMES.join(',')) as NetworkName[];
for (const n of nets) if (!NETWORK_NAMES.includes(n)) throw new Error(`--only: unknown network '${n}'; known: ${NETWORK_NAMES.join(', ')}`);
const backends = list('--backend', 'cpu,wasm');
const threadCounts = list('--threads', '1,2').map(Number);
const busyCounts = list('--busy', threadCounts.join(',')).map(Number);
const withPruned = !argv.includes('--no-pruned');
const withPytorch = !argv.includes('--no-pytorch');
const withRetrain = !argv.includes('--no-retrain');
/** `--no-relaxed-simd`: gold-nas's loops multiply then add instead of fusing (the figures before relaxed SIMD). */
const relaxedSimd = !argv.includes('--no-relaxed-simd');
/** PyTorch's memory format: NHWC (gold-nas's layout, PyTorch's faster one here; default) or NCHW (its default). */
const torchLayout = arg('--torch-layout') ?? 'nhwc';
if (torchLayout !== 'nhwc' && torchLayout !== 'nchw') throw new Error(`--torch-layout: 'nhwc' or 'nchw', got '${torchLayout}'`);
/** `--repeats K`: each row runs gold-nas then PyTorch K times, alternating, and reports the median ratio and its range. */
const repeats = Number(arg('--repeats') ?? 1);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats: a whole number ≥ 1, got '${arg('--repeats')}'`);
const steps = Number(arg('--steps') ?? (quick ? 3 : 10));
const warmup = Number(arg('--warmup') ?? (quick ? 1 : 3));

const here = dirname(fileURLToPath(import.meta.url));
/** bench/ in the source tree: the build lives in bench/results/build/bench/. */
const benchDir = join(here, '..', '..', '..');

/** PyTorch's side of one run: its figures, or why there are none. */
type TorchSide = { readonly result: Pick<PytorchStepResult, 'imagesPerSecond' | 'ms' | 'cpuMs' | 'rssPeakMiB' | 'stepPeakMiB' | 'params' | 'torch'> } | { readonly skipped: string } | { readonly error: string };

/** One row: what stepRun measured, under which conditions, and PyTorch's same step. */
type Run = Partial<Omit<Extract<RunResult, { kind: 'search' }>, 'kind' | 'net'>> & Partial<Omit<Extract<RunResult, { kind: 'retrain' }>, 'kind' | 'net'>> & Plan & {
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly error?: string;
  readonly pytorch?: TorchSide;
  /** gold-nas's images per second / PyTorch's (with `--repeats`, the median of the alternating pairs). */
  readonly vsPytorch?: number;
  /** With `--repeats K > 1`: each pair's images per second, gold-nas's and PyTorch's, in the order they ran. */
  readonly pairs?: readonly { readonly goldNas: number; readonly pytorch?: number }[];
};

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** A CPU-bound neighbour: one core's worth of work until killed. */
function startNeighbour(): ChildProcess {
  return spawn(process.execPath, ['-e', 'let x = 0; for (;;) x = (x + 1) % 1e9;'], { stdio: 'ignore' });
}

function runProcess(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** What one row runs. */
interface Plan {
  readonly kind: 'search' | 'retrain';
  readonly net: string;
  readonly backend: string;
  readonly threads: number;
  readonly pruned: boolean;
  /** A CPU-bound process ran beside this run (and beside PyTorch's). */
  readonly busy: boolean;
}

async function runPair(p: Plan, torchMissing: string | undefined): Promise<Run> {
  const args = [join(here, 'stepRun.js'), '--backend', p.backend, '--threads', String(p.threads), '--steps', String(steps), '--warmup', String(warmup)];
  if (p.kind === 'retrain') args.push('--retrain');
  else args.push('--net', p.net);
  if (p.pruned) args.push('--pruned');
  if (!relaxedSimd) args.push('--no-relaxed-simd');
  const neighbour = p.busy ? startNeighbour() : undefined;
  try {
    const loadBefore = os.loadavg()[0]!;
    const { code, out, err } = await runProcess(args);
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    const base = { kind: p.kind, net: p.net, backend: p.backend, threads: p.threads, pruned: p.pruned, busy: p.busy };
    if (code !== 0 || line === undefined) return { ...base, loadBefore, loadAfter: os.loadavg()[0]!, error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` };
    const result = JSON.parse(line.slice('RESULT '.length)) as RunResult;
    let pytorch: TorchSide | undefined;
    if (withPytorch && p.kind === 'search' && p.backend === 'wasm') {
      if (torchMissing !== undefined) pytorch = { skipped: torchMissing };
      else {
        const t = await runPytorchStep({ net: p.net as NetworkName, threads: p.threads, pruned: p.pruned, steps, warmup, channelsLast: torchLayout === 'nhwc' });
        pytorch = 'result' in t
          ? { result: { imagesPerSecond: t.result.imagesPerSecond, ms: t.result.ms, cpuMs: t.result.cpuMs, rssPeakMiB: t.result.rssPeakMiB, stepPeakMiB: t.result.stepPeakMiB, params: t.result.params, torch: t.result.torch } }
          : t;
      }
    }
    const ips = result.imagesPerSecond;
    const vsPytorch = pytorch !== undefined && 'result' in pytorch && ips !== undefined ? ips / pytorch.result.imagesPerSecond : undefined;
    return { ...result, ...base, loadBefore, loadAfter: os.loadavg()[0]!, ...(pytorch !== undefined ? { pytorch } : {}), ...(vsPytorch !== undefined ? { vsPytorch } : {}) };
  } finally {
    neighbour?.kill('SIGKILL');
  }
}

/**
 * One row, `repeats` times: gold-nas then PyTorch, alternating, so that both see the same drift of
 * this machine's speed. The row keeps the run whose ratio is the median one (or, without PyTorch,
 * whose images per second are), and lists every pair.
 */
async function runOne(p: Plan, torchMissing: string | undefined): Promise<Run> {
  if (repeats === 1) return runPair(p, torchMissing);
  const all: Run[] = [];
  for (let i = 0; i < repeats; i++) {
    const r = await runPair(p, torchMissing);
    if (r.error !== undefined) return r;
    all.push(r);
  }
  const key = (r: Run): number => r.vsPytorch ?? r.imagesPerSecond ?? 0;
  const m = median(all.map(key));
  const mid = all.reduce((best, r) => (Math.abs(key(r) - m) < Math.abs(key(best) - m) ? r : best));
  const pairs = all.map((r) => ({ goldNas: r.imagesPerSecond ?? 0, ...(r.pytorch !== undefined && 'result' in r.pytorch ? { pytorch: r.pytorch.result.imagesPerSecond } : {}) }));
  return { ...mid, ...(mid.vsPytorch !== undefined ? { vsPytorch: m } : {}), pairs };
}

/** `0.97× (0.91–1.04)`: a row's ratio and, over alternating pairs, its range. */
function ratioCell(r: Run): string {
  if (r.vsPytorch === undefined) return '';
  const rs = (r.pairs ?? []).flatMap((q) => (q.pytorch !== undefined ? [q.goldNas / q.pytorch] : []));
  return rs.length > 1 ? `${f(r.vsPytorch, 2)}× (${f(Math.min(...rs), 2)}–${f(Math.max(...rs), 2)})` : `${f(r.vsPytorch, 2)}×`;
}

const f = (v: number | undefined, digits = 0): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));
const label = (r: Run | Plan): string => `${r.backend === 'wasm' ? `wasm×${r.threads}` : r.backend}${r.busy ? '+busy' : ''}`;
const torchCell = (r: Run, pick: (t: Extract<TorchSide, { result: unknown }>['result']) => string): string =>
  r.pytorch === undefined ? '' : 'result' in r.pytorch ? pick(r.pytorch.result) : '-';

function table(runs: readonly Run[]): string {
  const head = ['network', 'backend', 'pruned', 'live', 'ms min', 'median', 'max', 'cpu ms', 'img/s', 'G mult-adds/s', 'torch', '×torch', 'RSS MiB', 'torch MiB', 'heap MiB', 'tensors', 'outside', 'out cpu', 'kernels', 'load'];
  const rows = runs.map((r) => {
    const note = r.error ?? r.skipped;
    if (note !== undefined) return [r.net, label(r), r.pruned ? 'half' : 'no', '', note];
    return [
      r.net, label(r), r.pruned ? 'half' : 'no', r.liveFraction !== undefined ? `${f(r.liveFraction * 100)}%` : '',
      f(r.ms?.min), f(r.ms?.median), f(r.ms?.max), f(r.cpuMs), f(r.imagesPerSecond, 1), f(r.gmacsPerSecond, 1),
      torchCell(r, (t) => f(t.imagesPerSecond, 1)), ratioCell(r),
      f(r.rssPeakMiB), torchCell(r, (t) => f(t.rssPeakMiB)),
      f(r.wasmHeapMiB), `${r.numTensors?.before}→${r.numTensors?.after}`,
      `${f((r.outsideShare ?? 0) * 100, 1)}%`, `${f((r.outsideCpuShare ?? 0) * 100, 1)}%`, String(r.profile?.kernelCalls ?? '-'),
      `${r.loadBefore.toFixed(1)}-${r.loadAfter.toFixed(1)}`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r.length === 5 && i >= 3 ? 0 : (r[i] ?? '').length))));
  const fmt = (r: string[]): string => (r.length === 5 && r[3] === '' ? `${r.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join('  ')}  ${r[4]}` : r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  return [fmt(head), fmt(head.map((_, i) => '-'.repeat(widths[i]!))), ...rows.map(fmt)].join('\n');
}

function ratios(runs: readonly Run[]): string[] {
  const lines: string[] = [];
  const ok = runs.filter((r) => r.ms !== undefined && r.kind === 'search');
  for (const full of ok.filter((r) => !r.pruned)) {
    const half = ok.find((r) => r.pruned && r.net === full.net && r.backend === full.backend && r.threads === full.threads && r.busy === full.busy);
    if (half === undefined) continue;
    lines.push(`${full.net} ${label(full)}: pruned to ${f((half.liveFraction ?? 0) * 100)}% of the live FLOPs (${half.liveOps}/${half.totalOps} ops) → `
      + `${(half.ms!.median / full.ms!.median).toFixed(2)}× the step time, ${half.profile!.kernelCalls}/${full.profile!.kernelCalls} kernel calls`);
  }
  for (const two of runs.filter((r) => r.ms !== undefined && r.backend === 'wasm' && r.threads === 2)) {
    const one = runs.find((r) => r.ms !== undefined && r.kind === two.kind && r.net === two.net && r.backend === 'wasm' && r.threads === 1 && r.pruned === two.pruned && r.busy === two.busy);
    if (one === undefined) continue;
    lines.push(`${two.net}${two.pruned ? ' pruned' : ''}${two.busy ? ' with a busy neighbour' : ''}: 2 threads ${f(one.ms!.median / two.ms!.median, 2)}× as fast as 1 `
      + `(cpu ${f(two.cpuMs)} ms for ${f(two.ms!.median)} ms wall${one.pytorch !== undefined && two.pytorch !== undefined && 'result' in one.pytorch && 'result' in two.pytorch ? `; PyTorch ${f(one.pytorch.result.ms.median / two.pytorch.result.ms.median, 2)}×` : ''})`);
  }
  return lines;
}

function topKernels(r: Run): string {
  if (r.profile === undefined || r.ms === undefined) return '';
  const name = `${r.net} ${label(r)}${r.pruned ? ' pruned' : ''}`;
  const cells = r.profile.top.map((k) => `${k.name} ${f(k.ms)} ms/${k.calls} (${f((k.ms / r.profile!.wallMs) * 100)}%)`);
  const lines = [`${name}: kernels ${f(r.profile.kernelMs)} ms of a ${f(r.profile.wallMs)} ms step (wall) — ${cells.join(', ')}`];
  if (r.cpuProfile !== undefined) {
    const cpu = r.cpuProfile.top.map((k) => `${k.name} ${f(k.ms)} ms/${k.calls} (${f((k.ms / r.cpuProfile!.stepMs) * 100)}%)`);
    lines.push(`${' '.repeat(name.length)}  cpu time: kernels ${f(r.cpuProfile.kernelMs)} ms of ${f(r.cpuProfile.stepMs)} ms — ${cpu.join(', ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'nogit';
  const dirty = git(['status', '--porcelain', '--', 'src', 'bench']) !== '';
  const runs: Run[] = [];
  const plan: Plan[] = [];
  for (const net of nets) {
    for (const backend of backends) {
      if (backend === 'cpu' && net !== 'gold-tiny') continue;
      for (const threads of backend === 'wasm' ? threadCounts : [1]) {
        plan.push({ kind: 'search', net, backend, threads, pruned: false, busy: false });
        if (withPruned) plan.push({ kind: 'search', net, backend, threads, pruned: true, busy: false });
      }
      if (backend === 'wasm') for (const threads of busyCounts) plan.push({ kind: 'search', net, backend, threads, pruned: false, busy: true });
    }
  }
  if (withRetrain && backends.includes('wasm')) for (const threads of threadCounts) plan.push({ kind: 'retrain', net: 'quick-start retrain', backend: 'wasm', threads, pruned: false, busy: false });
  const torchMissing = withPytorch ? pytorchMissing() : undefined;
  console.log(`gold-nas step benchmark: ${plan.length} runs${repeats > 1 ? ` × ${repeats} (alternating with PyTorch)` : ''}, ${warmup} warm-up + ${steps} timed steps + 6 + 3 profiled (wall, CPU) each; commit ${commit}${dirty ? ' (uncommitted changes)' : ''}; `
    + `${os.cpus().length} cores (${os.availableParallelism()} available), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(!withPytorch ? 'PyTorch: --no-pytorch, column skipped' : torchMissing ?? `PyTorch: /usr/bin/python3 with torch, the same step after each wasm run, ${torchLayout.toUpperCase()} (a comparison, not a dependency)`);
  for (const p of plan) {
    if (p.backend === 'cpu' && p.pruned && runs.some((r) => r.net === p.net && r.backend === 'cpu' && !r.pruned && r.skipped !== undefined)) continue;
    const r = await runOne(p, torchMissing);
    runs.push(r);
    console.log(table([r]).split('\n')[2]);
  }
  console.log('');
  console.log(table(runs));
  console.log('');
  for (const l of ratios(runs)) console.log(l);
  console.log('');
  for (const r of runs) { const t = topKernels(r); if (t !== '') console.log(t); }
  const now = new Date();
  const stamp = `${now.toISOString().slice(0, 10)}T${now.toISOString().slice(11, 16).replace(':', '')}`;
  const file = arg('--out') ?? join(benchDir, 'results', `${stamp}-${commit}${dirty ? '-dirty' : ''}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ date: now.toISOString(), commit, dirty, node: process.version, cpus: os.cpus().length, availableParallelism: os.availableParallelism(), steps, warmup, repeats, pytorch: torchMissing ?? (withPytorch ? { python: '/usr/bin/python3', layout: torchLayout } : 'off'), runs }, null, 1)}\n`);
  console.log(`\nwrote ${file}`);
}

void main();
