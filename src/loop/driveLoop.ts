/**
 * The one loop driver of the search and the re-training: poll for a stop, take a step, checkpoint
 * when due, yield, repeat. What a step is (a one-level update and a pruning round, or an SGD step
 * and an epoch's evaluation) belongs to the loop body; the driver owns the order of things.
 *
 * @module
 */
import type { YieldPolicy } from './yieldPolicy.js';
import { yieldEveryStep } from './yieldPolicy.js';

/**
 * What a loop does, as seen by {@link driveLoop}. `R` is the loop's stop reason.
 *
 * @example
 * ```ts
 * import type { LoopBody } from 'gold-nas';
 * let step = 0;
 * const body: LoopBody<'budget' | 'interrupted'> = {
 *   stopBeforeStep: () => (step >= 3 ? 'budget' : null),
 *   step: async () => { step += 1; return null; },
 *   checkpointDue: () => false,
 *   checkpoint: async () => {},
 * };
 * ```
 * @since 0.2.0
 */
export interface LoopBody<R extends string> {
  /** A reason to stop before the next step (the budget is spent, the run had already finished), or null. Asked before every step. */
  readonly stopBeforeStep: () => R | null;
  /** One training step and everything due right after it (logging, a pruning round, an epoch's end); resolves to a stop reason, or null to go on. */
  readonly step: () => Promise<R | null>;
  /** Whether a checkpoint is due after the step just taken; asked only when the step did not stop the loop. */
  readonly checkpointDue: () => boolean;
  /** Hands a checkpoint to the caller. */
  readonly checkpoint: () => Promise<void>;
}

/**
 * How {@link driveLoop} is steered from outside.
 *
 * @since 0.2.0
 */
export interface DriveOptions<R extends string> {
  /** The stop reason to give when `shouldStop` asks to stop. */
  readonly interrupted: R;
  /** Polled before every step (after the body's own stop check); true stops the loop with `interrupted`. */
  readonly shouldStop?: () => boolean;
  /** When to yield to the event loop between steps (default {@link yieldEveryStep}: a `setTimeout(0)` after every step). */
  readonly yieldPolicy?: YieldPolicy;
}

/**
 * Runs a loop body until it stops. Per iteration: `body.stopBeforeStep()`, then `shouldStop()`,
 * then `body.step()`; when the step did not stop the loop and `body.checkpointDue()`, a
 * checkpoint; then the yield policy. Stopping is a value, never an exception: the reason is returned.
 * What follows the last step (a final checkpoint, the stop event) is the caller's.
 *
 * @param body - the loop's steps and checkpoints.
 * @param options - the stop poll, the interrupted reason and the yield policy.
 * @returns why the loop stopped.
 *
 * @example
 * ```ts
 * import { driveLoop, NEVER_YIELD } from 'gold-nas';
 * let step = 0;
 * const reason = await driveLoop({
 *   stopBeforeStep: () => (step >= 3 ? 'budget' : null),
 *   step: async () => { step += 1; return null; },
 *   checkpointDue: () => step % 2 === 0,
 *   checkpoint: async () => console.log('checkpoint at', step),
 * }, { interrupted: 'interrupted', yieldPolicy: NEVER_YIELD });
 * // reason === 'budget', one checkpoint at step 2
 * ```
 * @since 0.2.0
 */
export async function driveLoop<R extends string>(body: LoopBody<R>, options: DriveOptions<R>): Promise<R> {
  const policy = options.yieldPolicy ?? yieldEveryStep();
  for (;;) {
    const before = body.stopBeforeStep();
    if (before !== null) return before;
    if (options.shouldStop?.() === true) return options.interrupted;
    const stopped = await body.step();
    if (stopped === null && body.checkpointDue()) await body.checkpoint();
    const pause = policy.afterStep();
    if (pause !== undefined) await pause;
    if (stopped !== null) return stopped;
  }
}
