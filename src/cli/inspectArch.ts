/**
 * `gold-nas inspect arch`: price an architecture (a published genotype or a file) on a layout:
 * parameters, conv+linear MACs and FLOPs, per cell and per operator.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { NetworkCost } from '../resources/networkCost.js';
import { networkCost } from '../resources/networkCost.js';
import type { Architecture } from '../space/architecture.js';
import { GENOTYPE_FIELDS } from '../space/genotype.js';
import { genotypeToArchitecture } from '../space/genotypeArchitecture.js';
import type { LayoutOptions, MacroLayout } from '../space/layout.js';
import { cifarLayout, imagenetLayout, networkPlan } from '../space/layout.js';
import { parseArchitectureText } from '../space/parseArchitectureText.js';
import { PUBLISHED_GENOTYPES } from '../space/publishedGenotypes.js';
import { parseLiteral } from '../space/pythonLiteral.js';
import type { ParsedArgs } from './args.js';
import type { CliIo, LeafCommand } from './command.js';
import { groupDigits, shortNumber, textTable } from './format.js';
import { buildNetwork } from '../network/buildNetwork.js';
import { BACKEND_FLAGS, loadBackend } from './runtime.js';

/** The DARTS evaluation networks: CIFAR C=36, 20 cells; ImageNet (mobile) C=48, 14 cells. */
const EVAL_DEFAULTS = { cifar: { channels: 36, cells: 20 }, imagenet: { channels: 48, cells: 14 } } as const;

/** Cells and nodes an architecture file states itself (an Architecture JSON or per-cell triples), if any. */
function shapeOfText(text: string): { cells?: number; nodes?: number } {
  const value = parseLiteral(text, { namedTuples: { Genotype: GENOTYPE_FIELDS } });
  if (E.isLeft(value)) return {};
  const v = value.right;
  if (Array.isArray(v)) {
    const tos = v.flatMap((cell: unknown) => (Array.isArray(cell) ? cell.map((t: unknown) => (Array.isArray(t) ? Number(t[2]) : NaN)) : []));
    const top = Math.max(...tos.filter(Number.isInteger));
    return { cells: v.length, ...(Number.isFinite(top) && top >= 2 ? { nodes: top - 1 } : {}) };
  }
  if (typeof v === 'object' && v !== null) {
    const outer = v as Record<string, unknown>;
    // A search's candidate file holds the architecture under `architecture`.
    const o = (!Array.isArray(outer.cells) && typeof outer.architecture === 'object' && outer.architecture !== null
      ? outer.architecture : outer) as Record<string, unknown>;
    if (Array.isArray(o.cells)) return { cells: o.cells.length, ...(typeof o.nodes === 'number' ? { nodes: o.nodes } : {}) };
    if (Array.isArray(o.normal) && o.normal.length % 2 === 0 && o.normal.length > 0) return { nodes: o.normal.length / 2 };
  }
  return {};
}

interface Source {
  /** What the user named: a published genotype's name or the file's path as given. */
  readonly name: string;
  readonly text?: string;
  readonly file?: string;
}

async function readSource(genotype: string, io: CliIo): Promise<Either<GoldNasError, Source>> {
  if (Object.hasOwn(PUBLISHED_GENOTYPES, genotype)) return E.right({ name: genotype });
  const file = resolve(io.cwd, genotype);
  try {
    return E.right({ name: genotype, file, text: await readFile(file, 'utf8') });
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    const names = Object.keys(PUBLISHED_GENOTYPES).join(', ');
    return E.left(goldNasError('IoError', genotype, `${reason}; --genotype takes a published genotype (${names}) or a JSON, DARTS-genotype or triples file`));
  }
}

function layoutFrom(flags: ParsedArgs['flags'], stated: { cells?: number; nodes?: number }): MacroLayout {
  const kind = flags.layout as 'cifar' | 'imagenet';
  const options: LayoutOptions = {
    channels: (flags.channels as number | undefined) ?? EVAL_DEFAULTS[kind].channels,
    cells: (flags.cells as number | undefined) ?? stated.cells ?? EVAL_DEFAULTS[kind].cells,
    ...(stated.nodes === undefined ? {} : { nodes: stated.nodes }),
    ...(flags.classes === undefined ? {} : { classes: flags.classes as number }),
    ...(flags['input-size'] === undefined ? {} : { inputSize: flags['input-size'] as number }),
    ...(flags['input-channels'] === undefined ? {} : { inputChannels: flags['input-channels'] as number }),
  };
  return kind === 'imagenet' ? imagenetLayout(options) : cifarLayout(options);
}

function architectureOf(source: Source, layout: MacroLayout): Either<GoldNasError, Architecture> {
  if (source.text === undefined) {
    const arch = genotypeToArchitecture(PUBLISHED_GENOTYPES[source.name]!, layout);
    return E.isLeft(arch) ? E.left(goldNasError(arch.left._tag, `--genotype ${source.name}`, arch.left.message)) : arch;
  }
  const arch = parseArchitectureText(source.text, layout);
  if (E.isRight(arch)) return arch;
  const { path, message } = arch.left;
  if (/^\d+:\d+$/.test(path)) return E.left(goldNasError(arch.left._tag, `${source.name}:${path}`, message));
  return E.left(goldNasError(arch.left._tag, source.name, path === '' ? message : `${path}: ${message}`));
}

function describeLayout(layout: MacroLayout): string {
  return `${layout.kind} layout: C=${layout.channels}, ${layout.cells} cells, ${layout.nodes} nodes, ` +
    `${layout.inputSize}x${layout.inputSize}x${layout.inputChannels} input, ${layout.classes} classes`;
}

function costText(name: string, layout: MacroLayout, search: boolean, cost: NetworkCost): string {
  const plan = networkPlan(layout, { affine: !search });
  const aux = cost.auxiliary;
  const lines = [
    `${name} on the ${describeLayout(layout)}`,
    search ? '(search network: non-affine BN, BN after pooling)' : '(evaluation network: affine BN)',
    '',
    textTable(['', 'total', ''], [
      ['params', cost.params, aux === undefined ? shortNumber(cost.params) : `${shortNumber(cost.params)}, of which the auxiliary head ${groupDigits(aux.params)}`],
      ['MACs', cost.macs, `${shortNumber(cost.macs)} conv+linear multiply-accumulates per image`],
      ['FLOPs', cost.flops, `${shortNumber(cost.flops)} = 2 x MACs`],
    ]).trimEnd(),
  ];
  if (aux !== undefined) lines.push(`auxiliary head: ${groupDigits(aux.macs)} MACs per image, not in the total (training only)`);
  lines.push(
    '',
    textTable(
      ['cell', 'type', 'C', 'map', 'params', 'MACs', 'preprocess params', 'preprocess MACs'],
      [
        ...cost.perCell.map((c) => {
          const p = plan.cells[c.cell]!;
          return [String(c.cell), c.reduction ? 'reduction' : 'normal', String(p.channels), `${p.nodeShape[0]}x${p.nodeShape[1]}`, c.params, c.macs, c.preprocess.params, c.preprocess.macs];
        }),
      ],
    ).trimEnd(),
    `fixed part (stems, preprocess, classifier): ${groupDigits(cost.fixed.params)} params, ${groupDigits(cost.fixed.macs)} MACs`,
    '',
    textTable(
      ['operator', 'count', 'params', 'MACs'],
      Object.entries(cost.perOperator)
        .sort(([, a], [, b]) => b.macs - a.macs || b.count - a.count)
        .map(([op, o]) => [op, o.count, o.params, o.macs]),
    ),
  );
  return `${lines.join('\n')}`;
}

/**
 * The `inspect arch` subcommand: prices an architecture on a layout and prints the totals, a
 * per-cell table and a per-operator table (or all of it as JSON with `--json`).
 *
 * @example
 * ```ts
 * import { runCli } from 'gold-nas/node';
 * // the same as `gold-nas inspect arch --genotype DARTS_V2 --layout cifar --channels 36 --cells 20 --json`
 * await runCli(['inspect', 'arch', '--genotype', 'DARTS_V2', '--channels', '36', '--cells', '20', '--json'], {
 *   stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(),
 * }); // {"params": 3349342, "macs": 528359040, "flops": 1056718080, …}
 * ```
 */
/** Builds the evaluation network on the chosen backend and counts its trainable parameters from the variables. */
async function buildAndCount(flags: ParsedArgs['flags'], architecture: Architecture, layout: MacroLayout): Promise<Either<GoldNasError, number>> {
  const tf = await loadBackend({ flags: { backend: flags.backend ?? 'cpu' }, positionals: [], help: false });
  if (E.isLeft(tf)) return tf;
  const net = buildNetwork(tf.right, { architecture, layout, auxiliary: flags.auxiliary === true, seed: 0 });
  if (E.isLeft(net)) return net;
  const count = net.right.variables.reduce((n, v) => n + v.variable.size, 0);
  net.right.dispose();
  return E.right(count);
}

export const inspectArchCommand: LeafCommand = {
  kind: 'leaf',
  name: 'arch',
  summary: 'price an architecture: params, MACs and FLOPs, per cell and per operator',
  flags: [
    { name: 'genotype', type: 'string', value: '<name|file>', required: true, description: `a published genotype (${Object.keys(PUBLISHED_GENOTYPES).join(', ')}) or a file: Architecture JSON, DARTS genotype text/JSON, or per-cell triples` },
    { name: 'layout', type: 'string', choices: ['cifar', 'imagenet'], description: 'macro layout', default: 'cifar' },
    { name: 'channels', type: 'int', min: 1, value: '<C>', description: 'initial channels (default: 36 for cifar, 48 for imagenet)' },
    { name: 'cells', type: 'int', min: 1, value: '<L>', description: 'number of cells (default: as many as the file lists, else 20 for cifar, 14 for imagenet)' },
    { name: 'classes', type: 'int', min: 1, value: '<N>', description: 'classifier outputs (default: 10 for cifar, 1000 for imagenet)' },
    { name: 'input-size', type: 'int', min: 1, value: '<N>', description: 'input height and width (default: 32 for cifar, 224 for imagenet)' },
    { name: 'input-channels', type: 'int', min: 1, value: '<N>', description: 'input channels (default: 3)' },
    { name: 'auxiliary', type: 'boolean', description: "add the auxiliary head's parameters to the total (its MACs are reported apart)" },
    { name: 'search', type: 'boolean', description: 'price the search network (non-affine BN, BN after pooling) instead of the evaluation network' },
    { name: 'build', type: 'boolean', description: 'also build the real evaluation network and count its trainable parameters from the variables' },
    { ...BACKEND_FLAGS[0]!, choices: ['cpu', 'wasm', 'tensorflow'], default: 'cpu', description: 'with --build: the tfjs backend to build on' },
  ],
  epilog: [
    'Examples:',
    '  gold-nas inspect arch --genotype DARTS_V2 --layout cifar --channels 36 --cells 20 --auxiliary',
    '  gold-nas inspect arch --genotype DARTS_V2 --layout imagenet --json',
    '  gold-nas inspect arch --genotype runs/best/architecture.json',
    '  gold-nas inspect arch --genotype DARTS_V2 --build --backend wasm --json   # adds "trainableParams"',
    '',
    'MACs count convolutions and linear layers only (the DARTS convention); FLOPs = 2 x MACs.',
  ].join('\n'),
  run: async ({ flags }, { io }) => {
    const source = await readSource(flags.genotype as string, io);
    if (E.isLeft(source)) return source;
    const layout = layoutFrom(flags, source.right.text === undefined ? {} : shapeOfText(source.right.text));
    const arch = architectureOf(source.right, layout);
    if (E.isLeft(arch)) return arch;
    const search = flags.search === true;
    const cost = networkCost(arch.right, layout, { affine: !search, search, auxiliary: flags.auxiliary === true });
    if (E.isLeft(cost)) {
      const path = cost.left.path === 'auxiliary' ? '--auxiliary' : cost.left.path === '' ? source.right.name : cost.left.path;
      return E.left(goldNasError(cost.left._tag, path, cost.left.message));
    }
    const c = cost.right;
    let trainableParams: number | undefined;
    if (flags.build === true) {
      const built = await buildAndCount(flags, arch.right, layout);
      if (E.isLeft(built)) return built;
      trainableParams = built.right;
    }
    return E.right({
      json: {
        params: c.params,
        ...(trainableParams === undefined ? {} : { trainableParams }),
        macs: c.macs,
        flops: c.flops,
        ...(c.auxiliary === undefined ? {} : { auxiliary: c.auxiliary }),
        fixed: c.fixed,
        elementwise: c.elementwise,
        perCell: c.perCell,
        perOperator: c.perOperator,
        genotype: source.right.name,
        network: search ? 'search' : 'evaluation',
        layout,
      },
      text: () => costText(source.right.name, layout, search, c) +
        (trainableParams === undefined ? '' : `trainable parameters of the built network: ${groupDigits(trainableParams)}\n`),
    });
  },
};
