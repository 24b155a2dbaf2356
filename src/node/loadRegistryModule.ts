/**
 * Loading a user's search parts from a JavaScript module, for `gold-nas search --registry`.
 *
 * @module
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { SearchRegistry } from '../search/registry.js';
import { DEFAULT_SEARCH_REGISTRY, decodeRegistryExtension, extendRegistry } from '../search/registry.js';

/**
 * Imports an ES module that exports a registry extension (`export const registry = { schedulers:
 * { 'my-rule': myRule } }`, or the same as its default export) and adds it to a base registry.
 *
 * @param file - the module's path (relative paths resolve against `cwd`).
 * @param cwd - the working directory (default `process.cwd()`).
 * @param base - the registry to extend (default `DEFAULT_SEARCH_REGISTRY`).
 * @returns the extended registry, or an `IoError` (the module cannot be imported) or a
 *   `ConfigError` (it exports no registry, or a malformed one) at the file's path.
 */
export async function loadRegistryModule(file: string, cwd: string = process.cwd(), base: SearchRegistry = DEFAULT_SEARCH_REGISTRY): Promise<Either<GoldNasError, SearchRegistry>> {
  const path = resolve(cwd, file);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    return E.left(goldNasError('IoError', file, `could not import the registry module: ${e instanceof Error ? e.message : String(e)}`));
  }
  const exported = module.registry ?? module.default;
  if (exported === undefined) {
    return E.left(goldNasError('ConfigError', file,
      "the module exports no registry; export one, e.g. `export const registry = { schedulers: { 'my-rule': myRule } }`"));
  }
  return E.map((extension: Parameters<typeof extendRegistry>[1]) => extendRegistry(base, extension))(decodeRegistryExtension(exported, file));
}
