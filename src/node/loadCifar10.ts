/**
 * Node-only: loads CIFAR-10 from the binary-version files a user supplies.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Cifar10Options } from '../data/cifar10.js';
import { CIFAR10_FILES, CIFAR10_SOURCE, cifar10FileBytes, cifar10Records, cifar10SizeError, decodeCifar10Into } from '../data/cifar10.js';
import type { Dataset } from '../data/dataset.js';

/**
 * Options of {@link loadCifar10}.
 *
 * @example
 * ```ts
 * import type { LoadCifar10Options } from 'gold-nas/node';
 * const test: LoadCifar10Options = { split: 'test' };
 * ```
 * @since 0.1.0
 */
export interface LoadCifar10Options extends Cifar10Options {
  /** `train` reads `data_batch_1.bin` … `data_batch_5.bin` (50,000 images), `test` reads `test_batch.bin` (10,000). Default `train`. */
  readonly split?: 'train' | 'test';
}

const EXTRACTED = 'cifar-10-batches-bin';
const ALL_FILES: readonly string[] = [...CIFAR10_FILES.train, ...CIFAR10_FILES.test];
const EXPECTED = `${ALL_FILES.join(', ')} (get ${CIFAR10_SOURCE}, extract it with \`tar xzf cifar-10-binary.tar.gz\` and pass the ${EXTRACTED} directory)`;

const fileSize = (path: string): number | undefined => {
  try {
    const s = statSync(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
};

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Loads one split of CIFAR-10 from a directory of the binary-version files: 32×32×3 NHWC float32
 * in [0, 1], 10 classes (`CIFAR10_CLASSES`), examples in file order. `dir` may be the extracted
 * `cifar-10-batches-bin` directory or the directory that contains it. Every file's size is checked
 * before it is read. The train split takes about 600 MB as float32.
 *
 * @param dir - the directory holding `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`.
 * @param options - which split, and records per file (default 10000).
 * @returns the dataset, or a `DataError` naming the missing or wrong-sized file (with the size
 *   found and the size expected), or saying which files the directory should hold and where to get them.
 *
 * @example
 * ```ts
 * import { loadCifar10 } from 'gold-nas/node';
 * import { formatError } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const train = loadCifar10('./data/cifar-10-batches-bin');
 * if (E.isLeft(train)) console.error(formatError(train.left));
 * ```
 * @since 0.1.0
 */
export function loadCifar10(dir: string, options: LoadCifar10Options = {}): Either<GoldNasError, Dataset> {
  const recordsE = cifar10Records(options);
  if (E.isLeft(recordsE)) return recordsE;
  const records = recordsE.right;
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') return E.left(goldNasError('ConfigError', 'split', `must be 'train' or 'test', got ${JSON.stringify(split)}`));
  if (!isDirectory(dir)) return E.left(goldNasError('DataError', dir, `is not a directory; it should hold the CIFAR-10 binary files ${EXPECTED}`));
  const root = [dir, join(dir, EXTRACTED)].find((d) => ALL_FILES.some((f) => fileSize(join(d, f)) !== undefined));
  if (root === undefined) return E.left(goldNasError('DataError', dir, `holds none of the CIFAR-10 binary files; expected ${EXPECTED}`));

  const names: readonly string[] = CIFAR10_FILES[split];
  const paths = names.map((f) => join(root, f));
  for (const path of paths) {
    const size = fileSize(path);
    if (size === undefined) return E.left(goldNasError('DataError', path, `is missing; the ${split} split needs ${names.join(', ')} in ${root}. Get them from ${CIFAR10_SOURCE}`));
    if (size !== cifar10FileBytes(records)) return E.left(cifar10SizeError(path, size, records));
  }
  const total = paths.length * records;
  const x = new Float32Array(total * 3072);
  const y = new Int32Array(total);
  for (let f = 0; f < paths.length; f++) {
    const path = paths[f]!;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      return E.left(goldNasError('IoError', path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`));
    }
    const ok = decodeCifar10Into({ path, bytes }, records, x, y, f * records);
    if (E.isLeft(ok)) return ok;
  }
  return E.right({ name: `cifar10-${split}`, shape: { height: 32, width: 32, channels: 3, classes: 10 }, size: total, x, y });
}
