/**
 * BullMQ is an optional peer dependency of gold-nas, needed only by the job queue (`--queue`,
 * `gold-nas worker`, `gold-nas queue`): this module imports it on demand and says what to install
 * when it is missing. Nothing reachable from the package's entry points imports it statically.
 *
 * @module
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';

/**
 * The BullMQ module.
 *
 * @internal
 */
export type Bullmq = typeof import('bullmq');

/** The BullMQ version gold-nas is tested with. */
export const BULLMQ_VERSION = '5.81.5';

/**
 * Imports BullMQ.
 *
 * @param load - how to import it (for tests).
 * @returns the module, or a `DependencyError` with the `npm install` command.
 *
 * @internal
 */
export async function loadBullmq(load: () => Promise<unknown> = () => import('bullmq')): Promise<Either<GoldNasError, Bullmq>> {
  try {
    return E.right((await load()) as Bullmq);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    const message = e instanceof Error ? e.message : String(e);
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /bullmq/.test(message)) {
      return E.left(goldNasError('DependencyError', 'bullmq',
        `the job queue (--queue, gold-nas worker, gold-nas queue) runs on BullMQ, an optional peer dependency of gold-nas that is not installed. ` +
        `Run \`npm install bullmq@${BULLMQ_VERSION}\` (it brings ioredis; searching and re-training in one process work without it)`));
    }
    return E.left(goldNasError('DependencyError', 'bullmq', `bullmq is installed but failed to load: ${message}`));
  }
}
