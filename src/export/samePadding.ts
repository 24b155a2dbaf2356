/**
 * PyTorch's symmetric pooling padding expressed with Keras' `same` padding. Keras pads `same`
 * pooling with values that never count (−∞ for max pooling, excluded from the divisor of average
 * pooling, which is PyTorch's `count_include_pad=False`), but it puts the odd row of padding at the
 * bottom, where PyTorch pads both sides equally. Appending zero rows to the input moves Keras'
 * padding to the top when needed, and cropping removes the extra outputs; the outputs kept never
 * read the appended rows.
 *
 * @module
 * @internal
 */
import { windowOutputSize } from '../space/layers.js';

/** How to pool one axis with `same` padding: rows to append to the input first, outputs to crop after. */
export interface SameAxis {
  /** Zero rows (or columns) appended at the end of the input. */
  readonly extend: number;
  /** Outputs cropped at the end. */
  readonly crop: number;
}

/**
 * Finds how to pool an axis of length `size` as PyTorch does with symmetric padding `pad`, using
 * Keras' `same` padding on an input extended at the end by zero rows that no kept window reads.
 *
 * For example, `sameAxis(16, 3, 2, 1)` is `{ extend: 1, crop: 1 }` (Keras pads the even 16 at the bottom only,
 * 17 on both sides) and `sameAxis(7, 3, 2, 1)` is `{ extend: 0, crop: 0 }`.
 *
 * @param size - the input length.
 * @param window - the window length.
 * @param stride - the step.
 * @param pad - PyTorch's symmetric padding (> 0).
 * @returns the rows to append and the outputs to crop, or `undefined` when no extension works
 *   (a padding Keras' `same` cannot express, e.g. a pad of at least the window).
 * @internal
 */
export function sameAxis(size: number, window: number, stride: number, pad: number): SameAxis | undefined {
  const wanted = windowOutputSize(size, window, stride, pad);
  if (wanted < 1) return undefined;
  const lastEnd = (wanted - 1) * stride - pad + window - 1;
  for (let extend = 0; extend <= stride + window; extend++) {
    const n = size + extend;
    const out = Math.ceil(n / stride);
    const total = Math.max((out - 1) * stride + window - n, 0);
    if (Math.floor(total / 2) !== pad || out < wanted) continue;
    // The appended rows are zeros that Keras counts as input: no kept window may read them.
    if (extend > 0 && lastEnd >= size) continue;
    return { extend, crop: out - wanted };
  }
  return undefined;
}
