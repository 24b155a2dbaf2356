/**
 * The HTML report renders its charts with Vega-Lite and Vega and its cell diagrams with Graphviz
 * (`@viz-js/viz`). They are optional peer dependencies of gold-nas, needed by `gold-nas/report`
 * alone: this module checks that they are installed before loading the report writer, so that
 * `gold-nas report` says what to install instead of failing with a stack trace. It imports none
 * of them itself.
 *
 * @module
 */
import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';
import type { writeReport } from './writeReport.js';

/**
 * The optional peer packages `gold-nas/report` renders with.
 *
 * @internal
 */
export const REPORT_PEERS = ['vega', 'vega-lite', '@viz-js/viz'] as const;

/**
 * The report peers that Node cannot find from `base`.
 *
 * @param base - where to resolve from (default: this module, as its own imports resolve).
 * @returns the missing package names, in {@link REPORT_PEERS} order; empty when all are installed.
 *
 * @internal
 */
export function missingReportPeers(base: string | URL = import.meta.url): readonly string[] {
  const require = createRequire(base);
  return REPORT_PEERS.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch (e) {
      return (e as { code?: unknown }).code === 'MODULE_NOT_FOUND';
    }
  });
}

/**
 * The `DependencyError` for missing report peers: it names them and the command that installs all three.
 *
 * @param missing - the missing package names (from {@link missingReportPeers}).
 * @returns the error value.
 *
 * @internal
 */
export function reportPeersError(missing: readonly string[]): GoldNasError {
  return goldNasError('DependencyError', missing.join(', '),
    `the HTML report draws its charts with Vega-Lite and Vega and its cell diagrams with Graphviz; ${missing.length === 1 ? 'this optional peer dependency of gold-nas is' : 'these optional peer dependencies of gold-nas are'} not installed. ` +
    `Run \`npm install ${REPORT_PEERS.join(' ')}\` (searching and re-training work without them)`);
}

/**
 * Loads {@link writeReport} once its optional peers are known to be installed: the way to reach the
 * report from code that must keep working without them (the `gold-nas` command does this).
 *
 * @param base - where to resolve the peers from (default: this module).
 * @returns `writeReport`, or a `DependencyError` naming the missing packages and the `npm install` command.
 *
 * @internal
 */
export async function importReportWriter(base: string | URL = import.meta.url): Promise<Either<GoldNasError, typeof writeReport>> {
  const missing = missingReportPeers(base);
  if (missing.length > 0) return E.left(reportPeersError(missing));
  const writer = await import('./writeReport.js');
  return E.right(writer.writeReport);
}
