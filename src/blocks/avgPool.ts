/**
 * Average pooling that excludes the zero padding from the divisor (PyTorch's
 * `count_include_pad=False`, as DARTS uses), identical on every backend in both directions.
 *
 * tfjs's `avgPool` with padding is not usable here: on the cpu backend its forward pass divides by
 * the number of valid taps but its gradient divides by the full window, so the two disagree at
 * the borders. This pads explicitly, pools without padding, and rescales border outputs by a
 * constant map made once per input size.
 *
 * @module
 */
import type { GradSaveFunc, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { TF } from '../tf.js';
import { windowOutputSize } from '../space/layers.js';

/** A padding-excluding average pool; owns its cached correction maps. */
export interface AvgPoolExcludingPadding {
  /** Pools `x` (NHWC). Call inside `tidy`. */
  readonly apply: (x: Tensor4D) => Tensor4D;
  /** Frees the cached correction maps. */
  readonly dispose: () => void;
}

/** Valid taps of each output position along one axis. */
function validTaps(size: number, window: number, stride: number, pad: number): number[] {
  const out = windowOutputSize(size, window, stride, pad);
  return Array.from({ length: out }, (_, o) => {
    const start = o * stride - pad;
    return Math.min(start + window, size) - Math.max(start, 0);
  });
}

/**
 * Builds an average pool with a square window, a stride and symmetric zero padding whose divisor
 * is the number of input pixels under the window (padding excluded).
 *
 * @param tf - the injected tfjs namespace.
 * @param size - window height and width.
 * @param stride - step along height and width.
 * @param pad - symmetric zero padding.
 * @returns the pool and its `dispose`.
 */
export function avgPoolExcludingPadding(tf: TF, size: number, stride: number, pad: number): AvgPoolExcludingPadding {
  const corrections = new Map<string, Tensor>();
  const correction = (h: number, w: number): Tensor => {
    const key = `${h}x${w}`;
    let c = corrections.get(key);
    if (c === undefined) {
      const rows = validTaps(h, size, stride, pad);
      const cols = validTaps(w, size, stride, pad);
      const values = new Float32Array(rows.length * cols.length);
      rows.forEach((r, i) => cols.forEach((q, j) => (values[i * cols.length + j] = (size * size) / (r * q))));
      c = tf.keep(tf.tensor4d(values, [1, rows.length, cols.length, 1]));
      corrections.set(key, c);
    }
    return c;
  };
  return {
    apply: (x) => {
      if (pad === 0) return tf.avgPool(x, size, stride, 'valid');
      const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
      return tf.mul(tf.avgPool(padded, size, stride, 'valid'), correction(x.shape[1], x.shape[2]));
    },
    dispose: () => {
      for (const c of corrections.values()) c.dispose();
      corrections.clear();
    },
  };
}

/**
 * The global average pool `mean(x, [1, 2])` of an NHWC tensor, whose gradient is dy / (H·W)
 * copied to every pixel. tfjs's `mean` gradient multiplies dy by a tensor of ones it builds in JS on
 * every call (about 2 MB a step for the super-network's head).
 *
 * @param tf - the injected tfjs namespace.
 * @returns the op, differentiable in `x`.
 * @internal
 */
export function globalAveragePool(tf: TF): (x: Tensor) => Tensor {
  const pool = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const x = args[0] as Tensor4D;
    const [n, h, w, c] = x.shape;
    return {
      value: tf.mean(x, [1, 2]),
      // H·W copies of dy / (H·W) by a concat (block copies): tfjs-wasm 4.22's Tile, and so
      // broadcastTo, took 40-70 ms for the gold-tiny head's [32, 8, 8, 256], the concat 2 ms.
      gradFunc: (dy: Tensor) => {
        const g = tf.reshape(tf.div(dy, h * w), [n, 1, c]);
        return tf.reshape(tf.concat(new Array<Tensor>(h * w).fill(g), 1), [n, h, w, c]);
      },
    };
  }) as (x: Tensor) => Tensor;
  return (x) => (x.rank === 4 && x.dtype === 'float32' ? pool(x) : tf.mean(x, [1, 2]));
}
