/**
 * `gold-nas study`: GOLD-NAS against DARTS, DARTS-PT and random search over seeds, every chosen
 * architecture re-trained with one recipe; a table, Kendall's τ and an HTML report with the
 * accuracy-vs-multiply-adds plot. Resumable at every job.
 *
 * @module
 */
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { formatDuration } from '../duration.js';
import type { Progress } from '../node/progress.js';
import { importStudyReportWriter } from '../node/report/importReportWriter.js';
import { readJsonFile } from '../node/readFiles.js';
import { STUDY_FILES, runStudy } from '../node/study/runStudy.js';
import type { StudyConfig, StudyPresetName } from '../study/studyConfig.js';
import { STUDY_PRESETS, decodeStudyConfig } from '../study/studyConfig.js';
import { studyMarkdown } from '../study/studyTable.js';
import type { LeafCommand } from './command.js';
import { BACKEND_FLAGS, commandProgress, loadBackend, withInterrupt } from './runtime.js';

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** `gold-nas study`. */
export const studyCommand: LeafCommand = {
  kind: 'leaf',
  name: 'study',
  summary: 'compare GOLD-NAS with DARTS, DARTS-PT and random search over seeds, re-training every choice with one recipe',
  flags: [
    { name: 'config', type: 'string', value: '<study.json>', description: 'the study (every field optional, over its "preset"); default: the default preset' },
    { name: 'preset', type: 'string', value: '<name>', choices: Object.keys(STUDY_PRESETS), description: 'without --config: default (minutes on a 2-core CPU), full (a paper\'s settings, a GPU), synthetic (seconds, for tests)' },
    { name: 'out', type: 'string', value: '<dir>', description: 'the study\'s folder (default runs/study-<time>); give it again to continue an interrupted study' },
    { name: 'report', type: 'boolean', default: true, description: 'write report.html and the plot\'s SVG at the end (--no-report: the tables only)' },
    ...BACKEND_FLAGS,
  ],
  epilog: [
    'Examples:',
    '  gold-nas study --out runs/study                    # the default study (Fashion-MNIST, 2 seeds)',
    '  gold-nas study --config study.json --out runs/s2   # your own',
    '  gold-nas study --out runs/study                    # again after Ctrl-C or a kill: finished jobs are re-used, the interrupted one resumes',
    '',
    'study.json, every field optional (see docs/study.md):',
    '  { "preset": "default", "seeds": [1, 2], "methods": ["gold-nas", "darts", "darts-pt", "random"],',
    '    "data": { "heldOut": 500, "searchLimit": 3000, "retrainLimit": 3000, "testLimit": 2000 },',
    '    "gold": { "maxSteps": 400 }, "darts": { "maxSteps": 100 }, "dartsPt": { "fineTuneSteps": 5 },',
    '    "familySize": 3, "retrain": { "epochs": 2 } }',
  ].join('\n'),
  run: async (args, { io, json }) => {
    const file = args.flags.config as string | undefined;
    const preset = args.flags.preset as StudyPresetName | undefined;
    if (file !== undefined && preset !== undefined) return E.left(goldNasError('ConfigError', '--preset', 'goes without --config (name the preset in the file: "preset")'));
    let config: Either<GoldNasError, StudyConfig> = E.right(STUDY_PRESETS[preset ?? 'default']);
    if (file !== undefined) {
      const read = await readJsonFile(resolve(io.cwd, file), 'no such file', file);
      if (E.isLeft(read)) return read;
      config = decodeStudyConfig(read.right);
      if (E.isLeft(config)) return E.left({ ...config.left, path: config.left.path === '' ? file : `${file}: ${config.left.path}` });
    }
    if (E.isLeft(config)) return config;
    const study = config.right;
    const dir = resolve(io.cwd, (args.flags.out as string | undefined) ?? join('runs', `study-${timestamp()}`));
    const tf = await loadBackend(args);
    if (E.isLeft(tf)) return tf;
    if (!json) io.stderr(`Study of ${study.methods.join(', ')} over seeds ${study.seeds.join(', ')} in ${dir}\n`);
    let progress: Progress | null = null;
    let last = '';
    const run = await withInterrupt(io, (stopRequested) => runStudy({
      tf: tf.right, dir, config: study, shouldStop: stopRequested,
      onLog: (line) => {
        if (json) return;
        if (progress === null) io.stderr(`${line}\n`);
        else progress.log(line);
      },
      onProgress: (p) => {
        if (json) return;
        progress ??= commandProgress(io, { unit: 'study %', total: 100, plainEvery: 1 });
        const figure = Math.floor(p.fraction * 1000) / 10;
        const job = `${p.phase} ${p.job.index + 1}/${p.job.count} ${p.job.label}`;
        const text = p.jobProgress === null ? 'starting' : `${p.jobProgress.unit} ${p.jobProgress.done}/${p.jobProgress.total}, ${p.jobProgress.text}`;
        if (`${figure}` !== last || p.reused) progress.update(figure, { job, now: text }, p.reused);
        last = `${figure}`;
      },
    }));
    (progress as Progress | null)?.done();
    if (E.isLeft(run)) {
      const e = run.left;
      return E.left({ ...e, path: e.path.startsWith(io.cwd) ? relative(io.cwd, e.path) || '.' : e.path });
    }
    const r = run.right;
    const lines: string[] = [];
    if (r.stopReason === 'interrupted') {
      lines.push(`Interrupted. Continue with the same command and --out ${dir}: finished jobs are re-used, the interrupted one resumes from its checkpoint.`);
    } else if (args.flags.report !== false) {
      const writer = await importStudyReportWriter();
      if (E.isLeft(writer)) lines.push(`No report: ${writer.left.message}`);
      else {
        const notes = [
          `Methods ${study.methods.join(', ')}; seeds ${study.seeds.join(', ')}; data ${study.data.source} (search: ${study.data.searchLimit || 'all'} training images and ${study.data.heldOut} held out, both from the training split; re-training: ${study.data.retrainLimit || 'all'} training images, tested on ${study.data.testLimit || 'all'} test images).`,
          `One re-training recipe: ${study.retrain.epochs} epoch${study.retrain.epochs === 1 ? '' : 's'}, batch ${study.retrain.batchSize}, lr ${study.retrain.optimizer.lr} (${study.retrain.optimizer.schedule}), on GOLD-NAS's layout (C=${study.gold.space.layout.channels}, ${study.gold.space.layout.cells} cells).`,
          `Wall time: searches ${formatDuration(r.parts.search)}, re-trainings ${formatDuration(r.parts.retrain)} (summed over every run of the study).`,
        ];
        const written = await writer.right(dir, r.table, { title: `gold-nas study · ${dir.split('/').pop()}`, notes });
        if (E.isLeft(written)) return written;
        lines.push(`Report: ${pathToFileURL(written.right.html).href}`, `Plot: ${written.right.plot}`);
      }
    }
    return E.right({
      json: { dir, stopReason: r.stopReason, seconds: r.seconds, parts: r.parts, rows: r.table.rows, summary: r.table.summary, tau: r.table.tau.map((t) => ({ method: t.method, tau: Number.isNaN(t.tau.tau) ? null : t.tau.tau, pairs: t.tau.n })) },
      text: () => [
        '',
        studyMarkdown(r.table).trimEnd(),
        '',
        ...lines,
        `Study folder: ${dir} (this run ${formatDuration(r.seconds)}; searches ${formatDuration(r.parts.search)}, re-trainings ${formatDuration(r.parts.retrain)} in all). Tables: ${join(dir, STUDY_FILES.table)}`,
        '',
      ].join('\n'),
    });
  },
};
