#!/usr/bin/env node
// Checks the package as npm would publish it and as a downstream project would use it
// (docs/install.md, "The package"). CI runs it (`npm run check:package`, in .ci/run).
//
// 1. `npm publish --dry-run` (builds through `prepare`): no warning but the one about not being
//    logged in, which a dry run without credentials always prints.
// 2. `npm pack` into a temporary folder; the tarball holds no tests and no stray files, every source
//    map's `sources` are in the tarball, and the README's links are absolute links to files of the
//    repository (relative links do not work on npmjs.com).
// 3. publint (strict) on the tarball.
// 4. @arethetypeswrong/cli on the tarball: the only problem allowed is `cjs-resolves-to-esm`
//    (TypeScript's `module: node16` refuses `require` of an ES module; Node ≥ 20.19 loads it).
// 5. A fresh consumer project: the tarball and its peers installed with npm; `import` and
//    `require` of every entry; TypeScript consumers type-checked with `moduleResolution` node16,
//    bundler and node10 (compiled to CommonJS and run), and a CommonJS `.cts` under `module: node20`;
//    `npx gold-nas --help`; and a stack trace under `node --enable-source-maps` that names a file of
//    the installed package that exists.
//
// Usage: node scripts/check-package.mjs [--keep]   (--keep leaves the temporary folder for a look)
// Needs the npm registry or npm's cache (the consumer installs the tarball's peers from there).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'gold-nas-package-'));
const bin = (name) => join(root, 'node_modules', '.bin', name);
/** The repository's files are linked from the README as `<REPO_BLOB><path>`. */
const REPO_BLOB = `${pkg.homepage.replace(/#readme$/, '')}/blob/main/`;
/** The entries of the exports map (without ./package.json). */
const ENTRIES = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
/** Entries that `require` cannot load: their graph has a top-level await (vega-canvas, imported by the report's renderers). */
const IMPORT_ONLY = new Set([`${pkg.name}/report`]);

let failures = 0;
function section(title) {
  console.log(`\n::: ${title}`);
}
function fail(message) {
  failures += 1;
  console.error(`FAIL: ${message}`);
}
function ok(message) {
  console.log(`ok: ${message}`);
}
/** Runs a command; returns its status and output (printed when `echo`). */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: options.cwd ?? root, encoding: 'utf8', env: { ...process.env, ...(options.env ?? {}) }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (options.echo) process.stdout.write(output);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', output };
}

try {
  // 1. npm publish --dry-run ----------------------------------------------------------------------
  section('npm publish --dry-run');
  const publish = run('npm', ['publish', '--dry-run'], { env: { npm_config_color: 'false' } });
  const summary = publish.output.split('\n').filter((l) => /Tarball Details|name:|version:|filename:|package size|unpacked size|total files|^\+ |Publishing to|^npm (warn|error)/.test(l));
  console.log(summary.join('\n'));
  if (publish.status !== 0) fail(`npm publish --dry-run exited with ${publish.status}:\n${publish.output}`);
  const warnings = publish.output.split('\n').filter((l) => /npm (warn|error)/i.test(l) && !/requires you to be logged in/.test(l));
  if (warnings.length > 0) fail(`npm publish --dry-run warns:\n${warnings.join('\n')}`);
  else ok('no warning but "requires you to be logged in" (a dry run without credentials)');

  // 2. the tarball --------------------------------------------------------------------------------
  section('npm pack');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }))[0];
  const tarball = join(work, packed.filename);
  const files = new Set(packed.files.map((f) => f.path));
  console.log(`${packed.filename}: ${packed.size.toLocaleString('en-US')} bytes packed, ${packed.unpackedSize.toLocaleString('en-US')} unpacked, ${packed.entryCount} files`);
  const allowedTop = new Set(['dist', 'src', 'bin', 'README.md', 'CHANGELOG.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'package.json']);
  const stray = [...files].filter((f) => !allowedTop.has(f.split('/')[0]));
  if (stray.length > 0) fail(`unexpected files in the tarball: ${stray.slice(0, 10).join(', ')}`);
  for (const required of ['LICENSE', 'README.md', 'bin/gold-nas.js', 'dist/index.js', 'dist/index.d.ts']) if (!files.has(required)) fail(`${required} is not in the tarball`);
  let maps = 0;
  for (const f of files) {
    if (!f.endsWith('.map')) continue;
    maps += 1;
    const map = JSON.parse(readFileSync(join(root, f), 'utf8'));
    for (const source of map.sources) {
      const target = join(dirname(f), map.sourceRoot ?? '', source);
      if (!files.has(target)) fail(`${f} maps to ${target}, which is not in the tarball`);
    }
  }
  ok(`${maps} source maps, each of whose sources is in the tarball`);
  const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n'));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  const before = failures;
  for (const link of links) {
    if (link.startsWith('#') || /^https?:\/\//.test(link)) {
      if (link.startsWith(REPO_BLOB) && !tracked.has(link.slice(REPO_BLOB.length).split('#')[0])) fail(`README links to ${link}, but the repository has no ${link.slice(REPO_BLOB.length)}`);
    } else {
      fail(`README links to ${link}: relative links do not work on npmjs.com; link ${REPO_BLOB}${link}`);
    }
  }
  if (failures === before) ok(`${links.length} README links, absolute, to files the repository has`);

  // 3. publint ------------------------------------------------------------------------------------
  section('publint');
  const publint = run(bin('publint'), ['run', tarball, '--strict'], { echo: true });
  if (publint.status !== 0) fail('publint reports problems');

  // 4. attw ---------------------------------------------------------------------------------------
  section('@arethetypeswrong/cli');
  run(bin('attw'), [tarball, '--format', 'table-flipped'], { echo: true });
  // Into a file: attw exits before a piped stdout of this size is flushed.
  const attwJson = join(work, 'attw.json');
  const fd = openSync(attwJson, 'w');
  spawnSync(bin('attw'), [tarball, '--format', 'json'], { cwd: root, stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  const attw = JSON.parse(readFileSync(attwJson, 'utf8'));
  const problems = attw.analysis?.problems ?? [];
  const unexpected = problems.filter((p) => p.kind !== 'CJSResolvesToESM');
  if (unexpected.length > 0) fail(`attw: ${JSON.stringify(unexpected)}`);
  else ok(`attw: ${problems.length} x CJSResolvesToESM (node16 from CJS; explained in docs/install.md), nothing else`);

  // 5. a consumer project -------------------------------------------------------------------------
  section('a fresh consumer project');
  const consumer = join(work, 'consumer');
  mkdirSync(join(consumer, 'cjs'), { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  // The root peers (npm installs the required ones anyway: named here to pin them), the report's
  // optional peers, and TypeScript for the type checks; versions as in gold-nas's own lock.
  const dev = pkg.devDependencies;
  const peers = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', 'fp-ts', 'io-ts', 'vega', 'vega-lite', '@viz-js/viz'].map((p) => `${p}@${dev[p] ?? pkg.peerDependencies[p]}`);
  const tools = [`typescript@${dev.typescript}`, `@types/node@${dev['@types/node']}`];
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...peers, ...tools], { cwd: consumer });
  console.log(install.output.trim().split('\n').slice(-3).join('\n'));
  if (install.status !== 0) throw new Error(`npm install in the consumer failed:\n${install.output}`);
  const installed = join(consumer, 'node_modules', pkg.name);

  // import and require each entry
  writeFileSync(join(consumer, 'import.mjs'), [
    `import { createRequire } from 'node:module';`,
    `const require = createRequire(import.meta.url);`,
    `const entries = ${JSON.stringify(ENTRIES)};`,
    `const importOnly = new Set(${JSON.stringify([...IMPORT_ONLY])});`,
    `for (const entry of entries) {`,
    `  const m = await import(entry);`,
    `  console.log(\`import('\${entry}'): \${Object.keys(m).length} exports\`);`,
    `}`,
    `const root = await import('${pkg.name}');`,
    `if (root.countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 1 }).exact !== 246517425n) throw new Error('wrong count');`,
    `console.log('import: countArchitectures works');`,
  ].join('\n'));
  writeFileSync(join(consumer, 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }));
  writeFileSync(join(consumer, 'cjs', 'require.js'), [
    `const entries = ${JSON.stringify(ENTRIES)};`,
    `const importOnly = new Set(${JSON.stringify([...IMPORT_ONLY])});`,
    `(async () => {`,
    `  for (const entry of entries) {`,
    `    let m;`,
    `    try { m = require(entry); } catch (e) {`,
    `      if (importOnly.has(entry) && e.code === 'ERR_REQUIRE_ASYNC_MODULE') { console.log(\`require('\${entry}'): \${e.code}, as documented (use import())\`); continue; }`,
    `      throw e;`,
    `    }`,
    `    if (importOnly.has(entry)) throw new Error(\`require('\${entry}') worked: update IMPORT_ONLY and docs/install.md\`);`,
    `    const same = m === (await import(entry));`,
    `    console.log(\`require('\${entry}'): \${Object.keys(m).length} exports, \${same ? 'the same module as import()' : 'A DIFFERENT MODULE from import()'}\`);`,
    `    if (!same) process.exitCode = 1;`,
    `  }`,
    `  const { countArchitectures, GoldNasException } = require('${pkg.name}');`,
    `  if (countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 1 }).exact !== 246517425n) throw new Error('wrong count');`,
    `  if (!(new GoldNasException({ _tag: 'ShapeError', path: 'x', message: 'm' }) instanceof (await import('${pkg.name}')).GoldNasException)) throw new Error('two copies of GoldNasException');`,
    `  console.log('require: countArchitectures works; GoldNasException is one class for require and import');`,
    `})().catch((e) => { console.error(e); process.exitCode = 1; });`,
  ].join('\n'));
  for (const [label, file] of [['import', 'import.mjs'], ['require', 'cjs/require.js']]) {
    const r = run(process.execPath, [file], { cwd: consumer, echo: true });
    if (r.status !== 0) fail(`${label} of the entries failed`);
  }

  // TypeScript consumers
  const tsSource = [
    `import { countArchitectures, exportModel, formatError } from '${pkg.name}';`,
    `import type { GoldNasError, NetworkWeights } from '${pkg.name}';`,
    `import { loadTfjs, writeModelFiles } from '${pkg.name}/node';`,
    `import { installKernels } from '${pkg.name}/kernels';`,
    `import { writeReport } from '${pkg.name}/report';`,
    `const n: bigint = countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 1 }).exact;`,
    `declare const weights: NetworkWeights;`,
    `declare const error: GoldNasError;`,
    `export const entries = [loadTfjs, writeModelFiles, installKernels, writeReport];`,
    `export function typed(): unknown[] {`,
    `  // @ts-expect-error: a wrong argument type is an error (the types are not 'any')`,
    `  countArchitectures('gold');`,
    `  return [exportModel(weights), formatError(error)];`,
    `}`,
  ].join('\n');
  // skipLibCheck off: gold-nas's declarations are checked too. `types` is left to its default (every
  // installed @types package): tfjs-core's declarations need @types/long, which it depends on.
  const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'] };
  const consumers = [
    ['node16', 'esm.ts', { ...base, module: 'node16', moduleResolution: 'node16' }],
    ['bundler', 'esm.ts', { ...base, module: 'esnext', moduleResolution: 'bundler' }],
    ['node10 (CommonJS output, then run)', 'cjs/node10.ts', { ...base, noEmit: false, outDir: 'cjs/out', rootDir: 'cjs', module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }],
    ['node20 (a CommonJS .cts that requires the ES module)', 'cjs/node20.cts', { ...base, module: 'node20', moduleResolution: 'node16' }],
  ];
  writeFileSync(join(consumer, 'esm.ts'), tsSource);
  // node10 leaves out gold-nas/report: its declarations use vega-lite's types, which vega-lite
  // publishes through its exports map only, and node10 ignores exports maps (docs/install.md).
  writeFileSync(join(consumer, 'cjs', 'node10.ts'), tsSource.replace(`import { writeReport } from '${pkg.name}/report';\n`, '').replace(', writeReport];', '];') +
    `\nconsole.log('node10 consumer ran: countArchitectures =', String(n));\n`);
  writeFileSync(join(consumer, 'cjs', 'node20.cts'), tsSource.replace(`import { writeReport } from '${pkg.name}/report';`, `import type { writeReport } from '${pkg.name}/report';`).replace('writeReport];', 'null as unknown as typeof writeReport];'));
  for (const [name, file, options] of consumers) {
    const config = `tsconfig.${name.split(' ')[0]}.json`;
    writeFileSync(join(consumer, config), JSON.stringify({ compilerOptions: options, files: [file] }, null, 2));
    const r = run(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', config], { cwd: consumer });
    if (r.status !== 0) fail(`tsc with moduleResolution ${name}:\n${r.output}`);
    else ok(`tsc, moduleResolution ${name}: no errors (skipLibCheck: false)`);
  }
  const node10 = run(process.execPath, [join('cjs', 'out', 'node10.js')], { cwd: consumer, echo: true });
  if (node10.status !== 0) fail('the node10 consumer, compiled to CommonJS, does not run');

  // the command
  const help = run('npx', ['--no-install', 'gold-nas', '--help'], { cwd: consumer });
  if (help.status !== 0 || !/search/.test(help.stdout)) fail(`npx gold-nas --help: exit ${help.status}\n${help.output}`);
  else ok(`npx gold-nas --help: exit 0, ${help.stdout.split('\n').length} lines, first: ${help.stdout.split('\n')[0]}`);

  // a source-mapped stack trace names the installed package's TypeScript sources
  writeFileSync(join(consumer, 'trace.mjs'), [
    `import { countArchitectures } from '${pkg.name}';`,
    `try { countArchitectures({ mode: 'gold', nodes: -1, operators: 2, cells: 1 }); } catch (e) { console.log(e.stack); }`,
  ].join('\n'));
  const trace = run(process.execPath, ['--enable-source-maps', 'trace.mjs'], { cwd: consumer });
  const frames = [...trace.stdout.matchAll(/\(?((?:file:\/\/)?\/[^\s()]*?node_modules\/gold-nas\/[^\s():]+):(\d+):(\d+)\)?/g)].map((m) => ({ file: m[1].replace(/^file:\/\//, ''), line: Number(m[2]) }));
  console.log(trace.stdout.split('\n').slice(0, 3).join('\n'));
  if (frames.length === 0) fail(`no frame of the package in the trace:\n${trace.output}`);
  for (const f of frames) {
    if (!f.file.endsWith('.ts') || !existsSync(f.file)) fail(`the trace names ${f.file}, which is not an existing TypeScript source`);
  }
  const top = frames[0];
  if (top && existsSync(top.file)) {
    const line = readFileSync(top.file, 'utf8').split('\n')[top.line - 1] ?? '';
    if (!/throw/.test(line)) fail(`the top frame ${top.file}:${top.line} is not the throw: ${line.trim()}`);
    else ok(`node --enable-source-maps: ${frames.length} frames in ${installed.replace(consumer, '<consumer>')}/src/*.ts, the top one the throw: ${top.file.replace(consumer, '<consumer>')}:${top.line} \`${line.trim()}\``);
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
} finally {
  if (keep) console.log(`\nleft ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

section(failures === 0 ? 'the package is ready' : `${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
