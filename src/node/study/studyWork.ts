/**
 * A study's work estimate per job, and how far a job's own report has taken it: the study's
 * progress figure and ETA are shares of this work.
 *
 * @module
 */
import type { JobProgress, JobSpecBase } from '../jobs/jobKind.js';

/** Work of `steps` training steps of `batch` examples through a network of `flops` multiply-adds (forward and backward: 3×). */
export const trainWork = (steps: number, batch: number, flops: number): number => 3 * steps * batch * flops;

/** A job of the study with its estimated work (multiply-adds) and its label in the progress lines. */
export interface PlannedJob<S extends JobSpecBase> {
  readonly spec: S;
  readonly work: number;
  /** The part of `work` that is a selection after the steps (DARTS-PT's decisions), 0 for none. */
  readonly selectionWork?: number;
  readonly label: string;
}

/**
 * The share of a job done at a report: steps fill the work before the selection, decisions the
 * selection's part (so a DARTS-PT selection moves the study's figure on instead of back to 0).
 */
export function jobShare(job: PlannedJob<JobSpecBase>, p: JobProgress): number {
  const own = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const selection = job.work > 0 ? Math.min(1, (job.selectionWork ?? 0) / job.work) : 0;
  return p.unit === 'decision' ? 1 - selection + selection * own : (1 - selection) * own;
}

