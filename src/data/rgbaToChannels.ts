/**
 * Converting 8-bit RGBA pixels (what image decoders and a canvas's `ImageData` give) into a
 * dataset's float32 grey or RGB values. Browser-safe.
 *
 * @module
 */

/**
 * Writes `pixels` RGBA pixels as float32 values in [0, 1] (value / 255) into `out` from `offset`:
 * - `channels` 3: R, G, B; alpha is dropped (not blended);
 * - `channels` 1: the grey level; pixels whose R, G and B are equal keep that value exactly, others
 *   get the luma 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601, as Pillow's `convert('L')`).
 *
 * @param rgba - `4·pixels` bytes, R, G, B, A per pixel.
 * @param pixels - the number of pixels (height·width).
 * @param channels - 1 (grey) or 3 (RGB).
 * @param out - the destination, at least `offset + pixels·channels` long.
 * @param offset - where in `out` to start.
 *
 * @example
 * ```ts
 * import { rgbaToChannels } from 'gold-nas';
 * const out = new Float32Array(2);
 * rgbaToChannels(Uint8Array.of(255, 255, 255, 255, 255, 0, 0, 255), 2, 1, out, 0);
 * // out: [1, 0.299]
 * ```
 * @since 0.2.0
 */
export function rgbaToChannels(rgba: Uint8Array, pixels: number, channels: 1 | 3, out: Float32Array, offset: number): void {
  if (channels === 3) {
    for (let p = 0, o = offset; p < pixels; p++, o += 3) {
      out[o] = rgba[4 * p]! / 255;
      out[o + 1] = rgba[4 * p + 1]! / 255;
      out[o + 2] = rgba[4 * p + 2]! / 255;
    }
    return;
  }
  for (let p = 0; p < pixels; p++) {
    const r = rgba[4 * p]!;
    const g = rgba[4 * p + 1]!;
    const b = rgba[4 * p + 2]!;
    out[offset + p] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
  }
}
