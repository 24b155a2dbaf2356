/** Shared helpers of the report tests: the fixture run, a vega-lite compile that collects warnings, external-reference checks. */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { SearchRunData } from '../../src/index.js';
import { readSearchRun } from '../../src/node/report/index.js';

/** The checked-in run directory (see its README). */
export const FIXTURE_RUN = resolve(import.meta.dirname, '../fixtures/report-run');

/** A fresh copy of the fixture run in a temporary directory (tests may add files to it). */
export async function fixtureCopy(name = 'run'): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'gnas-report-')), name);
  await cp(FIXTURE_RUN, dir, { recursive: true });
  return dir;
}

export async function readFixture(dir = FIXTURE_RUN): Promise<SearchRunData> {
  const run = await readSearchRun(dir);
  if (E.isLeft(run)) throw new Error(`${run.left.path}: ${run.left.message}`);
  return run.right;
}

/** Compiles a Vega-Lite spec and returns every warning Vega-Lite logged. */
export function vegaLiteWarnings(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => { warnings.push(`error: ${a.join(' ')}`); return logger; },
    warn: (...a: unknown[]) => { warnings.push(a.join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  compile(spec, { logger: logger as never });
  return warnings;
}

/**
 * Every reference in an HTML document that would make a browser fetch something from outside it:
 * `src`/`href`/`xlink:href` attributes that are not in-page anchors or data URLs, CSS `url()`s
 * other than `url(#id)`, `@import`, and any `http://`/`https://` left after removing XML
 * namespace declarations (which are names, not fetches).
 */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\s(?:src|href|xlink:href|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)/gi)) {
    if (!m[1]!.startsWith('#') && !m[1]!.startsWith('data:')) found.push(m[0].trim());
  }
  for (const m of html.matchAll(/url\(\s*["']?([^)"']*)/gi)) if (!m[1]!.startsWith('#') && !m[1]!.startsWith('data:')) found.push(m[0]);
  for (const m of html.matchAll(/@import[^;]*/gi)) found.push(m[0]);
  const withoutNamespaces = html.replace(/\sxmlns(?::\w+)?="[^"]*"/g, '');
  for (const m of withoutNamespaces.matchAll(/https?:\/\/[^\s"'<>)]*/gi)) found.push(m[0]);
  return found;
}
