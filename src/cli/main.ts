/**
 * The `gold-nas` command line: dispatch over the command table, `--help` at every level,
 * `--json`, and errors printed as `gold-nas: <path>: <message>` with exit code 2.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { formatError, GoldNasException } from '../errors.js';
import type { FlagSpec } from './args.js';
import { formatHelp, parseArgs } from './args.js';
import type { CliCommand, CliIo, LeafCommand } from './command.js';
import { COMMANDS } from './commands.js';

/** Exit codes: 0 success, 1 an internal failure (a bug), 2 a usage or input error. */
const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_ERROR = 2;

const JSON_FLAG: FlagSpec = { name: 'json', type: 'boolean', description: 'print the result as JSON' };

function listCommands(commands: readonly CliCommand[], prefix: string): [string, string][] {
  return commands.flatMap((c): [string, string][] =>
    c.kind === 'leaf' ? [[`${prefix}${c.name}`, c.summary]] : listCommands(c.subcommands, `${prefix}${c.name} `),
  );
}

function groupHelp(path: string, summary: string, commands: readonly CliCommand[]): string {
  const rows = listCommands(commands, '');
  const width = Math.max(...rows.map(([l]) => l.length));
  return [
    `${path}: ${summary}`,
    '',
    `Usage: ${path} <command> [options]`,
    '',
    'Commands:',
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`),
    '',
    `Run '${path} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

function leafHelp(path: string, command: LeafCommand): string {
  const help = formatHelp(path, command.summary, [...command.flags, JSON_FLAG], command.positionals ?? []);
  return command.epilog === undefined ? help : `${help}\n${command.epilog.trimEnd()}\n`;
}

function fail(io: CliIo, error: GoldNasError, helpPath?: string): number {
  io.stderr(`gold-nas: ${formatError(error)}\n`);
  if (helpPath !== undefined) io.stderr(`Run '${helpPath} --help' for usage.\n`);
  return EXIT_ERROR;
}

async function version(): Promise<string> {
  // src/cli/main.ts and dist/cli/main.js both sit two levels below the package root.
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

async function runLeaf(command: LeafCommand, path: string, argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, [...command.flags, JSON_FLAG], command.positionals ?? []);
  if (E.isLeft(parsed)) return fail(io, parsed.left, path);
  if (parsed.right.help) {
    io.stdout(leafHelp(path, command));
    return EXIT_OK;
  }
  const json = parsed.right.flags.json === true;
  const result = await command.run(parsed.right, { io, json });
  if (E.isLeft(result)) return fail(io, result.left);
  io.stdout(json ? `${JSON.stringify(result.right.json, null, 2)}\n` : result.right.text());
  return EXIT_OK;
}

/**
 * Runs the `gold-nas` command line in-process.
 *
 * @param argv - the arguments after the program name (`process.argv.slice(2)`).
 * @param io - where to write standard output and error, and the working directory.
 * @returns the exit code: 0 on success, 2 on a usage or input error (printed as
 *   `gold-nas: <path>: <message>`), 1 on an internal failure.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let commands: readonly CliCommand[] = COMMANDS;
  let path = 'gold-nas';
  let summary = 'GOLD-NAS and the DARTS family for TensorFlow.js';
  let rest = argv;
  try {
    for (;;) {
      const [head, ...tail] = rest;
      if (path === 'gold-nas' && head === '--version') {
        io.stdout(`${await version()}\n`);
        return EXIT_OK;
      }
      if (head === '-h' || head === '--help') {
        io.stdout(groupHelp(path, summary, commands));
        return EXIT_OK;
      }
      if (head === undefined) {
        io.stderr(groupHelp(path, summary, commands));
        return EXIT_ERROR;
      }
      const command = commands.find((c) => c.name === head);
      if (command === undefined) {
        const known = commands.map((c) => c.name).join(', ');
        const what = head.startsWith('-') ? 'expects a command before any flag' : 'unknown command';
        return fail(io, { _tag: 'ConfigError', path: head, message: `${what}; commands of '${path}': ${known}` }, path);
      }
      path = `${path} ${command.name}`;
      if (command.kind === 'leaf') return await runLeaf(command, path, tail, io);
      commands = command.subcommands;
      summary = command.summary;
      rest = tail;
    }
  } catch (e) {
    if (e instanceof GoldNasException) return fail(io, e.error);
    io.stderr(`gold-nas: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

/** The signals that stop a long command after a checkpoint, as Ctrl-C does. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The `gold-nas` executable: runs {@link runCli} on `process.argv` with the process's streams
 * and sets `process.exitCode`.
 *
 * @returns a promise that settles when the command is done.
 */
export async function cliMain(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns !== undefined ? { columns: process.stderr.columns } : {}),
    onInterrupt: (handler) => {
      let count = 0;
      const listener = (): void => {
        count += 1;
        if (count === 1) {
          process.stderr.write('\ngold-nas: stopping after this step and writing a checkpoint; press Ctrl-C again to quit at once\n');
          handler();
        } else {
          process.stderr.write('\ngold-nas: quitting without a checkpoint\n');
          process.exit(130);
        }
      };
      // SIGTERM (a cluster scheduler, `kill`) and SIGHUP (a closed terminal or ssh session) are polite stops too.
      for (const signal of STOP_SIGNALS) process.on(signal, listener);
      return () => {
        for (const signal of STOP_SIGNALS) process.off(signal, listener);
      };
    },
  });
}
