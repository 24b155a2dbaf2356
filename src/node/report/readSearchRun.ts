/**
 * Reading a search run directory for a report: `config.json` and `pareto.json` are required,
 * `events.jsonl`, `summary.json` and `architectures/<hash>.retrain.json` are read when present.
 * Node-only (exported from `gold-nas/report`).
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { formatError, goldNasError } from '../../errors.js';
import { parseJsonText, readJsonFile, readTextFile } from '../readFiles.js';
import { RETRAIN_FILES } from '../retrainRun.js';
import { RUN_FILES, readRunConfig } from '../searchRun.js';
import type { ReportCandidate, RetrainScore, RunSummary, SearchRunData } from '../../report/runData.js';
import { decodeParetoFile, decodeRetrainScore, decodeRunSummary, parseSearchEvents } from '../../report/runData.js';

/** What to do about a damaged file of the run, after the parser's message. */
const DAMAGED = 'the file is damaged: run the search again, or restore the file';

function withFile<A>(path: string, r: Either<GoldNasError, A>): Either<GoldNasError, A> {
  return E.isLeft(r) ? E.left({ ...r.left, path: r.left.path === '' ? path : `${path}: ${r.left.path}` }) : r;
}

/**
 * Reads and decodes a search run directory.
 *
 * @param dir - the run directory (`gold-nas search --out <dir>`).
 * @returns the run, or an `IoError` (no such directory, not a run directory, search not finished)
 *   or `DecodeError` (a damaged `config.json` or `pareto.json`) that names the file.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { readSearchRun } from 'gold-nas/report';
 * const run = await readSearchRun('runs/mnist-quick');
 * if (E.isRight(run)) console.log(run.right.candidates.length);
 * ```
 * @since 0.1.0
 */
export async function readSearchRun(dir: string): Promise<Either<GoldNasError, SearchRunData>> {
  const root = resolve(dir);
  try {
    const s = await stat(root);
    if (!s.isDirectory()) return E.left(goldNasError('IoError', dir, 'not a directory; give the run directory of a search (gold-nas search --out <dir>)'));
  } catch {
    return E.left(goldNasError('IoError', dir, 'no such directory; give the run directory of a search (gold-nas search --out <dir>)'));
  }
  const config = await readRunConfig(root, 'not a gold-nas run directory: it has no config.json (a search writes config.json, events.jsonl and pareto.json)');
  if (E.isLeft(config)) return config;
  const paretoPath = join(root, RUN_FILES.pareto);
  const paretoJson = await readJsonFile(paretoPath, 'missing: the search has not written its results yet; let it finish, or stop it with Ctrl-C (which writes them), then run the report again', paretoPath, DAMAGED);
  if (E.isLeft(paretoJson)) return paretoJson;
  const pareto = withFile(paretoPath, decodeParetoFile(paretoJson.right));
  if (E.isLeft(pareto)) return pareto;

  const warnings: string[] = [];
  const eventsPath = join(root, RUN_FILES.events);
  const eventsText = await readTextFile(eventsPath);
  let events: SearchRunData['events'] = [];
  if (E.isRight(eventsText) && eventsText.right !== null) {
    const parsed = parseSearchEvents(eventsText.right);
    events = parsed.events;
    if (parsed.skipped.length > 0) warnings.push(`${eventsPath}: skipped ${parsed.skipped.length} unreadable line(s) (first: line ${parsed.skipped[0]})`);
  } else {
    warnings.push(`${eventsPath}: ${E.isLeft(eventsText) ? eventsText.left.message : 'missing'}; the timeline and gate maps are empty`);
  }

  let summary: RunSummary | undefined;
  const summaryPath = join(root, RUN_FILES.summaryJson);
  const summaryText = await readTextFile(summaryPath);
  if (E.isRight(summaryText) && summaryText.right !== null) {
    const decoded = E.flatMap(parseJsonText(summaryText.right, summaryPath, DAMAGED), decodeRunSummary);
    if (E.isRight(decoded)) summary = decoded.right;
    else warnings.push(`${summaryPath}: ignored (${formatError(decoded.left)})`);
  }

  const candidates: ReportCandidate[] = [];
  for (const c of pareto.right.candidates) {
    const path = join(root, RETRAIN_FILES.result(c.id));
    const text = await readTextFile(path);
    let retrain: RetrainScore | undefined;
    if (E.isLeft(text)) {
      warnings.push(`${path}: ${text.left.message}`);
    } else if (text.right !== null) {
      const decoded = E.flatMap(parseJsonText(text.right, path, DAMAGED), decodeRetrainScore);
      if (E.isRight(decoded)) retrain = decoded.right ?? undefined;
      else warnings.push(`${path}: ignored (${formatError(decoded.left)})`);
    }
    candidates.push(retrain === undefined ? c : { ...c, retrain });
  }
  return E.right({
    name: basename(root),
    config: config.right,
    events,
    candidates,
    hypervolume: pareto.right.hypervolume,
    ...(pareto.right.estimate !== undefined ? { estimate: pareto.right.estimate } : {}),
    ...(summary !== undefined ? { summary } : {}),
    warnings,
  });
}
