#!/usr/bin/env node
// The API report of every entry point in package.json "exports" (gold-nas, gold-nas/node, …), made by
// @microsoft/api-extractor from the built declarations (dist/**/*.d.ts; run `npm run build` first).
//
//   node scripts/api-report.mjs           check: fails when an entry's public API differs from
//                                         etc/<entry>.api.md (commit the update made by --update)
//   node scripts/api-report.mjs --update  rewrite etc/<entry>.api.md (npm run api)
//
// Also counts each entry's public names, and fails when gold-nas or gold-nas/node mentions a plotting
// package (vega, vega-lite, @viz-js/viz: only gold-nas/report may use them; gold-nas does not depend on them).
// TSDoc and analysis warnings are printed but do not fail the check; errors do. `ae-undocumented`
// (a member without its own doc comment) is counted, and listed with --verbose. `ae-forgotten-export`
// is dropped for a type that another entry exports (gold-nas/report's options name gold-nas types).
import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const verbose = process.argv.includes('--verbose');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const reportFolder = join(root, 'etc');
const tempFolder = join(root, 'node_modules', '.cache', 'api-extractor');
mkdirSync(reportFolder, { recursive: true });

const compilerOptions = {
  target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: ['node'], strict: true, skipLibCheck: true, esModuleInterop: true,
};
/** Entries that must not mention the plotting packages, even in types. */
const NO_PLOTTING = new Set(['.', './node']);
const PLOTTING = /['"](vega|vega-lite|@viz-js\/viz)['"/]/;

/** The names an entry's declaration file exports (values and types). */
function publicNames(dts) {
  const program = ts.createProgram([dts], { ...compilerOptions, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, lib: undefined, noEmit: true });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(dts));
  return symbol ? checker.getExportsOfModule(symbol).map((s) => s.getName()) : [];
}

const entries = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object' && target.types);
const namesByEntry = new Map(entries.map(([subpath, target]) => [subpath, publicNames(join(root, target.types))]));
const exportedSomewhere = new Set([...namesByEntry.values()].flat());
let failed = false;
const summary = [];
for (const [subpath, target] of entries) {
  const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  const fileName = name.replace(/\//g, '-');
  const dts = join(root, target.types);
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: dts,
      compiler: { overrideTsconfig: { compilerOptions, files: [dts] } },
      apiReport: { enabled: true, reportFileName: fileName, reportFolder, reportTempFolder: tempFolder },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning' },
          // gold-nas does not use release tags (@public, @beta): every export of an entry is public.
          'ae-missing-release-tag': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'warning' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, 'package.json'),
  });
  const warnings = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    printApiReportDiff: !update,
    messageCallback: (message) => {
      // Collect them to print per entry, as `file:line: [id] text`; the report's own messages too.
      const forgotten = message.messageId === 'ae-forgotten-export' && exportedSomewhere.has(/"([^"]+)"/.exec(message.text)?.[1] ?? '');
      if ((message.logLevel === 'warning' || message.logLevel === 'error') && !forgotten) {
        const where = message.sourceFilePath ? `${message.sourceFilePath.replace(`${root}/`, '')}:${message.sourceFileLine}: ` : '';
        warnings.push(`${message.logLevel}: ${where}[${message.messageId}] ${message.text}`);
      }
      message.handled = true;
    },
  });
  const report = readFileSync(join(update ? reportFolder : tempFolder, `${fileName}.api.md`), 'utf8');
  const names = namesByEntry.get(subpath);
  const plotting = NO_PLOTTING.has(subpath) && PLOTTING.test(report);
  const changed = result.apiReportChanged && !update;
  const ok = result.errorCount === 0 && !changed && !plotting;
  failed ||= !ok;
  const api = warnings.filter((w) => !/\[console-api-report-/.test(w));
  const undocumented = api.filter((w) => w.includes('[ae-undocumented]'));
  summary.push(`${name}: ${names.length} public names, etc/${fileName}.api.md ${update ? (result.apiReportChanged ? 'updated' : 'unchanged') : changed ? 'OUT OF DATE' : 'up to date'}, ` +
    `${api.length - undocumented.length} TSDoc/analysis warnings and ${undocumented.length} undocumented members${plotting ? ', MENTIONS A PLOTTING PACKAGE' : ''}`);
  for (const w of warnings) if (verbose || !w.includes('[ae-undocumented]')) console.log(`  ${name}: ${w}`);
  if (plotting) console.error(`${name}: its API mentions vega, vega-lite or @viz-js/viz; only gold-nas/report may (gold-nas does not depend on them)`);
}
console.log(summary.join('\n'));
if (failed) {
  console.error(update ? 'api-report: errors above' : 'api-report: the public API differs from etc/*.api.md (diff above). If the change is intended, run `npm run api` and commit etc/.');
  process.exit(1);
}
