/**
 * Internal: the one invariant every scheduler relies on: the gates and the live mask have one
 * entry per operator slot.
 *
 * @module
 * @internal
 */
import type { PruningInput } from './scheduler.js';

/**
 * Throws when the gates or the live mask do not have one entry per slot (a broken internal
 * invariant: the caller mixed up spaces).
 *
 * @param input - a scheduler's input.
 * @throws Error if the gates or the live mask do not have one entry per slot.
 * @internal
 */
export function assertPruningInput(input: PruningInput<unknown>): void {
  const n = input.slots.length;
  if (input.live.length !== n || input.snapshot.gates.length !== n) {
    throw new Error(`pruning: expected ${n} slots, got a live mask of ${input.live.length} and ${input.snapshot.gates.length} gates`);
  }
}
