/**
 * A progress printer for long work: a bar with an ETA redrawn in place on a TTY, plain lines
 * otherwise (CI logs, pipes). Event lines (a prune, a new candidate) print above the bar.
 *
 * @module
 */

import { formatDuration } from '../duration.js';

/** Where the printer writes and how. */
export interface ProgressOptions {
  /** The stream to write to (default `process.stderr`). */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** What is being counted, e.g. `step`. */
  readonly unit: string;
  /** The total, when known (an upper bound is fine: the ETA then reads as "at most"). */
  readonly total?: number;
  /** Whether `total` is an upper bound rather than exact. */
  readonly totalIsBound?: boolean;
  /** In plain mode, print a line every this many units (default: about 20 lines over the total, at least every 10). */
  readonly plainEvery?: number;
  /** Force TTY or plain mode (default: the stream's `isTTY`). */
  readonly tty?: boolean;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/** A live progress display. */
export interface Progress {
  /**
   * Reports the current count and a few named figures to show (`{ loss: '0.31' }`). With
   * `reused`, the rise since the last report is work found done (re-used, resumed), not done at
   * this rate: the ETA leaves it out.
   */
  update(current: number, fields?: Readonly<Record<string, string>>, reused?: boolean): void;
  /** Prints a line above the bar. */
  log(line: string): void;
  /** Ends the display (clears the bar on a TTY). */
  done(): void;
}

/**
 * Creates a progress printer.
 *
 * @param options - stream, unit, total and mode.
 * @returns the printer.
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const now = options.now ?? (() => Date.now());
  const start = now();
  const total = options.total;
  const every = options.plainEvery ?? Math.max(10, total !== undefined ? Math.ceil(total / 20) : 10);
  let lastLine = '';
  let lastPlain = -Infinity;
  let started: { count: number; time: number } | null = null;
  let lastCount = 0;

  const render = (current: number, fields: Readonly<Record<string, string>>): string => {
    const elapsed = (now() - start) / 1000;
    let eta = '';
    if (total !== undefined && started !== null && current > started.count) {
      const rate = (current - started.count) / ((now() - started.time) / 1000);
      eta = ` ETA ${options.totalIsBound ? '≤' : ''}${formatDuration((total - current) / rate)}`;
    }
    const figures = Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(' | ');
    const count = total !== undefined ? `${options.unit} ${current}/${total}` : `${options.unit} ${current}`;
    let bar = '';
    if (total !== undefined && tty) {
      const width = 20;
      const filled = Math.max(0, Math.min(width, Math.round((current / total) * width)));
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
    }
    return `${bar}${count} ${formatDuration(elapsed)}${eta}${figures ? ` | ${figures}` : ''}`;
  };

  const clear = (): void => {
    if (tty && lastLine !== '') stream.write('\r\x1b[2K');
  };

  return {
    update(current, fields = {}, reused = false) {
      if (started === null) started = { count: current, time: now() };
      else if (reused) started = { count: started.count + (current - lastCount), time: started.time };
      lastCount = current;
      const line = render(current, fields);
      if (tty) {
        const columns = stream.columns ?? 120;
        clear();
        lastLine = line.length > columns - 1 ? line.slice(0, columns - 1) : line;
        stream.write(lastLine);
      } else if (current - lastPlain >= every || (total !== undefined && current >= total)) {
        lastPlain = current;
        stream.write(line + '\n');
      }
    },
    log(line) {
      clear();
      stream.write(line + '\n');
      if (tty && lastLine !== '') stream.write(lastLine);
    },
    done() {
      clear();
      lastLine = '';
    },
  };
}
