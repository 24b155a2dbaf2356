/**
 * `gold-nas retrain <run-dir>`: re-trains a search run's Pareto front from scratch, candidate
 * after candidate, with progress, Ctrl-C checkpointing and resume.
 *
 * @module
 */
import { basename, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Progress } from '../node/progress.js';
import { formatDuration } from '../node/progress.js';
import type { RetrainArchitectureSource, RetrainCandidateOutcome, RetrainPlan } from '../node/retrainRun.js';
import { RETRAIN_FILES, layoutTag, retrainInDirectory } from '../node/retrainRun.js';
import { estimateAgreement } from '../eval/estimateAgreement.js';
import { RUN_FILES, readRunConfig } from '../node/searchRun.js';
import { decodeRetrainConfig } from '../train/retrainConfig.js';
import type { RetrainEvent } from '../train/retrainEvents.js';
import { RETRAIN_PRESETS } from '../train/retrainPresets.js';
import type { RetrainPresetName } from '../train/retrainPresets.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliIo, LeafCommand } from './command.js';
import { groupDigits, mflops, percent, textTable } from '../node/format.js';
import { BACKEND_FLAGS, commandProgress, configFromFlags, loadBackend, withInterrupt } from './runtime.js';
import { LAYOUT_FLAGS, genotypeFlag, loadArchitecture } from './architectureSource.js';
import { SEARCH_PRESETS } from '../search/presets.js';
import { decodeSearchConfig } from '../search/decodeSearchConfig.js';
import { PUBLISHED_GENOTYPES } from '../space/publishedGenotypes.js';

/** The preset a run's data source gets when `--preset` is absent. */
const PRESET_FOR_SOURCE: Readonly<Record<string, RetrainPresetName>> = { mnist: 'mnist', synthetic: 'synthetic-tiny', cifar10: 'darts' };

/** The run's data source, to choose the default preset; none when the run cannot be read (re-training says why). */
async function runSource(dir: string): Promise<string | undefined> {
  const config = await readRunConfig(dir, 'no such file');
  return E.isRight(config) ? config.right.data.source : undefined;
}

/** What to re-train: a run directory's candidates, or the `--genotype` architecture into `--out`. */
interface RetrainTarget {
  readonly dir: string;
  /** The data source (chooses the default preset). */
  readonly source: string | undefined;
  readonly architecture?: RetrainArchitectureSource;
  /** The architecture's name for messages (the run directory otherwise). */
  readonly name: string;
  /** A run's candidates moved to this many channels and cells. */
  readonly layout?: { readonly channels?: number; readonly cells?: number };
}

/** The layout flags a run directory takes too: its candidates move to that many channels and cells (DARTS: C=36, 20 cells). */
const RUN_LAYOUT_FLAGS: readonly string[] = ['channels', 'cells'];

/** The flags that go only with `--genotype` and have no default, so that giving them can be told. */
const GENOTYPE_ONLY_FLAGS: readonly string[] = ['out', 'data-path', ...LAYOUT_FLAGS.filter((l) => l.default === undefined && !RUN_LAYOUT_FLAGS.includes(l.name)).map((l) => l.name)];

/** The search preset whose data settings (`heldOut`, seed) a `--genotype` re-training borrows. */
const SEARCH_PRESET_FOR_DATA = { mnist: 'mnist-quick', cifar10: 'cifar10', synthetic: 'synthetic-tiny' } as const;

async function retrainTarget(args: ParsedArgs, io: CliIo): Promise<Either<GoldNasError, RetrainTarget>> {
  const f = args.flags;
  const run = args.positionals[0];
  if (f.genotype === undefined) {
    if (run === undefined) return E.left(goldNasError('ConfigError', '<run-dir>', 'is required: give the directory of a `gold-nas search` run, or --genotype <name|file> to re-train one architecture'));
    const stray = GENOTYPE_ONLY_FLAGS.find((n) => f[n] !== undefined);
    if (stray !== undefined) {
      return E.left(goldNasError('ConfigError', `--${stray}`, 'goes with --genotype; a run directory brings its own layout and data (only --channels and --cells move its candidates to another layout)'));
    }
    const dir = resolve(io.cwd, run);
    const layout = {
      ...(f.channels !== undefined ? { channels: f.channels as number } : {}),
      ...(f.cells !== undefined ? { cells: f.cells as number } : {}),
    };
    return E.right({ dir, source: await runSource(dir), name: run, ...(Object.keys(layout).length > 0 ? { layout } : {}) });
  }
  if (run !== undefined) return E.left(goldNasError('ConfigError', run, 'give a run directory or --genotype, not both'));
  if (f.only !== undefined) return E.left(goldNasError('ConfigError', '--only', "selects among a run's candidates; it does not go with --genotype"));
  const data = f.data as keyof typeof SEARCH_PRESET_FOR_DATA;
  const loaded = await loadArchitecture(f, io, data === 'mnist' ? { inputSize: 28, inputChannels: 1 } : {});
  if (E.isLeft(loaded)) return loaded;
  const { name, architecture, layout } = loaded.right;
  const base = SEARCH_PRESETS[SEARCH_PRESET_FOR_DATA[data]];
  const searchConfig = decodeSearchConfig({
    space: { ...base.space, layout },
    data: { ...base.data, ...(f['data-path'] !== undefined ? { path: resolve(io.cwd, f['data-path'] as string) } : {}) },
  }, base);
  if (E.isLeft(searchConfig)) {
    const path = searchConfig.left.path === 'data.path' ? '--data-path' : `--data ${data}: ${searchConfig.left.path}`;
    return E.left({ ...searchConfig.left, path });
  }
  const stem = basename(name).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
  const dir = resolve(io.cwd, (f.out as string | undefined) ?? join('runs', `retrain-${stem}`));
  return E.right({ dir, source: data, architecture: { architecture, searchConfig: searchConfig.right }, name });
}

function describePlan(plan: RetrainPlan, presetLabel: string, name: string): string {
  const c = plan.config;
  const o = c.optimizer;
  const lines = [
    plan.fromSearch
      ? `Re-training ${plan.candidates.length} candidate${plan.candidates.length === 1 ? '' : 's'} of ${plan.dir} from scratch (${presetLabel}):`
      : `Re-training ${name} from scratch into ${plan.dir} (${presetLabel}):`,
    `  ${c.epochs} epochs, batch ${c.batchSize}, SGD lr ${o.lr} ${o.schedule === 'cosine' ? `cosine to ${o.minLr}` : 'constant'}, momentum ${o.momentum}, ` +
      `weight decay ${o.weightDecay}, clip ${o.clipNorm || 'off'}, drop-path ${c.dropPath}, auxiliary ${c.auxiliaryWeight || 'off'}` +
      `${c.labelSmoothing > 0 ? `, label smoothing ${c.labelSmoothing}` : ''}, crop ${c.data.cropPadding}${c.data.flip ? ' + flip' : ''}${c.data.cutoutLength > 0 ? ` + Cutout ${c.data.cutoutLength}` : ''}`,
    `  data: ${plan.data.description}`,
    `  layout: ${plan.layout.kind}, C=${plan.layout.channels}, ${plan.layout.cells} cells, ${plan.layout.inputSize}x${plan.layout.inputSize}x${plan.layout.inputChannels} input` +
      `${plan.transferred ? ` (the search's cells moved from C=${plan.searchConfig.space.layout.channels}, ${plan.searchConfig.space.layout.cells} cells)` : plan.fromSearch ? " (the search's)" : ''}`,
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
    ['architecture', 'MFLOPs', 'params', 'shared-weight acc (est.)', 'epochs', 'test top-1', 'top-5', 'time', 'status'],
    outcomes.map((o) => [
      o.id, mflops(o.flops), o.params, percent(o.sharedWeightAccuracy), o.result === undefined ? '–' : String(o.result.epochs),
      percent(o.result?.top1), percent(o.result?.top5), o.result === undefined ? '–' : formatDuration(o.result.seconds), o.status,
    ]),
  );
}

/**
 * The command that continues an interrupted re-training: the same positionals and flags (those given
 * and not at their default), without `--restart`.
 */
function continueCommand(args: ParsedArgs, specs: readonly FlagSpec[]): string {
  const quote = (s: string): string => JSON.stringify(s).replace(/^"([^\s"'$]*)"$/, '$1');
  const parts = ['gold-nas retrain', ...args.positionals.map(quote)];
  for (const spec of specs) {
    const value = args.flags[spec.name];
    if (spec.name === 'restart' || value === undefined || value === spec.default) continue;
    if (typeof value === 'boolean') parts.push(value ? `--${spec.name}` : `--no-${spec.name}`);
    else parts.push(`--${spec.name} ${quote(Array.isArray(value) ? value.join(',') : String(value))}`);
  }
  return parts.join(' ');
}

/** `gold-nas retrain`. */
export const retrainCommand: LeafCommand = {
  kind: 'leaf',
  name: 'retrain',
  summary: "re-train a search run's Pareto front (or one architecture) from scratch and report test top-1/top-5",
  positionals: [{ name: 'run-dir', description: 'the directory of a `gold-nas search` run (or give --genotype instead)' }],
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
    { ...genotypeFlag(false), description: `instead of a run: re-train this architecture, a published genotype (${Object.keys(PUBLISHED_GENOTYPES).join(', ')}) or a file (Architecture JSON, genotype text/JSON, per-cell triples)` },
    { name: 'out', type: 'string', value: '<dir>', description: 'with --genotype: the directory for its files (default: runs/retrain-<name>)' },
    { name: 'data', type: 'string', choices: ['mnist', 'cifar10', 'synthetic'], default: 'mnist', description: 'with --genotype: the data to train and test on' },
    { name: 'data-path', type: 'string', value: '<dir>', description: 'with --genotype --data cifar10: the folder holding data_batch_1.bin … test_batch.bin' },
    ...LAYOUT_FLAGS.map((f) => ({
      ...f,
      description: RUN_LAYOUT_FLAGS.includes(f.name)
        ? `with --genotype: ${f.description}; with a run directory: re-train its candidates on this many (DARTS: --channels 36 --cells 20; their cells must be shared by type)`
        : `with --genotype: ${f.description}`,
    })),
  ],
  epilog: [
    'Examples:',
    '  gold-nas retrain runs/mnist-quick-20250101-120000             # every front candidate, MNIST preset, wasm',
    '  gold-nas retrain runs/a --epochs 20 --only 3f2a,9c41           # two candidates, 20 epochs',
    '  gold-nas retrain runs/a --config retrain.json --backend tensorflow',
    '  gold-nas retrain runs/darts --cells 20 --channels 36 --preset darts   # a DARTS genotype on the DARTS evaluation network',
    '  gold-nas retrain --genotype DARTS_V2 --channels 8 --cells 5 --epochs 5   # one architecture on MNIST, into runs/retrain-DARTS_V2',
    '  gold-nas retrain --genotype DARTS_V2 --data cifar10 --data-path data/cifar-10-batches-bin --backend tensorflow',
    '',
    'Each candidate writes architectures/<hash>.retrain.ckpt while it trains (kept at the end, marked done,',
    'with the trained weights), architectures/<hash>.weights.bin when it finishes (the trained network with its',
    'input normalisation, for `gold-nas export` and loadNetwork) and architectures/<hash>.retrain.json (result,',
    'configuration, per-epoch history).',
    'Running the same command again skips finished candidates and continues a half-trained one.',
    'MNIST and synthetic runs train on the search\'s training split and test on its held-out split;',
    'CIFAR-10 runs train on the 50,000 training images and test on the 10,000 test images.',
    'With --genotype, MNIST and synthetic data are split with the preset\'s seed (1,000 MNIST digits held out for testing).',
    'Ctrl-C writes a checkpoint and stops; a second Ctrl-C quits at once.',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const target = await retrainTarget(args, io);
    if (E.isLeft(target)) return target;
    const { dir, source, architecture, name, layout } = target.right;
    const given = args.flags.preset as RetrainPresetName | undefined;
    const preset: RetrainPresetName = given ?? PRESET_FOR_SOURCE[source ?? ''] ?? 'darts';
    const config = await configFromFlags(args, io, decodeRetrainConfig, RETRAIN_PRESETS[preset], { epochs: args.flags.epochs, seed: args.flags.seed });
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
        ...(architecture !== undefined ? { architecture } : {}),
        ...(args.flags.only !== undefined ? { only: args.flags.only as readonly string[] } : {}),
        ...(layout !== undefined ? { layout } : {}),
        restart: args.flags.restart === true,
        shouldStop: stopRequested,
        onPlan: (plan) => {
          total = plan.candidates.length;
          if (!json) io.stderr(`${describePlan(plan, presetLabel, name)}\n`);
        },
        onCandidate: (c, index) => {
          const search = c.sharedWeightAccuracy === null ? '' : `, shared-weight held-out accuracy ${percent(c.sharedWeightAccuracy)} during the search (an estimate)`;
          if (!json) io.stderr(`\n[${index + 1}/${total}] ${c.id}: ${mflops(c.flops)} MFLOPs, ${groupDigits(c.params)} params${search}\n`);
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
    const tag = plan.transferred ? layoutTag(plan.layout) : '';
    // Finished re-trainings only: a partial one's accuracy is not the candidate's.
    const agreement = estimateAgreement(candidates.map((c) => ({
      estimate: c.sharedWeightAccuracy, retrained: c.result?.stopReason === 'done' ? c.result.top1 : null,
    })));
    return E.right({
      json: {
        dir, preset, config: plan.config, data: plan.data, layout: plan.layout, stopReason, seconds,
        candidates: candidates.map((c) => ({
          id: c.id, status: c.status, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy,
          epochs: c.result?.epochs ?? 0, top1: c.result?.top1 ?? null, top5: c.result?.top5 ?? null, seconds: c.result?.seconds ?? null,
          result: join(dir, RETRAIN_FILES.result(c.id, tag)),
        })),
        kendallTau: agreement === null ? null : { tau: Number.isNaN(agreement.tau) ? null : agreement.tau, n: agreement.n },
      },
      text: () => [
        '',
        'Test accuracy in inference mode (batch-norm running averages); shared-weight acc (est.) is the search\'s estimate:',
        resultTable(candidates).trimEnd(),
        ...(agreement === null ? [] : [
          `Kendall's τ-b between the shared-weight estimates and the re-trained test top-1: ${Number.isNaN(agreement.tau) ? 'undefined (all tied)' : agreement.tau.toFixed(3)} over ${agreement.n} candidates`,
        ]),
        '',
        `${stopReason === 'interrupted' ? 'Interrupted' : 'Finished'} in ${formatDuration(seconds)}. Results: ${join(dir, RUN_FILES.architectures, `<hash>${tag === '' ? '' : `.${tag}`}.retrain.json`)}`,
        ...(stopReason === 'interrupted' ? [`Continue with: ${continueCommand(args, retrainCommand.flags)}   (finished candidates are skipped, the interrupted one resumes from its checkpoint)`] : []),
        '',
      ].join('\n'),
    });
  },
};
