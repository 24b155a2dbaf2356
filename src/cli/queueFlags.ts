/**
 * The flags of the commands that use the job queue (`--queue` and its TLS files), and reading them
 * into a queue address.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { DEFAULT_QUEUE_NAME } from '../node/queue/jobQueue.js';
import type { QueueAddress, QueueTls } from '../node/queue/queueAddress.js';
import { parseQueueAddress } from '../node/queue/queueAddress.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliIo } from './command.js';

/**
 * `--queue` (optional or required), `--queue-name` and the TLS files.
 *
 * @param what - what `--queue` does in this command (for `--help`).
 * @param required - whether the command needs it.
 * @returns the flags.
 */
export function queueFlags(what: string, required: boolean): FlagSpec[] {
  return [
    {
      name: 'queue', type: 'string', value: '<url>', ...(required ? { required: true } : {}),
      description: `${what}: redis://[:password@]host:port[/db], rediss://… for TLS, or env:NAME to read the URL from an environment variable (keeps the password out of the process list)`,
    },
    { name: 'queue-name', type: 'string', value: '<name>', default: DEFAULT_QUEUE_NAME, description: 'the queue within Redis (workers take jobs from one queue)' },
    { name: 'tls-ca', type: 'string', value: '<file.pem>', description: 'with rediss://: the certificate authority of the server\'s certificate (default: the system\'s)' },
    { name: 'tls-cert', type: 'string', value: '<file.pem>', description: 'with rediss://: a client certificate, for servers that ask for one (with --tls-key)' },
    { name: 'tls-key', type: 'string', value: '<file.pem>', description: 'with rediss://: the client certificate\'s private key' },
  ];
}

/**
 * The queue address the flags give, with the TLS files read; `null` when `--queue` is absent.
 *
 * @param args - parsed arguments with {@link queueFlags}.
 * @param io - the working directory.
 * @param env - the environment `env:NAME` reads (default `process.env`).
 * @returns the address, `null`, or a `ConfigError`/`IoError` (never showing the password).
 */
export async function queueAddressFromFlags(args: ParsedArgs, io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Either<GoldNasError, QueueAddress | null>> {
  const url = args.flags.queue as string | undefined;
  const files = (['ca', 'cert', 'key'] as const).filter((k) => args.flags[`tls-${k}`] !== undefined);
  if (url === undefined) {
    return files.length > 0 ? E.left(goldNasError('ConfigError', `--tls-${files[0]}`, 'goes with --queue rediss://…')) : E.right(null);
  }
  if ((args.flags['tls-cert'] === undefined) !== (args.flags['tls-key'] === undefined)) {
    return E.left(goldNasError('ConfigError', args.flags['tls-cert'] === undefined ? '--tls-key' : '--tls-cert', 'give --tls-cert and --tls-key together'));
  }
  const tls: { -readonly [K in keyof QueueTls]: QueueTls[K] } = {};
  for (const k of files) {
    const file = args.flags[`tls-${k}`] as string;
    try {
      tls[k] = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      return E.left(goldNasError('IoError', `--tls-${k} ${file}`, `could not read the file: ${(e as Error).message}`));
    }
  }
  return parseQueueAddress(url, { env, ...(files.length > 0 ? { tls } : {}) });
}
