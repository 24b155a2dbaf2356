import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PEERS, importReportWriter, missingReportPeers, reportPeersError } from '../../../src/node/report/importReportWriter.js';
import { fixtureCopy } from '../../report/reportHelpers.js';

const root = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

let empty: string;
beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), 'gold-nas-nopeers-'));
});
afterAll(() => rm(empty, { recursive: true, force: true }));

describe('importReportWriter', () => {
  it('finds vega, vega-lite and @viz-js/viz where they are installed and loads writeReport', async () => {
    expect(missingReportPeers()).toEqual([]);
    const writer = await importReportWriter();
    expect(E.isRight(writer) && typeof writer.right).toBe('function');
  });

  it('names every missing peer and the npm install command, without loading anything', async () => {
    const from = pathToFileURL(join(empty, 'x.js'));
    expect(missingReportPeers(from)).toEqual([...REPORT_PEERS]);
    const writer = await importReportWriter(from);
    expect(E.isLeft(writer) && writer.left).toEqual(reportPeersError(REPORT_PEERS));
    const e = reportPeersError(['vega-lite']);
    expect(e).toMatchObject({ _tag: 'DependencyError', path: 'vega-lite' });
    expect(e.message).toMatch(/this optional peer dependency of gold-nas is not installed\. Run `npm install vega vega-lite @viz-js\/viz`/);
  });

  // The built command line in a copy of the package whose node_modules lacks the three peers (a copy,
  // not a link: Node resolves packages from a file's real path).
  it('lets the built gold-nas command run without the peers, and `gold-nas report` say what to install', async () => {
    const pkg = join(empty, 'gold-nas');
    await mkdir(join(pkg, 'node_modules'), { recursive: true });
    for (const part of ['bin', 'dist', 'package.json']) await cp(join(root, part), join(pkg, part), { recursive: true });
    const peer = (name: string): boolean => REPORT_PEERS.some((p) => p === name || p.startsWith(`${name}/`));
    for (const entry of await readdir(join(root, 'node_modules'))) {
      if (entry.startsWith('.') || peer(entry)) continue;
      if (!entry.startsWith('@')) await symlink(join(root, 'node_modules', entry), join(pkg, 'node_modules', entry));
      else {
        await mkdir(join(pkg, 'node_modules', entry));
        for (const sub of await readdir(join(root, 'node_modules', entry))) {
          if (!peer(`${entry}/${sub}`)) await symlink(join(root, 'node_modules', entry, sub), join(pkg, 'node_modules', entry, sub));
        }
      }
    }
    const bin = join(pkg, 'bin', 'gold-nas.js');
    const inspect = await run(process.execPath, [bin, 'inspect', 'space', '--cells', '14', '--json']);
    expect((JSON.parse(inspect.stdout) as { log10: number }).log10).toBeCloseTo(117.49, 2);
    const failed = await run(process.execPath, [bin, 'report', await fixtureCopy()]).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    const { stderr } = failed as { stderr: string };
    expect(stderr).toMatch(/^gold-nas: vega, vega-lite, @viz-js\/viz: the HTML report .* Run `npm install vega vega-lite @viz-js\/viz`/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
