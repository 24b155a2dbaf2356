/**
 * The cpu backend as `gold-nas` readies it (with its training kernels registered), for tests that
 * train whole networks: the same results as stock tfjs-cpu, several times faster.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { readyBackend } from '../src/backends/readyBackend.js';

/** Sets the cpu backend with gold-nas's cpu training kernels; throws if it cannot. */
export async function useFastCpu(): Promise<void> {
  const ready = await readyBackend(tf, 'cpu');
  if (E.isLeft(ready)) throw new Error(ready.left.message);
}
