/**
 * `gold-nas bench`: the training-step benchmark of a reference network on one backend.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { benchmarkStep } from '../node/bench/benchmarkStep.js';
import type { StepBenchResult } from '../node/bench/benchmarkStep.js';
import { BENCH_NETWORK_NAMES } from '../node/bench/networks.js';
import type { BenchNetworkName } from '../node/bench/networks.js';
import type { LeafCommand } from './command.js';
import { textTable } from '../node/format.js';
import { BACKEND_FLAGS, loadBackend, threadCount } from './runtime.js';

function benchText(r: StepBenchResult): string {
  const head = `${r.net} on ${r.backend}${r.threads > 1 ? ` (${r.threads} threads)` : ''}${r.pruned ? ', pruned to about half its FLOPs' : ''}: ` +
    `batch ${r.batch}, ${r.liveOps}/${r.totalOps} live operators, ${r.liveMmacs.toFixed(1)}M multiply-adds per image, ${r.stepGmacs.toFixed(2)}G multiply-adds per step`;
  if (r.skipped !== undefined || r.ms === undefined) return `${head}\nskipped: ${r.skipped ?? 'no timing'}\n`;
  const rows: [string, string][] = [
    ['ms per step (min / median / max)', `${r.ms.min.toFixed(0)} / ${r.ms.median.toFixed(0)} / ${r.ms.max.toFixed(0)}`],
    ['images per second', (r.imagesPerSecond ?? 0).toFixed(1)],
    ['G multiply-adds/s (a step = 3 x forward)', (r.gmacsPerSecond ?? 0).toFixed(2)],
    ['process CPU ms per step (median)', (r.cpuMs ?? 0).toFixed(0)],
    ['peak RSS', `${(r.rssPeakMiB ?? 0).toFixed(0)} MiB`],
    ...(r.wasmHeapMiB !== undefined ? [['wasm heap', `${r.wasmHeapMiB.toFixed(0)} MiB`] as [string, string]] : []),
    ['numTensors before / after', `${r.numTensors?.before} / ${r.numTensors?.after}`],
    ['time outside kernels (wall / CPU)', `${((r.outsideShare ?? 0) * 100).toFixed(1)}% / ${((r.outsideCpuShare ?? 0) * 100).toFixed(1)}%`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const kernels = textTable(
    ['kernel', 'ms', 'calls'],
    (r.profile?.top ?? []).map((k) => [k.name, Number(k.ms.toFixed(1)), k.calls]),
  );
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), '', `The ten most expensive kernels of a step, by wall time (${r.profile?.kernelCalls} calls; the mean of 6 profiled steps):`, kernels].join('\n');
}

/** `gold-nas bench`. */
export const benchCommand: LeafCommand = {
  kind: 'leaf',
  name: 'bench',
  summary: 'time the one-level training step of a reference super-network on a backend',
  flags: [
    { name: 'net', type: 'string', value: '<name>', choices: BENCH_NETWORK_NAMES, default: 'gold-tiny', description: 'gold-tiny (32x32x3, batch 32, C=16, 5 cells), gold-small (8 cells, batch 64) or mnist-quick (the quick start\'s network)' },
    { name: 'pruned', type: 'boolean', description: 'prune the super-network to about half its live FLOPs first' },
    { name: 'steps', type: 'int', value: '<n>', min: 1, default: 10, description: 'timed steps' },
    { name: 'warmup', type: 'int', value: '<n>', min: 0, default: 3, description: 'untimed steps first' },
    ...BACKEND_FLAGS,
  ],
  epilog: [
    'Examples:',
    '  gold-nas bench                                   # gold-tiny on wasm',
    '  gold-nas bench --net gold-small --threads 2 --json',
    '',
    'A step is: forward, cross-entropy + 2e-4 x sum of gate x millions of multiply-adds, one backward pass, plain SGD (lr 0.025) on',
    'the weights and alpha. `npm run bench` runs every network and backend in separate processes and writes JSON.',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const tf = await loadBackend(args);
    if (E.isLeft(tf)) return tf;
    if (!json) io.stderr(`benchmarking ${String(args.flags.net)} on ${tf.right.getBackend()}...\n`);
    const threads = threadCount(args);
    const result = await benchmarkStep(tf.right, {
      net: args.flags.net as BenchNetworkName, pruned: args.flags.pruned === true, threads,
      steps: args.flags.steps as number, warmup: args.flags.warmup as number,
    });
    if (E.isLeft(result)) return result;
    const { cpuByShape: _c, wallByShape: _w, ...summary } = result.right;
    return E.right({ json: summary, text: () => benchText(result.right) });
  },
};
