/**
 * A trainable variable with a stable name: the unit the optimisers, the gradient helpers and the
 * blocks exchange. A leaf module (types only), so that `optim/`, `backends/` and `blocks/` can all
 * use it without importing one another.
 *
 * @module
 */
import type { Variable } from '@tensorflow/tfjs-core';

/**
 * A named trainable variable. The name must be stable across runs: it keys the momentum buffers and checkpoints.
 *
 * @since 0.1.0
 */
export interface NamedVariable {
  readonly name: string;
  readonly variable: Variable;
}
