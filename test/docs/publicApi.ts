/**
 * The public API as the TypeScript checker sees it: every entry point of package.json "exports",
 * compiled from the sources, and the declarations of the names each one exports. Shared by the
 * tests that enforce conventions on every public name (docs/errors.md, `@since` tags).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One exported name of one entry point, with its declarations in src/. */
export interface PublicName {
  /** `gold-nas`, `gold-nas/node`, … */
  readonly entry: string;
  readonly name: string;
  readonly declarations: readonly ts.Declaration[];
}

/** The compiled sources and every entry point's public names (computed once). */
export interface PublicApi {
  readonly checker: ts.TypeChecker;
  readonly names: readonly PublicName[];
}

let cached: PublicApi | undefined;

/** Where a declaration is, as `src/x.ts:line`. */
export function where(node: ts.Node): string {
  const sf = node.getSourceFile();
  return `${sf.fileName.replace(root, '')}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** The public API, from package.json "exports" (dist/x.d.ts -> src/x.ts). */
export function publicApi(): PublicApi {
  if (cached !== undefined) return cached;
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string; exports: Record<string, string | { types?: string }> };
  const entries = Object.entries(pkg.exports)
    .filter((e): e is [string, { types: string }] => typeof e[1] === 'object' && e[1].types !== undefined)
    .map(([subpath, target]) => ({
      entry: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      file: `${root}${target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts')}`,
    }));
  const program = ts.createProgram(entries.map((e) => e.file), {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, skipLibCheck: true, noEmit: true, types: ['node'],
  });
  const checker = program.getTypeChecker();
  const names: PublicName[] = [];
  for (const { entry, file } of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      names.push({ entry, name: exported.getName(), declarations: symbol.declarations ?? [] });
    }
  }
  cached = { checker, names };
  return cached;
}

/** The node a declaration's doc comment is attached to (a `const`'s statement, not its declarator). */
export function documented(declaration: ts.Declaration): ts.Node {
  return ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
}

/** The TSDoc block tags (`since`, `throws`, …) of a declaration. */
export function tagsOf(declaration: ts.Declaration): readonly string[] {
  return ts.getJSDocTags(documented(declaration)).map((t) => t.tagName.text);
}
