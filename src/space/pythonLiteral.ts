/**
 * A small parser for the literal text that DARTS-family code prints and stores: Python literals
 * (lists, tuples, strings in either quote, ints, `True`/`False`/`None`, `range(a, b)`,
 * named tuples such as `Genotype(normal=[...], ...)`) and JSON, which is almost a subset.
 * It evaluates nothing: the text becomes plain JS values (tuples become arrays, named tuples
 * objects). Syntax errors are values whose path is `line:column` (1-based).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';

/** Options of {@link parseLiteral}. */
export interface LiteralOptions {
  /** Named tuples the text may call, by name, with their field names in positional order, e.g. `{ Genotype: ['normal', ...] }`. */
  readonly namedTuples?: Readonly<Record<string, readonly string[]>>;
}

const MAX_DEPTH = 200;
const MAX_RANGE = 1_000_000;

class ParseFailure {
  constructor(
    readonly pos: number,
    readonly message: string,
  ) {}
}

function lineColumn(text: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `${line}:${col}`;
}

function setField(obj: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, so that a key named __proto__ is data, not a prototype change.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Arg {
  readonly name: string | undefined;
  readonly value: unknown;
  readonly pos: number;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/', '\n': '' };

/** Recursive-descent parser over the text; throws {@link ParseFailure}, caught by {@link parseLiteral}. */
class Parser {
  pos = 0;
  depth = 0;

  constructor(
    readonly text: string,
    readonly namedTuples: Readonly<Record<string, readonly string[]>>,
  ) {}

  fail(message: string, pos = this.pos): never {
    throw new ParseFailure(pos, message);
  }

  found(): string {
    if (this.pos >= this.text.length) return 'the end of the text';
    const rest = this.text.slice(this.pos, this.pos + 12).split('\n')[0]!;
    return `'${rest}'`;
  }

  skip(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\ufeff') this.pos++;
      else if (ch === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  peek(): string | undefined {
    this.skip();
    return this.text[this.pos];
  }

  expect(ch: string, what: string): void {
    if (this.peek() !== ch) this.fail(`expected '${ch}' ${what}, found ${this.found()}`);
    this.pos++;
  }

  identifier(): string | undefined {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (m === null) return undefined;
    this.pos += m[0].length;
    const parts = m[0].split('.');
    return parts[parts.length - 1]!.trim();
  }

  /** Whether an identifier followed by a single '=' (a keyword argument) starts here. */
  atKeyword(): boolean {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*\s*=(?!=)/.exec(this.text.slice(this.pos, this.pos + 256));
    return m !== null;
  }

  /** Comma-separated positional and keyword arguments, up to (not including) `close` or the end. */
  args(close: string | undefined): Arg[] {
    const out: Arg[] = [];
    for (;;) {
      const next = this.peek();
      if (next === close) return out;
      const pos = this.pos;
      let name: string | undefined;
      if (this.atKeyword()) {
        name = this.identifier();
        this.expect('=', `after the keyword '${name}'`);
      }
      out.push({ name, value: this.value(), pos });
      const after = this.peek();
      if (after === ',') {
        this.pos++;
        continue;
      }
      if (after === close) return out;
      this.fail(close === undefined ? `expected ',' or the end of the text, found ${this.found()}` : `expected ',' or '${close}', found ${this.found()}`);
    }
  }

  items(close: string, what: string): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      if (this.peek() === close) {
        this.pos++;
        return out;
      }
      out.push(this.value());
      const after = this.peek();
      if (after === ',') this.pos++;
      else if (after !== close) this.fail(`expected ',' or '${close}' in ${what}, found ${this.found()}`);
    }
  }

  value(): unknown {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    try {
      return this.valueInner();
    } finally {
      this.depth--;
    }
  }

  valueInner(): unknown {
    const ch = this.peek();
    const start = this.pos;
    if (ch === undefined) this.fail('expected a value, found the end of the text');
    if (ch === '[') {
      this.pos++;
      return this.items(']', 'a list');
    }
    if (ch === '(') {
      this.pos++;
      if (this.peek() === ')') {
        this.pos++;
        return [];
      }
      const first = this.value();
      if (this.peek() === ')') {
        this.pos++;
        return first; // (x) is just x; (x,) is a tuple
      }
      this.expect(',', 'or \')\' in a tuple');
      return [first, ...this.items(')', 'a tuple')];
    }
    if (ch === '{') {
      this.pos++;
      return this.dict();
    }
    if (ch === "'" || ch === '"') return this.string();
    if (ch === '-' || ch === '+' || (ch >= '0' && ch <= '9') || ch === '.') return this.number();
    const name = this.identifier();
    if (name === undefined) this.fail(`expected a value, found ${this.found()}`);
    if (name === 'True' || name === 'true') return true;
    if (name === 'False' || name === 'false') return false;
    if (name === 'None' || name === 'null') return null;
    if (this.peek() !== '(') this.fail(`'${name}' is not a literal; only lists, tuples, strings, numbers, True/False/None, range(...) and named tuples are understood`, start);
    this.pos++;
    const args = this.args(')');
    this.pos++;
    return this.call(name, args, start);
  }

  call(name: string, args: readonly Arg[], start: number): unknown {
    if (name === 'range') {
      if (args.length < 1 || args.length > 3 || args.some((a) => a.name !== undefined))
        this.fail('range takes 1 to 3 positional integer arguments', start);
      const ints = args.map((a) => {
        if (typeof a.value !== 'number' || !Number.isSafeInteger(a.value)) this.fail('range arguments must be integers', a.pos);
        return a.value;
      });
      const [begin, end, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
      if (step === 0) this.fail('range step must not be zero', start);
      const n = Math.max(0, Math.ceil((end - begin) / step));
      if (n > MAX_RANGE) this.fail(`range of ${n} values is too long`, start);
      return Array.from({ length: n }, (_, i) => begin + i * step);
    }
    if (name === 'list' || name === 'tuple') {
      if (args.length !== 1 || args[0]!.name !== undefined || !Array.isArray(args[0]!.value))
        this.fail(`${name}(...) takes one list, tuple or range`, start);
      return args[0]!.value;
    }
    const fields = Object.hasOwn(this.namedTuples, name) ? this.namedTuples[name] : undefined;
    if (fields === undefined) {
      const known = ['range', 'list', 'tuple', ...Object.keys(this.namedTuples)].map((n) => `${n}(...)`).join(', ');
      this.fail(`unknown call '${name}(...)'; only ${known} are understood`, start);
    }
    const out: Record<string, unknown> = {};
    for (const [i, a] of args.entries()) {
      const field = a.name ?? fields[i];
      if (field === undefined) this.fail(`${name} takes at most ${fields.length} arguments (${fields.join(', ')})`, a.pos);
      if (!fields.includes(field)) this.fail(`${name} has no field '${field}'; its fields are ${fields.join(', ')}`, a.pos);
      if (Object.hasOwn(out, field)) this.fail(`${name} field '${field}' is given twice`, a.pos);
      setField(out, field, a.value);
    }
    return out;
  }

  dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      if (this.peek() === '}') {
        this.pos++;
        return out;
      }
      const keyPos = this.pos;
      const ch = this.peek();
      if (ch !== "'" && ch !== '"') this.fail(`expected a quoted key or '}' in an object, found ${this.found()}`);
      const key = this.string();
      if (Object.hasOwn(out, key)) this.fail(`key '${key}' appears twice in an object`, keyPos);
      this.expect(':', `after the key '${key}'`);
      setField(out, key, this.value());
      const after = this.peek();
      if (after === ',') this.pos++;
      else if (after !== '}') this.fail(`expected ',' or '}' in an object, found ${this.found()}`);
    }
  }

  string(): string {
    const quote = this.text[this.pos]!;
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || ch === '\n') this.fail('unterminated string', start);
      this.pos++;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.text[this.pos];
      if (esc === undefined) this.fail('unterminated string', start);
      this.pos++;
      if (Object.hasOwn(ESCAPES, esc)) out += ESCAPES[esc];
      else if (esc === 'u' || esc === 'x') {
        const len = esc === 'u' ? 4 : 2;
        const hex = this.text.slice(this.pos, this.pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail(`bad \\${esc} escape`, this.pos - 2);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += len;
      } else this.fail(`unknown escape '\\${esc}' in a string`, this.pos - 2);
    }
  }

  number(): number {
    const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (m === null) this.fail(`expected a number, found ${this.found()}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

/**
 * Parses Python-literal or JSON text into plain JS values. The text holds one value, optionally
 * as an assignment (`DARTS_V2 = Genotype(...)`), or a bare list of keyword arguments
 * (`normal=[...], normal_concat=[...]`), which becomes an object. `#` comments are skipped.
 *
 * @param text - the text.
 * @param options - the named tuples the text may call.
 * @returns the value, or a `DecodeError` whose path is `line:column`.
 * @internal
 */
export function parseLiteral(text: string, options: LiteralOptions = {}): E.Either<GoldNasError, unknown> {
  const parser = new Parser(text, options.namedTuples ?? {});
  try {
    if (parser.peek() === undefined) return E.left(goldNasError('DecodeError', '1:1', 'the text is empty'));
    const args = parser.args(undefined);
    const kw = args.filter((a) => a.name !== undefined);
    if (args.length === 1) return E.right(args[0]!.value);
    if (kw.length !== args.length) {
      const second = args[1]!;
      return E.left(goldNasError('DecodeError', lineColumn(text, second.pos), 'expected a single value; found several, separated by commas'));
    }
    const out: Record<string, unknown> = {};
    for (const a of kw) {
      if (Object.hasOwn(out, a.name!)) return E.left(goldNasError('DecodeError', lineColumn(text, a.pos), `'${a.name}' is given twice`));
      setField(out, a.name!, a.value);
    }
    return E.right(out);
  } catch (e) {
    if (e instanceof ParseFailure) return E.left(goldNasError('DecodeError', lineColumn(text, e.pos), e.message));
    throw e;
  }
}

/**
 * Python's repr of a string: single quotes unless the string holds one and no double quote.
 *
 * @param s - the string.
 * @returns the quoted, escaped string.
 * @internal
 */
export function pythonString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body}${quote}`;
}
