/**
 * Decoding one PNG or JPEG file's bytes to 8-bit RGBA with pure-JS decoders (`pngjs`, `jpeg-js`).
 * Node only (`pngjs` inflates with `node:zlib`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/** A decoded image: `width·height` RGBA pixels, 8 bits per channel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff] as const;
const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean => signature.every((b, i) => bytes[i] === b);

/** Largest JPEG accepted, in megapixels (jpeg-js refuses larger ones before allocating). */
const MAX_JPEG_MEGAPIXELS = 100;

/**
 * Decodes a PNG (any bit depth, palette, grey or colour, interlaced; 16-bit rescaled to 8) or a
 * baseline/progressive JPEG, told apart by their first bytes, not by the file's extension. Corrupt
 * or truncated data is refused (jpeg-js's tolerant mode is off).
 *
 * @param bytes - the file's bytes.
 * @param file - the file's path, for error messages.
 * @returns the RGBA image, or a `DataError` at `file` saying what is wrong.
 *
 * @internal
 */
export function decodeImage(bytes: Uint8Array, file: string): Either<GoldNasError, RgbaImage> {
  const kind = startsWith(bytes, PNG_SIGNATURE) ? 'PNG' : startsWith(bytes, JPEG_SIGNATURE) ? 'JPEG' : undefined;
  if (kind === undefined) {
    return E.left(goldNasError('DataError', file, `is neither a PNG nor a JPEG (its first bytes are ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'missing: the file is empty'}); convert it or move it out of the folder`));
  }
  try {
    if (kind === 'PNG') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return E.right({ width: png.width, height: png.height, rgba: png.data });
    }
    const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxResolutionInMP: MAX_JPEG_MEGAPIXELS });
    return E.right({ width: jpeg.width, height: jpeg.height, rgba: jpeg.data });
  } catch (e) {
    return E.left(goldNasError('DataError', file, `cannot be decoded as a ${kind} (${(e as Error).message ?? String(e)}); the file is damaged or truncated: replace it or move it out of the folder`));
  }
}
