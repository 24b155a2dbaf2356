/**
 * docs/errors.md, where a machine can check it: over every public name of every entry point,
 * - no function or method returns a `TaskEither` (a thunk of a `Promise<Either>`): asynchronous
 *   functions return `Promise<Either<GoldNasError, A>>`, with nothing to call after `await`;
 * - a function that throws a `GoldNasException` (itself, or through the gold-nas functions it calls
 *   outside a `try`) says so: its name ends in `OrThrow` or its TSDoc has `@throws`.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { publicApi, tagsOf, where } from './publicApi.js';

const { checker, names } = publicApi();

/** Whether a type is `Promise<Either<…>>` (an fp-ts `Either`: `Left<E> | Right<A>`). */
function isPromiseOfEither(type: ts.Type): boolean {
  if (type.getSymbol()?.getName() !== 'Promise') return false;
  const [inner] = checker.getTypeArguments(type as ts.TypeReference);
  if (inner === undefined) return false;
  const text = checker.typeToString(inner, undefined, ts.TypeFormatFlags.NoTruncation);
  return /\b(Either|Left|Right)</.test(text);
}

/** Whether a type is a `TaskEither`: by name, or a function of no arguments returning `Promise<Either>`. */
function isTaskEither(type: ts.Type): boolean {
  if (type.aliasSymbol?.getName() === 'TaskEither') return true;
  return type.getCallSignatures().some((s) => s.getParameters().length === 0 && isPromiseOfEither(s.getReturnType()));
}

/** The call signatures of a public name: its own, and its members' (an interface's methods, a class's). */
function signaturesOf(declaration: ts.Declaration): { readonly label: string; readonly signature: ts.Signature }[] {
  const type = ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)
    ? checker.getTypeAtLocation(declaration)
    : checker.getTypeAtLocation((declaration as ts.NamedDeclaration).name ?? declaration);
  const own = type.getCallSignatures().map((signature) => ({ label: '', signature }));
  const members = type.isClassOrInterface() || ts.isTypeAliasDeclaration(declaration)
    ? type.getProperties().flatMap((p) => {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (decl === undefined) return [];
      return checker.getTypeOfSymbolAtLocation(p, decl).getCallSignatures().map((signature) => ({ label: `.${p.getName()}`, signature }));
    })
    : [];
  return [...own, ...members];
}

/** Where a function-like declaration throws a GoldNasException, directly or through gold-nas calls outside a try; '' if nowhere. */
const throwsMemo = new Map<ts.Node, string>();
function throwsGoldNasException(declaration: ts.Node): string {
  const known = throwsMemo.get(declaration);
  if (known !== undefined) return known;
  throwsMemo.set(declaration, ''); // recursion
  const body = ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)
    ? declaration.body
    : ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && ts.isArrowFunction(declaration.initializer)
      ? declaration.initializer.body
      : undefined;
  let found = '';
  const visit = (node: ts.Node): void => {
    if (found !== '') return;
    if (node !== body && ts.isFunctionLike(node)) return; // a nested function throws when it is called, not now
    if (ts.isTryStatement(node) && node.catchClause !== undefined) {
      visit(node.catchClause.block);
      if (node.finallyBlock !== undefined) visit(node.finallyBlock);
      return;
    }
    if (ts.isThrowStatement(node) && checker.getTypeAtLocation(node.expression).getSymbol()?.getName() === 'GoldNasException') {
      found = where(node);
      return;
    }
    if (ts.isCallExpression(node)) {
      let symbol = checker.getSymbolAtLocation(node.expression);
      if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const callee = symbol?.declarations?.[0];
      if (callee !== undefined && callee.getSourceFile().fileName.includes('/src/') && !symbol!.getName().endsWith('OrThrow') && !tagsOf(callee).includes('throws')) {
        const inner = throwsGoldNasException(callee);
        if (inner !== '') found = `${symbol!.getName()} at ${where(node)} -> ${inner}`;
      }
    }
    ts.forEachChild(node, visit);
  };
  if (body !== undefined) visit(body);
  throwsMemo.set(declaration, found);
  return found;
}

describe('the error convention (docs/errors.md)', () => {
  it('finds the public names to check', () => {
    expect(names.length).toBeGreaterThan(300);
    expect(names.some((n) => n.entry === 'gold-nas/node' && n.name === 'loadTfjs')).toBe(true);
  });

  it('has no public function or method that returns a TaskEither (asynchronous functions return Promise<Either>)', () => {
    const offenders = names.flatMap(({ entry, name, declarations }) => declarations.flatMap((d) =>
      signaturesOf(d).filter(({ signature }) => isTaskEither(signature.getReturnType())).map(({ label }) => `${entry}: ${name}${label} (${where(d)})`)));
    expect(offenders).toEqual([]);
  });

  it('documents every public function that throws a GoldNasException with @throws (or names it …OrThrow)', () => {
    const offenders = names.flatMap(({ entry, name, declarations }) => declarations.flatMap((d) => {
      if (name.endsWith('OrThrow') || tagsOf(d).includes('throws')) return [];
      const at = throwsGoldNasException(d);
      return at === '' ? [] : [`${entry}: ${name} throws (${at}) without @throws`];
    }));
    expect(offenders).toEqual([]);
  });
});
