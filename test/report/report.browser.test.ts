/**
 * Opens the HTML report of REPORT_RUN_DIR (generated in Node by the browser project's global
 * setup, exactly as `gold-nas report` writes it) in Chromium twice: in an iframe of the test page,
 * to check that every chart and diagram rendered with a size and nothing logged an error; and from
 * disk (file://) in a page of its own (the `openReportFile` browser command), to check that it
 * fetches nothing and to save a full-page screenshot to test-results/report/report.png.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import { REPORT_ARTIFACT_DIR } from './reportFixture.js';
import type {} from './report.commands.js'; // the openReportFile command's type

const report = inject('report');

/** Collects errors (script errors, failed resource loads, console.error) from the page, from its first byte. */
const ERROR_PROBE = `<script>window.__reportErrors=[];addEventListener('error',function(e){window.__reportErrors.push(String(e.message||(e.target&&(e.target.src||e.target.href))||'error'))},true);(function(c){console.error=function(){window.__reportErrors.push(Array.prototype.join.call(arguments,' '));return c.apply(console,arguments)}})(console.error);</script>`;

interface ReportWindow extends Window {
  __reportErrors: string[];
}

let frame: HTMLIFrameElement;
let doc: Document;

async function openReport(html: string): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.style.cssText = 'width:1280px;height:900px;border:0;display:block;';
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  iframe.srcdoc = html.replace('<head>', `<head>${ERROR_PROBE}`);
  document.body.style.margin = '0';
  document.body.append(iframe);
  await loaded;
  return iframe;
}

function size(el: Element): { width: number; height: number } {
  const r = el.getBoundingClientRect();
  return { width: r.width, height: r.height };
}

describe(`the HTML report of ${report.runDir}`, () => {
  beforeAll(async () => {
    await page.viewport(1280, 900);
    frame = await openReport(report.html);
    doc = frame.contentDocument!;
    // Show every candidate's cells (only the first is open by default), then fit the frame to the page.
    for (const d of doc.querySelectorAll('details')) d.open = true;
    frame.style.height = `${doc.documentElement.scrollHeight}px`;
  });

  it('has a title, the key figures and every section', () => {
    expect(doc.title).toContain('GOLD-NAS report');
    expect(doc.querySelectorAll('.kpi').length).toBe(6);
    for (const id of ['front', 'search', 'gates', 'cells', 'config']) expect(doc.getElementById(id), id).not.toBeNull();
  });

  it('draws one Pareto plot with both panels and a point per candidate', () => {
    const svgs = doc.querySelectorAll('[data-figure="pareto"] svg');
    expect(svgs.length).toBe(1);
    const { width, height } = size(svgs[0]!);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(200);
    expect(svgs[0]!.querySelectorAll('.mark-symbol path').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('table.front tbody tr').length).toBe(report.frontSize);
  });

  it('draws the search timeline', () => {
    const svgs = doc.querySelectorAll('[data-figure="timeline"] svg');
    expect(svgs.length).toBe(1);
    expect(size(svgs[0]!).height).toBeGreaterThan(300);
    expect(svgs[0]!.querySelectorAll('.mark-line path').length).toBeGreaterThanOrEqual(4);
  });

  it('draws one gate heat map per chosen round, with pruned operators marked', () => {
    const svgs = [...doc.querySelectorAll('[data-figure="gates"] svg')];
    expect(svgs.length).toBe(report.figures.gates);
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) {
      const { width, height } = size(svg);
      expect(width).toBeGreaterThan(50);
      expect(height).toBeGreaterThan(50);
      expect(svg.querySelectorAll('.mark-rect path').length).toBeGreaterThan(0);
    }
    // The last round has pruned operators: grey squares crossed out.
    expect(svgs[svgs.length - 1]!.querySelectorAll('.mark-text text').length).toBeGreaterThan(0);
  });

  it('draws every cell of every front candidate as a Graphviz diagram', () => {
    const svgs = [...doc.querySelectorAll('[data-figure="cell"] svg')];
    expect(svgs.length).toBe(report.figures.cells);
    expect(doc.querySelectorAll('details.candidate').length).toBe(report.frontSize);
    for (const svg of svgs) {
      const { width, height } = size(svg);
      expect(width).toBeGreaterThan(50);
      expect(height).toBeGreaterThan(30);
      expect(svg.querySelectorAll('g.node').length).toBeGreaterThanOrEqual(4);
      expect(svg.querySelectorAll('g.edge').length).toBeGreaterThan(0);
    }
  });

  it('fetches nothing and logs no error', () => {
    const win = frame.contentWindow as ReportWindow;
    expect(win.__reportErrors).toEqual([]);
    expect(win.performance.getEntriesByType('resource')).toEqual([]);
    expect(doc.querySelectorAll('script').length).toBe(1); // the probe; the report has none
  });

  it('opens from disk (file://) without fetching anything, and saves a full-page screenshot', async () => {
    const opened = await commands.openReportFile(`${REPORT_ARTIFACT_DIR}/report.html`, `${REPORT_ARTIFACT_DIR}/report.png`);
    expect(opened.requests).toEqual([]);
    expect(opened.errors).toEqual([]);
    expect(opened.height).toBeGreaterThan(1500);
    expect(opened.screenshot).toMatch(/test-results\/report\/report\.png$/);
  });
});
