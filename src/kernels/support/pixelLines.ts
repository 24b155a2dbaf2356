/**
 * How the matrix-product loops (`gemm`, `gemmTN`) address the pixels of an NHWC tensor: as lines of
 * `lineLen` pixels, line `l` being line `l % linesPerImg` of image `l / linesPerImg`. A dense tensor
 * is read as whole images (long lines, fewer loop overheads) or as rows (more units to share among
 * threads); a strided 1×1 convolution reads every `stride`-th pixel of every `stride`-th row.
 *
 * @module
 * @internal
 */

/** Pixels grouped in lines, with byte strides. */
export interface PixelLines {
  /** Lines in all (the units of work a pool shares). */
  readonly units: number;
  /** Pixels per line. */
  readonly lineLen: number;
  /** Lines per image. */
  readonly linesPerImg: number;
  /** Bytes from one image to the next. */
  readonly img: number;
  /** Bytes from one line to the next within an image. */
  readonly line: number;
  /** Bytes from one pixel to the next within a line. */
  readonly pix: number;
}

/**
 * The pixels a 1×1 convolution with strides `[sh, sw]` and no padding reads from an NHWC tensor
 * `[n, h, w, c]` (`ho × wo` of them per image), in lines: whole images when the read is dense and
 * `byImage`, rows otherwise.
 *
 * @param shape - `[n, h, w, c]`.
 * @param out - `[ho, wo]`, the pixels read per image along each axis.
 * @param strides - `[sh, sw]`.
 * @param byImage - prefer one line per image when the pixels are dense.
 * @returns the lines.
 */
export function sampledLines(shape: readonly number[], out: readonly [number, number], strides: readonly [number, number], byImage: boolean): PixelLines {
  const [n, h, w, c] = shape as [number, number, number, number];
  const [ho, wo] = out;
  const [sh, sw] = strides;
  const img = h * w * c * 4;
  if (sh === 1 && sw === 1 && ho === h && wo === w && byImage) return { units: n, lineLen: h * w, linesPerImg: 1, img, line: img, pix: c * 4 };
  return { units: n * ho, lineLen: wo, linesPerImg: ho, img, line: sh * w * c * 4, pix: sw * c * 4 };
}

/**
 * A dense NHWC tensor `[n, ho, wo, c]` in the same lines as `like` (which has `ho × wo` pixels per image).
 *
 * @param like - the lines of the other operand.
 * @param c - channels of this tensor.
 * @returns the lines.
 */
export function denseLinesLike(like: PixelLines, c: number): PixelLines {
  const pix = c * 4;
  return { ...like, img: like.lineLen * like.linesPerImg * pix, line: like.lineLen * pix, pix };
}
