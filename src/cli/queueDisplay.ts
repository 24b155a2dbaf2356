/**
 * Showing queued jobs: a table (`gold-nas queue status`), and a live view of jobs being followed
 * (redrawn in place on a terminal, a line per change otherwise).
 *
 * @module
 */
import { textTable } from '../node/format.js';
import { formatDuration } from '../duration.js';
import type { QueuedJob } from '../node/queue/jobQueue.js';
import type { CliIo } from './command.js';

function percentDone(j: QueuedJob): string {
  if (j.state === 'completed') return '100%';
  const p = j.progress;
  return p === null || p.total <= 0 ? '–' : `${Math.min(100, Math.floor((100 * p.done) / p.total))}%`;
}

function eta(j: QueuedJob): string {
  if (j.state !== 'active' || j.progress === null || j.progress.etaSeconds === null) return '–';
  // The estimate was made when the progress was sent; count the time since.
  return formatDuration(Math.max(0, j.progress.etaSeconds - (Date.now() - j.progress.at) / 1000));
}

function detail(j: QueuedJob): string {
  if (j.state === 'failed') return `failed: ${j.failedReason ?? 'no reason given'}`;
  if (j.state === 'delayed' && j.failedReason !== undefined) return `retrying after: ${j.failedReason}`;
  if (j.state === 'completed' && j.summary !== undefined) {
    const s = j.summary;
    if (typeof s.top1 === 'number') return `test top-1 ${(100 * s.top1).toFixed(2)}%${typeof s.epochs === 'number' ? ` after ${s.epochs} epochs` : ''}`;
    if (typeof s.stopReason === 'string') return `${String(s.status)}: ${s.stopReason}, ${String(s.front)} on the front`;
  }
  return j.progress?.text ?? '';
}

/**
 * The jobs as a table: label, state, progress, ETA, worker, starts and what they show.
 *
 * @param jobs - the jobs.
 * @returns the table text.
 */
export function jobTable(jobs: readonly QueuedJob[]): string {
  return textTable(
    ['job', 'state', 'done', 'ETA', 'worker', 'starts', 'detail'],
    jobs.map((j) => [j.label, j.state, percentDone(j), eta(j), j.worker ?? '–', String(j.starts), detail(j)]),
  );
}

/** A live view of followed jobs. */
export interface JobsView {
  update(jobs: readonly QueuedJob[]): void;
  /** Leaves the last table on screen. */
  done(): void;
}

/**
 * A live view on the command's standard error: the table redrawn in place on a terminal; on
 * other streams a line whenever a job changes state or epoch (at most every 30 s per job otherwise).
 *
 * @param io - the command's streams.
 * @returns the view.
 */
export function jobsView(io: CliIo): JobsView {
  if (io.stderrIsTTY === true) {
    let lines = 0;
    return {
      update: (jobs) => {
        const text = jobTable(jobs);
        io.stderr(`${lines > 0 ? `\x1b[${lines}A\x1b[J` : ''}${text}`);
        lines = text.split('\n').length - 1;
      },
      done: () => undefined,
    };
  }
  const seen = new Map<string, { state: string; text: string; at: number }>();
  return {
    update: (jobs) => {
      const now = Date.now();
      for (const j of jobs) {
        const text = detail(j);
        const before = seen.get(j.id);
        const epoch = (s: string): string => /^epoch \d+/.exec(s)?.[0] ?? '';
        const changed = before === undefined || before.state !== j.state || epoch(before.text) !== epoch(text);
        if (!changed && (before.text === text || now - before.at < 30_000)) continue;
        seen.set(j.id, { state: j.state, text, at: now });
        const where = j.worker !== undefined && j.state === 'active' ? ` on ${j.worker}` : '';
        const left = eta(j) === '–' ? '' : `, ETA ${eta(j)}`;
        io.stderr(`${j.label}: ${j.state}${where} ${percentDone(j)}${left}${text === '' ? '' : `  ${text}`}\n`);
      }
    },
    done: () => undefined,
  };
}
