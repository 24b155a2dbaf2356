import { describe, expect, it } from 'vitest';
import { driveLoop } from '../../src/loop/driveLoop.js';
import { dispatchEvent } from '../../src/loop/callbacks.js';
import type { EventCallbacks } from '../../src/loop/callbacks.js';
import { NEVER_YIELD, yieldEveryMs, yieldEveryStep } from '../../src/loop/yieldPolicy.js';

/** A body that logs what the driver asks of it, stopping with 'budget' after `steps` steps. */
function loggingBody(steps: number, log: string[], options: { stopAt?: number; checkpointEvery?: number } = {}) {
  let step = 0;
  return {
    body: {
      stopBeforeStep: () => {
        log.push(`stop? ${step}`);
        return step >= steps ? ('budget' as const) : null;
      },
      step: async () => {
        step += 1;
        log.push(`step ${step}`);
        return step === options.stopAt ? ('done' as const) : null;
      },
      checkpointDue: () => options.checkpointEvery !== undefined && step % options.checkpointEvery === 0,
      checkpoint: async () => {
        log.push(`checkpoint ${step}`);
      },
    },
    step: () => step,
  };
}

describe('driveLoop', () => {
  it('asks the body to stop, polls shouldStop, steps, checkpoints when due, then yields, in that order', async () => {
    const log: string[] = [];
    const { body } = loggingBody(2, log, { checkpointEvery: 2 });
    const reason = await driveLoop(body, {
      interrupted: 'interrupted',
      shouldStop: () => { log.push('shouldStop?'); return false; },
      yieldPolicy: { afterStep: () => { log.push('yield'); return undefined; } },
    });
    expect(reason).toBe('budget');
    expect(log).toEqual(['stop? 0', 'shouldStop?', 'step 1', 'yield', 'stop? 1', 'shouldStop?', 'step 2', 'checkpoint 2', 'yield', 'stop? 2']);
  });

  it('returns the interrupted reason when shouldStop asks, before taking a step', async () => {
    const log: string[] = [];
    const { body, step } = loggingBody(10, log);
    let polls = 0;
    const reason = await driveLoop(body, { interrupted: 'interrupted', shouldStop: () => ++polls > 3, yieldPolicy: NEVER_YIELD });
    expect(reason).toBe('interrupted');
    expect(step()).toBe(3);
  });

  it("returns a step's stop reason without a checkpoint after that step", async () => {
    const log: string[] = [];
    const { body } = loggingBody(10, log, { stopAt: 2, checkpointEvery: 1 });
    expect(await driveLoop(body, { interrupted: 'interrupted', yieldPolicy: NEVER_YIELD })).toBe('done');
    expect(log.filter((l) => l.startsWith('checkpoint'))).toEqual(['checkpoint 1']);
  });

  it('yields with setTimeout(0) after every step by default (so timers run between steps)', async () => {
    const log: string[] = [];
    const { body } = loggingBody(2, log);
    let timers = 0;
    const tick = setInterval(() => { timers += 1; }, 0);
    await driveLoop(body, { interrupted: 'interrupted' });
    clearInterval(tick);
    expect(timers).toBeGreaterThan(0);
  });
});

describe('yield policies', () => {
  it('yieldEveryMs yields only once its interval has passed on the injected clock', async () => {
    let now = 0;
    let yields = 0;
    const policy = yieldEveryMs(10, { now: () => now }, async () => { yields += 1; });
    for (const t of [3, 6, 9, 12, 15, 23]) {
      now = t;
      await policy.afterStep();
    }
    expect(yields).toBe(2); // at 12 (12 - 0 ≥ 10) and 23 (23 - 12 ≥ 10)
  });

  it('yieldEveryStep uses the given yield function', async () => {
    let yields = 0;
    const policy = yieldEveryStep(async () => { yields += 1; });
    await policy.afterStep();
    await policy.afterStep();
    expect(yields).toBe(2);
  });
});

describe('dispatchEvent', () => {
  type E = { readonly type: 'step'; readonly n: number } | { readonly type: 'stop' };

  it('calls each callback in list order, on<Type> before onEvent, and waits for an asynchronous one before the next', async () => {
    const log: string[] = [];
    const callbacks: EventCallbacks<E>[] = [
      { onStep: async (e) => { await new Promise((r) => setTimeout(r, 5)); log.push(`a step ${e.n}`); }, onEvent: (e) => { log.push(`a ${e.type}`); } },
      { onStop: () => { log.push('b stop'); }, onEvent: (e) => { log.push(`b ${e.type}`); } },
    ];
    await dispatchEvent(callbacks, { type: 'step', n: 1 });
    expect(dispatchEvent(callbacks, { type: 'stop' })).toBeUndefined();
    expect(log).toEqual(['a step 1', 'a step', 'b step', 'a stop', 'b stop', 'b stop']);
  });
});
