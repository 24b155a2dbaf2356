/**
 * `gold-nas report` as a function: read a run directory, render its report, write one HTML file
 * atomically. Nothing is written unless everything was read and rendered. Node-only (exported
 * from `gold-nas/report`).
 *
 * @module
 */
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { writeFileAtomic } from '../atomicWrite.js';
import type { ReportFigureCounts, RenderReportOptions } from './renderReport.js';
import { renderReport } from './renderReport.js';
import type { AccuracySource } from '../../report/reportModel.js';
import { readSearchRun } from './readSearchRun.js';

/**
 * The report file's name inside a run directory when no other path is given.
 *
 * @since 0.1.0
 */
export const REPORT_FILE = 'report.html';

/**
 * Options of {@link writeReport}.
 *
 * @since 0.1.0
 */
export interface WriteReportOptions extends RenderReportOptions {
  /** The run directory. */
  readonly dir: string;
  /** Where to write the HTML (default `<dir>/report.html`). */
  readonly out?: string;
}

/**
 * What {@link writeReport} wrote.
 *
 * @since 0.1.0
 */
export interface WrittenReport {
  /** The absolute path of the HTML file. */
  readonly out: string;
  /** Its size in bytes. */
  readonly bytes: number;
  readonly figures: ReportFigureCounts;
  readonly frontSize: number;
  readonly candidates: number;
  readonly accuracySource: AccuracySource;
  /** What was skipped while reading the run, and any rendering warnings. */
  readonly warnings: readonly string[];
}

/**
 * Reads a run directory, renders its report and writes it as one self-contained HTML file.
 *
 * @param options - the run directory, the output path, and rendering options.
 * @returns what was written, or the error that stopped it (nothing is written then).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { writeReport } from 'gold-nas/report';
 * const r = await writeReport({ dir: 'runs/mnist-quick' });
 * if (E.isRight(r)) console.log(`open ${r.right.out}`);
 * ```
 * @since 0.1.0
 */
export async function writeReport(options: WriteReportOptions): Promise<Either<GoldNasError, WrittenReport>> {
  const run = await readSearchRun(options.dir);
  if (E.isLeft(run)) return run;
  const report = await renderReport(run.right, options);
  const out = resolve(options.out ?? join(options.dir, REPORT_FILE));
  const bytes = Buffer.byteLength(report.html, 'utf8');
  const wrote = await writeFileAtomic(out, report.html);
  if (E.isLeft(wrote)) return wrote;
  return E.right({
    out,
    bytes,
    figures: report.figures,
    frontSize: report.model.front.length,
    candidates: run.right.candidates.length,
    accuracySource: report.model.accuracySource,
    warnings: [...run.right.warnings, ...report.renderWarnings],
  });
}
