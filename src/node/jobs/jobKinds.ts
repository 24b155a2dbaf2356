/**
 * The job kinds gold-nas's commands queue, as one registry value.
 *
 * @module
 */
import type { AnyJobKind } from './jobKind.js';
import { RETRAIN_JOB } from './retrainJob.js';
import type { SearchJobOptions } from './searchJob.js';
import { searchJobKind } from './searchJob.js';

/**
 * The built-in job kinds by name (`retrain`, `search`), for a worker; extend the object with
 * your own kinds.
 *
 * @param options - the registry module search jobs may use (a worker's `--registry`).
 * @returns the kinds by name.
 *
 * @example
 * ```ts
 * import { jobKinds } from 'gold-nas/node';
 * const kinds = { ...jobKinds() }; // add your own kinds beside them
 * ```
 *
 * @since 0.2.0
 */
export function jobKinds(options: SearchJobOptions = {}): Readonly<Record<string, AnyJobKind>> {
  return { retrain: RETRAIN_JOB, search: searchJobKind(options) };
}
