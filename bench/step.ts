/**
 * The training-step benchmark (issue 5): the GOLD-NAS one-level step of the reference networks
 * (see `networks.ts`) on every backend Node has, full and pruned to about half the live FLOPs.
 * Each run is its own process (`stepRun.ts`). Prints a table and writes
 * `bench/results/<date>T<time>-<commit>.json`. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench [-- --quick] [--only gold-tiny[,gold-small,mnist-quick]] [--backend cpu,wasm] [--threads 1,2]
 *                    [--no-pruned] [--steps 10] [--warmup 3] [--out file.json]
 *
 * Defaults: gold-tiny and gold-small, plus the quick start's mnist-quick network; cpu (gold-tiny
 * only, and only if a step takes under a minute) and wasm on 1 and 2 threads; 3 warm-up steps,
 * then 10 timed steps, then one step under `tf.profile` (wall time per kernel) and one with every
 * kernel's process CPU time (what a kernel costs even on a busy machine). `--quick`: 1 warm-up and
 * 3 timed steps. Columns: `cpu ms` is the median step's process CPU time (all threads), `outside`
 * and `out cpu` the share of the profiled steps spent outside kernels (wall, CPU), `kernels` the
 * kernel calls of one step, `load` the 1-minute load average before and after the run (other
 * processes on the machine inflate wall times; compare `cpu ms` then).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Internal to gold-nas (the `gold-nas bench` command): imported from the sources.
import { BENCH_NETWORK_NAMES as NETWORK_NAMES, type BenchNetworkName as NetworkName } from '../src/node/bench/networks.js';
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
const withPruned = !argv.includes('--no-pruned');
const steps = Number(arg('--steps') ?? (quick ? 3 : 10));
const warmup = Number(arg('--warmup') ?? (quick ? 1 : 3));

const here = dirname(fileURLToPath(import.meta.url));
/** bench/ in the source tree: the build lives in bench/results/build/bench/. */
const benchDir = join(here, '..', '..', '..');

interface Run extends RunResult {
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly error?: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function runOne(net: NetworkName, backend: string, threads: number, pruned: boolean): Promise<Run> {
  const args = [join(here, 'stepRun.js'), '--net', net, '--backend', backend, '--threads', String(threads), '--steps', String(steps), '--warmup', String(warmup)];
  if (pruned) args.push('--pruned');
  const loadBefore = os.loadavg()[0]!;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      const loadAfter = os.loadavg()[0]!;
      if (code !== 0 || line === undefined) {
        const base = { net, backend, threads, pruned, batch: 0, liveOps: 0, totalOps: 0, liveMflops: 0, liveFraction: 0, stepGflop: 0 };
        resolve({ ...base, loadBefore, loadAfter, error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
        return;
      }
      resolve({ ...(JSON.parse(line.slice('RESULT '.length)) as RunResult), loadBefore, loadAfter });
    });
  });
}

const f = (v: number | undefined, digits = 0): string => (v === undefined ? '-' : v.toFixed(digits));
const label = (r: Run): string => (r.backend === 'wasm' ? `wasm×${r.threads}` : r.backend);

function table(runs: readonly Run[]): string {
  const head = ['network', 'backend', 'pruned', 'live', 'ms min', 'median', 'max', 'cpu ms', 'img/s', 'GFLOP/s', 'heap MiB', 'RSS MiB', 'tensors', 'outside', 'out cpu', 'kernels', 'load'];
  const rows = runs.map((r) => {
    if (r.error !== undefined || r.skipped !== undefined) return [r.net, label(r), r.pruned ? 'half' : 'no', '', r.error ?? r.skipped ?? ''];
    return [
      r.net, label(r), r.pruned ? 'half' : 'no', `${f(r.liveFraction * 100)}%`,
      f(r.ms?.min), f(r.ms?.median), f(r.ms?.max), f(r.cpuMs), f(r.imagesPerSecond, 1), f(r.gflops, 1),
      f(r.wasmHeapMiB), f(r.rssPeakMiB), `${r.numTensors?.before}→${r.numTensors?.after}`,
      `${f((r.outsideShare ?? 0) * 100, 1)}%`, `${f((r.outsideCpuShare ?? 0) * 100, 1)}%`, String(r.profile?.kernelCalls ?? '-'),
      `${r.loadBefore.toFixed(1)}-${r.loadAfter.toFixed(1)}`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r.length === 5 && i >= 4 ? 0 : (r[i] ?? '').length))));
  const fmt = (r: string[]): string => (r.length === 5 && r[3] === '' ? `${r.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join('  ')}  ${r[4]}` : r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  return [fmt(head), fmt(head.map((_, i) => '-'.repeat(widths[i]!))), ...rows.map(fmt)].join('\n');
}

function ratios(runs: readonly Run[]): string[] {
  const lines: string[] = [];
  for (const full of runs.filter((r) => !r.pruned && r.ms !== undefined)) {
    const half = runs.find((r) => r.pruned && r.net === full.net && r.backend === full.backend && r.threads === full.threads && r.ms !== undefined);
    if (half === undefined) continue;
    lines.push(`${full.net} ${label(full)}: pruned to ${f(half.liveFraction * 100)}% of the live FLOPs (${half.liveOps}/${half.totalOps} ops) → `
      + `${(half.ms!.median / full.ms!.median).toFixed(2)}× the step time, ${half.profile!.kernelCalls}/${full.profile!.kernelCalls} kernel calls`);
  }
  return lines;
}

function topKernels(r: Run): string {
  if (r.profile === undefined || r.ms === undefined) return '';
  const cells = r.profile.top.map((k) => `${k.name} ${f(k.ms)} ms/${k.calls} (${f((k.ms / r.profile!.kernelMs) * 100)}%)`);
  const lines = [`${r.net} ${label(r)}${r.pruned ? ' pruned' : ''}: tf.profile kernels ${f(r.profile.kernelMs)} ms of a ${f(r.profile.wallMs)} ms step — ${cells.join(', ')}`];
  if (r.cpuProfile !== undefined) {
    const cpu = r.cpuProfile.top.map((k) => `${k.name} ${f(k.ms)} ms/${k.calls} (${f((k.ms / r.cpuProfile!.stepMs) * 100)}%)`);
    lines.push(`${' '.repeat(r.net.length)} cpu time: kernels ${f(r.cpuProfile.kernelMs)} ms of ${f(r.cpuProfile.stepMs)} ms — ${cpu.join(', ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'nogit';
  const dirty = git(['status', '--porcelain', '--', 'src', 'bench']) !== '';
  const runs: Run[] = [];
  const plan: [NetworkName, string, number, boolean][] = [];
  for (const net of nets) {
    for (const backend of backends) {
      if (backend === 'cpu' && net !== 'gold-tiny') continue;
      for (const threads of backend === 'wasm' ? threadCounts : [1]) {
        plan.push([net, backend, threads, false]);
        if (withPruned) plan.push([net, backend, threads, true]);
      }
    }
  }
  console.log(`gold-nas step benchmark: ${plan.length} runs, ${warmup} warm-up + ${steps} timed steps + 1 profiled each; commit ${commit}${dirty ? ' (uncommitted changes)' : ''}; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const [net, backend, threads, pruned] of plan) {
    if (backend === 'cpu' && pruned && runs.some((r) => r.net === net && r.backend === 'cpu' && !r.pruned && r.skipped !== undefined)) continue;
    const r = await runOne(net, backend, threads, pruned);
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
  writeFileSync(file, `${JSON.stringify({ date: now.toISOString(), commit, dirty, node: process.version, cpus: os.cpus().length, steps, warmup, runs }, null, 1)}\n`);
  console.log(`\nwrote ${file}`);
}

void main();
