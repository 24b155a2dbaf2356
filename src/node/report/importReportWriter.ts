/**
 * The HTML report renders its charts with Vega-Lite and Vega and its cell diagrams with Graphviz
 * (`@viz-js/viz`). gold-nas does not declare them as dependencies of any kind (a project that
 * does not make reports installs none of them); `gold-nas/report` alone needs them, in the versions
 * of {@link REPORT_PEER_RANGES} (docs/quick-start.md, "The report"). This module checks that they
 * are installed in those versions before loading the report writer, so that `gold-nas report` says
 * what to install instead of failing with a stack trace. It imports none of them itself.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import type { writeReport } from './writeReport.js';
import type { writeStudyReport } from './writeStudyReport.js';

/**
 * The packages `gold-nas/report` renders with and the versions it supports (npm caret ranges: the
 * same major version, at least this one). The report is tested with exactly these versions.
 *
 * @internal
 */
export const REPORT_PEER_RANGES = { vega: '^6.4.0', 'vega-lite': '^6.4.3', '@viz-js/viz': '^3.31.0' } as const;

/**
 * The packages `gold-nas/report` renders with, in the order messages name them.
 *
 * @internal
 */
export const REPORT_PEERS = Object.keys(REPORT_PEER_RANGES) as readonly (keyof typeof REPORT_PEER_RANGES)[];

/** The command that installs supported versions of all three (no `^`: it is an escape character in Windows' cmd). */
const INSTALL = `npm install ${REPORT_PEERS.map((name) => `${name}@${/^\^(\d+)\./.exec(REPORT_PEER_RANGES[name])![1]}`).join(' ')}`;

/**
 * A report package that is not usable: not installed (`installed` undefined), or installed in a
 * version outside its range.
 *
 * @internal
 */
export interface ReportPeerProblem {
  readonly name: string;
  /** The installed version; undefined when the package is not installed. */
  readonly installed?: string;
  /** The supported range, from {@link REPORT_PEER_RANGES}. */
  readonly range: string;
}

/**
 * Whether `version` (`x.y.z`) satisfies the caret range `^a.b.c`: the same major version (the same
 * minor too when a = 0), and not older. A pre-release never does.
 *
 * @param version - an installed package's version.
 * @param range - a caret range.
 * @returns whether it satisfies it.
 *
 * @internal
 */
export function satisfiesCaret(version: string, range: string): boolean {
  const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (v === null || r === null) return false;
  const [vMajor, vMinor, vPatch] = v.slice(1).map(Number) as [number, number, number];
  const [rMajor, rMinor, rPatch] = r.slice(1).map(Number) as [number, number, number];
  if (vMajor !== rMajor || (rMajor === 0 && vMinor !== rMinor)) return false;
  return vMinor > rMinor || (vMinor === rMinor && vPatch >= rPatch);
}

/** The version of the installed package `name` whose entry resolved to `entry`: the nearest package.json of that name. */
function installedVersion(name: string, entry: string): string | undefined {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === name) return typeof pkg.version === 'string' ? pkg.version : undefined;
    } catch {
      // no package.json here (or not JSON): keep walking up
    }
  }
  return undefined;
}

/**
 * The report packages that Node cannot find from `base`, or finds in an unsupported version.
 *
 * @param base - where to resolve from (default: this module, as its own imports resolve).
 * @returns the problems, in {@link REPORT_PEERS} order; empty when all three are usable.
 *
 * @internal
 */
export function reportPeerProblems(base: string | URL = import.meta.url): readonly ReportPeerProblem[] {
  const require = createRequire(base);
  return REPORT_PEERS.flatMap((name): ReportPeerProblem[] => {
    const range = REPORT_PEER_RANGES[name];
    let entry: string;
    try {
      entry = require.resolve(name);
    } catch (e) {
      return (e as { code?: unknown }).code === 'MODULE_NOT_FOUND' ? [{ name, range }] : [];
    }
    const installed = installedVersion(name, entry);
    if (installed === undefined) return []; // found, but no readable version: let the import decide
    return satisfiesCaret(installed, range) ? [] : [{ name, installed, range }];
  });
}

/**
 * The `DependencyError` for unusable report packages: it names each one, says what is wrong with
 * it, and gives the command that installs supported versions of all three.
 *
 * @param problems - from {@link reportPeerProblems}.
 * @returns the error value.
 *
 * @internal
 */
export function reportPeersError(problems: readonly ReportPeerProblem[]): GoldNasError {
  const missing = problems.filter((p) => p.installed === undefined);
  const outdated = problems.filter((p) => p.installed !== undefined);
  const parts = [
    ...(missing.length === 0 ? [] : [`${missing.map((p) => p.name).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed`]),
    ...outdated.map((p) => `${p.name} ${p.installed} is installed, the report needs ${p.range}`),
  ];
  return goldNasError('DependencyError', problems.map((p) => p.name).join(', '),
    `the HTML report draws its charts with Vega-Lite and Vega and its cell diagrams with Graphviz: ${parts.join('; ')}. ` +
    `Run \`${INSTALL}\` (searching and re-training work without them)`);
}

/**
 * Loads {@link writeReport} once its packages are known to be installed in supported versions: the
 * way to reach the report from code that must keep working without them (the `gold-nas` command
 * does this).
 *
 * @param base - where to resolve the packages from (default: this module).
 * @returns `writeReport`, or a `DependencyError` naming the missing or unsupported packages and the `npm install` command.
 *
 * @internal
 */
export async function importReportWriter(base: string | URL = import.meta.url): Promise<Either<GoldNasError, typeof writeReport>> {
  const problems = reportPeerProblems(base);
  if (problems.length > 0) return E.left(reportPeersError(problems));
  const writer = await import('./writeReport.js');
  return E.right(writer.writeReport);
}

/**
 * Imports the study report writer after checking the report's packages (as
 * {@link importReportWriter} does), or says what to install.
 *
 * @param base - where to resolve the packages from (default: gold-nas itself).
 * @returns `writeStudyReport`, or a `DependencyError`.
 * @internal
 */
export async function importStudyReportWriter(base: string | URL = import.meta.url): Promise<Either<GoldNasError, typeof writeStudyReport>> {
  const problems = reportPeerProblems(base);
  if (problems.length > 0) return E.left(reportPeersError(problems));
  const writer = await import('./writeStudyReport.js');
  return E.right(writer.writeStudyReport);
}
