/**
 * The injected tfjs namespace type, {@link TF}. It is defined in `src/tf.ts`, below every layer
 * (the kernels in `src/kernels/` need it, and `readyBackend` here installs those kernels, so it
 * cannot live in this folder without a cycle); this module re-exports it for the modules that
 * import it from `backends/`.
 *
 * @module
 */
export type { TF } from '../tf.js';
