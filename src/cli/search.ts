/**
 * `gold-nas search`: a GOLD-NAS search from a preset and/or a JSON config, in a run directory,
 * with progress, Ctrl-C checkpointing and `--resume`.
 *
 * @module
 */
import { rmdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { goldNasError } from '../errors.js';
import { groupDigits, mflopsText, percent } from '../node/format.js';
import { formatDuration } from '../duration.js';
import { loadRegistryModule } from '../node/loadRegistryModule.js';
import { claimNewDirectory } from '../node/runDirectory.js';
import { formatFrontTable, searchInDirectory } from '../node/searchRun.js';
import type { AccuracyOn } from '../search/accuracyOn.js';
import type { SearchEvent, SearchStopReason } from '../search/events.js';
import { SEARCH_PRESETS } from '../search/presets.js';
import type { PerturbationDecision } from '../search/perturbationDecision.js';
import type { PresetName } from '../search/presets.js';
import type { SearchRegistry } from '../search/registry.js';
import type { SearchConfig } from '../search/searchConfig.js';
import { decodeSearchConfig } from '../search/decodeSearchConfig.js';
import { describeAccuracyEstimate } from '../search/accuracyEstimate.js';
import { searchMethod } from '../search/searchMethod.js';
import { architectureToGenotype } from '../space/genotypeArchitecture.js';
import { formatGenotype } from '../space/genotype.js';
import type { LeafCommand } from './command.js';
import { BACKEND_FLAGS, commandProgress, configFromFlags, loadBackend, withInterrupt } from './runtime.js';

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

const STOP_REASONS: Readonly<Record<SearchStopReason, string>> = {
  'flops-min': 'the live FLOPs (multiply-adds) fell below FLOPs_min',
  discretised: 'the architecture was discretised',
  minimal: 'every node is down to one input, so nothing more can be pruned (FLOPs_min was not reached; lower it or change the penalty)',
  stalled: 'pruning stalled: λ passed pruning.lambdaMax before FLOPs_min was reached (raise FLOPs_min, or lambdaMax)',
  budget: 'the step budget ran out',
  diverged: 'the loss diverged (NaN or infinite); lower weights.lr, alpha.lr or pruning.scheduler.lambda0',
  interrupted: 'interrupted',
};

/**
 * The line of a search event worth showing (start, pruning, candidates, stop), or null.
 *
 * @param e - the event.
 * @param on - what the candidates' accuracy was measured on (the `start` event's `accuracyOn`).
 * @returns the line, or null for events shown only in the progress bar.
 */
export function describeSearchEvent(e: SearchEvent, on: AccuracyOn): string | null {
  switch (e.type) {
    case 'start':
      return `${e.resumed ? 'resuming' : 'starting'} at step ${e.step}: ${e.liveOps} live operators, ${mflopsText(e.liveFlops)}; a pruning round every ${e.periodSteps} steps (${e.stepsPerEpoch} steps per epoch)`;
    case 'prune':
      return `step ${e.step}: pruned ${e.slots.length} operator${e.slots.length === 1 ? '' : 's'} (${e.reason}${e.reason === 'perturbation' ? `: ${e.ops.join(', ')}` : ''}) -> ${e.liveOps} live, ${mflopsText(e.liveFlops)}`;
    case 'candidate':
      return `step ${e.step}: candidate ${e.id}  ${mflopsText(e.flops)}  ${groupDigits(e.params)} params  shared-weight ${on === 'training' ? 'training' : 'held-out'} acc ${percent(e.sharedWeightAccuracy)} (est.` +
        `${e.recoverySteps > 0 ? `, after ${e.recoverySteps} recovery steps` : ''})${e.onFront ? '  (on the front)' : ''}`;
    case 'selection':
      return e.decision.kind === 'prune'
        ? `step ${e.step}: ${e.name} pruning criterion: ${describeDecision(e.decision)}`
        : `step ${e.step}: ${e.name} ${e.index + 1}/${e.total}: ${describeDecision(e.decision)}`;
    case 'stop':
      return `stopped at step ${e.step}: ${STOP_REASONS[e.reason]}`;
    default:
      return null;
  }
}

/** The range of some accuracies, or the one value when they are all equal. */
function spanText(values: readonly number[]): string {
  const low = percent(Math.min(...values));
  const high = percent(Math.max(...values));
  return low === high ? low : `${low}–${high}`;
}

/** One DARTS-PT decision in words: the choice and the held-out accuracies that made it. */
function describeDecision(d: PerturbationDecision): string {
  const accuracies = (r: Readonly<Record<string, number>>): string => Object.entries(r).map(([k, v]) => `${k} ${percent(v)}`).join(', ');
  if (d.kind === 'prune') {
    const measured = Object.values(d.accuracies);
    const removed = d.removed.map((i) => d.accuracies[String(i)]!);
    const range = measured.length === 0 ? '' : `; the ${measured.length} measured: ${spanText(measured)} without each`;
    const span = removed.length === 0 ? '' : ` (${spanText(removed)} without each)`;
    return `held-out acc ${percent(d.base)}${range}; removes the ${d.removed.length} least harmful${span}, as many as the scheduler's rule (${d.proposed})`;
  }
  return d.kind === 'operator'
    ? `${d.cellType} edge ${d.from}->${d.to}: ${d.chosen} (held-out acc ${percent(d.base)}; without each: ${accuracies(d.accuracies)})`
    : `${d.cellType} node ${d.node}: inputs ${d.chosen.join(', ')}${d.accuracies.length === 0 ? '' : ` (without each input: ${d.accuracies.map(accuracies).join('; then ')})`}`;
}

/** `gold-nas search`. */
export const searchCommand: LeafCommand = {
  kind: 'leaf',
  name: 'search',
  summary: 'run a search (GOLD-NAS: gradual pruning, Pareto front; or DARTS, --preset darts-mnist) in a run directory',
  flags: [
    { name: 'preset', type: 'string', value: '<name>', choices: Object.keys(SEARCH_PRESETS), default: 'mnist-quick', description: 'the configuration to start from' },
    { name: 'config', type: 'string', value: '<file.json>', description: 'a JSON configuration; its fields override the preset\'s' },
    { name: 'out', type: 'string', value: '<dir>', description: 'the run directory (default runs/<preset>-<time>); must be new or empty' },
    { name: 'resume', type: 'string', value: '<dir>', description: 'continue the run in <dir> from its last checkpoint' },
    { name: 'max-steps', type: 'int', value: '<n>', min: 1, description: 'override the step budget' },
    { name: 'seed', type: 'int', value: '<n>', min: 0, description: 'override the seed' },
    { name: 'selection', type: 'string', value: '<name>', description: 'how a DARTS discretisation picks its architecture, and which operators a GOLD-NAS round prunes: argmax (default; GOLD-NAS: the smallest gates) or darts-pt (perturbation, docs/darts.md); replaces the config\'s selection, options and all' },
    { name: 'memory-limit', type: 'number', value: '<GB>', min: 0, description: "refuse a configuration whose memory estimate is above this many GB (default: this machine's memory)" },
    { name: 'registry', type: 'string', value: '<module.js>', description: 'an ES module exporting `registry`: your own schedulers, penalties, objectives, … for the config to name (give it again with --resume)' },
    ...BACKEND_FLAGS,
  ],
  epilog: [
    'Examples:',
    '  gold-nas search                                  # the MNIST quick start on wasm',
    '  gold-nas search --config my.json --out runs/a    # any configuration (validated before anything is written)',
    '  gold-nas search --preset darts-mnist             # DARTS (bilevel, first order) on MNIST, about 15 min on 2 cores',
    '  gold-nas search --preset darts-mnist --selection darts-pt   # the same, its genotype chosen by DARTS-PT',
    '  gold-nas search --config examples/mnist-quick-darts-pt.json  # the quick start, each round pruned by DARTS-PT\'s criterion',
    '  gold-nas search --resume runs/a                  # continue after Ctrl-C or a crash',
    '  gold-nas search --config c.json --registry ./my-parts.js   # a config naming your own parts (docs/strategies.md)',
    '',
    'Ctrl-C, SIGTERM or SIGHUP writes a checkpoint and stops; a second one quits at once.',
    'One process at a time in a run directory (gold-nas.lock; docs/runs.md says how to break a stale one).',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const resumeDir = args.flags.resume as string | undefined;
    if (resumeDir !== undefined && (args.flags.config !== undefined || args.flags['max-steps'] !== undefined || args.flags.seed !== undefined || args.flags.selection !== undefined)) {
      return E.left(goldNasError('ConfigError', 'resume', 'a resumed run keeps its own config.json; drop --config, --max-steps, --seed and --selection'));
    }
    const registryFile = args.flags.registry as string | undefined;
    let registry: SearchRegistry | undefined;
    if (registryFile !== undefined) {
      const loaded = await loadRegistryModule(registryFile, io.cwd);
      if (E.isLeft(loaded)) return E.left({ ...loaded.left, path: `--registry ${loaded.left.path}` });
      registry = loaded.right;
    }
    let config: SearchConfig | undefined;
    if (resumeDir === undefined) {
      const decode = (input: unknown, base: SearchConfig) => decodeSearchConfig(input, base, registry === undefined ? {} : { registry });
      const c = await configFromFlags(args, io, decode, SEARCH_PRESETS[args.flags.preset as PresetName], {
        maxSteps: args.flags['max-steps'], seed: args.flags.seed,
        selection: args.flags.selection === undefined ? undefined : { name: args.flags.selection },
      });
      if (E.isLeft(c)) return c;
      config = c.right;
    }
    const named = resumeDir ?? (args.flags.out as string | undefined);
    const tf = await loadBackend(args);
    if (E.isLeft(tf)) return tf;
    // A default name is claimed (made exclusively): two searches started in the same second get two directories.
    let dir: string;
    try {
      dir = named !== undefined ? resolve(io.cwd, named) : await claimNewDirectory(resolve(io.cwd, `runs/${String(args.flags.preset)}-${timestamp()}`));
    } catch (e) {
      return E.left(goldNasError('IoError', 'runs', `could not create the run directory: ${(e as Error).message}`));
    }
    const started = Date.now();
    let progress = commandProgress(io, { unit: 'step', total: config?.maxSteps, totalIsBound: true });
    let on: AccuracyOn = 'held-out';
    const run = await withInterrupt(io, (stopRequested) =>
      searchInDirectory({
        tf: tf.right,
        dir,
        ...(config !== undefined ? { config } : {}),
        ...(registry !== undefined ? { registry } : {}),
        resume: resumeDir !== undefined,
        ...(args.flags['memory-limit'] !== undefined ? { memoryLimit: (args.flags['memory-limit'] as number) * 1e9 } : {}),
        shouldStop: stopRequested,
        onWarning: (m) => progress.log(`gold-nas: warning: ${m}`),
        onEvent: (e) => {
          if (json) return;
          // A resumed run's budget is in its own config.json: the start event brings it.
          if (e.type === 'start' && config === undefined) progress = commandProgress(io, { unit: 'step', total: e.maxSteps, totalIsBound: true });
          if (e.type === 'start') on = e.accuracyOn ?? 'held-out';
          const line = describeSearchEvent(e, on);
          if (line !== null) progress.log(line);
          if (e.type === 'step') {
            progress.update(e.step, {
              loss: e.loss.toFixed(3), λ: e.lambda.toExponential(1), ops: String(e.liveOps),
              'mult-adds': `${(e.liveFlops / 1e6).toFixed(1)}M`, 'img/s': e.imagesPerSecond.toFixed(0),
            });
          }
        },
      }));
    progress.done();
    if (E.isLeft(run)) {
      // A claimed default directory the run did not use goes (rmdir removes only an empty one).
      if (named === undefined) await rmdir(dir).catch(() => undefined);
      return run;
    }
    const { result, config: used } = run.right;
    const seconds = (Date.now() - started) / 1000;
    const genotype = architectureToGenotype(result.final.architecture, used.space.layout);
    const estimate = describeAccuracyEstimate(used);
    return E.right({
      json: {
        dir, seconds, method: searchMethod(used), ...result, candidates: result.candidates.length, sharedWeightAccuracy: estimate,
        ...(E.isRight(genotype) ? { genotype: formatGenotype(genotype.right) } : {}),
      },
      text: () => [
        '',
        ...(result.candidates.length === 0
          ? [`${searchMethod(used)}: no candidate recorded yet`]
          : [
              `${searchMethod(used)}: Pareto front of ${result.front.length} non-dominated of ${result.candidates.length} candidates (hypervolume ${result.hypervolume.toFixed(4)})`,
              formatFrontTable(result.front, on),
              `shared-weight acc (est.): ${estimate}.`,
            ]),
        ...(E.isRight(genotype) ? [`genotype: ${formatGenotype(genotype.right)}`] : []),
        '',
        `${result.stopReason === 'interrupted' ? 'Interrupted' : 'Finished'} after ${result.steps} steps in ${formatDuration(seconds)}. Run directory: ${dir}`,
        result.stopReason === 'interrupted'
          ? `Continue with: gold-nas search --resume ${dir}`
          : `Next: gold-nas report ${dir}   (an HTML report)   |   gold-nas retrain ${dir}   (re-train the front from scratch)`,
        '',
      ].join('\n'),
    });
  },
};
