/**
 * The shape of a `gold-nas` subcommand. A command is data: its flags, and a `run` function
 * that returns what to print (as JSON and as text) or an error. The dispatcher in `main.ts`
 * parses arguments, handles `--help` and `--json`, and prints errors, so adding a subcommand
 * is one file exporting a {@link CliCommand} plus one entry in the command table.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { FlagSpec, ParsedArgs, PositionalSpec } from './args.js';

/**
 * Where the command line writes, and what it reads relative to.
 */
export interface CliIo {
  /** Receives standard output text (already newline-terminated). */
  readonly stdout: (text: string) => void;
  /** Receives standard error text: errors and progress. */
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether standard error is a terminal (progress bars redraw in place there); default false. */
  readonly stderrIsTTY?: boolean;
  /** Terminal width for progress bars. */
  readonly columns?: number;
  /**
   * Subscribes to Ctrl-C for the duration of a long command: the handler is called on the first
   * interrupt; a second interrupt ends the process at once. Returns the unsubscribe function.
   * Absent in tests and embedders that manage signals themselves.
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** What a command prints on success: a JSON value for `--json`, and text otherwise. */
export interface CommandOutput {
  /** The `--json` output; bigints must already be strings. */
  readonly json: unknown;
  /** The human-readable output, computed only when `--json` is absent. */
  readonly text: () => string;
}

/** What a command's `run` receives besides its parsed arguments. */
export interface CommandContext {
  readonly io: CliIo;
  /** Whether `--json` was given (commands that stream progress may print less). */
  readonly json: boolean;
}

/** A runnable subcommand (a leaf of the command tree). */
export interface LeafCommand {
  readonly kind: 'leaf';
  readonly name: string;
  /** One line for the command list and `--help`. */
  readonly summary: string;
  /** Its flags; `--json` and `--help` are added by the dispatcher. */
  readonly flags: readonly FlagSpec[];
  readonly positionals?: readonly PositionalSpec[];
  /** Extra `--help` text (examples), printed after the options. */
  readonly epilog?: string;
  /** Does the work; errors are values, printed as `gold-nas: <path>: <message>` with exit code 2. */
  readonly run: (args: ParsedArgs, ctx: CommandContext) => Promise<Either<GoldNasError, CommandOutput>>;
}

/** A command that only groups subcommands (`gold-nas inspect space|arch`). */
export interface GroupCommand {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly CliCommand[];
}

/**
 * A node of the command tree.
 */
export type CliCommand = LeafCommand | GroupCommand;
