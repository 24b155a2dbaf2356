import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness.js';

async function startEvent(dir: string): Promise<{ slots: number; liveFlops: number }> {
  const first = (await readFile(join(dir, 'events.jsonl'), 'utf8')).split('\n')[0]!;
  return JSON.parse(first) as { slots: number; liveFlops: number };
}

describe('gold-nas search --config', () => {
  it("keeps the preset's layout when the file gives only space.operators (was: a 224-operator CIFAR network)", async () => {
    const root = await mkdtemp(join(tmpdir(), 'gnas-ops-'));
    const file = join(root, 'ops.json');
    await writeFile(file, JSON.stringify({ space: { operators: ['skip_connect', 'sep_conv_3x3'] }, maxSteps: 2 }));
    const dir = join(root, 'run');
    const run = await cli('search', '--preset', 'synthetic-tiny', '--config', file, '--backend', 'cpu', '--out', dir, '--json');
    expect(run.stderr).not.toMatch(/gold-nas: /);
    expect(run.code).toBe(0);
    // synthetic-tiny: 3 cells of 2 nodes (5 edges each) × 2 operators.
    expect((await startEvent(dir)).slots).toBe(30);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config.space.layout).toEqual({ kind: 'cifar', channels: 4, cells: 3, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 });
  });
});

describe('gold-nas search --registry', () => {
  const source = fileURLToPath(new URL('../../src/pruning/fixedThresholdScheduler.ts', import.meta.url));

  async function setup(): Promise<{ root: string; parts: string; config: string }> {
    const root = await mkdtemp(join(tmpdir(), 'gnas-registry-'));
    const parts = join(root, 'my-parts.mjs');
    await writeFile(parts, [
      `import { fixedThresholdScheduler } from ${JSON.stringify(source)};`,
      "export const registry = { schedulers: { 'my-rule': { ...fixedThresholdScheduler, name: 'my-rule' } } };",
    ].join('\n'));
    const config = join(root, 'c.json');
    await writeFile(config, JSON.stringify({ pruning: { scheduler: { name: 'my-rule', threshold: 0.45, by: 'gate' } }, maxSteps: 10 }));
    return { root, parts, config };
  }

  it("runs a config naming a user's scheduler from the module the flag names, and resumes with it", async () => {
    const { root, parts, config } = await setup();
    const dir = join(root, 'run');
    const run = await cli('search', '--preset', 'synthetic-tiny', '--config', config, '--registry', parts, '--backend', 'cpu', '--out', dir, '--json');
    expect(run.stderr).not.toMatch(/gold-nas: /);
    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).pruning.scheduler).toEqual({ name: 'my-rule', threshold: 0.45, by: 'gate' });
    const again = await cli('search', '--resume', dir, '--registry', parts, '--backend', 'cpu', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).stopReason).toBe(JSON.parse(run.stdout).stopReason);
  });

  it('names the known schedulers when the config names one no registry has', async () => {
    const { root, config } = await setup();
    const run = await cli('search', '--preset', 'synthetic-tiny', '--config', config, '--backend', 'cpu', '--out', join(root, 'run'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pruning\.scheduler\.name: unknown scheduler 'my-rule'; known: gold, fixed-threshold, darts-argmax/);
  });

  it('refuses a module that exports no registry, naming the flag and the file', async () => {
    const { root, config } = await setup();
    const empty = join(root, 'empty.mjs');
    await writeFile(empty, 'export const nothing = 1;\n');
    const run = await cli('search', '--preset', 'synthetic-tiny', '--config', config, '--registry', empty, '--backend', 'cpu', '--out', join(root, 'run'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--registry .*empty\.mjs: the module exports no registry/);
  });
});

describe('gold-nas search --selection', () => {
  it('picks the DARTS genotype by perturbation and writes the decisions to summary.json', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gnas-selection-'));
    const file = join(root, 'tiny-darts.json');
    await writeFile(file, JSON.stringify({
      space: { layout: { kind: 'cifar', channels: 4, cells: 3, nodes: 1, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 } },
      data: { source: 'synthetic', heldOut: 32, syntheticSize: 128, cropPadding: 0 },
      batchSize: 8, maxSteps: 1, pruning: { periodSteps: 1 }, evaluation: { batchSize: 16, maxExamples: 16 },
    }));
    const dir = join(root, 'run');
    const run = await cli('search', '--preset', 'darts-mnist', '--config', file, '--selection', 'darts-pt', '--backend', 'cpu', '--out', dir, '--json');
    expect(run.stderr).not.toMatch(/gold-nas: /);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).method).toBe('DARTS (bilevel, first order), DARTS-PT selection');
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary.selection.name).toBe('darts-pt');
    expect(summary.selection.trace).toHaveLength(6); // 2 edges and 1 node per cell type
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).selection).toEqual({ name: 'darts-pt' });
    const resumed = await cli('search', '--resume', dir, '--selection', 'argmax', '--backend', 'cpu');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/drop --config, --max-steps, --seed and --selection/);
  }, 300_000);
});
