/**
 * `gold-nas inspect`: look at a search space or an architecture without training anything.
 *
 * @module
 */
import type { GroupCommand } from './command.js';
import { inspectArchCommand } from './inspectArch.js';
import { inspectSpaceCommand } from './inspectSpace.js';

/**
 * The `inspect` command group: `inspect space` and `inspect arch`.
 */
export const inspectCommand: GroupCommand = {
  kind: 'group',
  name: 'inspect',
  summary: 'look at a search space or an architecture without training',
  subcommands: [inspectSpaceCommand, inspectArchCommand],
};
