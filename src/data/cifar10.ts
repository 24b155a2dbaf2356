/**
 * The CIFAR-10 binary format: files of records `<1 label byte><3072 pixel bytes>`, the pixels as
 * three 32×32 row-major planes (red, green, blue). Browser-safe decoding of bytes already in
 * memory; the Node file loader is `loadCifar10` in `gold-nas/node`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * The CIFAR-10 class names, in label order.
 *
 * @example
 * ```ts
 * import { CIFAR10_CLASSES } from 'gold-nas';
 * CIFAR10_CLASSES[3]; // 'cat'
 * ```
 * @since 0.1.0
 */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/**
 * The files of the CIFAR-10 binary version, per split.
 *
 * @example
 * ```ts
 * import { CIFAR10_FILES } from 'gold-nas';
 * CIFAR10_FILES.test; // ['test_batch.bin']
 * ```
 * @since 0.1.0
 */
export const CIFAR10_FILES = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
} as const;

/**
 * Where users get the files: the "CIFAR-10 binary version" archive.
 *
 * @example
 * ```ts
 * import { CIFAR10_SOURCE } from 'gold-nas';
 * console.log(`download ${CIFAR10_SOURCE}`);
 * ```
 * @since 0.1.0
 */
export const CIFAR10_SOURCE = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (the "CIFAR-10 binary version" on https://www.cs.toronto.edu/~kriz/cifar.html)';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXEL_BYTES = 3 * PLANE;
/** Bytes per record: one label byte and 3072 pixel bytes. */
const RECORD_BYTES = 1 + PIXEL_BYTES;
/** Records in each file of the official archive. */
const RECORDS_PER_FILE = 10000;

/**
 * One CIFAR-10 binary file already in memory.
 *
 * @example
 * ```ts
 * import type { Cifar10File } from 'gold-nas';
 * const f: Cifar10File = { path: 'test_batch.bin', bytes: new Uint8Array(30730000) };
 * ```
 * @since 0.1.0
 */
export interface Cifar10File {
  /** The file's name or path, for error messages. */
  readonly path: string;
  /** Its content. */
  readonly bytes: Uint8Array;
}

/**
 * Options for decoding CIFAR-10 files.
 *
 * @example
 * ```ts
 * import type { Cifar10Options } from 'gold-nas';
 * const small: Cifar10Options = { recordsPerFile: 100 }; // e.g. hand-made test files
 * ```
 * @since 0.1.0
 */
export interface Cifar10Options {
  /** Records each file must hold (default 10000, as in the official archive). */
  readonly recordsPerFile?: number;
}

/**
 * The exact size a file must have. Internal.
 *
 * @internal
 */
export function cifar10FileBytes(recordsPerFile: number): number {
  return recordsPerFile * RECORD_BYTES;
}

/**
 * Checks the records-per-file option. Internal.
 *
 * @internal
 */
export function cifar10Records(options: Cifar10Options): Either<GoldNasError, number> {
  const r = options.recordsPerFile ?? RECORDS_PER_FILE;
  return Number.isInteger(r) && r > 0 ? E.right(r) : E.left(goldNasError('ConfigError', 'recordsPerFile', `must be a positive integer, got ${r}`));
}

/**
 * Describes a wrong file size. Internal.
 *
 * @internal
 */
export function cifar10SizeError(path: string, found: number, records: number): GoldNasError {
  const expected = cifar10FileBytes(records);
  const why = found < expected
    ? `the file is truncated (${Math.floor(found / RECORD_BYTES)} whole records); download it again`
    : 'it is not a CIFAR-10 binary file (CIFAR-100 and the Python version differ)';
  return goldNasError('DataError', path,
    `is ${found} bytes, expected ${expected} (${records} records of 1 label byte + 3072 pixel bytes): ${why}. Get the files from ${CIFAR10_SOURCE}`);
}

/**
 * Decodes one file's records into `x` (NHWC, [0, 1]) and `y` starting at example `offset`. Internal.
 *
 * @internal
 */
export function decodeCifar10Into(file: Cifar10File, records: number, x: Float32Array, y: Int32Array, offset: number): Either<GoldNasError, void> {
  const { bytes, path } = file;
  if (bytes.length !== cifar10FileBytes(records)) return E.left(cifar10SizeError(path, bytes.length, records));
  const scale = 1 / 255;
  for (let r = 0; r < records; r++) {
    const rec = r * RECORD_BYTES;
    const label = bytes[rec]!;
    if (label > 9) {
      return E.left(goldNasError('DataError', path,
        `record ${r} (byte ${rec}) has label ${label}, but CIFAR-10 labels are 0–9; is this a CIFAR-100 file? Get the CIFAR-10 files from ${CIFAR10_SOURCE}`));
    }
    const n = offset + r;
    y[n] = label;
    const out = n * PIXEL_BYTES;
    const red = rec + 1;
    for (let p = 0; p < PLANE; p++) {
      const o = out + 3 * p;
      x[o] = bytes[red + p]! * scale;
      x[o + 1] = bytes[red + PLANE + p]! * scale;
      x[o + 2] = bytes[red + 2 * PLANE + p]! * scale;
    }
  }
  return E.right(undefined);
}

/**
 * Decodes CIFAR-10 binary files already in memory (e.g. fetched in a browser) into one
 * {@link Dataset}: 32×32×3 NHWC float32 in [0, 1], 10 classes, examples in file order.
 *
 * @param files - the files' names and bytes, e.g. the five `data_batch_<i>.bin` for training.
 * @param options - records per file (default 10000).
 * @param name - the dataset's name (default `cifar10`).
 * @returns the dataset, or a `DataError` naming the file, the size found and the size expected.
 *
 * @example
 * ```ts
 * import { cifar10FromBinary } from 'gold-nas';
 * const bytes = new Uint8Array(await (await fetch('/data/test_batch.bin')).arrayBuffer());
 * const test = cifar10FromBinary([{ path: 'test_batch.bin', bytes }]);
 * ```
 * @since 0.1.0
 */
export function cifar10FromBinary(files: readonly Cifar10File[], options: Cifar10Options = {}, name = 'cifar10'): Either<GoldNasError, Dataset> {
  const recordsE = cifar10Records(options);
  if (E.isLeft(recordsE)) return recordsE;
  const records = recordsE.right;
  const size = files.length * records;
  const x = new Float32Array(size * PIXEL_BYTES);
  const y = new Int32Array(size);
  for (let f = 0; f < files.length; f++) {
    const ok = decodeCifar10Into(files[f]!, records, x, y, f * records);
    if (E.isLeft(ok)) return ok;
  }
  return E.right({ name, shape: { height: SIDE, width: SIDE, channels: 3, classes: 10 }, size, x, y });
}
