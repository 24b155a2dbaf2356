/**
 * A small, dependency-free argument parser for the `gold-nas` command: `--flag value`,
 * `--flag=value`, booleans (`--flag`, `--flag=false`, `--no-flag`), comma-separated lists,
 * positionals, `--` to end flags, and `-h`/`--help`. Unknown flags are errors.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/** The value kinds a flag can take. `int` and `number` are parsed; `list` splits on commas. */
export type FlagType = 'string' | 'int' | 'number' | 'boolean' | 'list';

/** A parsed flag value. */
export type FlagValue = string | number | boolean | readonly string[];

/**
 * One flag of a command.
 */
export interface FlagSpec {
  /** The long name, without the dashes. */
  readonly name: string;
  readonly type: FlagType;
  /** One line for `--help`. */
  readonly description: string;
  /** The placeholder shown in `--help` (`<value>` when left out). */
  readonly value?: string;
  /** The value when the flag is absent. */
  readonly default?: FlagValue;
  /** Allowed values of a `string` flag (or of each item of a `list`). */
  readonly choices?: readonly string[];
  /** Smallest allowed value of an `int` or `number` flag. */
  readonly min?: number;
  /** The command fails without it. */
  readonly required?: boolean;
}

/** A positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

/** The result of {@link parseArgs}. */
export interface ParsedArgs {
  /** Flag values by name, defaults filled in. Absent flags without a default are absent. */
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly positionals: readonly string[];
  /** `-h` or `--help` was given: the caller prints help and nothing else is checked. */
  readonly help: boolean;
}

function usageError(path: string, message: string): GoldNasError {
  return goldNasError('ConfigError', path, message);
}

function parseValue(spec: FlagSpec, raw: string): Either<GoldNasError, FlagValue> {
  const path = `--${spec.name}`;
  switch (spec.type) {
    case 'string':
      if (spec.choices !== undefined && !spec.choices.includes(raw)) {
        return E.left(usageError(path, `expected one of ${spec.choices.join(', ')}, got '${raw}'`));
      }
      return E.right(raw);
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (items.length === 0) return E.left(usageError(path, 'expected a comma-separated list, got nothing'));
      const bad = spec.choices === undefined ? undefined : items.find((i) => !spec.choices!.includes(i));
      if (bad !== undefined) return E.left(usageError(path, `'${bad}' is not one of ${spec.choices!.join(', ')}`));
      return E.right(items);
    }
    case 'int':
    case 'number': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n) || (spec.type === 'int' && !Number.isInteger(n))) {
        return E.left(usageError(path, `expected ${spec.type === 'int' ? 'an integer' : 'a number'}, got '${raw}'`));
      }
      if (spec.min !== undefined && n < spec.min) return E.left(usageError(path, `must be at least ${spec.min}, got ${n}`));
      return E.right(n);
    }
    case 'boolean':
      if (raw === 'true') return E.right(true);
      if (raw === 'false') return E.right(false);
      return E.left(usageError(path, `expected true or false, got '${raw}'`));
  }
}

/**
 * Parses a command's arguments against its flag and positional specs.
 *
 * @param argv - the arguments after the command's name.
 * @param flags - the flags the command accepts (`-h`/`--help` is always accepted).
 * @param positionals - the positionals it accepts, in order (none by default).
 * @returns the parsed arguments, or a `ConfigError` whose path names the offending flag
 *   (unknown flag, missing or malformed value, repeated flag, missing required flag, extra positional).
 */
export function parseArgs(
  argv: readonly string[],
  flags: readonly FlagSpec[],
  positionals: readonly PositionalSpec[] = [],
): Either<GoldNasError, ParsedArgs> {
  const byName = new Map(flags.map((f) => [f.name, f]));
  const values: Record<string, FlagValue> = {};
  const given = new Set<string>();
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return E.left(usageError(arg, 'unknown option; long flags start with --'));
    const eq = arg.indexOf('=');
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let inline: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let spec = byName.get(name);
    if (spec === undefined && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean' && inline === undefined) {
      name = name.slice(3);
      spec = byName.get(name);
      inline = 'false';
    }
    if (spec === undefined) return E.left(usageError(`--${name}`, 'unknown flag'));
    if (given.has(name)) return E.left(usageError(`--${name}`, 'given more than once'));
    given.add(name);
    let raw: string;
    if (inline !== undefined) raw = inline;
    else if (spec.type === 'boolean') raw = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        return E.left(usageError(`--${name}`, `expects a value (${spec.value ?? spec.type})`));
      }
      raw = next;
      i++;
    }
    const value = parseValue(spec, raw);
    if (E.isLeft(value)) return value;
    values[name] = value.right;
  }
  if (help) return E.right({ flags: values, positionals: rest, help });
  for (const spec of flags) {
    if (values[spec.name] !== undefined) continue;
    if (spec.required === true) return E.left(usageError(`--${spec.name}`, `is required (${spec.description})`));
    if (spec.default !== undefined) values[spec.name] = spec.default;
  }
  if (rest.length > positionals.length) {
    return E.left(usageError(rest[positionals.length]!, positionals.length === 0 ? 'unexpected argument; this command takes only flags' : 'unexpected extra argument'));
  }
  const missing = positionals.slice(rest.length).find((p) => p.required === true);
  if (missing !== undefined) return E.left(usageError(`<${missing.name}>`, `is required (${missing.description})`));
  return E.right({ flags: values, positionals: rest, help });
}

/**
 * The `--help` text of a command: a synopsis, its positionals and its flags with defaults.
 *
 * @param command - the full command (`gold-nas inspect arch`).
 * @param summary - one line saying what it does.
 * @param flags - its flags.
 * @param positionals - its positionals.
 * @returns the help text, ending with a newline.
 */
export function formatHelp(command: string, summary: string, flags: readonly FlagSpec[], positionals: readonly PositionalSpec[] = []): string {
  const pos = positionals.map((p) => (p.required === true ? `<${p.name}>` : `[${p.name}]`)).join(' ');
  const req = flags.filter((f) => f.required === true).map((f) => `--${f.name} ${f.value ?? '<value>'}`).join(' ');
  const lines = [`${command}: ${summary}`, '', `Usage: ${[command, pos, req, '[options]'].filter((s) => s !== '').join(' ')}`];
  const rows: [string, string][] = positionals.map((p) => [`<${p.name}>`, p.description]);
  for (const f of flags) {
    const left = f.type === 'boolean' ? `--${f.name}` : `--${f.name} ${f.value ?? (f.choices ? f.choices.join('|') : '<value>')}`;
    const def = f.default === undefined ? '' : ` (default: ${Array.isArray(f.default) ? f.default.join(',') : String(f.default)})`;
    rows.push([left, `${f.description}${f.required === true ? ' (required)' : ''}${def}`]);
  }
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length));
  lines.push('', 'Options:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`));
  return `${lines.join('\n')}\n`;
}
