import { describe, expect, it } from 'vitest';
import { type LoadSources, otherProcessesLoad } from '../../src/node/otherProcessesLoad.js';
import { BUSY_WORKER_SPIN_MICROSECONDS, WORKER_SPIN_MICROSECONDS, hasSpareCores } from '../../src/node/startKernelPool.js';

/** Counters that a test moves by hand: two CPUs' busy milliseconds, this process's microseconds, the clock. */
function fakeCounters(): LoadSources & { advance(wallMs: number, machineBusyMs: number, ownMs: number): void } {
  let wall = 1000;
  let busy = 5000;
  let own = 2_000_000;
  const cpu = (ms: number): { times: { user: number; nice: number; sys: number; irq: number } } => ({ times: { user: ms * 0.7, nice: 0, sys: ms * 0.3, irq: 0 } });
  return {
    cpus: () => [cpu(busy / 2), cpu(busy / 2)],
    cpuUsage: () => ({ user: own * 0.9, system: own * 0.1 }),
    now: () => wall,
    advance(wallMs, machineBusyMs, ownMs) {
      wall += wallMs;
      busy += machineBusyMs;
      own += ownMs * 1000;
    },
  };
}

describe('otherProcessesLoad', () => {
  it('gives the CPUs other processes kept busy since the previous reading: all CPUs\' busy time less this process\'s', () => {
    const c = fakeCounters();
    const read = otherProcessesLoad(200, c);
    // 250 ms: the machine busy for 450 ms of CPU, 400 of them this process's (two threads).
    c.advance(250, 450, 400);
    expect(read()).toEqual({ others: expect.closeTo(0.2, 10) as number, cpus: 2 });
    // The next window: a CPU-bound neighbour (200 ms) beside this process (300 ms).
    c.advance(250, 500, 300);
    expect(read()!.others).toBeCloseTo(0.8, 10);
  });

  it('never reads below zero (counters tick at different times) and says nothing before the window has passed', () => {
    const c = fakeCounters();
    const read = otherProcessesLoad(100, c);
    expect(read()).toBeUndefined();
    c.advance(50, 150, 180);
    expect(read()).toBeUndefined();
    c.advance(50, 0, 0);
    expect(read()!.others).toBe(0);
  });
});

describe('hasSpareCores', () => {
  it('is true on a quiet machine and false beside a CPU-bound process, for a pool as wide as the machine', () => {
    expect(hasSpareCores(0.1, 2, 2)).toBe(true);
    expect(hasSpareCores(0.5, 2, 2)).toBe(false);
    expect(hasSpareCores(0.9, 2, 2)).toBe(false);
  });

  it('counts the cores the pool leaves over', () => {
    expect(hasSpareCores(1.5, 4, 2)).toBe(true);
    expect(hasSpareCores(2.5, 4, 2)).toBe(false);
    expect(hasSpareCores(0.9, 2, 1)).toBe(true);
  });

  it('watches longer with spare cores than without', () => {
    expect(WORKER_SPIN_MICROSECONDS).toBeGreaterThan(BUSY_WORKER_SPIN_MICROSECONDS);
  });
});
