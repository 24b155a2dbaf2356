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
import { formatDuration } from '../duration.js';
import type { RetrainJobSpec } from '../node/jobs/retrainJob.js';
import { RETRAIN_JOB } from '../node/jobs/retrainJob.js';
import { runJobsInProcess } from '../node/jobs/runJobsInProcess.js';
import type { TfjsFlavour } from '../node/loadTfjs.js';
import { followJobs } from '../node/queue/followJobs.js';
import { DEFAULT_QUEUE_NAME, openJobQueue } from '../node/queue/jobQueue.js';
import type { QueueAddress } from '../node/queue/queueAddress.js';
import { redactSecrets } from '../node/queue/queueAddress.js';
import { readTextFile } from '../node/readFiles.js';
import type { RetrainArchitectureSource, RetrainPlan } from '../node/retrainRun.js';
import { RETRAIN_FILES, discardRetrainings, planRetrain, planTag } from '../node/retrainRun.js';
import { estimateAgreement } from '../eval/estimateAgreement.js';
import { accuracyOn } from '../search/accuracyOn.js';
import { RUN_FILES, readRunConfig } from '../node/searchRun.js';
import { decodeRetrainConfig } from '../train/retrainConfig.js';
import type { RetrainEvent } from '../train/retrainEvents.js';
import { RETRAIN_PRESETS } from '../train/retrainPresets.js';
import type { RetrainPresetName } from '../train/retrainPresets.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliIo, CommandContext, CommandOutput, LeafCommand } from './command.js';
import { jobsView } from './queueDisplay.js';
import { queueAddressFromFlags, queueFlags } from './queueFlags.js';
import { FLOPS_COLUMN, groupDigits, mflops, mflopsText, percent, textTable } from '../node/format.js';
import { BACKEND_FLAGS, commandProgress, configFromFlags, loadBackend, withInterrupt } from './runtime.js';
import { CELL_FLAGS, LAYOUT_FLAGS, cellOptionsFromFlags, genotypeFlag, loadArchitecture } from './architectureSource.js';
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
    `  cells: ${(c.cellBatchNorm ?? 'affine') === 'affine' ? 'affine' : 'non-affine'} batch norms, skip_connect = ${(c.skipConnect ?? 'identity') === 'identity' ? 'identity' : 'batch norm of x'}`,
  ];
  for (const p of plan.candidates) {
    const state = p.status === 'done' ? `finished (${p.epochsDone} epochs): skipped` : p.status === 'resume' ? `resuming after ${p.epochsDone} epoch${p.epochsDone === 1 ? '' : 's'}` : 'new';
    lines.push(`  ${p.id}  ${mflopsText(p.flops)}  ${groupDigits(p.params)} params  ${state}`);
  }
  return lines.join('\n');
}

function epochLine(e: Extract<RetrainEvent, { type: 'epoch' }>, epochs: number): string {
  const test = e.testTop1 === null ? 'not evaluated' : `test top-1 ${percent(e.testTop1)} top-5 ${percent(e.testTop5)}`;
  return `  epoch ${e.epoch + 1}/${epochs}: loss ${e.loss.toFixed(4)}  train ${percent(e.trainAccuracy)}  ${test}  lr ${e.lr.toPrecision(3)}  drop-path ${e.dropPath.toFixed(3)}  ${e.imagesPerSecond.toFixed(0)} img/s  ${formatDuration(e.seconds)}`;
}

/** A row of the result table: a candidate of the plan and what its result file says. */
interface ResultRow {
  readonly id: string;
  readonly flops: number;
  readonly params: number;
  readonly sharedWeightAccuracy: number | null;
  readonly status: string;
  /** `finished`: the re-training ran all its epochs (an interrupted one's accuracy is not the candidate's). */
  readonly result?: { readonly epochs: number; readonly top1: number | null; readonly top5: number | null; readonly seconds: number; readonly finished: boolean };
}

function resultTable(rows: readonly ResultRow[]): string {
  return textTable(
    ['architecture', FLOPS_COLUMN, 'params', 'shared-weight acc (est.)', 'epochs', 'test top-1', 'top-5', 'time', 'status'],
    rows.map((o) => [
      o.id, mflops(o.flops), o.params, percent(o.sharedWeightAccuracy), o.result === undefined ? '–' : String(o.result.epochs),
      percent(o.result?.top1), percent(o.result?.top5), o.result === undefined ? '–' : formatDuration(o.result.seconds), o.status,
    ]),
  );
}

/** The figures of a candidate's result file, as the run directory holds them (what `gold-nas report` shows). */
async function readResult(dir: string, id: string, tag: string): Promise<ResultRow['result'] | undefined> {
  const text = await readTextFile(join(dir, RETRAIN_FILES.result(id, tag)));
  if (E.isLeft(text) || text.right === null) return undefined;
  try {
    const r = JSON.parse(text.right) as { epochs?: unknown; top1?: unknown; top5?: unknown; seconds?: unknown; stopReason?: unknown };
    const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
    return { epochs: num(r.epochs) ?? 0, top1: num(r.top1), top5: num(r.top5), seconds: num(r.seconds) ?? 0, finished: r.stopReason === 'done' };
  } catch {
    return undefined;
  }
}

/**
 * The command that continues an interrupted re-training: the same positionals and flags (those given
 * and not at their default), without `--restart`.
 */
function continueCommand(args: ParsedArgs, specs: readonly FlagSpec[]): string {
  // A queue URL's password never appears (write it back, or use --queue env:NAME).
  const quote = (s: string): string => JSON.stringify(redactSecrets(s)).replace(/^"([^\s"'$]*)"$/, '$1');
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
    ...CELL_FLAGS.map((f) => ({ ...f, description: `${f.description}; a run's candidates default to the search's space` })),
    ...queueFlags('re-train on workers instead of here: queue the candidates on this job queue (see gold-nas worker) and follow them', false),
    { name: 'follow', type: 'boolean', default: true, description: 'with --queue: follow the jobs until they finish (--no-follow: queue them and return)' },
  ],
  epilog: [
    'Examples:',
    '  gold-nas retrain runs/mnist-quick-20250101-120000             # every front candidate, MNIST preset, wasm',
    '  gold-nas retrain runs/a --epochs 20 --only 3f2a,9c41           # two candidates, 20 epochs',
    '  gold-nas retrain runs/a --config retrain.json --backend tensorflow',
    '  gold-nas retrain runs/darts --cells 20 --channels 36 --preset darts   # a DARTS genotype on the DARTS evaluation network',
    '  gold-nas retrain --genotype DARTS_V2 --channels 8 --cells 5 --epochs 5   # one architecture on MNIST, into runs/retrain-DARTS_V2',
    '  gold-nas retrain --genotype DARTS_V2 --data cifar10 --data-path data/cifar-10-batches-bin --backend tensorflow',
    "  gold-nas retrain --genotype s1 --data cifar10 --data-path data/cifar-10-batches-bin --cell-bn none --skip-connect batch-norm   # [R]'s network",
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
    'With --queue the workers re-train the candidates (gold-nas worker; docs/scale-out.md); Ctrl-C stops following, not the jobs.',
  ].join('\n'),
  run: async (args, ctx) => {
    const { io } = ctx;
    const target = await retrainTarget(args, io);
    if (E.isLeft(target)) return target;
    const { dir, source, architecture, layout } = target.right;
    const given = args.flags.preset as RetrainPresetName | undefined;
    const preset: RetrainPresetName = given ?? PRESET_FOR_SOURCE[source ?? ''] ?? 'darts';
    const decoded = await configFromFlags(args, io, decodeRetrainConfig, RETRAIN_PRESETS[preset], { epochs: args.flags.epochs, seed: args.flags.seed });
    if (E.isLeft(decoded)) return decoded;
    const config = { ...decoded.right, ...cellOptionsFromFlags(args.flags) };
    const queue = await queueAddressFromFlags(args, io);
    if (E.isLeft(queue)) return queue;
    if (queue.right === null && args.flags.follow === false) return E.left(goldNasError('ConfigError', '--no-follow', 'goes with --queue'));
    const presetLabel = [`preset ${preset}${given === undefined ? ` (for ${source ?? 'this'} data)` : ''}`, ...(args.flags.config !== undefined ? [String(args.flags.config)] : [])].join(' + ');
    const restart = args.flags.restart === true;
    const plan = await planRetrain({
      dir, config, restart,
      ...(architecture !== undefined ? { architecture } : {}),
      ...(args.flags.only !== undefined ? { only: args.flags.only as readonly string[] } : {}),
      ...(layout !== undefined ? { layout } : {}),
    });
    if (E.isLeft(plan)) return plan;
    if (restart) {
      // Start the selected candidates over now, so that an interrupted run (or a retried job) continues instead of restarting again.
      const discarded = await discardRetrainings(plan.right);
      if (E.isLeft(discarded)) return discarded;
    }
    const job: RetrainJob = { args, ctx, plan: plan.right, presetLabel, name: target.right.name, preset, architecture, layout };
    return queue.right === null ? retrainHere(job) : retrainOnQueue(job, queue.right);
  },
};

/** What both ways of running a re-training share. */
interface RetrainJob {
  readonly args: ParsedArgs;
  readonly ctx: CommandContext;
  readonly plan: RetrainPlan;
  readonly presetLabel: string;
  readonly name: string;
  readonly preset: RetrainPresetName;
  readonly architecture: RetrainArchitectureSource | undefined;
  /** A run's candidates moved to this many channels and cells (`--channels`, `--cells`). */
  readonly layout: { readonly channels?: number; readonly cells?: number } | undefined;
}

function specs(job: RetrainJob, flavour: string | undefined): RetrainJobSpec[] {
  const { plan, architecture, layout } = job;
  return plan.candidates.map((c) => ({
    kind: 'retrain', dir: plan.dir, candidate: c.id, config: plan.config,
    ...(architecture !== undefined ? { architecture } : {}),
    ...(layout !== undefined ? { layout } : {}),
    ...(flavour !== undefined ? { hints: { backend: flavour as TfjsFlavour } } : {}),
  }));
}

function output(job: RetrainJob, rows: readonly ResultRow[], stopReason: 'done' | 'interrupted' | 'queued', seconds: number, extra: { readonly json?: Record<string, unknown>; readonly lines?: readonly string[] } = {}): CommandOutput {
  const { plan, args, preset } = job;
  const dir = plan.dir;
  const tag = planTag(plan);
  // Finished re-trainings only: a partial one's accuracy is not the candidate's.
  const agreement = estimateAgreement(rows.map((c) => ({
    estimate: c.sharedWeightAccuracy, retrained: c.result?.finished === true ? c.result.top1 : null,
  })));
  const on = accuracyOn(plan.searchConfig.data) === 'training' ? 'training' : 'held-out';
  return {
    json: {
      dir, preset, config: plan.config, data: plan.data, layout: plan.layout, stopReason, seconds, ...extra.json,
      candidates: rows.map((c) => ({
        id: c.id, status: c.status, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy,
        epochs: c.result?.epochs ?? 0, top1: c.result?.top1 ?? null, top5: c.result?.top5 ?? null, seconds: c.result?.seconds ?? null,
        result: join(dir, RETRAIN_FILES.result(c.id, tag)),
      })),
      kendallTau: agreement === null ? null : { tau: Number.isNaN(agreement.tau) ? null : agreement.tau, n: agreement.n },
    },
    text: () => [
      '',
      `Test accuracy in inference mode (batch-norm running averages); shared-weight acc (est.) is the search's estimate (shared-weight ${on} accuracy):`,
      resultTable(rows).trimEnd(),
      ...(agreement === null ? [] : [
        `Kendall's τ-b between the shared-weight estimates and the re-trained test top-1: ${Number.isNaN(agreement.tau) ? 'undefined (all tied)' : agreement.tau.toFixed(3)} over ${agreement.n} candidates`,
      ]),
      '',
      ...(extra.lines ?? []),
      ...(stopReason === 'queued' ? [] : [`${stopReason === 'interrupted' ? 'Interrupted' : 'Finished'} in ${formatDuration(seconds)}. Results: ${join(dir, RUN_FILES.architectures, `<hash>${tag === '' ? '' : `.${tag}`}.retrain.json`)}`]),
      ...(stopReason === 'interrupted' ? [`Continue with: ${continueCommand(args, retrainCommand.flags)}   (finished candidates are skipped, the interrupted one resumes from its checkpoint)`] : []),
      '',
    ].join('\n'),
  };
}

/** Re-trains the candidates one after another in this process. */
async function retrainHere(job: RetrainJob): Promise<Either<GoldNasError, CommandOutput>> {
  const { args, ctx: { io, json }, plan } = job;
  const epochs = plan.config.epochs;
  if (!json) io.stderr(`${describePlan(plan, job.presetLabel, job.name)}\n`);
  const tf = await loadBackend(args);
  if (E.isLeft(tf)) return tf;
  const started = Date.now();
  let progress: Progress | null = null;
  const candidates = new Map(plan.candidates.map((c) => [c.id, c]));
  const run = await withInterrupt(io, (stopRequested) =>
    runJobsInProcess(RETRAIN_JOB, specs(job, undefined), {
      tf: tf.right,
      shouldStop: stopRequested,
      onJobStart: (spec, index) => {
        const c = candidates.get(spec.candidate)!;
        if (json || c.status === 'done') return;
        const on = accuracyOn(plan.searchConfig.data) === 'training' ? 'training' : 'held-out';
        const search = c.sharedWeightAccuracy === null ? '' : `, shared-weight ${on} accuracy ${percent(c.sharedWeightAccuracy)} during the search (an estimate)`;
        io.stderr(`\n[${index + 1}/${plan.candidates.length}] ${c.id}: ${mflopsText(c.flops)}, ${groupDigits(c.params)} params${search}\n`);
      },
      onEvent: (_spec, e) => {
        if (json) return;
        switch (e.type) {
          case 'start':
            progress = commandProgress(io, { unit: 'step', total: e.epochs * e.stepsPerEpoch });
            progress.log(`  ${e.resumed ? `resuming at epoch ${e.epoch + 1}` : 'starting'}: ${e.epochs} epochs x ${e.stepsPerEpoch} steps, ${groupDigits(e.params)} trainable params${e.auxiliary ? ' (+ auxiliary head)' : ''}`);
            break;
          case 'step':
            progress?.update(e.step, { epoch: `${e.epoch + 1}/${epochs}`, loss: e.loss.toFixed(3), lr: e.lr.toPrecision(3), 'img/s': e.imagesPerSecond.toFixed(0) });
            break;
          case 'epoch':
            progress?.log(epochLine(e, epochs));
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
  const rows: ResultRow[] = [];
  for (const [i, c] of plan.candidates.entries()) {
    const j = run.right.jobs[i]!;
    const status = j.status === 'pending' ? 'pending' : String(j.summary?.status ?? j.status);
    const result = j.status === 'pending' ? undefined : await readResult(plan.dir, c.id, planTag(plan));
    rows.push({ id: c.id, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy, status, ...(result !== undefined ? { result } : {}) });
  }
  return E.right(output(job, rows, run.right.stopReason, (Date.now() - started) / 1000));
}

/** Queues the candidates that are not finished, and follows them until the workers are done with them. */
async function retrainOnQueue(job: RetrainJob, address: QueueAddress): Promise<Either<GoldNasError, CommandOutput>> {
  const { args, ctx: { io, json }, plan } = job;
  const name = args.flags['queue-name'] as string;
  const todo = specs(job, args.flags.backend as string).filter((s) => plan.candidates.find((c) => c.id === s.candidate)?.status !== 'done');
  if (!json) io.stderr(`${describePlan(plan, job.presetLabel, job.name)}\n`);
  const started = Date.now();
  const queued = await openJobQueue(address, { name });
  if (E.isLeft(queued)) return queued;
  const ids = todo.map((s) => RETRAIN_JOB.id(s));
  const enqueued = await queued.right.enqueue(todo.map((s, i) => ({ id: ids[i]!, kind: 'retrain', label: RETRAIN_JOB.label(s), spec: s })));
  await queued.right.close();
  if (E.isLeft(enqueued)) return enqueued;
  const actions = new Map(enqueued.right.map((e) => [e.id, e.action]));
  if (!json) {
    const count = (a: string): number => enqueued.right.filter((e) => e.action === a).length;
    io.stderr(`\nQueue '${name}' at ${address.display}: ${count('added') + count('replaced')} job${count('added') + count('replaced') === 1 ? '' : 's'} queued, ${count('retried')} failed one${count('retried') === 1 ? '' : 's'} retried, ${count('kept')} already queued or running.\n`);
  }
  const dirArg = JSON.stringify(plan.dir).replace(/^"([^\s"'$]*)"$/, '$1');
  const statusCommand = `gold-nas queue status ${dirArg} --queue ${redactSecrets(args.flags.queue as string, address.secrets)}${name === DEFAULT_QUEUE_NAME ? '' : ` --queue-name ${name}`}`;
  const rowsFrom = async (states: ReadonlyMap<string, string>): Promise<ResultRow[]> => {
    const rows: ResultRow[] = [];
    for (const c of plan.candidates) {
      const result = await readResult(plan.dir, c.id, planTag(plan));
      const status = c.status === 'done' ? 'skipped' : states.get(c.id) ?? 'queued';
      rows.push({ id: c.id, flops: c.flops, params: c.params, sharedWeightAccuracy: c.sharedWeightAccuracy, status, ...(result !== undefined ? { result } : {}) });
    }
    return rows;
  };
  const queueJson = { queue: name, address: address.display, jobs: ids.map((id) => ({ id, action: actions.get(id) })) };
  if (args.flags.follow === false || ids.length === 0) {
    const rows = await rowsFrom(new Map());
    const lines = ids.length === 0 ? [] : [`The workers re-train them (gold-nas worker --queue …); follow with: ${statusCommand}`];
    return E.right(output(job, rows, ids.length === 0 ? 'done' : 'queued', (Date.now() - started) / 1000, { json: queueJson, lines }));
  }
  const following = await openJobQueue(address, { name, mode: 'patient' });
  if (E.isLeft(following)) return following;
  const view = jobsView(io);
  let lastError = '';
  const followed = await withInterrupt(io, (stopRequested) => followJobs(following.right, ids, {
    shouldStop: stopRequested,
    onUpdate: (jobs) => { if (!json) view.update(jobs); },
    onError: (m) => {
      if (json || m === lastError) return;
      lastError = m;
      io.stderr(`${m} (still trying)\n`);
    },
  })).finally(() => following.right.close());
  view.done();
  const states = new Map(followed.jobs.map((j) => [j.label, j.state === 'completed' ? 'trained' : j.state]));
  const rows = await rowsFrom(states);
  const failed = followed.jobs.filter((j) => j.state === 'failed');
  const seconds = (Date.now() - started) / 1000;
  if (followed.stopReason === 'stopped') {
    return E.right(output(job, rows, 'queued', seconds, { json: queueJson, lines: [`Stopped following; the jobs go on on the workers. See them with: ${statusCommand}   (or run this command again to follow them)`] }));
  }
  if (failed.length > 0) {
    if (!json) io.stderr(`${output(job, rows, 'done', seconds).text()}`);
    return E.left(goldNasError('ConfigError', plan.dir, `${failed.length} of ${ids.length} re-training job${ids.length === 1 ? '' : 's'} failed: ${failed.map((j) => `${j.label}: ${j.failedReason ?? 'no reason given'}`).join('; ')}. After fixing the cause: gold-nas queue retry ${dirArg} --queue …`));
  }
  return E.right(output(job, rows, 'done', seconds, { json: queueJson }));
}
