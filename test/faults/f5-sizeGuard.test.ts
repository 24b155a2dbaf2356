/**
 * Issue 16, finding 5: a configuration too big for the machine is refused before anything is
 * allocated or written, with the memory estimate in the message (exit 2, no RangeError, no run
 * directory); a configuration file too big or too deeply nested is refused with a message, not a
 * stack overflow, while decoding and while describing the errors.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeSearchConfig } from '../../src/search/decodeSearchConfig.js';
import { SEARCH_PRESETS } from '../../src/search/presets.js';
import { cli } from '../cli/cliHarness.js';
import { CPU } from './inputHarness.js';

/** Runs `gold-nas search` on synthetic-tiny with `config` written to a file; returns the run and its --out. */
async function search(config: unknown, ...flags: string[]): Promise<{ code: number; stderr: string; out: string }> {
  const root = await mkdtemp(join(tmpdir(), 'gnas-f5-'));
  const file = join(root, 'config.json');
  await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config));
  const out = join(root, 'run');
  const r = await cli('search', '--preset', 'synthetic-tiny', ...CPU, '--config', file, '--out', out, ...flags);
  return { code: r.code, stderr: r.stderr, out };
}

/** The refusal every case expects: exit 2, a one-line message, no stack trace, no run directory. */
function expectRefused(r: { code: number; stderr: string; out: string }, message: RegExp): void {
  expect(r.stderr).not.toMatch(/internal error|RangeError|\n\s+at /);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(existsSync(r.out)).toBe(false);
}

const ESTIMATE = /would need about [\d.]+ GB of memory \(data [\d.]+ GB, parameters and optimiser state [\d.]+ GB, activations of a batch [\d.]+ GB\)/;

describe('finding 5: size guards', () => {
  it.each([
    ['channels 20000', { space: { layout: { channels: 20000 } } }],
    ['channels 1e6', { space: { layout: { channels: 1e6 } } }],
    ['inputSize 1e5', { space: { layout: { inputSize: 1e5 } } }],
    ['syntheticSize 1e8', { data: { syntheticSize: 1e8 } }],
  ])('refuses %s before allocating, with the estimate, under the machine\'s memory', async (_name, config) => {
    expectRefused(await search(config), new RegExp(`${ESTIMATE.source}, more than this machine's memory`));
  });

  it('refuses classes 1e7 under --memory-limit 4 (GB), with the estimate', async () => {
    const r = await search({ space: { layout: { classes: 1e7 } } }, '--memory-limit', '4');
    expectRefused(r, new RegExp(`${ESTIMATE.source}, more than the memory limit of 4\\.0 GB`));
  });

  it.each([
    ['channels 1e6', { space: { layout: { channels: 1e6 } } }],
    ['inputSize 1e5', { space: { layout: { inputSize: 1e5 } } }],
    ['syntheticSize 1e8', { data: { syntheticSize: 1e8 } }],
  ])('refuses %s even with a huge --memory-limit: no typed array holds it', async (_name, config) => {
    expectRefused(await search(config, '--memory-limit', '1e12'), /would need an array of [\d.e+]+ values, more than the 2147483647 a typed array can hold/);
  });

  it('refuses a 2 MB (1.9 MiB) configuration of 130,000 duplicate operators, before decoding it', async () => {
    const r = await search({ space: { operators: Array.from({ length: 130_000 }, () => 'skip_connect') } });
    expectRefused(r, /config\.json: is 1\.9 MiB; a configuration file is at most 1 MiB/);
  });

  it('refuses 400 KB of nested arrays with a message, not a stack overflow', async () => {
    const depth = 200_000;
    const r = await search(`{"space":{"operators":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    expectRefused(r, /config\.json: the value is nested more than 64 levels deep/);
  });

  it('describes 130,000 bad operators (under the size limit) without a stack overflow', async () => {
    const r = await search({ space: { operators: Array.from({ length: 130_000 }, () => 'none') } });
    expectRefused(r, /space\.operators\.1: 'none' is listed twice \(also: .*and 129995 more\)/);
  });

  it('decodeSearchConfig returns a Left, never throws, for the same values', () => {
    const base = SEARCH_PRESETS['synthetic-tiny'];
    let nested: unknown = [];
    for (let i = 0; i < 200_000; i++) nested = [nested];
    const deep = decodeSearchConfig({ space: { operators: nested } }, base);
    expect(E.isLeft(deep) && deep.left.message).toMatch(/nested more than 64 levels/);
    const many = decodeSearchConfig({ space: { operators: Array.from({ length: 130_000 }, () => 'skip_connect') } }, base);
    expect(E.isLeft(many) && many.left.message).toMatch(/listed twice.*and 129995 more/);
  });
});
