import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { architectureToTriples, cifarLayout, DARTS_V2, formatGenotype, formatTriples, genotypeToArchitecture } from '../../src/index.js';
import { cli } from './cliHarness.js';

interface ArchJson {
  params: number;
  macs: number;
  flops: number;
  perCell: { cell: number; reduction: boolean; params: number; macs: number }[];
  auxiliary?: { params: number; macs: number };
  layout: { channels: number; cells: number; nodes: number };
}

async function inspectJson(...argv: string[]): Promise<ArchJson> {
  const r = await cli('inspect', 'arch', ...argv, '--json');
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ArchJson;
}

describe('gold-nas inspect arch on published genotypes', () => {
  it('prints the METHOD.md §6 figures for DARTS_V2 on CIFAR, C=36, 20 cells', async () => {
    const out = await inspectJson('--genotype', 'DARTS_V2', '--layout', 'cifar', '--channels', '36', '--cells', '20');
    // FLOPs in the paper's unit: multiply-adds (the DARTS paper's 528M).
    expect(out).toMatchObject({ params: 3_349_342, macs: 528_359_040, flops: 528_359_040, flopsUnit: 'multiply-adds' });
    expect(out.perCell).toHaveLength(20);
    expect(out.auxiliary).toBeUndefined();
  });

  it("gives [R]'s own parameter count for its s1 (C=36, 14 cells, non-affine cells): 3,442,006, and 504,637,056 multiply-adds", async () => {
    // [R]'s figure: NetworkCIFAR(36, 10, auxiliary, s1) of its cifar_train/model.py, counted with PyTorch
    // (utils.count_parameters_in_MB: 3.442006); the skip's batch norm is non-affine there, so it adds no parameter.
    const out = await inspectJson('--genotype', 's1', '--layout', 'cifar', '--channels', '36', '--cells', '14', '--cell-bn', 'none');
    expect(out).toMatchObject({ params: 3_442_006, macs: 504_637_056, flops: 504_637_056 });
    const withSkip = await inspectJson('--genotype', 's1', '--channels', '36', '--cells', '14', '--cell-bn', 'none', '--skip-connect', 'batch-norm');
    expect(withSkip).toMatchObject({ params: 3_442_006, skipConnect: 'batch-norm', cellBatchNorm: 'none' });
  });

  it('adds the auxiliary head: 3,825,768 params', async () => {
    const out = await inspectJson('--genotype', 'DARTS_V2', '--channels', '36', '--cells', '20', '--auxiliary');
    expect(out.params).toBe(3_825_768);
    expect(out.macs).toBe(528_359_040);
    expect(out.auxiliary!.params).toBe(476_426);
  });

  it('defaults to the DARTS evaluation network (C=36, 20 cells on CIFAR)', async () => {
    const out = await inspectJson('--genotype', 'DARTS_V2');
    expect(out.params).toBe(3_349_342);
  });

  it('prices DARTS_V2 on the ImageNet layout: 4,718,752 params, 529,911,552 MACs', async () => {
    const out = await inspectJson('--genotype', 'DARTS_V2', '--layout', 'imagenet');
    expect(out).toMatchObject({ params: 4_718_752, macs: 529_911_552 });
    expect(out.perCell).toHaveLength(14);
  });

  it('prints a readable table without --json', async () => {
    const r = await cli('inspect', 'arch', '--genotype', 'DARTS_V2', '--channels', '36', '--cells', '20');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/params\s+3,349,342/);
    expect(r.stdout).toMatch(/FLOPs\s+528,359,040\s+528M multiply-adds/);
    expect(r.stdout).toMatch(/^13\s+reduction\s+144\s+8x8/m);
    expect(r.stdout).toMatch(/^sep_conv_3x3\s+90/m);
  });

  it('honours --classes, --input-size and --input-channels', async () => {
    const out = await inspectJson('--genotype', 'DARTS_V2', '--channels', '8', '--cells', '5', '--input-size', '28', '--input-channels', '1', '--classes', '3');
    expect(out.layout).toMatchObject({ channels: 8, cells: 5, inputSize: 28, inputChannels: 1, classes: 3 });
    expect(out.perCell.map((c) => c.reduction)).toEqual([false, true, false, true, false]);
  });
});

describe('gold-nas inspect arch on files', () => {
  let dir: string;
  const reference = { params: 3_349_342, macs: 528_359_040 };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gold-nas-cli-'));
    const arch = genotypeToArchitecture(DARTS_V2, cifarLayout({ channels: 36, cells: 20 }));
    if (E.isLeft(arch)) throw new Error(arch.left.message);
    await writeFile(join(dir, 'arch.json'), JSON.stringify(arch.right));
    await writeFile(join(dir, 'genotype.py'), `DARTS_V2 = ${formatGenotype(DARTS_V2)}\n`);
    await writeFile(join(dir, 'genotype.json'), formatGenotype(DARTS_V2, 'json'));
    await writeFile(join(dir, 'triples.txt'), formatTriples(architectureToTriples(arch.right)));
    await writeFile(join(dir, 'broken.py'), "Genotype(normal=[('sep_conv_3x3', 0),\n  ('sep_conv_3x3' 1)])");
    await writeFile(join(dir, 'unknown-op.json'), JSON.stringify({ ...arch.right, cells: arch.right.cells.map((c, i) => (i === 2 ? { ...c, edges: [{ op: 'conv_9x9', from: 0, to: 2 }] } : c)) }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['arch.json', 'genotype.py', 'genotype.json', 'triples.txt'])('reads %s', async (file) => {
    const out = await inspectJson('--genotype', join(dir, file), '--channels', '36', '--cells', '20');
    expect(out).toMatchObject(reference);
  });

  it('takes the cell count from an architecture file when --cells is left out', async () => {
    const out = await inspectJson('--genotype', join(dir, 'arch.json'), '--channels', '36');
    expect(out).toMatchObject(reference);
    expect(out.layout.cells).toBe(20);
  });

  it('resolves relative paths against the working directory', async () => {
    let stdout = '';
    const { runCli } = await import('../../src/cli/main.js');
    const code = await runCli(['inspect', 'arch', '--genotype', 'arch.json', '--json'], { stdout: (t) => { stdout += t; }, stderr: () => {}, cwd: dir });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject(reference);
  });

  const failures: { name: string; argv: () => string[]; stderr: () => RegExp }[] = [
    { name: 'a missing file', argv: () => ['--genotype', join(dir, 'missing.json')], stderr: () => /^gold-nas: .*missing\.json: no such file; --genotype takes a published genotype \(DARTS_V1, DARTS_V2, DARTS, s1\)/ },
    { name: 'a syntax error, with line and column', argv: () => ['--genotype', join(dir, 'broken.py')], stderr: () => /^gold-nas: .*broken\.py:2:\d+: / },
    { name: 'an unknown operator, with its field path', argv: () => ['--genotype', join(dir, 'unknown-op.json')], stderr: () => /^gold-nas: .*unknown-op\.json: cells\.2\.edges\.0\.op: .*conv_9x9/ },
    { name: 'a cell count that does not fit the file', argv: () => ['--genotype', join(dir, 'arch.json'), '--cells', '14'], stderr: () => /^gold-nas: .*arch\.json: / },
    { name: 'an auxiliary head that does not fit', argv: () => ['--genotype', 'DARTS_V2', '--cells', '5', '--input-size', '28', '--auxiliary'], stderr: () => /^gold-nas: --auxiliary: the auxiliary head needs/ },
    { name: 'a missing --genotype', argv: () => [], stderr: () => /^gold-nas: --genotype: is required/ },
    { name: 'an unknown layout', argv: () => ['--genotype', 'DARTS_V2', '--layout', 'mnist'], stderr: () => /^gold-nas: --layout: expected one of cifar, imagenet, got 'mnist'/ },
  ];
  it.each(failures)('fails with exit code 2 on $name', async ({ argv, stderr }) => {
    const r = await cli('inspect', 'arch', ...argv());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr());
  });
});

describe('gold-nas inspect arch --build', () => {
  it.each(['cpu', 'wasm'])('builds DARTS_V2 (C=36, 20 cells) on %s and counts exactly 3,349,342 trainable parameters', async (backend) => {
    const r = await cli('inspect', 'arch', '--genotype', 'DARTS_V2', '--channels', '36', '--cells', '20', '--build', '--backend', backend, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { params: number; trainableParams: number };
    expect(out.trainableParams).toBe(3_349_342);
    expect(out.trainableParams).toBe(out.params);
  });
});
