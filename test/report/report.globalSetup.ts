/**
 * Global setup of the browser project: generates the report of REPORT_RUN_DIR in Node (as
 * `gold-nas report` does) before the browser tests start, writes it under test-results/, and hands
 * its HTML to the browser test through `provide`/`inject`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { TestProject } from 'vitest/node';
import { writeReport } from '../../src/node/report/index.js';
import { REPORT_ARTIFACT_DIR, REPORT_RUN_DIR } from './reportFixture.js';

export default async function setup(project: TestProject): Promise<void> {
  const root = project.config.root;
  const written = await writeReport({ dir: resolve(root, REPORT_RUN_DIR), out: resolve(root, REPORT_ARTIFACT_DIR, 'report.html') });
  if (E.isLeft(written)) throw new Error(`could not generate the report of ${REPORT_RUN_DIR}: ${written.left.path}: ${written.left.message}`);
  const r = written.right;
  project.provide('report', {
    runDir: REPORT_RUN_DIR,
    html: await readFile(r.out, 'utf8'),
    out: r.out,
    figures: r.figures,
    frontSize: r.frontSize,
    warnings: r.warnings,
  });
}
