/**
 * The ioredis connection options of a queue address, for BullMQ.
 *
 * @module
 * @internal
 */
import { isIP } from 'node:net';
import type { QueueAddress } from './queueAddress.js';

/**
 * How a connection behaves when Redis cannot be reached.
 *
 * @since 0.2.0
 */
export type ConnectionMode =
  /** Give up after a few tries (a one-shot command says the queue is unreachable). */
  | 'fail-fast'
  /** Wait for Redis and retry for ever (workers, and a command that follows its jobs): a restarted Redis is picked up again. */
  | 'patient';

/**
 * The connection options BullMQ passes to ioredis.
 *
 * @param address - the queue's address.
 * @param mode - what to do while Redis is unreachable.
 * @returns the options.
 *
 * @internal
 */
export function redisConnection(address: QueueAddress, mode: ConnectionMode): Record<string, unknown> {
  // SNI takes host names only (RFC 6066); certificates for an IP address are checked all the same.
  const tls = address.tls === undefined ? undefined : { ...(isIP(address.host) === 0 ? { servername: address.host } : {}), ...address.tls };
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username !== undefined ? { username: address.username } : {}),
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(tls !== undefined ? { tls } : {}),
    connectTimeout: 10_000,
    // BullMQ's workers need commands that wait for a reconnection instead of failing.
    maxRetriesPerRequest: mode === 'patient' ? null : 1,
    retryStrategy: mode === 'patient' ? (times: number) => Math.min(250 * times, 5_000) : (times: number) => (times > 2 ? null : 250),
  };
}
