#!/usr/bin/env node
// Checks the import graph of src/ (ARCHITECTURE.md: data flows one way; browser-safe root entry):
//
// 1. no import cycle between files: dependency-cruiser's rule `no-file-cycle` (.dependency-cruiser.cjs);
// 2. no import cycle between folders of src/: folder A depends on folder B when a file directly in A
//    imports a file directly in B (src/node and src/node/report are two folders). The entry points
//    (package.json "exports") are left out: they re-export from everywhere and nothing imports them;
// 3. what each entry point may reach through its static imports: `gold-nas` and `gold-nas/kernels` no Node built-in, no
//    src/node or src/cli, and no plotting package (not even through types, which would put them in its
//    .d.ts) and no job-queue package (bullmq, ioredis); `gold-nas/node` neither a plotting package
//    nor a job-queue package at run time (the CLI loads the report on demand, and only the queue
//    runner imports BullMQ, dynamically: users who never use a queue need not install it).
//
// Type-only imports count as imports everywhere. Every cycle is printed, with the imports that make it.
// Usage: node scripts/check-imports.mjs [--json]   (exit code 1 when something is wrong)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The plotting packages only `gold-nas/report` may use (not dependencies of gold-nas: its users install them). */
const PLOTTING = /^node_modules\/(vega|vega-lite|@viz-js\/viz)\//;
/** The job queue's packages (optional peer): imported dynamically by the queue runner only. */
const QUEUE = /^node_modules\/(bullmq|ioredis)\//;

// --- the graph, from dependency-cruiser ---
// Its "exports" hide package.json and the command line script: find them where npm installs devDependencies.
const cruiser = join(root, 'node_modules', 'dependency-cruiser');
const { version, bin } = JSON.parse(readFileSync(join(cruiser, 'package.json'), 'utf8'));
const depcruise = join(cruiser, bin.depcruise);
const run = spawnSync(process.execPath, [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
  cwd: root, encoding: 'utf8', maxBuffer: 1 << 28,
});
let cruise;
try {
  cruise = JSON.parse(run.stdout);
} catch {
  console.error(`check-imports: dependency-cruiser failed (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const modules = new Map(cruise.modules.map((m) => [m.source, m]));
const isSrc = (path) => path.startsWith('src/');
const isTypeOnly = (d) => d.dependencyTypes.includes('type-only') || d.dependencyTypes.includes('type-import');
const isDynamic = (d) => d.dynamic || d.dependencyTypes.includes('dynamic-import');
const describeDep = (d) => [isTypeOnly(d) ? 'type-only' : '', isDynamic(d) ? 'dynamic' : ''].filter(Boolean).join(', ');

// Entry points: "exports" subpaths -> their source files (dist/x.js -> src/x.ts).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Each entry's JavaScript is its `default` condition (`import` in older package.json files).
const entryScript = (target) => (typeof target === 'object' ? target.default ?? target.import : undefined);
const entries = Object.entries(pkg.exports)
  .filter(([, target]) => entryScript(target) !== undefined)
  .map(([subpath, target]) => ({
    name: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
    subpath,
    source: entryScript(target).replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'),
  }));
const entrySources = new Set(entries.map((e) => e.source));
const problems = [];

/** A cycle as a canonical key (rotation-independent) and as display text. */
const cycleKey = (nodes) => [...nodes].sort().join(' | ');
const cycleText = (nodes) => [...nodes, nodes[0]].join(' → ');

// --- 1. file cycles ---
const fileCycles = new Map();
for (const v of cruise.summary.violations.filter((v) => v.rule.name === 'no-file-cycle')) {
  const nodes = [v.from, ...v.cycle.map((c) => (typeof c === 'string' ? c : c.name))].filter((n, i, a) => a.indexOf(n) === i);
  fileCycles.set(cycleKey(nodes), nodes);
}
console.log(`check-imports: ${cruise.summary.totalCruised} modules, ${cruise.summary.totalDependenciesCruised} imports (dependency-cruiser ${version}, type-only imports included)`);
console.log(`file cycles: ${fileCycles.size}`);
for (const nodes of fileCycles.values()) {
  problems.push(`file cycle: ${cycleText(nodes)}`);
  console.log(`  CYCLE: ${cycleText(nodes)}`);
}

// --- 2. folder cycles ---
const folderEdges = new Map(); // 'a' -> Map('b' -> [example imports])
for (const m of cruise.modules) {
  if (!isSrc(m.source) || entrySources.has(m.source)) continue;
  const a = posix.dirname(m.source);
  for (const d of m.dependencies) {
    if (!isSrc(d.resolved) || entrySources.has(d.resolved)) continue;
    const b = posix.dirname(d.resolved);
    if (a === b) continue;
    if (!folderEdges.has(a)) folderEdges.set(a, new Map());
    const to = folderEdges.get(a);
    if (!to.has(b)) to.set(b, []);
    const kind = describeDep(d);
    to.get(b).push(`${m.source} → ${d.resolved}${kind ? ` (${kind})` : ''}`);
  }
}
/** Strongly connected components (Tarjan), largest-first order not needed. */
function components(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const found = [];
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((m) => [...m.keys()])]);
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!info.has(v)) visit(v);
  return found;
}
const folderCycles = components(folderEdges);
console.log(`folder cycles: ${folderCycles.length} (entry points ${[...entrySources].join(', ')} left out)`);
for (const scc of folderCycles) {
  problems.push(`folder cycle: ${scc.join(' ↔ ')}`);
  console.log(`  CYCLE: ${scc.join(' ↔ ')}, through`);
  for (const a of scc) {
    for (const [b, imports] of folderEdges.get(a) ?? []) {
      if (!scc.includes(b)) continue;
      for (const i of imports.slice(0, 3)) console.log(`      ${i}`);
      if (imports.length > 3) console.log(`      … and ${imports.length - 3} more from ${a} to ${b}`);
    }
  }
}

// --- 3. what each entry point reaches ---
/** The import chains from `start` that reach a module `bad` flags, following the imports `follow` keeps. */
function reaching(start, follow, bad) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  const hits = [];
  while (queue.length > 0) {
    const source = queue.shift();
    for (const d of modules.get(source)?.dependencies ?? []) {
      if (!follow(d)) continue;
      const target = d.resolved;
      const reason = bad(target, d);
      if (reason) {
        const chain = [target];
        for (let at = source; at !== null; at = previous.get(at)) chain.unshift(at);
        hits.push(`${reason}: ${chain.join(' → ')}`);
        continue;
      }
      if (!isSrc(target) || previous.has(target)) continue;
      previous.set(target, source);
      queue.push(target);
    }
  }
  return hits;
}
const BROWSER_SAFE = {
  what: 'no Node built-in, no src/node or src/cli, no vega/vega-lite/@viz-js/viz, no bullmq/ioredis (values or types)',
  follow: (d) => !isDynamic(d),
  bad: (target, d) =>
    d.coreModule ? `Node built-in ${target}` : /^src\/(node|cli)\//.test(target) ? 'Node-only module'
      : PLOTTING.test(target) ? 'plotting package' : QUEUE.test(target) ? 'job-queue package' : '',
};
const ENTRY_RULES = {
  '.': BROWSER_SAFE,
  './kernels': BROWSER_SAFE,
  './node': {
    what: 'no vega/vega-lite/@viz-js/viz and no bullmq/ioredis at run time (static value imports)',
    follow: (d) => !isDynamic(d) && !isTypeOnly(d),
    bad: (target) => (PLOTTING.test(target) ? 'plotting package' : QUEUE.test(target) ? 'job-queue package' : ''),
  },
};
console.log('entry points:');
for (const entry of entries) {
  const rule = ENTRY_RULES[entry.subpath];
  if (!modules.has(entry.source)) {
    problems.push(`${entry.name}: its source ${entry.source} was not found`);
    continue;
  }
  if (!rule) {
    console.log(`  ${entry.name} (${entry.source}): no reachability rule`);
    continue;
  }
  const hits = reaching(entry.source, rule.follow, rule.bad);
  console.log(`  ${entry.name} (${entry.source}): ${rule.what}: ${hits.length === 0 ? 'ok' : `${hits.length} found`}`);
  for (const h of hits) {
    console.log(`      ${h}`);
    problems.push(`${entry.name}: ${h}`);
  }
}

if (problems.length > 0) {
  console.error(`\ncheck-imports: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('check-imports: no import cycle between files or folders; entry points ok');
