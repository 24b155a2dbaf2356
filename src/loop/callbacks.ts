/**
 * Loop callbacks: a list of objects with one optional method per event type (`onStep`,
 * `onRound`, `onEpoch`, `onCheckpoint`, `onStop`, …) and a catch-all `onEvent`, called in list
 * order. A callback may return a promise; it is awaited before the next callback is called, and
 * the loop waits for the last before going on.
 *
 * @module
 */

/**
 * An event: anything with a `type` tag.
 *
 * @since 0.2.0
 */
export interface LoopEvent {
  readonly type: string;
}

/**
 * The callbacks for an event union `E`: `on<Type>` for each event type (`step` → `onStep`), and
 * `onEvent` for every event. Every method is optional.
 *
 * @example
 * ```ts
 * import type { EventCallbacks, SearchEvent } from 'gold-nas';
 * const logRounds: EventCallbacks<SearchEvent> = {
 *   onRound: (e) => console.log(`round ${e.round}: ${e.liveOps} live operators`),
 *   onStop: (e) => console.log(`stopped: ${e.reason}`),
 * };
 * ```
 * @since 0.2.0
 */
export type EventCallbacks<E extends LoopEvent> = {
  readonly [K in E['type'] as `on${Capitalize<K>}`]?: (event: Extract<E, { readonly type: K }>) => void | Promise<void>;
} & {
  /** Receives every event, after its `on<Type>` method. */
  readonly onEvent?: (event: E) => void | Promise<void>;
};

function methodName(type: string): string {
  return `on${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}

/**
 * Calls every callback for one event, in list order (for each: `on<Type>`, then `onEvent`).
 *
 * @param callbacks - the callback list.
 * @param event - the event.
 * @returns a promise when some callback returned one (the loop awaits it), else `undefined`.
 */
export function dispatchEvent<E extends LoopEvent>(callbacks: readonly EventCallbacks<E>[], event: E): Promise<void> | undefined {
  const name = methodName(event.type);
  const calls: (() => unknown)[] = [];
  for (const cb of callbacks) {
    for (const fn of [(cb as Record<string, unknown>)[name], cb.onEvent]) {
      if (typeof fn === 'function') calls.push(() => (fn as (e: E) => unknown).call(cb, event));
    }
  }
  for (let i = 0; i < calls.length; i++) {
    const r = calls[i]!();
    // The first asynchronous callback is awaited before the next one is called.
    if (r instanceof Promise) return finishAfter(r, calls.slice(i + 1));
  }
  return undefined;
}

async function finishAfter(first: Promise<unknown>, rest: readonly (() => unknown)[]): Promise<void> {
  await first;
  for (const call of rest) await call();
}
