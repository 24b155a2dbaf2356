/**
 * The run directory the report's browser test reads, and what the browser project's global setup
 * hands the test. Point REPORT_RUN_DIR at another run directory (for instance a copy of the MNIST
 * quick start's run) to test the report on it; nothing else needs to change.
 */
import type { ReportFigureCounts } from '../../src/node/report/index.js';

/** The run directory, relative to the repository root. */
export const REPORT_RUN_DIR = 'test/fixtures/quickstart-run';

/** Where the generated report and its screenshot go (git-ignored). */
export const REPORT_ARTIFACT_DIR = 'test-results/report';

/** What the global setup generated. */
export interface ProvidedReport {
  readonly runDir: string;
  /** The report's HTML, exactly as `gold-nas report` writes it. */
  readonly html: string;
  /** Where it was written (absolute). */
  readonly out: string;
  readonly figures: ReportFigureCounts;
  readonly frontSize: number;
  readonly warnings: readonly string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    report: ProvidedReport;
  }
}
