/**
 * The injected tfjs namespace. gold-nas never imports a tfjs runtime to run ops: every function
 * that computes takes `tf` as an argument. Pass `@tensorflow/tfjs`, `@tensorflow/tfjs-core` with a
 * backend package, or `@tensorflow/tfjs-node-gpu`; all satisfy this type.
 *
 * @module
 */
import type * as tfc from '@tensorflow/tfjs-core';

/**
 * The tfjs namespace gold-nas computes with.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { TF } from 'gold-nas';
 * const injected: TF = tf;
 * ```
 * @since 0.1.0
 */
export type TF = typeof tfc;
