/**
 * Pure index arithmetic for the convolution gradients that gold-nas builds out of forward
 * convolutions (see `WASM_KERNEL_TABLE`). Everything here works on one spatial axis
 * at a time and on plain numbers: no tensors.
 *
 * Notation for one axis of a forward convolution: the input has `size` pixels and is padded
 * with `padBefore` zeros in front; the filter has `filter` taps spaced `dilation` apart; the
 * output has `out` pixels taken every `stride` input pixels.
 *
 * @module
 */

/** One spatial axis of a forward convolution. */
export interface ConvAxis {
  /** Input pixels along the axis. */
  readonly size: number;
  /** Output pixels along the axis (the gradient's extent). */
  readonly out: number;
  /** Filter taps along the axis. */
  readonly filter: number;
  /** Stride of the forward convolution. */
  readonly stride: number;
  /** Dilation of the forward convolution. */
  readonly dilation: number;
  /** Zeros padded in front of the input. */
  readonly padBefore: number;
}

/**
 * How to run one derived convolution along one axis: explicit pads (never negative) and the
 * window `[cropStart, cropStart + length)` of its output that is the wanted result. When
 * `cropStart === 0` and `outLength === length` no crop is needed.
 */
export interface DerivedAxis {
  /** Zeros to pad in front. */
  readonly padBefore: number;
  /** Zeros to pad behind. */
  readonly padAfter: number;
  /** The derived convolution's output length with these pads. */
  readonly outLength: number;
  /** First output pixel to keep. */
  readonly cropStart: number;
  /** Output pixels to keep. */
  readonly length: number;
}

/**
 * The span of padded input a forward convolution reads: `(out-1)·stride + (filter-1)·dilation + 1`.
 *
 * @param a - the axis.
 * @returns the extent in pixels of the padded input.
 */
export function convExtent(a: ConvAxis): number {
  return (a.out - 1) * a.stride + (a.filter - 1) * a.dilation + 1;
}

function derived(inLength: number, kernel: number, stride: number, dilation: number, padBefore: number, cropStart: number, length: number): DerivedAxis {
  const span = (kernel - 1) * dilation + 1;
  // The smallest trailing pad that makes the output reach cropStart + length.
  const needed = (cropStart + length - 1) * stride + span - inLength - padBefore;
  const padAfter = Math.max(0, needed);
  const outLength = Math.floor((inLength + padBefore + padAfter - span) / stride) + 1;
  return { padBefore, padAfter, outLength, cropStart, length };
}

/**
 * The forward convolution again, with pads chosen so its output covers exactly the gradient's
 * extent (used to gather the input patches each output pixel reads).
 *
 * @param a - the axis.
 * @returns the derived axis.
 */
export function patchAxis(a: ConvAxis): DerivedAxis {
  return derived(a.size, a.filter, a.stride, a.dilation, a.padBefore, 0, a.out);
}

/**
 * The filter-gradient convolution with the roles swapped: the input is convolved with the output
 * gradient as the filter (`out` taps, dilation = the forward stride, stride = the forward
 * dilation), giving one output pixel per filter tap.
 *
 * @param a - the axis.
 * @returns the derived axis (its kept window has `a.filter` pixels).
 */
export function filterGradAxis(a: ConvAxis): DerivedAxis {
  return derived(a.size, a.out, a.dilation, a.stride, a.padBefore, 0, a.filter);
}

/**
 * The input-gradient convolution: the output gradient, zero-interleaved to `out·stride` pixels,
 * correlated at stride 1 with the flipped filter (same dilation), padded so that output pixel
 * `cropStart + h` is the gradient of input pixel `h`.
 *
 * @param a - the axis.
 * @returns the derived axis (its kept window has `a.size` pixels).
 */
export function inputGradAxis(a: ConvAxis): DerivedAxis {
  const front = (a.filter - 1) * a.dilation - a.padBefore;
  return derived(a.out * a.stride, a.filter, 1, a.dilation, Math.max(0, front), Math.max(0, -front), a.size);
}

/**
 * Whether a derived axis needs its output cropped.
 *
 * @param d - the derived axis.
 * @returns true when the kept window is not the whole output.
 */
export function needsCrop(d: DerivedAxis): boolean {
  return d.cropStart !== 0 || d.outLength !== d.length;
}

/** A transpose reduced to its essential axes. */
export interface MergedTranspose {
  /** The input shape with size-1 axes dropped and axes that stay adjacent merged. */
  readonly shape: readonly number[];
  /** The permutation of the merged axes. */
  readonly perm: readonly number[];
}

/**
 * Reduces a transpose to the fewest axes: drops size-1 axes and merges runs of input axes that
 * stay adjacent and in order. tfjs-wasm has fast transposes up to rank 4 and a slow generic path
 * above, so `[B,H,W,C] → [H,W,C,B]` becomes the 2-D transpose `[B, H·W·C] → [H·W·C, B]`.
 *
 * @param shape - the input shape.
 * @param perm - the permutation (output axis i is input axis perm[i]).
 * @returns the merged shape and permutation (rank ≤ 1 means no data movement is needed).
 */
export function mergeTranspose(shape: readonly number[], perm: readonly number[]): MergedTranspose {
  const kept = shape.map((_, i) => i).filter((i) => shape[i]! > 1);
  const rankOf = new Map(kept.map((axis, r) => [axis, r]));
  const p = perm.filter((axis) => shape[axis]! > 1).map((axis) => rankOf.get(axis)!);
  const groups: number[][] = [];
  for (const axis of p) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[last.length - 1]! + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const byInput = [...groups].sort((g, h) => g[0]! - h[0]!);
  const mergedShape = byInput.map((g) => g.reduce((n, axis) => n * shape[kept[axis]!]!, 1));
  const mergedPerm = groups.map((g) => byInput.indexOf(g));
  return { shape: mergedShape, perm: mergedPerm };
}
