/**
 * Writes a study's HTML report and its plot as an SVG file, in the study's folder.
 *
 * @module
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { studyHtml } from '../../report/studyHtml.js';
import { studySpec } from '../../report/studySpec.js';
import type { StudyTable } from '../../study/studyTable.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { renderVegaLiteSvg } from './renderSvg.js';

/**
 * The files {@link writeStudyReport} writes, relative to the study's folder.
 *
 * @since 0.2.0
 */
export const STUDY_REPORT_FILES = { html: 'report.html', plot: 'accuracy-vs-multiply-adds.svg' } as const;

/**
 * Renders a study's plot (Vega-Lite, to SVG) and writes `report.html` and
 * `accuracy-vs-multiply-adds.svg` into its folder, atomically.
 *
 * @param dir - the study's folder.
 * @param table - its figures.
 * @param options - the page's title and notes.
 * @returns the two paths, or an `IoError`.
 *
 * @example
 * ```ts
 * import { studyTable } from 'gold-nas';
 * import { writeStudyReport } from 'gold-nas/report';
 * await writeStudyReport('/tmp/study', studyTable([]), { title: 'A study', notes: [] });
 * ```
 *
 * @since 0.2.0
 */
export async function writeStudyReport(dir: string, table: StudyTable, options: { readonly title: string; readonly notes: readonly string[] }): Promise<Either<GoldNasError, { readonly html: string; readonly plot: string }>> {
  const svg = await renderVegaLiteSvg(studySpec(table));
  const plot = join(dir, STUDY_REPORT_FILES.plot);
  const html = join(dir, STUDY_REPORT_FILES.html);
  const a = await writeFileAtomic(plot, svg);
  if (E.isLeft(a)) return a;
  const b = await writeFileAtomic(html, studyHtml(table, svg, options));
  return E.isLeft(b) ? b : E.right({ html, plot });
}
