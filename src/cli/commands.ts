/**
 * The table of `gold-nas` subcommands. To add one, write `src/cli/<name>.ts` exporting a
 * `CliCommand` and add it here.
 *
 * @module
 */
import { benchCommand } from './bench.js';
import { exportCommand } from './export.js';
import type { CliCommand } from './command.js';
import { inspectCommand } from './inspect.js';
import { queueCommand } from './queue.js';
import { reportCommand } from './report.js';
import { retrainCommand } from './retrain.js';
import { searchCommand } from './search.js';
import { studyCommand } from './study.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';

/** Every top-level subcommand, in the order `gold-nas --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [searchCommand, retrainCommand, sweepCommand, studyCommand, workerCommand, queueCommand, exportCommand, reportCommand, inspectCommand, benchCommand];
