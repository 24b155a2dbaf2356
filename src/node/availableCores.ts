/**
 * The cores this process may really use: `os.availableParallelism()` (the CPU affinity mask),
 * lowered by a cgroup CPU quota (containers: `cpu.max` in cgroup v2, `cpu.cfs_quota_us` /
 * `cpu.cfs_period_us` in v1), rounded down and at least 1. The CLI's default `--threads`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Reads a file's text, or undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The cgroup CPU quota in cores (quota / period), or undefined when there is none.
 *
 * @param read - reads a file (injected for tests).
 * @returns the quota in cores, possibly fractional.
 */
export function cgroupCpuQuota(read: ReadText = readText): number | undefined {
  // v2: the process's own group ("0::/path") holds cpu.max: "<quota|max> <period>".
  const own = (read('/proc/self/cgroup') ?? '').split('\n').find((l) => l.startsWith('0::'))?.slice(3).trim();
  for (const dir of [...(own !== undefined && own !== '/' && own !== '' ? [`/sys/fs/cgroup${own}`] : []), '/sys/fs/cgroup']) {
    const max = read(`${dir}/cpu.max`)?.trim().split(/\s+/);
    if (max !== undefined && max.length === 2) {
      const quota = Number(max[0]);
      const period = Number(max[1]);
      return max[0] !== 'max' && quota > 0 && period > 0 ? quota / period : undefined;
    }
  }
  // v1: -1 means no quota.
  const quota = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim());
  const period = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim());
  return Number.isFinite(quota) && Number.isFinite(period) && quota > 0 && period > 0 ? quota / period : undefined;
}

/**
 * The cores this process may use: the affinity mask's count, lowered by a cgroup quota.
 *
 * @param read - reads a file (injected for tests).
 * @param parallelism - the affinity mask's count (default `os.availableParallelism()`).
 * @returns a whole number of cores, at least 1.
 */
export function availableCores(read: ReadText = readText, parallelism: number = os.availableParallelism()): number {
  const quota = cgroupCpuQuota(read);
  return Math.max(1, Math.floor(Math.min(parallelism, quota ?? Number.POSITIVE_INFINITY)));
}
