/**
 * Every public name of every entry point has a TSDoc comment with a summary and an `@since` tag
 * naming the version it appeared in (the API report, etc/*.api.md, lists the names).
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { documented, publicApi, where } from './publicApi.js';

const { names } = publicApi();

/** The doc comments of a declaration (the last one is the one TSDoc reads). */
function docsOf(declaration: ts.Declaration): readonly ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(documented(declaration)).filter(ts.isJSDoc);
}

describe('the TSDoc of the public API', () => {
  it('gives every public name a summary and an @since tag with a version', () => {
    const missing: string[] = [];
    for (const { entry, name, declarations } of names) {
      // A name may have several declarations (an interface and a const, overloads): one documented one is enough.
      const docs = declarations.flatMap((d) => docsOf(d).slice(-1).map((doc) => ({ d, doc })));
      if (docs.length === 0) {
        missing.push(`${entry}: ${name} (${declarations[0] === undefined ? '?' : where(declarations[0])}): no TSDoc comment`);
        continue;
      }
      const { d, doc } = docs[0]!;
      const summary = ts.getTextOfJSDocComment(doc.comment)?.trim() ?? '';
      const since = (doc.tags ?? []).filter((t) => t.tagName.text === 'since').map((t) => ts.getTextOfJSDocComment(t.comment)?.trim() ?? '');
      if (summary === '') missing.push(`${entry}: ${name} (${where(d)}): no summary`);
      if (since.length !== 1 || !/^\d+\.\d+\.\d+$/.test(since[0]!)) missing.push(`${entry}: ${name} (${where(d)}): ${since.length === 0 ? 'no @since tag' : `@since ${since.join(', ')}`}`);
    }
    expect(missing).toEqual([]);
  });
});
