/**
 * `gold-nas report`: one self-contained HTML report of a search run directory (Pareto front,
 * search timeline, gate heat maps, cell diagrams, configuration). The renderer is loaded only when
 * the command runs, after checking its packages (`vega`, `vega-lite`, `@viz-js/viz`: installed, in supported versions), so
 * that the rest of the command line works without them.
 *
 * @module
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { importReportWriter } from '../node/report/importReportWriter.js';
import type { LeafCommand } from './command.js';

function kilobytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/**
 * The `report` command.
 */
export const reportCommand: LeafCommand = {
  kind: 'leaf',
  name: 'report',
  summary: 'write a self-contained HTML report of a search run directory',
  positionals: [{ name: 'run-dir', description: 'the run directory of a search (gold-nas search --out <dir>)', required: true }],
  flags: [
    { name: 'out', type: 'string', value: '<file.html>', description: 'where to write the report (default <run-dir>/report.html)' },
    { name: 'moments', type: 'int', value: '<n>', min: 1, default: 5, description: 'how many pruning rounds the gate heat maps show (first, last and evenly spaced)' },
  ],
  epilog: [
    'The report needs no network and no scripts: open it from disk, mail it, or archive it with the run.',
    'Re-training results (architectures/<hash>.retrain.json) are shown when present.',
    '',
    'Examples:',
    '  gold-nas report runs/mnist-quick                 # writes runs/mnist-quick/report.html',
    '  gold-nas report runs/a --out /tmp/a.html --json',
  ].join('\n'),
  run: async (args, { io }) => {
    const dir = resolve(io.cwd, args.positionals[0]!);
    const out = args.flags.out === undefined ? undefined : resolve(io.cwd, args.flags.out as string);
    const writeReport = await importReportWriter();
    if (E.isLeft(writeReport)) return writeReport;
    const written = await writeReport.right({ dir, ...(out !== undefined ? { out } : {}), moments: args.flags.moments as number, generatedAt: new Date() });
    if (E.isLeft(written)) {
      const e = written.left;
      // Name files relative to where the user is, as they typed them.
      return E.left({ ...e, path: e.path.startsWith(io.cwd) ? relative(io.cwd, e.path) || '.' : e.path });
    }
    const r = written.right;
    for (const w of r.warnings) io.stderr(`gold-nas: warning: ${w}\n`);
    return E.right({
      json: r,
      text: () => [
        `Wrote ${r.out} (${kilobytes(r.bytes)}): the Pareto front of ${r.frontSize} of ${r.candidates} candidates (${r.accuracySource === 'retrained' ? 're-trained' : 'shared-weight held-out'} accuracy), the search timeline, ${r.figures.gates} gate map${r.figures.gates === 1 ? '' : 's'} and ${r.figures.cells} cell diagram${r.figures.cells === 1 ? '' : 's'}.`,
        `Open it in a browser: ${pathToFileURL(r.out).href}`,
        '',
      ].join('\n'),
    });
  },
};
