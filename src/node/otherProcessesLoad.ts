/**
 * How busy the rest of the machine is: the CPU time all CPUs spent on work (`os.cpus()`) minus
 * this process's own (`process.cpuUsage()`, every thread of it), between two readings. The kernel
 * pool reads it to decide whether its workers may watch for work for long (spare cores) or must
 * sleep soon (another process wants the cores).
 *
 * @module
 * @internal
 */
import os from 'node:os';

/** One reading: wall time (ms), the CPUs counted, their busy time (ms), this process's CPU time (µs). */
interface Reading {
  readonly wallMs: number;
  readonly cpus: number;
  readonly busyMs: number;
  readonly ownMicros: number;
}

/** What a reading needs, injected for tests. */
export interface LoadSources {
  /** The CPUs' time counters, as `os.cpus()`. */
  readonly cpus: () => readonly { readonly times: { readonly user: number; readonly nice: number; readonly sys: number; readonly irq: number } }[];
  /** This process's CPU time, as `process.cpuUsage()`. */
  readonly cpuUsage: () => { readonly user: number; readonly system: number };
  /** A clock in milliseconds, as `performance.now()`. */
  readonly now: () => number;
}

const NODE_SOURCES: LoadSources = { cpus: () => os.cpus(), cpuUsage: () => process.cpuUsage(), now: () => performance.now() };

function read(s: LoadSources): Reading {
  const cpus = s.cpus();
  let busyMs = 0;
  for (const { times: t } of cpus) busyMs += t.user + t.nice + t.sys + t.irq;
  const u = s.cpuUsage();
  return { wallMs: s.now(), cpus: cpus.length, busyMs, ownMicros: u.user + u.system };
}

/**
 * A reader of other processes' CPU use, over windows of at least `windowMs`.
 *
 * @param windowMs - the shortest window: a call sooner after the last reading only looks at the
 *   clock (the counters tick every 10 ms or so, so a few hundred ms give the load within a tenth of
 *   a CPU).
 * @param sources - the counters (Node's by default).
 * @returns a function giving the CPUs other processes kept busy, on average, since the last
 *   reading (this call, the first time), and the number of CPUs counted; `undefined` while less
 *   than `windowMs` has passed.
 */
export function otherProcessesLoad(windowMs: number, sources: LoadSources = NODE_SOURCES): () => { readonly others: number; readonly cpus: number } | undefined {
  let last = read(sources);
  return () => {
    const wallMs = sources.now() - last.wallMs;
    if (!(wallMs > 0) || wallMs < windowMs) return undefined;
    const now = read(sources);
    const others = (now.busyMs - last.busyMs - (now.ownMicros - last.ownMicros) / 1000) / (now.wallMs - last.wallMs);
    last = now;
    return { others: Math.max(0, others), cpus: now.cpus };
  };
}
