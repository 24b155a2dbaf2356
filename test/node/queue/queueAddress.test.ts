import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../../src/errors.js';
import { parseQueueAddress, redactSecrets } from '../../../src/node/queue/queueAddress.js';

describe('parseQueueAddress', () => {
  it('reads host, port, database, user and password, and shows the URL with the password hidden', () => {
    const a = parseQueueAddress('redis://app:s3cr%40t@queue.example:6380/2');
    expect(E.isRight(a) && a.right).toMatchObject({ host: 'queue.example', port: 6380, db: 2, username: 'app', password: 's3cr@t', display: 'redis://app:***@queue.example:6380/2' });
    expect(E.isRight(a) && a.right.tls).toBeUndefined();
  });

  it('defaults to port 6379 and database 0, and turns TLS on for rediss:// with the given files', () => {
    const a = parseQueueAddress('rediss://:pw123@10.0.0.5', { tls: { ca: 'PEM' } });
    expect(E.isRight(a) && a.right).toMatchObject({ host: '10.0.0.5', port: 6379, db: 0, password: 'pw123', tls: { ca: 'PEM' }, display: 'rediss://:***@10.0.0.5' });
  });

  it('reads the URL from an environment variable with env:NAME, and says when it is not set', () => {
    const a = parseQueueAddress('env:MY_QUEUE', { env: { MY_QUEUE: 'redis://:hunter22@h:1' } });
    expect(E.isRight(a) && [a.right.password, a.right.display]).toEqual(['hunter22', 'redis://:***@h:1']);
    const missing = parseQueueAddress('env:NOPE', { env: {} });
    expect(E.isLeft(missing) && formatError(missing.left)).toMatch(/--queue: the environment variable NOPE is not set/);
  });

  it('refuses other schemes, a path that is not a database number, queries, and TLS files without rediss://, never showing the password', () => {
    const cases = ['http://u:topsecret@h:1', 'redis://:topsecret@h:1/x', 'redis://:topsecret@h:1?tls=1', 'not a url topsecret'];
    for (const c of cases) {
      const r = parseQueueAddress(c);
      expect(E.isLeft(r), c).toBe(true);
      if (E.isLeft(r)) expect(formatError(r.left)).not.toContain('topsecret');
    }
    const tls = parseQueueAddress('redis://:topsecret@h:1', { tls: { ca: 'x' } });
    expect(E.isLeft(tls) && formatError(tls.left)).toMatch(/use rediss:\/\//);
    expect(E.isLeft(tls) && formatError(tls.left)).not.toContain('topsecret');
  });
});

describe('redactSecrets', () => {
  it('hides URL credentials anywhere in a text, and the given secrets', () => {
    expect(redactSecrets('a redis://u:p4ss@h:1/0 and rediss://tok@h2 then redis://h3:6379')).toBe('a redis://u:***@h:1/0 and rediss://***@h2 then redis://h3:6379');
    expect(redactSecrets('WRONGPASS for hunter22', ['hunter22'])).toBe('WRONGPASS for ***');
  });
});
