/**
 * What readyBackend replaces in tfjs's registry is stated twice for users, in docs/backends.md and in
 * readyBackend's TSDoc: both must list exactly the kernel tables' rows.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CPU_KERNEL_TABLE } from '../../src/kernels/cpuKernelTable.js';
import { WASM_KERNEL_TABLE } from '../../src/kernels/wasmKernelTable.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const names = (text: string): string[] => [...text.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]!).sort();

const TABLES = { cpu: CPU_KERNEL_TABLE, wasm: WASM_KERNEL_TABLE } as const;
const expected = (backend: keyof typeof TABLES, replaces: boolean): string[] =>
  TABLES[backend].rows.filter((r) => r.replacesStock === replaces).map((r) => r.kernelName).sort();

describe.each(['cpu', 'wasm'] as const)('the documented %s kernels', (backend) => {
  it('docs/backends.md lists the stock kernels replaced and the gaps filled', () => {
    const lines = read('docs/backends.md').split('\n');
    const header = lines.indexOf('| backend | stock kernels replaced | gaps filled |');
    expect(header, "the table '| backend | stock kernels replaced | gaps filled |'").toBeGreaterThan(-1);
    const row = lines.slice(header).find((l) => l.startsWith(`| \`${backend}\` |`));
    expect(row, `a '| \`${backend}\` |' row in docs/backends.md`).toBeDefined();
    const [, , replaced, filled] = row!.split('|');
    expect(names(replaced!)).toEqual(expected(backend, true));
    expect(names(filled!)).toEqual(expected(backend, false));
  });

  it("readyBackend's TSDoc lists them too", () => {
    const doc = read('src/backends/readyBackend.ts');
    const item = new RegExp(`\\* - \`${backend}\` replaces([\\s\\S]*?),? and(?:\\s+\\*)?\\s+fills([\\s\\S]*?);\\n`).exec(doc);
    expect(item, `a '- \`${backend}\` replaces … fills …;' item`).not.toBeNull();
    const stripParens = (t: string): string => t.replace(/\([^)]*\)/g, '');
    expect(names(stripParens(item![1]!))).toEqual(expected(backend, true));
    expect(names(stripParens(item![2]!))).toEqual(expected(backend, false));
  });
});
