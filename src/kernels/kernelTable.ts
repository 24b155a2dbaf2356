/**
 * The format of a backend's kernel table: the kernels gold-nas can install for one tfjs backend,
 * as data. `installKernels` installs any table, so a backend's kernel set is its table and
 * nothing else; adding a kernel is one implementation module and one row.
 *
 * @module
 */
import type { KernelFunc } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import type { KernelContext } from './support/kernelContext.js';

/**
 * One kernel of a {@link KernelTable}.
 *
 * @since 0.2.0
 */
export interface KernelRow<K extends string = string, N extends string = string> {
  /** The kernel's name in tfjs's registry (a stock name such as `'Slice'`, or one of gold-nas's from `kernels/names`). */
  readonly kernelName: N;
  /**
   * `true`: the row replaces the backend's stock kernel of that name (process-wide, for every user
   * of the `tf` namespace) and may fall back to it. `false`: it fills a gap, and is installed only
   * where the backend has no kernel of that name (a stock one, if there is one, wins).
   */
  readonly replacesStock: boolean;
  /** The table's switch that turns the row off (every switch is on by default); none: always installed when selected. */
  readonly option?: K;
  /**
   * Builds the kernel function. A replacement receives the stock kernel to fall back to; `undefined`
   * means the kernel cannot be built without one, and the row is skipped. `context` holds the pool
   * of threads, if any.
   */
  readonly make: (tf: TF, stock: KernelFunc | undefined, context: KernelContext) => KernelFunc | undefined;
}

/**
 * A backend's kernel table: the rows `installKernels` installs for `backendName`. `K` names the
 * table's switches (the keys of its options interface), `N` its kernels.
 *
 * @since 0.2.0
 */
export interface KernelTable<K extends string = string, N extends string = string> {
  /** The tfjs backend the kernels are registered for. */
  readonly backendName: string;
  /** The rows, in installation order. */
  readonly rows: readonly KernelRow<K, N>[];
  /** Why a row is skipped whose `make` needed a stock kernel that the backend lacks. */
  readonly missingStock: string;
}

/**
 * Which rows of a table to install: `'all'`; `'gaps'`, only the rows that fill a gap (no stock
 * kernel is replaced, so stock ops give stock results); `'none'`.
 *
 * @since 0.2.0
 */
export type KernelSelection = 'all' | 'gaps' | 'none';
