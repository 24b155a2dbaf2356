/**
 * `gold-nas retrain <run-dir>`: re-trains a search run's Pareto front from scratch, candidate
 * after candidate, with progress, Ctrl-C checkpointing and resume.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { Progress } from '../node/progress.js';
import { formatDuration } from '../node/progress.js';
import type { RetrainCandidateOutcome, RetrainPlan } from '../node/retrainRun.js';
import { RETRAIN_FILES, retrainInDirectory } from '../node/retrainRun.js';
import { RUN_FILES } from '../node/searchRun.js';
import type { RetrainConfig } from '../train/retrainConfig.js';
import { decodeRetrainConfig } from '../train/retrainConfig.js';
import type { RetrainEvent } from '../train/retrainEvents.js';
import { RETRAIN_PRESETS } from '../train/retrainPresets.js';
import type { RetrainPresetName } from '../train/retrainPresets.js';
import type { ParsedArgs } from './args.js';
import type { CliIo, LeafCommand } from './command.js';
import { groupDigits, textTable } from './format.js';
import { BACKEND_FLAGS, commandProgress, configFromFlags, loadBackend, withInterrupt } from './runtime.js';

/** The preset a run's data source gets when `--preset` is absent. */
const PRESET_FOR_SOURCE: Readonly<Record<string, RetrainPresetName>> = { mnist: 'mnist', synthetic: 'synthetic-tiny', cifar10: 'darts' };

/** The run's data source, read loosely: only to choose the default preset (the run itself is checked later). */
async function runSource(dir: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(join(dir, RUN_FILES.config), 'utf8')) as { data?: { source?: unknown } };
    return typeof json.data?.source === 'string' ? json.data.source : undefined;
  } catch {
    return undefined;
  }
}

function readConfig(args: ParsedArgs, io: CliIo, preset: RetrainPresetName): Promise<Either<GoldNasError, RetrainConfig>> {
  return configFromFlags(args, io, decodeRetrainConfig, RETRAIN_PRESETS[preset], { epochs: args.flags.epochs, seed: args.flags.seed });
}

const percent = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`);
const mflops = (f: number): string => (f / 1e6).toFixed(2);

function describePlan(plan: RetrainPlan, presetLabel: string): string {
  const c = plan.config;
  const o = c.optimizer;
  const lines = [
    `Re-training ${plan.candidates.length} candidate${plan.candidates.length === 1 ? '' : 's'} of ${plan.dir} from scratch (${presetLabel}):`,
    `  ${c.epochs} epochs, batch ${c.batchSize}, SGD lr ${o.lr} ${o.schedule === 'cosine' ? `cosine to ${o.minLr}` : 'constant'}, momentum ${o.momentum}, ` +
      `weight decay ${o.weightDecay}, clip ${o.clipNorm || 'off'}, drop-path ${c.dropPath}, auxiliary ${c.auxiliaryWeight || 'off'}` +
      `${c.labelSmoothing > 0 ? `, label smoothing ${c.labelSmoothing}` : ''}, crop ${c.data.cropPadding}${c.data.flip ? ' + flip' : ''}${c.data.cutoutLength > 0 ? ` + Cutout ${c.data.cutoutLength}` : ''}`,
    `  data: ${plan.data.description}`,
    `  layout: ${plan.layout.kind}, C=${plan.layout.channels}, ${plan.layout.cells} cells, ${plan.layout.inputSize}x${plan.layout.inputSize}x${plan.layout.inputChannels} input (the search's)`,
  ];
  for (const p of plan.candidates) {
    const state = p.status === 'done' ? `finished (${p.epochsDone} epochs): skipped` : p.status === 'resume' ? `resuming after ${p.epochsDone} epoch${p.epochsDone === 1 ? '' : 's'}` : 'new';
    lines.push(`  ${p.id}  ${mflops(p.flops)} MFLOPs  ${groupDigits(p.params)} params  ${state}`);
  }
  return lines.join('\n');
}

function epochLine(e: Extract<RetrainEvent, { type: 'epoch' }>, epochs: number): string {
  const test = e.testTop1 === null ? 'not evaluated' : `test top-1 ${percent(e.testTop1)} top-5 ${percent(e.testTop5)}`;
  return `  epoch ${e.epoch + 1}/${epochs}: loss ${e.loss.toFixed(4)}  train ${percent(e.trainAccuracy)}  ${test}  lr ${e.lr.toPrecision(3)}  drop-path ${e.dropPath.toFixed(3)}  ${e.imagesPerSecond.toFixed(0)} img/s  ${formatDuration(e.seconds)}`;
}

function resultTable(outcomes: readonly RetrainCandidateOutcome[]): string {
  return textTable(
    ['architecture', 'MFLOPs', 'params', 'search held-out', 'epochs', 'test top-1', 'top-5', 'time', 'status'],
    outcomes.map((o) => [
      o.id, mflops(o.flops), o.params, percent(o.searchAccuracy), o.result === undefined ? '–' : String(o.result.epochs),
      percent(o.result?.top1), percent(o.result?.top5), o.result === undefined ? '–' : formatDuration(o.result.seconds), o.status,
    ]),
  );
}

/** The command that continues an interrupted re-training: the same settings, without `--restart`. */
function continueCommand(args: ParsedArgs): string {
  const f = args.flags;
  const parts = ['gold-nas retrain', JSON.stringify(args.positionals[0]!).replace(/^"([^\s"'$]*)"$/, '$1')];
  for (const name of ['preset', 'config', 'epochs', 'seed'] as const) if (f[name] !== undefined) parts.push(`--${name} ${String(f[name])}`);
  if (f.only !== undefined) parts.push(`--only ${(f.only as readonly string[]).join(',')}`);
  if (f.backend !== 'wasm') parts.push(`--backend ${String(f.backend)}`);
  if (f.threads !== undefined) parts.push(`--threads ${String(f.threads)}`);
  return parts.join(' ');
}

/** `gold-nas retrain`. */
export const retrainCommand: LeafCommand = {
  kind: 'leaf',
  name: 'retrain',
  summary: "re-train a search run's Pareto front from scratch and report test top-1/top-5",
  positionals: [{ name: 'run-dir', description: 'the directory of a `gold-nas search` run', required: true }],
  flags: [
    {
      name: 'preset', type: 'string', value: '<name>', choices: Object.keys(RETRAIN_PRESETS),
      description: 'the configuration to start from (default: mnist for MNIST runs, synthetic-tiny for synthetic ones, darts for CIFAR-10)',
    },
    { name: 'config', type: 'string', value: '<file.json>', description: "a JSON re-training configuration; its fields override the preset's" },
    { name: 'epochs', type: 'int', value: '<n>', min: 1, description: 'override the number of epochs' },
    { name: 'seed', type: 'int', value: '<n>', min: 0, description: 'override the seed' },
    { name: 'only', type: 'list', value: '<hash,...>', description: 're-train only these candidates (hashes or unique prefixes; any candidate of pareto.json)' },
    { name: 'restart', type: 'boolean', description: 'discard the selected candidates\' re-training results and checkpoints and start them over' },
    ...BACKEND_FLAGS,
  ],
  epilog: [
    'Examples:',
    '  gold-nas retrain runs/mnist-quick-20250101-120000             # every front candidate, MNIST preset, wasm',
    '  gold-nas retrain runs/a --epochs 20 --only 3f2a,9c41           # two candidates, 20 epochs',
    '  gold-nas retrain runs/a --config retrain.json --backend tensorflow',
    '',
    'Each candidate writes architectures/<hash>.retrain.ckpt while it trains (kept at the end, marked done,',
    'with the trained weights) and architectures/<hash>.retrain.json (result, configuration, per-epoch history).',
    'Running the same command again skips finished candidates and continues a half-trained one.',
    'MNIST and synthetic runs train on the search\'s training split and test on its held-out split;',
    'CIFAR-10 runs train on the 50,000 training images and test on the 10,000 test images.',
    'Ctrl-C writes a checkpoint and stops; a second Ctrl-C quits at once.',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const dir = resolve(io.cwd, args.positionals[0]!);
    const given = args.flags.preset as RetrainPresetName | undefined;
    const source = await runSource(dir);
    const preset: RetrainPresetName = given ?? PRESET_FOR_SOURCE[source ?? ''] ?? 'darts';
    const config = await readConfig(args, io, preset);
    if (E.isLeft(config)) return config;
    const presetLabel = [`preset ${preset}${given === undefined ? ` (for ${source ?? 'this'} data)` : ''}`, ...(args.flags.config !== undefined ? [String(args.flags.config)] : [])].join(' + ');
    const tf = await loadBackend(args);
    if (E.isLeft(tf)) return tf;
    const started = Date.now();
    let progress: Progress | null = null;
    let total = 0;
    const run = await withInterrupt(io, (stopRequested) =>
      retrainInDirectory({
        tf: tf.right,
        dir,
        config: config.right,
        ...(args.flags.only !== undefined ? { only: args.flags.only as readonly string[] } : {}),
        restart: args.flags.restart === true,
        shouldStop: stopRequested,
        onPlan: (plan) => {
          total = plan.candidates.length;
          if (!json) io.stderr(`${describePlan(plan, presetLabel)}\n`);
        },
        onCandidate: (c, index) => {
          if (!json) io.stderr(`\n[${index + 1}/${total}] ${c.id}: ${mflops(c.flops)} MFLOPs, ${groupDigits(c.params)} params, held-out ${percent(c.searchAccuracy)} during the search\n`);
        },
        onEvent: (_id, e) => {
          if (json) return;
          switch (e.type) {
            case 'start':
              progress = commandProgress(io, { unit: 'step', total: e.epochs * e.stepsPerEpoch });
              progress.log(`  ${e.resumed ? `resuming at epoch ${e.epoch + 1}` : 'starting'}: ${e.epochs} epochs x ${e.stepsPerEpoch} steps, ${groupDigits(e.params)} trainable params${e.auxiliary ? ' (+ auxiliary head)' : ''}`);
              break;
            case 'step':
              progress?.update(e.step, { epoch: `${e.epoch + 1}/${config.right.epochs}`, loss: e.loss.toFixed(3), lr: e.lr.toPrecision(3), 'img/s': e.imagesPerSecond.toFixed(0) });
              break;
            case 'epoch':
              progress?.log(epochLine(e, config.right.epochs));
              break;
            case 'stop':
              progress?.done();
              progress = null;
              break;
            default:
              break;
          }
        },
      }));
    (progress as Progress | null)?.done();
    if (E.isLeft(run)) return run;
    const { plan, candidates, stopReason } = run.right;
    const seconds = (Date.now() - started) / 1000;
    return E.right({
      json: {
        dir, preset, config: plan.config, data: plan.data, stopReason, seconds,
        candidates: candidates.map((c) => ({
          id: c.id, status: c.status, flops: c.flops, params: c.params, searchAccuracy: c.searchAccuracy,
          epochs: c.result?.epochs ?? 0, top1: c.result?.top1 ?? null, top5: c.result?.top5 ?? null, seconds: c.result?.seconds ?? null,
          result: join(dir, RETRAIN_FILES.result(c.id)),
        })),
      },
      text: () => [
        '',
        'Test accuracy in inference mode (batch-norm running averages):',
        resultTable(candidates).trimEnd(),
        '',
        `${stopReason === 'interrupted' ? 'Interrupted' : 'Finished'} in ${formatDuration(seconds)}. Results: ${join(dir, RUN_FILES.architectures, '<hash>.retrain.json')}`,
        ...(stopReason === 'interrupted' ? [`Continue with: ${continueCommand(args)}   (finished candidates are skipped, the interrupted one resumes from its checkpoint)`] : []),
        '',
      ].join('\n'),
    });
  },
};
