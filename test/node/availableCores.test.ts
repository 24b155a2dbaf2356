import { describe, expect, it } from 'vitest';
import { availableCores, cgroupCpuQuota } from '../../src/node/availableCores.js';

const files = (m: Record<string, string>) => (p: string): string | undefined => m[p];

describe('availableCores', () => {
  it('takes the affinity count when there is no cgroup quota', () => {
    expect(cgroupCpuQuota(files({}))).toBeUndefined();
    expect(availableCores(files({}), 6)).toBe(6);
    expect(availableCores(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' }), 2)).toBe(2);
    expect(availableCores(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }), 4)).toBe(4);
  });

  it('lowers it to a cgroup v2 quota of the process own group, rounded down', () => {
    const read = files({ '/proc/self/cgroup': '0::/box\n', '/sys/fs/cgroup/box/cpu.max': '150000 100000\n', '/sys/fs/cgroup/cpu.max': 'max 100000' });
    expect(cgroupCpuQuota(read)).toBe(1.5);
    expect(availableCores(read, 8)).toBe(1);
  });

  it('lowers it to a cgroup v1 quota, and never below 1', () => {
    const v1 = (q: string) => files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': q, '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' });
    expect(availableCores(v1('200000'), 8)).toBe(2);
    expect(availableCores(v1('50000'), 8)).toBe(1);
    expect(availableCores(v1('800000'), 2)).toBe(2);
  });
});
