/**
 * When a training loop hands control back to the JavaScript event loop. A step is synchronous
 * work on the device; between steps the loop awaits what its yield policy returns, so that signal
 * handlers, timers and (in a browser) rendering can run.
 *
 * @module
 */
import type { LoopClock } from './clock.js';

/**
 * Asked after every step whether to yield: returns a promise to await, or `undefined` to go on.
 *
 * @example
 * ```ts
 * import type { YieldPolicy } from 'gold-nas';
 * const everyTenthStep = (): YieldPolicy => {
 *   let n = 0;
 *   return { afterStep: () => (++n % 10 === 0 ? new Promise<void>((r) => setTimeout(r, 0)) : undefined) };
 * };
 * ```
 * @since 0.2.0
 */
export interface YieldPolicy {
  /**
   * Called after every training step.
   *
   * @returns a promise the loop awaits before the next step, or `undefined` to continue at once.
   */
  readonly afterStep: () => Promise<void> | undefined;
}

/**
 * A zero-delay `setTimeout`: lets timers and signal handlers run, in Node and in browsers.
 *
 * @returns a promise resolved on the next timer turn.
 */
export function timerTurn(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/**
 * Yields after every step (the default: `setTimeout(0)`, so Ctrl-C is seen between steps).
 *
 * @param yieldTo - how to yield (default: a `setTimeout(0)` turn of the event loop).
 * @returns the policy.
 *
 * @example
 * ```ts
 * import { yieldEveryStep } from 'gold-nas';
 * const policy = yieldEveryStep();
 * ```
 * @since 0.2.0
 */
export function yieldEveryStep(yieldTo: () => Promise<void> = timerTurn): YieldPolicy {
  return { afterStep: yieldTo };
}

/**
 * Yields once at least `ms` milliseconds have passed since the last yield, e.g. to keep a page
 * responsive at a frame rate without paying a timer turn per step.
 *
 * @param ms - the longest stretch of steps without yielding, in milliseconds.
 * @param clock - the clock to measure it with.
 * @param yieldTo - how to yield (default: a `setTimeout(0)` turn; in a page, e.g. `requestAnimationFrame`).
 * @returns the policy.
 *
 * @example
 * ```ts
 * import { yieldEveryMs } from 'gold-nas';
 * const policy = yieldEveryMs(16, { now: () => performance.now() }, () => new Promise<void>((r) => requestAnimationFrame(() => r())));
 * ```
 * @since 0.2.0
 */
export function yieldEveryMs(ms: number, clock: LoopClock, yieldTo: () => Promise<void> = timerTurn): YieldPolicy {
  let last = clock.now();
  return {
    afterStep: () => {
      const now = clock.now();
      if (now - last < ms) return undefined;
      last = now;
      return yieldTo();
    },
  };
}

/**
 * Never yields: the loop runs its steps back to back (stop requests are still polled, but only a
 * synchronous `shouldStop` can change between steps).
 *
 * @example
 * ```ts
 * import { NEVER_YIELD } from 'gold-nas';
 * NEVER_YIELD.afterStep(); // undefined
 * ```
 * @since 0.2.0
 */
export const NEVER_YIELD: YieldPolicy = { afterStep: () => undefined };
