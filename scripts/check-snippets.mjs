#!/usr/bin/env node
// Type-checks every ```ts block of the guides (docs/*.md, README.md), every `@example` block of
// the TSDoc in src/**/*.ts, and the example scripts (examples/**/*.ts), in one tsc run.
//
// Each block becomes a module of its own (top-level await allowed) in node_modules/.cache/gold-nas-snippets,
// compiled with `gold-nas` -> src/index.ts and `gold-nas/node` -> src/node/index.ts, so the snippets
// (and the examples) are checked against the sources as they are, without a build. Errors are reported at the line of the
// Markdown or TypeScript file the block came from.
//
// A fenced block right after an HTML comment `<!-- file: <path> -->` in a guide must equal that file
// (for example a configuration shown in full), so the two cannot drift apart.
//
// Every import specifier of a snippet or an example script is checked against package.json "exports":
// `gold-nas/<subpath>` must be an exported subpath (not `gold-nas/dist/…` or `gold-nas/src/…`), and a
// relative or absolute path (a file of the package that a user's project cannot import) is refused,
// with the file:line of the import.
//
// Usage: node scripts/check-snippets.mjs [--keep] [--list]
//   --keep  leave the extracted files in place (they are always rewritten on the next run)
//   --list  print where every snippet came from
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'gold-nas-snippets');
const args = new Set(process.argv.slice(2));

/** Files under `dir` (recursively) whose name passes `keep`. */
function walk(dir, keep) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, keep));
    else if (keep(entry.name)) found.push(path);
  }
  return found.sort();
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b.*$/;

/**
 * The ```ts blocks of a Markdown text: { line (1-based line of the first code line), code }.
 * Other fences (```sh, ```json, …) are skipped whole, so a ts fence inside them is not picked up.
 */
function markdownBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const any = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!any) continue;
    const fence = any[2];
    const isTs = FENCE_OPEN.test(lines[i]);
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) j++;
    if (isTs) {
      const indent = any[1].length;
      blocks.push({ line: i + 2, code: lines.slice(i + 1, j).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n') });
    }
    i = j;
  }
  return blocks;
}

/**
 * The `@example` blocks of the TSDoc comments of a TypeScript text: the ```ts fence that follows
 * each `@example` tag, with the comment's ` * ` prefixes removed. An `@example` without a ```ts
 * fence is reported as a problem (the project's convention is one fenced block per example).
 */
function tsdocBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  const problems = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inComment && /^\s*\/\*\*/.test(line)) inComment = true;
    if (inComment && /@example\b/.test(line)) {
      const strip = (l) => l.replace(/^\s*\*\s?/, '');
      let j = i + 1;
      while (j < lines.length && strip(lines[j]).trim() === '' && !lines[j].includes('*/')) j++;
      if (j >= lines.length || !/^(`{3,})\s*(ts|typescript)\b/.test(strip(lines[j]))) {
        problems.push({ line: i + 1, message: '@example without a ```ts block' });
      } else {
        const fence = /^(`{3,})/.exec(strip(lines[j]))[1];
        let k = j + 1;
        while (k < lines.length && !strip(lines[k]).startsWith(fence) && !lines[k].includes('*/')) k++;
        if (k >= lines.length || !strip(lines[k]).startsWith(fence)) problems.push({ line: j + 1, message: 'unterminated ```ts block in @example' });
        else blocks.push({ line: j + 2, code: lines.slice(j + 1, k).map(strip).join('\n') });
        i = k;
      }
    }
    if (inComment && line.includes('*/')) inComment = false;
  }
  return { blocks, problems };
}

const sources = [
  ...['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))].map((f) => join(root, f)),
  ...walk(join(root, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts')),
];

/** Blocks marked `<!-- file: path -->` that differ from the file they name. */
function fileCopyProblems(text, rel) {
  const lines = text.split('\n');
  const found = [];
  lines.forEach((line, i) => {
    const m = /^<!--\s*file:\s*(\S+)\s*-->\s*$/.exec(line.trim());
    if (!m) return;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    const open = /^(`{3,}|~{3,})/.exec(lines[j] ?? '');
    if (!open) return found.push(`${rel}:${i + 1}: '<!-- file: ${m[1]} -->' is not followed by a fenced block`);
    let k = j + 1;
    while (k < lines.length && !lines[k].startsWith(open[1])) k++;
    let expected;
    try {
      expected = readFileSync(join(root, m[1]), 'utf8');
    } catch {
      return found.push(`${rel}:${i + 1}: ${m[1]} does not exist`);
    }
    if (lines.slice(j + 1, k).join('\n').trimEnd() !== expected.trimEnd()) {
      found.push(`${rel}:${j + 2}: this block must be a copy of ${m[1]}; paste the file's current contents`);
    }
  });
  return found;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The specifiers a user's project can import from this package: its "exports" subpaths. */
const exported = new Map(Object.entries(pkg.exports).map(([subpath, target]) => [subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, target]));
const entryList = [...exported.keys()].filter((name) => !name.endsWith('.json')).join(', ');

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
/** Problems with the import specifiers of `code`, whose first line is line `line` of `rel`. */
function importProblems(code, rel, line) {
  const found = [];
  code.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(IMPORT_SPECIFIER)) {
      const spec = m[2];
      const at = `${rel}:${line + i}`;
      const own = spec === pkg.name || spec.startsWith(`${pkg.name}/`);
      const local = spec.startsWith('.') || spec.startsWith('/');
      if (own && !exported.has(spec)) {
        found.push(`${at}: imports '${spec}', which package.json "exports" does not export (a user's project cannot import it); use ${entryList}`);
      } else if (local && !rel.startsWith('examples/')) {
        found.push(`${at}: imports '${spec}', a file of the package that a user's project cannot import; import from ${entryList}, or drop the @example of a function that is not exported`);
      }
    }
  });
  return found;
}

const snippets = [];
const problems = [];
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  if (file.endsWith('.md')) problems.push(...fileCopyProblems(text, rel));
  const found = file.endsWith('.md') ? { blocks: markdownBlocks(text), problems: [] } : tsdocBlocks(text);
  for (const p of found.problems) problems.push(`${rel}:${p.line}: ${p.message}`);
  for (const b of found.blocks) {
    snippets.push({ source: rel, line: b.line, code: b.code });
    problems.push(...importProblems(b.code, rel, b.line));
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'snippets'), { recursive: true });
const byFile = new Map();
snippets.forEach((s, i) => {
  const name = `${String(i).padStart(4, '0')}_${s.source.replace(/[^A-Za-z0-9]+/g, '_')}_L${s.line}.ts`;
  const path = join(out, 'snippets', name);
  // `export {}` makes every snippet a module, so top-level await works and names do not clash.
  writeFileSync(path, `${s.code}\nexport {};\n`);
  byFile.set(path, s);
  if (args.has('--list')) console.log(`${s.source}:${s.line} -> ${relative(root, path)}`);
});

// The example scripts are checked where they are, against the sources too.
const examples = walk(join(root, 'examples'), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .filter((f) => !relative(root, f).split(/[\\/]/).includes('dist'));
for (const f of examples) problems.push(...importProblems(readFileSync(f, 'utf8'), relative(root, f), 1));

// Optional peers that npm ci never installs (they download native code): when absent, declare them as
// what they are, a re-export of @tensorflow/tfjs, so snippets that import them still type-check.
const require = createRequire(join(root, 'package.json'));
const shims = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].filter((name) => {
  try {
    require.resolve(`${name}/package.json`);
    return false;
  } catch {
    return true;
  }
});
const shimFile = join(out, 'optional-peers.d.ts');
writeFileSync(shimFile, shims.map((name) => `declare module '${name}' {\n  export * from '@tensorflow/tfjs';\n}\n`).join(''));

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    strict: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    esModuleInterop: true,
    noEmit: true,
    // What a user's project maps through package.json "exports" once gold-nas is installed.
    // (derived from "exports": dist/x.d.ts -> src/x.ts).
    paths: Object.fromEntries([...exported].filter(([, t]) => typeof t === 'object' && t.types)
      .map(([name, t]) => [name, [join(root, t.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))]])),
    typeRoots: [join(root, 'node_modules', '@types')],
  },
  files: [shimFile, ...byFile.keys(), ...examples],
};
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));

const tsc = require.resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
const output = `${run.stdout}${run.stderr}`;

// Map `path(line,col): error …` back to the Markdown or TypeScript source of the snippet.
const errors = [];
const unmapped = [];
let last = unmapped;
for (const line of output.split('\n')) {
  if (line.trim() === '') continue;
  const m = /^(.*?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/.exec(line);
  if (m) {
    const file = resolve(root, m[1]);
    const s = byFile.get(file);
    last = s || examples.includes(file) ? errors : unmapped;
    last.push(s ? `${s.source}:${s.line + Number(m[2]) - 1}:${m[3]}: ${m[5]}` : `${relative(root, file)}:${m[2]}:${m[3]}: ${m[5]}`);
  } else if (/^\s/.test(line)) {
    last.push(`    ${line.trim()}`); // a continuation line of the previous diagnostic
  } else {
    unmapped.push(line);
  }
}

const counts = snippets.reduce((c, s) => ((c[s.source.endsWith('.md') ? 'docs' : 'tsdoc'] += 1), c), { docs: 0, tsdoc: 0 });
for (const p of problems) console.error(p);
for (const e of errors) console.error(e);
for (const u of unmapped) console.error(u);
const failed = problems.length + errors.length + unmapped.length > 0 || run.status !== 0;
console.log(
  `check-snippets: ${snippets.length} snippets (${counts.docs} from Markdown, ${counts.tsdoc} TSDoc @example blocks) and ${examples.length} example scripts: ` +
    (failed ? `${errors.filter((e) => !e.startsWith(' ')).length} errors in snippets, ${problems.length} malformed examples, blocked imports or stale file copies, ${unmapped.filter((u) => !u.startsWith(' ')).length} other messages` : 'all type-check'),
);
if (!args.has('--keep') && !failed) rmSync(out, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
