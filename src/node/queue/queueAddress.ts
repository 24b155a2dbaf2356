/**
 * Where the job queue is: a `redis://` or `rediss://` (TLS) URL, with its password kept out of
 * every message. The URL may be read from an environment variable (`env:NAME`) so that the
 * password appears neither in the process list nor in a shell's history.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../../errors.js';
import { goldNasError } from '../../errors.js';

/**
 * TLS settings of a `rediss://` connection (PEM texts, not paths).
 *
 * @since 0.2.0
 */
export interface QueueTls {
  /** The certificate authority that signed the server's certificate (default: the system's). */
  readonly ca?: string;
  /** A client certificate and its key, for servers that ask for one. */
  readonly cert?: string;
  readonly key?: string;
}

/**
 * A parsed queue URL.
 *
 * @since 0.2.0
 */
export interface QueueAddress {
  readonly host: string;
  readonly port: number;
  /** The Redis database number (the URL's path, default 0). */
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Set for `rediss://`. */
  readonly tls?: QueueTls;
  /** The URL with its password replaced by `***`: the only form of it any message shows. */
  readonly display: string;
  /** The strings no message may show (the password). */
  readonly secrets: readonly string[];
}

/** URL credentials: `scheme://user:password@` or `scheme://secret@`. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*)@/gi;

/**
 * Removes secrets from a text: the credentials of every URL in it (`redis://user:***@host`,
 * `redis://***@host`), and each given secret string (of three characters or more).
 *
 * @param text - a message, a log line, a command line.
 * @param secrets - strings to hide wherever they appear.
 * @returns the text without them.
 *
 * @example
 * ```ts
 * import { redactSecrets } from 'gold-nas/node';
 * redactSecrets('cannot reach redis://app:s3cret@db:6379/2'); // 'cannot reach redis://app:***@db:6379/2'
 * ```
 *
 * @since 0.2.0
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(USERINFO, (_m, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return `${scheme}${colon >= 0 ? `${info.slice(0, colon)}:***` : '***'}@`;
  });
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('***');
  return out;
}

/**
 * Options of {@link parseQueueAddress}.
 *
 * @since 0.2.0
 */
export interface ParseQueueOptions {
  /** Where `env:NAME` looks (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** TLS files' contents for `rediss://` (an error for `redis://`, which has no TLS). */
  readonly tls?: QueueTls;
}

/**
 * Parses a queue URL: `redis://[[user]:password@]host[:port][/db]`, `rediss://…` for TLS, or
 * `env:NAME` for a URL held in the environment variable `NAME`. Every error shows the URL with its
 * password hidden.
 *
 * @param text - the URL, or `env:NAME`.
 * @param options - the environment and the TLS settings.
 * @returns the address, or a `ConfigError` at `--queue`.
 *
 * @example
 * ```ts
 * import { parseQueueAddress } from 'gold-nas/node';
 * const a = parseQueueAddress('redis://:s3cret@127.0.0.1:6379/1');
 * if (a._tag === 'Right') console.log(a.right.display); // redis://:***@127.0.0.1:6379/1
 * ```
 *
 * @since 0.2.0
 */
export function parseQueueAddress(text: string, options: ParseQueueOptions = {}): Either<GoldNasError, QueueAddress> {
  const path = '--queue';
  let raw = text.trim();
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw);
  if (env !== null) {
    const value = (options.env ?? process.env)[env[1]!];
    if (value === undefined || value.trim() === '') return E.left(goldNasError('ConfigError', path, `the environment variable ${env[1]} is not set; set it to the queue's URL (redis://host:port)`));
    raw = value.trim();
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not shown: a mistyped URL may still hold a password.
    return E.left(goldNasError('ConfigError', path, `${env !== null ? `the value of ${env[1]} ` : ''}is not a URL (not shown, as it may hold a password); expected redis://[:password@]host:port, rediss://… (TLS) or env:NAME`));
  }
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const secrets = [password, url.password].filter((s): s is string => s !== undefined && s !== '');
  // The same form redactSecrets gives: the user name is kept only beside a password.
  const userinfo = url.password !== '' ? `${url.username}:***@` : url.username !== '' ? '***@' : '';
  const display = `${url.protocol}//${userinfo}${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  const fail = (m: string): Either<GoldNasError, never> => E.left(goldNasError('ConfigError', path, `${display}: ${m}`));
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return fail(`the scheme must be redis:// or rediss:// (TLS), not ${url.protocol}//`);
  if (url.hostname === '') return fail('has no host');
  if (url.search !== '' || url.hash !== '') return fail('takes no query or fragment; put options in flags');
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || !/^\d*$/.test(dbText)) return fail(`the path must be a database number (/0, /1, …), got '/${dbText}'`);
  const tls = url.protocol === 'rediss:';
  if (!tls && options.tls !== undefined && Object.keys(options.tls).length > 0) return fail('TLS files were given but the URL is redis://; use rediss:// for TLS');
  // A bracketed IPv6 host keeps its brackets in URL.hostname.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return E.right({
    host, port, db,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(tls ? { tls: options.tls ?? {} } : {}),
    display, secrets,
  });
}
