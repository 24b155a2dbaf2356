/**
 * The study's report page: one self-contained HTML document with the plot, the tables and τ.
 *
 * @module
 */
import { REPORT_FONT } from './chartTheme.js';
import { escapeHtml } from './escapeHtml.js';
import type { StudyTable } from '../study/studyTable.js';

const h = escapeHtml;
const pct = (x: number | null): string => (x === null ? '–' : (100 * x).toFixed(2));
const num = (x: number): string => `<td class="num">${h(x.toLocaleString('en-US'))}</td>`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
}

const cell = (text: string, numeric = false): string => `<td${numeric ? ' class="num"' : ''}>${h(text)}</td>`;

/**
 * Lays out a study's report page: the accuracy-vs-multiply-adds plot, the summary (mean ± std
 * across seeds), Kendall's τ per method and every architecture.
 *
 * @param study - the figures.
 * @param plotSvg - the rendered plot (`studySpec`).
 * @param options - a title and lines describing the study (data, recipe, command).
 * @returns the HTML document (no scripts, nothing outside itself).
 *
 * @example
 * ```ts
 * import { studyTable } from 'gold-nas';
 * import { studyHtml } from 'gold-nas/report';
 * const html = studyHtml(studyTable([]), '<svg></svg>', { title: 'A study', notes: [] });
 * ```
 *
 * @since 0.2.0
 */
export function studyHtml(study: StudyTable, plotSvg: string, options: { readonly title: string; readonly notes: readonly string[] }): string {
  const summary = table(
    ['method', 'member', 'seeds', 'M mult-adds', 'params', 'shared-weight est. %', 're-trained test top-1 % (mean ± std)', 'search wall time (s)'],
    study.summary.map((s) => [cell(s.method), cell(String(s.member + 1), true), cell(String(s.seeds), true), cell((s.flopsMean / 1e6).toFixed(2), true), num(Math.round(s.paramsMean)),
      cell(pct(s.sharedWeightMean), true), cell(s.accuracyMean === null ? '–' : `${pct(s.accuracyMean)} ± ${pct(s.accuracyStd)}`, true), cell(String(Math.round(s.searchSecondsMean)), true)]),
  );
  const tau = table(['method', "Kendall's τ", 'pairs'],
    study.tau.map((t) => [cell(t.method), cell(Number.isNaN(t.tau.tau) ? '– (undefined)' : t.tau.tau.toFixed(3), true), cell(String(t.tau.n), true)]));
  const rows = table(
    ['method', 'seed', 'member', 'architecture', 'M mult-adds', 'params', 'shared-weight est. %', 'test top-1 %', 'search (s)', 're-training (s)'],
    study.rows.map((r) => [cell(r.method), cell(String(r.seed), true), cell(String(r.member + 1), true), `<td><code>${h(r.id)}</code></td>`, cell((r.flops / 1e6).toFixed(2), true), num(r.params),
      cell(pct(r.sharedWeightAccuracy), true), cell(pct(r.testAccuracy), true), cell(String(Math.round(r.searchSeconds)), true), cell(r.retrainSeconds === null ? '–' : String(Math.round(r.retrainSeconds)), true)]),
  );
  const style = `body { font-family: ${REPORT_FONT}; color: #0f172a; margin: 0; background: #f8fafc; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
section { background: #fff; border: 1px solid #e2e8f0; border-radius: 12px; padding: 18px 22px; margin: 0 0 20px; overflow-x: auto; }
h1 { font-size: 24px; } h2 { font-size: 18px; margin: 0 0 10px; }
p.note { color: #475569; font-size: 14px; margin: 4px 0; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e2e8f0; text-align: left; white-space: nowrap; }
th { font-size: 12px; text-transform: uppercase; color: #64748b; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 13px; background: #f1f5f9; padding: 1px 5px; border-radius: 4px; }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; }`;
  return [
    '<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="generator" content="gold-nas">',
    `<title>${h(options.title)}</title>`, `<style>${style}</style>`, '</head>', '<body>', '<main>',
    `<h1>${h(options.title)}</h1>`,
    ...options.notes.map((n) => `<p class="note">${h(n)}</p>`),
    `<section><h2>Re-trained accuracy against multiply-adds</h2><p class="note">One point per re-trained architecture (every seed); a dashed line joins each method's means across seeds, member by member, at their mean multiply-adds.</p><figure>${plotSvg}</figure></section>`,
    `<section><h2>Per method and member (mean ± std across seeds)</h2>${summary}</section>`,
    `<section><h2>Kendall's τ: shared-weight estimate vs re-trained accuracy</h2>${tau}</section>`,
    `<section><h2>Every architecture</h2>${rows}</section>`,
    '</main>', '</body>', '</html>', '',
  ].join('\n');
}
