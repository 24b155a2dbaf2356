/**
 * Reading a search run directory for a report: `config.json` and `pareto.json` are required,
 * `events.jsonl`, `summary.json` and `architectures/<hash>.retrain.json` are read when present.
 * Node-only (exported from `gold-nas/node`).
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { RETRAIN_FILES } from '../node/retrainRun.js';
import { RUN_FILES } from '../node/searchRun.js';
import { decodeSearchConfig } from '../search/searchConfig.js';
import type { ReportCandidate, RetrainScore, RunSummary, SearchRunData } from './runData.js';
import { decodeParetoFile, decodeRetrainScore, decodeRunSummary, parseSearchEvents } from './runData.js';

type Read = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'missing' } | { readonly kind: 'error'; readonly message: string };

async function readOptional(path: string): Promise<Read> {
  try {
    return { kind: 'text', text: await readFile(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'error', message: (e as Error).message };
  }
}

function parseJson(path: string, text: string): Either<GoldNasError, unknown> {
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (e) {
    return E.left(goldNasError('DecodeError', path, `not valid JSON (${(e as Error).message}); the file is damaged: run the search again, or restore the file`));
  }
}

async function readRequiredJson(dir: string, file: string, missing: string): Promise<Either<GoldNasError, unknown>> {
  const path = join(dir, file);
  const r = await readOptional(path);
  if (r.kind === 'missing') return E.left(goldNasError('IoError', path, missing));
  if (r.kind === 'error') return E.left(goldNasError('IoError', path, `could not read the file: ${r.message}`));
  return parseJson(path, r.text);
}

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
 * import { readSearchRun } from 'gold-nas/node';
 * const run = await readSearchRun('runs/mnist-quick');
 * if (E.isRight(run)) console.log(run.right.candidates.length);
 * ```
 */
export async function readSearchRun(dir: string): Promise<Either<GoldNasError, SearchRunData>> {
  const root = resolve(dir);
  try {
    const s = await stat(root);
    if (!s.isDirectory()) return E.left(goldNasError('IoError', dir, 'not a directory; give the run directory of a search (gold-nas search --out <dir>)'));
  } catch {
    return E.left(goldNasError('IoError', dir, 'no such directory; give the run directory of a search (gold-nas search --out <dir>)'));
  }
  const configJson = await readRequiredJson(root, RUN_FILES.config, 'not a gold-nas run directory: it has no config.json (a search writes config.json, events.jsonl and pareto.json)');
  if (E.isLeft(configJson)) return configJson;
  const configPath = join(root, RUN_FILES.config);
  const config = withFile(configPath, decodeSearchConfig(configJson.right));
  if (E.isLeft(config)) return config;
  const paretoJson = await readRequiredJson(root, RUN_FILES.pareto, 'missing: the search has not written its results yet; let it finish, or stop it with Ctrl-C (which writes them), then run the report again');
  if (E.isLeft(paretoJson)) return paretoJson;
  const paretoPath = join(root, RUN_FILES.pareto);
  const pareto = withFile(paretoPath, decodeParetoFile(paretoJson.right));
  if (E.isLeft(pareto)) return pareto;

  const warnings: string[] = [];
  const eventsPath = join(root, RUN_FILES.events);
  const eventsText = await readOptional(eventsPath);
  let events: SearchRunData['events'] = [];
  if (eventsText.kind === 'text') {
    const parsed = parseSearchEvents(eventsText.text);
    events = parsed.events;
    if (parsed.skipped.length > 0) warnings.push(`${eventsPath}: skipped ${parsed.skipped.length} unreadable line(s) (first: line ${parsed.skipped[0]})`);
  } else {
    warnings.push(`${eventsPath}: ${eventsText.kind === 'missing' ? 'missing' : eventsText.message}; the timeline and gate maps are empty`);
  }

  let summary: RunSummary | undefined;
  const summaryPath = join(root, RUN_FILES.summaryJson);
  const summaryText = await readOptional(summaryPath);
  if (summaryText.kind === 'text') {
    const decoded = E.flatMap(parseJson(summaryPath, summaryText.text), decodeRunSummary);
    if (E.isRight(decoded)) summary = decoded.right;
    else warnings.push(`${summaryPath}: ignored (${decoded.left.path === '' ? '' : `${decoded.left.path}: `}${decoded.left.message})`);
  }

  const candidates: ReportCandidate[] = [];
  for (const c of pareto.right.candidates) {
    const path = join(root, RETRAIN_FILES.result(c.id));
    const text = await readOptional(path);
    let retrain: RetrainScore | undefined;
    if (text.kind === 'text') {
      const decoded = E.flatMap(parseJson(path, text.text), decodeRetrainScore);
      if (E.isRight(decoded)) retrain = decoded.right ?? undefined;
      else warnings.push(`${path}: ignored (${decoded.left.path === '' ? '' : `${decoded.left.path}: `}${decoded.left.message})`);
    } else if (text.kind === 'error') {
      warnings.push(`${path}: ${text.message}`);
    }
    candidates.push(retrain === undefined ? c : { ...c, retrain });
  }
  return E.right({
    name: basename(root),
    config: config.right,
    events,
    candidates,
    hypervolume: pareto.right.hypervolume,
    ...(summary !== undefined ? { summary } : {}),
    warnings,
  });
}
