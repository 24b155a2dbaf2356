/**
 * `gold-nas sweep`: one search per seed and constraint value (a `sweep.json`, or the default
 * sweep), each in its own run directory inside the sweep's folder; here one after another, or on
 * the workers of a job queue. Running it again continues: finished runs are kept, interrupted
 * ones resume.
 *
 * @module
 */
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { writeJsonAtomic } from '../node/atomicWrite.js';
import { formatDuration } from '../duration.js';
import type { Progress } from '../node/progress.js';
import type { SearchJobSpec } from '../node/jobs/searchJob.js';
import { searchJobKind } from '../node/jobs/searchJob.js';
import { runJobsInProcess } from '../node/jobs/runJobsInProcess.js';
import type { SweepConfig, SweepRun } from '../node/jobs/sweepConfig.js';
import { SWEEP_DEFAULTS, decodeSweepConfig, sweepRuns } from '../node/jobs/sweepConfig.js';
import { loadRegistryModule } from '../node/loadRegistryModule.js';
import type { TfjsFlavour } from '../node/loadTfjs.js';
import { followJobs } from '../node/queue/followJobs.js';
import { DEFAULT_QUEUE_NAME, openJobQueue } from '../node/queue/jobQueue.js';
import { redactSecrets } from '../node/queue/queueAddress.js';
import { parseJsonText, readJsonFile, readTextFile } from '../node/readFiles.js';
import { RUN_FILES } from '../node/searchRun.js';
import { textTable } from '../node/format.js';
import type { SearchRegistry } from '../search/registry.js';
import type { AccuracyOn } from '../search/accuracyOn.js';
import type { CommandOutput, LeafCommand } from './command.js';
import { jobsView } from './queueDisplay.js';
import { queueAddressFromFlags, queueFlags } from './queueFlags.js';
import { BACKEND_FLAGS, commandProgress, loadBackend, withInterrupt } from './runtime.js';
import { describeSearchEvent } from './search.js';

/** The file a sweep's folder records its configuration in. */
const SWEEP_FILE = 'sweep.json';

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Records the sweep in its folder, or checks that the folder holds this same sweep. */
async function claimFolder(dir: string, sweep: SweepConfig): Promise<Either<GoldNasError, void>> {
  const path = join(dir, SWEEP_FILE);
  const text = await readTextFile(path);
  if (E.isLeft(text)) return text;
  if (text.right !== null) {
    const json = parseJsonText(text.right, path);
    if (E.isLeft(json)) return json;
    if (JSON.stringify(json.right) !== JSON.stringify(sweep)) {
      return E.left(goldNasError('ConfigError', path, 'this folder holds another sweep; give the same --config to continue it, or another --out'));
    }
    return E.right(undefined);
  }
  return writeJsonAtomic(path, sweep);
}

/** A finished run's figures, from its summary.json. */
async function runFigures(dir: string): Promise<{ stopReason: string; steps: number; candidates: number; front: number; hypervolume: number } | null> {
  const json = await readJsonFile(join(dir, RUN_FILES.summaryJson));
  if (E.isLeft(json)) return null;
  const s = json.right as { stopReason?: unknown; steps?: unknown; candidates?: unknown; front?: unknown; hypervolume?: unknown };
  if (typeof s.stopReason !== 'string' || typeof s.steps !== 'number') return null;
  return {
    stopReason: s.stopReason, steps: s.steps, candidates: typeof s.candidates === 'number' ? s.candidates : 0,
    front: Array.isArray(s.front) ? s.front.length : 0, hypervolume: typeof s.hypervolume === 'number' ? s.hypervolume : 0,
  };
}

async function output(dir: string, runs: readonly SweepRun[], statuses: readonly string[], seconds: number, lines: readonly string[], queueJson: Record<string, unknown> = {}): Promise<CommandOutput> {
  const rows = await Promise.all(runs.map(async (r, i) => ({ run: r, status: statuses[i] ?? '', figures: await runFigures(join(dir, r.name)) })));
  const paths = [...new Set(runs.flatMap((r) => Object.keys(r.values)))];
  return {
    json: {
      dir, seconds, ...queueJson,
      runs: rows.map(({ run, status, figures }) => ({ name: run.name, dir: join(dir, run.name), seed: run.seed, values: run.values, status, ...figures })),
    },
    text: () => [
      '',
      textTable(['run', 'seed', ...paths.map((p) => p.split('.').pop()!), 'status', 'stop', 'steps', 'candidates', 'front', 'hypervolume'],
        rows.map(({ run, status, figures: f }) => [run.name, String(run.seed), ...paths.map((p) => String(run.values[p] ?? '–')), status,
          f?.stopReason ?? '–', f === null ? '–' : String(f.steps), f === null ? '–' : String(f.candidates), f === null ? '–' : String(f.front), f === null ? '–' : f.hypervolume.toFixed(4)])).trimEnd(),
      '',
      ...lines,
      `Sweep folder: ${dir} (${formatDuration(seconds)}). Next: gold-nas report ${join(dir, '<run>')}, gold-nas retrain ${join(dir, '<run>')}`,
      '',
    ].join('\n'),
  };
}

/** `gold-nas sweep`. */
export const sweepCommand: LeafCommand = {
  kind: 'leaf',
  name: 'sweep',
  summary: 'run one search per seed and constraint value (sweep.json), here or on a job queue\'s workers',
  flags: [
    { name: 'config', type: 'string', value: '<sweep.json>', description: `the sweep: {"preset", "config", "seeds", "constraints"} (default: preset ${SWEEP_DEFAULTS.preset}, seeds ${SWEEP_DEFAULTS.seeds.join(', ')}, ${Object.entries(SWEEP_DEFAULTS.constraints).map(([p, v]) => `${p} ${v.join(', ')}`).join('; ')})` },
    { name: 'out', type: 'string', value: '<dir>', description: 'the sweep\'s folder, one run directory per search inside (default runs/sweep-<time>); give it again to continue' },
    { name: 'registry', type: 'string', value: '<module.js>', description: 'an ES module exporting `registry`: your own parts for the configurations to name (workers need --registry with the same file)' },
    ...BACKEND_FLAGS,
    ...queueFlags('run the searches on workers instead of here: queue them on this job queue (see gold-nas worker) and follow them', false),
    { name: 'follow', type: 'boolean', default: true, description: 'with --queue: follow the jobs until they finish (--no-follow: queue them and return)' },
  ],
  epilog: [
    'Examples:',
    '  gold-nas sweep --out runs/sweep-a                                   # the default sweep, here, one search after another',
    '  gold-nas sweep --config sweep.json --out runs/sweep-a --queue redis://queue-host:6379',
    '',
    'sweep.json, every field optional (missing: preset mnist-quick, no config, seed 1, no constraint):',
    '  { "preset": "mnist-quick", "config": { "maxSteps": 2000 }, "seeds": [1, 2, 3],',
    '    "constraints": { "pruning.scheduler.flopsMin": [5e6, 7e6] } }',
    'Running the same command again continues the sweep: finished searches are kept, interrupted ones resume.',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const file = args.flags.config as string | undefined;
    let sweep: Either<GoldNasError, SweepConfig> = E.right(SWEEP_DEFAULTS);
    if (file !== undefined) {
      const read = await readJsonFile(resolve(io.cwd, file), 'no such file', file);
      if (E.isLeft(read)) return read;
      sweep = decodeSweepConfig(read.right);
    }
    if (E.isLeft(sweep)) return E.left(file === undefined ? sweep.left : { ...sweep.left, path: sweep.left.path === '' ? file : `${file}: ${sweep.left.path}` });
    const registryFile = args.flags.registry as string | undefined;
    let registry: { path: string; registry: SearchRegistry } | undefined;
    if (registryFile !== undefined) {
      const loaded = await loadRegistryModule(registryFile, io.cwd);
      if (E.isLeft(loaded)) return E.left({ ...loaded.left, path: `--registry ${loaded.left.path}` });
      registry = { path: resolve(io.cwd, registryFile), registry: loaded.right };
    }
    const runs = sweepRuns(sweep.right, registry?.registry);
    if (E.isLeft(runs)) return runs;
    const address = await queueAddressFromFlags(args, io);
    if (E.isLeft(address)) return address;
    if (address.right === null && args.flags.follow === false) return E.left(goldNasError('ConfigError', '--no-follow', 'goes with --queue'));
    const dir = resolve(io.cwd, (args.flags.out as string | undefined) ?? join('runs', `sweep-${timestamp()}`));
    const claimed = await claimFolder(dir, sweep.right);
    if (E.isLeft(claimed)) return claimed;
    const kind = searchJobKind(registry !== undefined ? { registry } : {});
    const backend = args.flags.backend as TfjsFlavour;
    const specs: SearchJobSpec[] = runs.right.map((r) => ({
      kind: 'search', dir: join(dir, r.name), config: r.config,
      ...(registry !== undefined ? { registry: registry.path } : {}),
      ...(address.right !== null ? { hints: { backend } } : {}),
    }));
    if (!json) io.stderr(`Sweep of ${runs.right.length} search${runs.right.length === 1 ? '' : 'es'} (preset ${sweep.right.preset}) in ${dir}\n`);
    const started = Date.now();

    if (address.right === null) {
      const tf = await loadBackend(args);
      if (E.isLeft(tf)) return tf;
      let progress: Progress | null = null;
      let on: AccuracyOn = 'held-out';
      const run = await withInterrupt(io, (stopRequested) => runJobsInProcess(kind, specs, {
        tf: tf.right,
        shouldStop: stopRequested,
        onJobStart: (_spec, i) => {
          const r = runs.right[i]!;
          on = 'held-out';
          if (json) return;
          io.stderr(`\n[${i + 1}/${runs.right.length}] ${r.name}\n`);
          progress = commandProgress(io, { unit: 'step', total: r.config.maxSteps, totalIsBound: true });
        },
        onEvent: (_spec, e) => {
          if (json || progress === null) return;
          if (e.type === 'start') on = e.accuracyOn ?? 'held-out';
          const line = describeSearchEvent(e, on);
          if (line !== null) progress.log(`  ${line}`);
          if (e.type === 'step') progress.update(e.step, { loss: e.loss.toFixed(3), ops: String(e.liveOps), 'mult-adds': `${(e.liveFlops / 1e6).toFixed(1)}M` });
        },
        onJobEnd: () => {
          progress?.done();
          progress = null;
        },
      }));
      (progress as Progress | null)?.done();
      if (E.isLeft(run)) return run;
      const statuses = run.right.jobs.map((j) => (j.status === 'pending' ? 'pending' : String(j.summary?.status ?? j.status)));
      const again = run.right.stopReason === 'interrupted' ? [`Interrupted. Continue with the same command (finished searches are kept, the interrupted one resumes).`] : [];
      return E.right(await output(dir, runs.right, statuses, (Date.now() - started) / 1000, again));
    }

    const name = args.flags['queue-name'] as string;
    const queue = await openJobQueue(address.right, { name });
    if (E.isLeft(queue)) return queue;
    const ids = specs.map((s) => kind.id(s));
    const enqueued = await queue.right.enqueue(specs.map((s, i) => ({ id: ids[i]!, kind: 'search', label: kind.label(s), spec: s })));
    await queue.right.close();
    if (E.isLeft(enqueued)) return enqueued;
    const statusCommand = `gold-nas queue status ${dir} --queue ${redactSecrets(args.flags.queue as string, address.right.secrets)}${name === DEFAULT_QUEUE_NAME ? '' : ` --queue-name ${name}`}`;
    const queueJson = { queue: name, address: address.right.display, jobs: enqueued.right };
    if (!json) io.stderr(`Queued on '${name}' at ${address.right.display}: ${enqueued.right.filter((e) => e.action !== 'kept').length} new, ${enqueued.right.filter((e) => e.action === 'kept').length} already there.\n`);
    if (args.flags.follow === false) {
      return E.right(await output(dir, runs.right, runs.right.map(() => 'queued'), (Date.now() - started) / 1000, [`The workers run them (gold-nas worker --queue …); follow with: ${statusCommand}`], queueJson));
    }
    const following = await openJobQueue(address.right, { name, mode: 'patient' });
    if (E.isLeft(following)) return following;
    const view = jobsView(io);
    const followed = await withInterrupt(io, (stopRequested) => followJobs(following.right, ids, {
      shouldStop: stopRequested,
      onUpdate: (jobs) => { if (!json) view.update(jobs); },
      onError: (m) => { if (!json) io.stderr(`${m} (still trying)\n`); },
    })).finally(() => following.right.close());
    view.done();
    const byId = new Map(followed.jobs.map((j) => [j.id, j]));
    const statuses = ids.map((id) => {
      const j = byId.get(id);
      return j === undefined ? 'removed' : j.state === 'completed' ? String(j.summary?.status ?? 'done') : j.state;
    });
    const failed = followed.jobs.filter((j) => j.state === 'failed');
    const out = await output(dir, runs.right, statuses, (Date.now() - started) / 1000,
      followed.stopReason === 'stopped' ? [`Stopped following; the jobs go on on the workers. See them with: ${statusCommand}`] : [], queueJson);
    if (failed.length > 0) {
      if (!json) io.stderr(out.text());
      return E.left(goldNasError('ConfigError', dir, `${failed.length} of ${ids.length} search job${ids.length === 1 ? '' : 's'} failed: ${failed.map((j) => `${j.label}: ${j.failedReason ?? 'no reason given'}`).join('; ')}`));
    }
    return E.right(out);
  },
};
