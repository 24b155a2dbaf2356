/**
 * `gold-nas inspect arch`: price an architecture (a published genotype or a file) on a layout:
 * parameters and conv+linear multiply-adds (the paper's FLOPs), per cell and per operator.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { NetworkCost } from '../resources/networkCost.js';
import { networkCost } from '../resources/networkCost.js';
import type { Architecture } from '../space/architecture.js';
import type { CellBatchNorm, MacroLayout } from '../space/layout.js';
import { networkPlan } from '../space/layout.js';
import type { OperatorTable, SkipConnectKind } from '../space/operators.js';
import { OPERATORS, withSkipConnect } from '../space/operators.js';
import type { ParsedArgs } from './args.js';
import type { LeafCommand } from './command.js';
import { groupDigits, shortNumber, textTable } from '../node/format.js';
import { buildNetwork } from '../network/buildNetwork.js';
import { loadTfjs } from '../node/loadTfjs.js';
import type { TfjsFlavour } from '../node/loadTfjs.js';
import { BACKEND_FLAGS } from './runtime.js';
import { CELL_FLAGS, LAYOUT_FLAGS, cellOptionsFromFlags, genotypeFlag, loadArchitecture } from './architectureSource.js';

function describeLayout(layout: MacroLayout): string {
  return `${layout.kind} layout: C=${layout.channels}, ${layout.cells} cells, ${layout.nodes} nodes, ` +
    `${layout.inputSize}x${layout.inputSize}x${layout.inputChannels} input, ${layout.classes} classes`;
}

/** Which network is priced: the search network, or the evaluation network with its cells' batch norms. */
interface Priced {
  readonly search: boolean;
  readonly cellBatchNorm: CellBatchNorm;
  readonly skipConnect: SkipConnectKind;
}

function networkText(p: Priced): string {
  const skip = p.skipConnect === 'batch-norm' ? ', skip_connect = batch norm of x' : '';
  return p.search
    ? `(search network: non-affine BN, BN after pooling${skip})`
    : `(evaluation network: ${p.cellBatchNorm === 'affine' ? 'affine' : 'non-affine'} cell BN${skip})`;
}

function costText(name: string, layout: MacroLayout, priced: Priced, cost: NetworkCost): string {
  const plan = networkPlan(layout, { affine: !priced.search && priced.cellBatchNorm === 'affine' });
  const aux = cost.auxiliary;
  const lines = [
    `${name} on the ${describeLayout(layout)}`,
    networkText(priced),
    '',
    textTable(['', 'total', ''], [
      ['params', cost.params, aux === undefined ? shortNumber(cost.params) : `${shortNumber(cost.params)}, of which the auxiliary head ${groupDigits(aux.params)}`],
      ['FLOPs', cost.flops, `${shortNumber(cost.flops)} multiply-adds (conv + linear) per image, the paper's FLOPs`],
    ]).trimEnd(),
  ];
  if (aux !== undefined) lines.push(`auxiliary head: ${groupDigits(aux.macs)} multiply-adds per image, not in the total (training only)`);
  lines.push(
    '',
    textTable(
      ['cell', 'type', 'C', 'map', 'params', 'mult-adds', 'preprocess params', 'preprocess mult-adds'],
      [
        ...cost.perCell.map((c) => {
          const p = plan.cells[c.cell]!;
          return [String(c.cell), c.reduction ? 'reduction' : 'normal', String(p.channels), `${p.nodeShape[0]}x${p.nodeShape[1]}`, c.params, c.macs, c.preprocess.params, c.preprocess.macs];
        }),
      ],
    ).trimEnd(),
    `fixed part (stems, preprocess, classifier): ${groupDigits(cost.fixed.params)} params, ${groupDigits(cost.fixed.macs)} multiply-adds`,
    '',
    textTable(
      ['operator', 'count', 'params', 'mult-adds'],
      Object.entries(cost.perOperator)
        .sort(([, a], [, b]) => b.macs - a.macs || b.count - a.count)
        .map(([op, o]) => [op, o.count, o.params, o.macs]),
    ),
  );
  return `${lines.join('\n')}`;
}

/** Builds the evaluation network on the chosen backend and counts its trainable parameters from the variables. */
async function buildAndCount(flags: ParsedArgs['flags'], architecture: Architecture, layout: MacroLayout, table: OperatorTable, cellBatchNorm: CellBatchNorm): Promise<Either<GoldNasError, number>> {
  const tf = await loadTfjs(flags.backend as TfjsFlavour);
  if (E.isLeft(tf)) return tf;
  const net = buildNetwork(tf.right, { architecture, layout, table, cellBatchNorm, auxiliary: flags.auxiliary === true, seed: 0 });
  if (E.isLeft(net)) return net;
  const count = net.right.variables.reduce((n, v) => n + v.variable.size, 0);
  net.right.dispose();
  return E.right(count);
}

/**
 * The `inspect arch` subcommand: prices an architecture on a layout and prints the totals, a
 * per-cell table and a per-operator table (or all of it as JSON with `--json`).
 */
export const inspectArchCommand: LeafCommand = {
  kind: 'leaf',
  name: 'arch',
  summary: 'price an architecture: params and FLOPs (multiply-adds), per cell and per operator',
  flags: [
    genotypeFlag(true),
    ...LAYOUT_FLAGS,
    ...CELL_FLAGS,
    { name: 'auxiliary', type: 'boolean', description: "add the auxiliary head's parameters to the total (its MACs are reported apart)" },
    { name: 'search', type: 'boolean', description: 'price the search network (non-affine BN, BN after pooling) instead of the evaluation network' },
    { name: 'build', type: 'boolean', description: 'also build the real evaluation network and count its trainable parameters from the variables' },
    { ...BACKEND_FLAGS[0]!, default: 'cpu', description: 'with --build: the tfjs backend to build on' },
  ],
  epilog: [
    'Examples:',
    '  gold-nas inspect arch --genotype DARTS_V2 --layout cifar --channels 36 --cells 20 --auxiliary',
    '  gold-nas inspect arch --genotype DARTS_V2 --layout imagenet --json',
    '  gold-nas inspect arch --genotype runs/best/architecture.json',
    '  gold-nas inspect arch --genotype DARTS_V2 --build --backend wasm --json   # adds "trainableParams"',
    "  gold-nas inspect arch --genotype s1 --layout cifar --channels 36 --cells 14 --cell-bn none --skip-connect batch-norm   # [R]'s network",
    '',
    'FLOPs are multiply-adds of convolutions and linear layers only, as the paper and DARTS count them',
    '(DARTS_V2 at C=36 with 20 cells: 528M).',
  ].join('\n'),
  run: async ({ flags }, { io }) => {
    const loaded = await loadArchitecture(flags, io);
    if (E.isLeft(loaded)) return loaded;
    const { name, architecture, layout } = loaded.right;
    const search = flags.search === true;
    const cells = cellOptionsFromFlags(flags);
    if (search && cells.cellBatchNorm !== undefined) {
      return E.left(goldNasError('ConfigError', '--cell-bn', "describes the evaluation network; the search network's cell batch norms are never affine (drop --search or --cell-bn)"));
    }
    const priced: Priced = { search, cellBatchNorm: cells.cellBatchNorm ?? 'affine', skipConnect: cells.skipConnect ?? 'identity' };
    const table = withSkipConnect(OPERATORS, priced.skipConnect);
    const affine = !search && priced.cellBatchNorm === 'affine';
    const cost = networkCost(architecture, layout, { affine, search, table, auxiliary: flags.auxiliary === true });
    if (E.isLeft(cost)) {
      const path = cost.left.path === 'auxiliary' ? '--auxiliary' : cost.left.path === '' ? name : cost.left.path;
      return E.left(goldNasError(cost.left._tag, path, cost.left.message));
    }
    const c = cost.right;
    let trainableParams: number | undefined;
    if (flags.build === true) {
      const built = await buildAndCount(flags, architecture, layout, table, priced.cellBatchNorm);
      if (E.isLeft(built)) return built;
      trainableParams = built.right;
    }
    return E.right({
      json: {
        params: c.params,
        ...(trainableParams === undefined ? {} : { trainableParams }),
        macs: c.macs,
        flops: c.flops,
        flopsUnit: 'multiply-adds',
        ...(c.auxiliary === undefined ? {} : { auxiliary: c.auxiliary }),
        fixed: c.fixed,
        elementwise: c.elementwise,
        perCell: c.perCell,
        perOperator: c.perOperator,
        genotype: name,
        network: search ? 'search' : 'evaluation',
        cellBatchNorm: search ? 'none' : priced.cellBatchNorm,
        skipConnect: priced.skipConnect,
        layout,
      },
      text: () => costText(name, layout, priced, c) +
        (trainableParams === undefined ? '' : `trainable parameters of the built network: ${groupDigits(trainableParams)}\n`),
    });
  },
};
