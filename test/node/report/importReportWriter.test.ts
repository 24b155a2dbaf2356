import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPORT_PEERS, REPORT_PEER_RANGES, importReportWriter, reportPeerProblems, reportPeersError, satisfiesCaret,
} from '../../../src/node/report/importReportWriter.js';
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
    expect(reportPeerProblems()).toEqual([]);
    const writer = await importReportWriter();
    expect(E.isRight(writer) && typeof writer.right).toBe('function');
  });

  it('names every missing peer and the npm install command, without loading anything', async () => {
    const from = pathToFileURL(join(empty, 'x.js'));
    const problems = reportPeerProblems(from);
    expect(problems.map((p) => p.name)).toEqual([...REPORT_PEERS]);
    expect(problems.every((p) => p.installed === undefined)).toBe(true);
    const writer = await importReportWriter(from);
    expect(E.isLeft(writer) && writer.left).toEqual(reportPeersError(problems));
    const e = reportPeersError([{ name: 'vega-lite', range: '^6.4.3' }]);
    expect(e).toMatchObject({ _tag: 'DependencyError', path: 'vega-lite' });
    expect(e.message).toMatch(/: vega-lite is not installed\. Run `npm install vega@6 vega-lite@6 @viz-js\/viz@3`/);
  });

  it('refuses a package installed in a version outside its range, naming both', async () => {
    const dir = join(empty, 'old-vega');
    for (const [name, version] of [['vega', '5.30.0'], ['vega-lite', '6.4.3'], ['@viz-js/viz', '3.31.2']] as const) {
      await mkdir(join(dir, 'node_modules', name), { recursive: true });
      await writeFile(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
      await writeFile(join(dir, 'node_modules', name, 'index.js'), '');
    }
    const problems = reportPeerProblems(pathToFileURL(join(dir, 'x.js')));
    expect(problems).toEqual([{ name: 'vega', installed: '5.30.0', range: '^6.4.0' }]);
    const e = reportPeersError(problems);
    expect(e).toMatchObject({ _tag: 'DependencyError', path: 'vega' });
    expect(e.message).toMatch(/: vega 5\.30\.0 is installed, the report needs \^6\.4\.0\. Run `npm install vega@6 vega-lite@6 @viz-js\/viz@3`/);
  });

  it('reads caret ranges as npm does', () => {
    expect(satisfiesCaret('6.4.0', '^6.4.0')).toBe(true);
    expect(satisfiesCaret('6.10.2', '^6.4.0')).toBe(true);
    expect(satisfiesCaret('6.3.9', '^6.4.0')).toBe(false);
    expect(satisfiesCaret('7.0.0', '^6.4.0')).toBe(false);
    expect(satisfiesCaret('6.5.0-rc.1', '^6.4.0')).toBe(false);
    expect(satisfiesCaret('0.3.5', '^0.3.1')).toBe(true);
    expect(satisfiesCaret('0.4.0', '^0.3.1')).toBe(false);
  });

  it('supports the versions gold-nas is developed with, documents the ranges, and declares no dependency on the packages', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const guide = readFileSync(join(root, 'docs', 'quick-start.md'), 'utf8');
    for (const name of REPORT_PEERS) {
      expect(satisfiesCaret(pkg.devDependencies![name]!, REPORT_PEER_RANGES[name])).toBe(true);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'peerDependenciesMeta']) expect(pkg[field]?.[name]).toBeUndefined();
      expect(guide).toContain(`| \`${name}\` | ${REPORT_PEER_RANGES[name]} |`);
    }
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
    expect(stderr).toMatch(/^gold-nas: vega, vega-lite, @viz-js\/viz: the HTML report .* Run `npm install vega@6 vega-lite@6 @viz-js\/viz@3`/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
