/**
 * A browser command (runs in Node, next to Playwright) for the report's browser test: opens the
 * generated report from disk (file://) in a page of its own, records every request other than the
 * file itself and every error, and saves the whole page as screenshots. The test's own iframe cannot take
 * a full-page screenshot: Chromium paints only what lies inside the tester's viewport.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserCommand } from 'vitest/node';

/** What {@link openReportFile} saw. */
export interface OpenedReport {
  /** Requests other than the report file itself (a self-contained report makes none). */
  readonly requests: readonly string[];
  /** Console errors, page errors and failed loads. */
  readonly errors: readonly string[];
  /** The page's full height in CSS pixels. */
  readonly height: number;
  /** The absolute path of the screenshot (the page's first slice). */
  readonly screenshot: string;
  /** Every slice, in page order (the first is `screenshot`). */
  readonly slices: readonly string[];
}

/** The tallest slice of one screenshot file, in CSS pixels. */
const SLICE = 4000;

/** Opens `file` (relative to the project root) at 1280 px wide and screenshots the whole page to `png` (and numbered slices after it). */
export const openReportFile: BrowserCommand<[file: string, png: string], OpenedReport> = async (ctx, file, png) => {
  const root = ctx.project.config.root;
  const url = pathToFileURL(resolve(root, file)).href;
  const screenshot = resolve(root, png);
  const page = await ctx.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  page.on('requestfailed', (r) => errors.push(`failed to load ${r.url()}`));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await mkdir(dirname(screenshot), { recursive: true });
    // Chromium repeats tiles in full-page captures taller than about 8,000 px, so a long report is
    // saved as the first slice (`report.png`) plus numbered slices (`report-2.png`, …) of at most SLICE px.
    const slices: string[] = [];
    for (let top = 0, i = 1; top < height; top += SLICE, i++) {
      const path = i === 1 ? screenshot : screenshot.replace(/\.png$/, `-${i}.png`);
      await page.screenshot({ path, fullPage: true, clip: { x: 0, y: top, width: 1280, height: Math.min(SLICE, height - top) } });
      slices.push(path);
    }
    return { requests, errors, height, screenshot, slices };
  } finally {
    await page.close();
  }
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    openReportFile: (file: string, png: string) => Promise<OpenedReport>;
  }
}
