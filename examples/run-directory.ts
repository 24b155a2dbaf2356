// What `gold-nas search`, `gold-nas retrain` and `gold-nas report` do, from code: a search in a
// run directory, the re-training of its Pareto front, and the HTML report, on seeded synthetic
// data and the cpu backend (docs/quick-start.md).
//
//   npm run build && npx tsc -p examples && node examples/dist/run-directory.js [dir]
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { GoldNasException, RETRAIN_PRESETS, SEARCH_PRESETS } from 'gold-nas';
import type { GoldNasError } from 'gold-nas';
import { formatFrontTable, loadTfjs, retrainInDirectory, searchInDirectory } from 'gold-nas/node';
import { writeReport } from 'gold-nas/report';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

const tf = orThrow(await loadTfjs('cpu'));
const dir = process.argv[2] ?? join(await mkdtemp(join(tmpdir(), 'gold-nas-')), 'run');

// 1. The search: config.json, events.jsonl, checkpoint.bin, pareto.json, architectures/, summary.*
const search = orThrow(await searchInDirectory({ tf, dir, config: SEARCH_PRESETS['synthetic-tiny'] }));
console.log(`search: ${search.result.stopReason} after ${search.result.steps} steps in ${dir}`);
console.log(formatFrontTable(search.result.front));

// 2. Re-train every front candidate from scratch (here one epoch each): architectures/<hash>.retrain.json and .retrain.ckpt
const retrain = orThrow(await retrainInDirectory({ tf, dir, config: { ...RETRAIN_PRESETS['synthetic-tiny'], epochs: 1 } }));
for (const c of retrain.candidates) {
  console.log(`retrain ${c.id}: ${c.status}, test top-1 ${c.result?.top1 === null || c.result === undefined ? '-' : (100 * c.result.top1).toFixed(1) + '%'}`);
}

// 3. The report: one self-contained HTML file (report.html in the run directory).
const report = orThrow(await writeReport({ dir }));
console.log(`report: ${report.out} (${report.bytes.toLocaleString('en-US')} bytes, accuracy from ${report.accuracySource})`);

console.log(`\nfiles: ${(await readdir(dir)).sort().join(', ')}`);
console.log(`architectures/: ${(await readdir(join(dir, 'architectures'))).length} files`);
