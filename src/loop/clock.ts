/**
 * The wall clock a training loop reads for its throughput figures and elapsed time, injected so
 * that a browser page (or a test) can supply its own.
 *
 * @module
 */

/**
 * A source of wall time in milliseconds.
 *
 * @example
 * ```ts
 * import type { LoopClock } from 'gold-nas';
 * const pageClock: LoopClock = { now: () => performance.now() };
 * ```
 * @since 0.2.0
 */
export interface LoopClock {
  /** The current time in milliseconds (any fixed origin). */
  readonly now: () => number;
}

/**
 * `Date.now()`: the default clock of the search and re-training loops.
 *
 * @example
 * ```ts
 * import { SYSTEM_CLOCK } from 'gold-nas';
 * const started = SYSTEM_CLOCK.now();
 * ```
 * @since 0.2.0
 */
export const SYSTEM_CLOCK: LoopClock = { now: () => Date.now() };
