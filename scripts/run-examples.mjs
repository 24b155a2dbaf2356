#!/usr/bin/env node
// Runs the short example scripts (compiled by `tsc -p examples`) one after another and fails on the
// first that fails. `npm run examples` builds the package and the examples first; CI calls it.
//
// Usage: node scripts/run-examples.mjs [name ...]   (default: all of them)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each example with the arguments CI runs it with. All take seconds on 2 cores. */
const EXAMPLES = [
  ['inspect-space'],
  ['pruning-by-hand'],
  ['cifar10-plan'],
  ['custom-operator'],
  ['backends', 'wasm'],
  ['tiny-search'],
  ['custom-strategy'],
  ['darts-search'],
  ['run-directory'],
  ['data-loaders'],
  ['export-model'],
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !EXAMPLES.some(([name]) => name === w));
if (unknown.length > 0) {
  console.error(`unknown example ${unknown.join(', ')}; known: ${EXAMPLES.map(([n]) => n).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? EXAMPLES : EXAMPLES.filter(([name]) => wanted.includes(name));

for (const [name, ...args] of selected) {
  const script = join(root, 'examples', 'dist', `${name}.js`);
  if (!existsSync(script)) {
    console.error(`${script} is missing: run 'npm run build && npx tsc -p examples' first (npm run examples does both)`);
    process.exit(2);
  }
  console.log(`::: example ${name} ${args.join(' ')}`.trimEnd());
  const started = Date.now();
  const run = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`example ${name} failed (exit ${run.status ?? run.signal}) after ${seconds} s`);
    process.exit(1);
  }
  console.log(`::: example ${name}: ok in ${seconds} s\n`);
}
