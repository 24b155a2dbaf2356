/**
 * A sweep: one search per seed and per value of each constraint (for example
 * `pruning.scheduler.flopsMin`), over a preset and a configuration, each in its own run directory
 * inside the sweep's folder.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec } from '../../codecs.js';
import { decodeWith } from '../../decode.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import { decodeSearchConfig } from '../../search/decodeSearchConfig.js';
import type { PresetName } from '../../search/presets.js';
import { SEARCH_PRESETS } from '../../search/presets.js';
import type { SearchRegistry } from '../../search/registry.js';
import type { SearchConfig } from '../../search/searchConfig.js';

/**
 * A constraint's values: numbers or names.
 *
 * @since 0.2.0
 */
export type SweepValue = number | string;

/**
 * A sweep's configuration (`sweep.json`).
 *
 * @since 0.2.0
 */
export interface SweepConfig {
  /** The search preset every run starts from. */
  readonly preset: PresetName;
  /** Fields of a search configuration over the preset, for every run. */
  readonly config: { readonly [key: string]: unknown };
  /** One run per seed (and per combination of constraint values). */
  readonly seeds: readonly number[];
  /** Dotted paths into the search configuration, each with the values to sweep (`{ "pruning.scheduler.flopsMin": [5e6, 7e6] }`). */
  readonly constraints: { readonly [path: string]: readonly SweepValue[] };
}

/**
 * The default sweep (`gold-nas sweep` without `--config`): the MNIST quick start's search with two
 * seeds and two FLOPs floors (`pruning.scheduler.flopsMin`: GOLD-NAS's pruning stops below it),
 * four searches in all.
 *
 * @since 0.2.0
 */
export const SWEEP_DEFAULTS: SweepConfig = {
  preset: 'mnist-quick',
  config: {},
  seeds: [1, 2],
  constraints: { 'pruning.scheduler.flopsMin': [5e6, 7e6] },
};

/**
 * One search of a sweep.
 *
 * @since 0.2.0
 */
export interface SweepRun {
  /** The run directory's name inside the sweep's folder (`seed-1_flopsMin-5e6`). */
  readonly name: string;
  readonly seed: number;
  /** The constraint values of this run, by path. */
  readonly values: { readonly [path: string]: SweepValue };
  readonly config: SearchConfig;
}

const PRESET_NAMES = Object.keys(SEARCH_PRESETS) as PresetName[];
const Value = t.union([t.number, t.string]);
const SweepCodec = closedType('SweepConfig', {}, {
  preset: t.keyof(Object.fromEntries(PRESET_NAMES.map((n) => [n, null])) as Record<PresetName, null>),
  config: t.UnknownRecord,
  seeds: t.array(integerCodec({ min: 0 })),
  constraints: t.record(t.string, t.array(Value)),
});

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** What a sweep file's missing fields mean: the preset `mnist-quick` as it is, seed 1, no constraint. */
const FIELD_DEFAULTS: SweepConfig = { preset: 'mnist-quick', config: {}, seeds: [1], constraints: {} };

/**
 * Decodes a sweep configuration (a `sweep.json`); a missing field means: preset `mnist-quick`,
 * no configuration over it, seed 1, no constraint. Unknown fields are errors.
 *
 * @param input - the parsed `sweep.json`.
 * @returns the sweep, or an error with its path.
 *
 * @example
 * ```ts
 * import { decodeSweepConfig } from 'gold-nas/node';
 * decodeSweepConfig({ seeds: [1, 2, 3], constraints: { 'pruning.scheduler.flopsMin': [6e6] } }); // Right
 * ```
 *
 * @since 0.2.0
 */
export function decodeSweepConfig(input: unknown): Either<GoldNasError, SweepConfig> {
  const decoded = decodeWith(SweepCodec, input);
  if (E.isLeft(decoded)) return decoded;
  const sweep: SweepConfig = { ...FIELD_DEFAULTS, ...decoded.right } as SweepConfig;
  if (sweep.seeds.length === 0) return E.left(goldNasError('ConfigError', 'seeds', 'give at least one seed'));
  if (new Set(sweep.seeds).size !== sweep.seeds.length) return E.left(goldNasError('ConfigError', 'seeds', 'has a seed twice'));
  for (const [path, values] of Object.entries(sweep.constraints)) {
    if (!PATH.test(path)) return E.left(goldNasError('ConfigError', `constraints.${path}`, 'must be a dotted path into the search configuration, such as pruning.scheduler.flopsMin'));
    if (path === 'seed') return E.left(goldNasError('ConfigError', 'constraints.seed', 'sweep seeds with the seeds field'));
    if (values.length === 0) return E.left(goldNasError('ConfigError', `constraints.${path}`, 'give at least one value'));
    if (new Set(values).size !== values.length) return E.left(goldNasError('ConfigError', `constraints.${path}`, 'has a value twice'));
  }
  return E.right(sweep);
}

function nameValue(v: SweepValue): string {
  if (typeof v === 'string') return v.replace(/[^A-Za-z0-9.-]+/g, '-');
  return Math.abs(v) >= 1e4 ? v.toExponential().replace('e+', 'e') : String(v);
}

function withPath(target: Record<string, unknown>, path: string, value: SweepValue): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const inner = target[head!];
  return {
    ...target,
    [head!]: rest.length === 0 ? value : withPath(typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner as Record<string, unknown> : {}, rest.join('.'), value),
  };
}

/**
 * The searches of a sweep: every seed with every combination of constraint values, each
 * configuration decoded (and checked against the registry) before anything runs.
 *
 * @param sweep - the sweep.
 * @param registry - what the configurations' part names mean (default: the built-in parts).
 * @returns the runs in order (seeds outermost), or the first configuration's error, its path naming the run.
 *
 * @example
 * ```ts
 * import { SWEEP_DEFAULTS, sweepRuns } from 'gold-nas/node';
 * const runs = sweepRuns(SWEEP_DEFAULTS);
 * if (runs._tag === 'Right') console.log(runs.right.map((r) => r.name)); // seed-1_flopsMin-5e6, …
 * ```
 *
 * @since 0.2.0
 */
export function sweepRuns(sweep: SweepConfig, registry?: SearchRegistry): Either<GoldNasError, readonly SweepRun[]> {
  let combos: { [path: string]: SweepValue }[] = [{}];
  for (const [path, values] of Object.entries(sweep.constraints)) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
  const runs: SweepRun[] = [];
  for (const seed of sweep.seeds) {
    for (const values of combos) {
      const name = [`seed-${seed}`, ...Object.entries(values).map(([p, v]) => `${p.split('.').pop()}-${nameValue(v)}`)].join('_');
      let input: Record<string, unknown> = { ...sweep.config, seed };
      for (const [path, v] of Object.entries(values)) input = withPath(input, path, v);
      const config = decodeSearchConfig(input, SEARCH_PRESETS[sweep.preset], registry === undefined ? {} : { registry });
      if (E.isLeft(config)) return E.left({ ...config.left, path: `${name}: ${config.left.path}` });
      runs.push({ name, seed, values, config: config.right });
    }
  }
  return E.right(runs);
}
