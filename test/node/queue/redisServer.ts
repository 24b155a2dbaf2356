/**
 * A throw-away Redis for the queue tests: Debian's `redis-server` on a free port of 127.0.0.1, in a
 * temporary directory, with the append-only file on (as docs/scale-out.md tells users to run it).
 * Without redis-server the tests skip with a loud message, except in CI (CI=true), where a
 * missing redis-server is a failure: .ci/run installs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  readonly dir: string;
  /** redis://127.0.0.1:<port> (with the password when there is one). */
  readonly url: string;
  /** Stops Redis cleanly (SIGTERM: it flushes the append-only file) and starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops Redis and removes its directory. */
  stop(): Promise<void>;
}

/** Extra settings for a server (a password, TLS). */
export interface RedisOptions {
  readonly password?: string;
  /** `--tls-port` mode: the server's certificate, key and CA files. */
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca: string };
}

/** The redis-server binary, or null (after a loud warning) when it cannot be found outside CI. */
export function redisServerBinary(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  const binary = onPath !== '' ? onPath : ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  if (binary !== undefined && binary !== '') return binary;
  if (process.env.CI === 'true') throw new Error('redis-server is not installed, and CI needs it for the queue tests: .ci/run installs it (apt-get install redis-server)');
  console.warn('\n!!! redis-server not found: SKIPPING the job-queue tests (apt-get install redis-server to run them) !!!\n');
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Starts redis-server; null when it is not installed (outside CI). */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer | null> {
  const binary = redisServerBinary();
  if (binary === null) return null;
  const dir = await mkdtemp(join(tmpdir(), 'gnas-redis-'));
  const port = await freePort();
  const args = [
    '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--daemonize', 'no', '--logfile', join(dir, 'redis.log'),
    ...(options.password !== undefined ? ['--requirepass', options.password] : []),
    ...(options.tls !== undefined
      ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.cert, '--tls-key-file', options.tls.key, '--tls-ca-cert-file', options.tls.ca, '--tls-auth-clients', 'no']
      : ['--port', String(port)]),
  ];
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn(binary, args, { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await accepting(port)); i++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}; see ${join(dir, 'redis.log')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async (): Promise<void> => {
    const c = child as ChildProcess | null;
    if (c === null || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
    child = null;
  };
  await start();
  const auth = options.password !== undefined ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    port, dir,
    url: `${options.tls !== undefined ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    restart: async () => { await stop(); await start(); },
    stop: async () => { await stop(); await rm(dir, { recursive: true, force: true }); },
  };
}
