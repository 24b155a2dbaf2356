// Defining an operator of your own, checking its shapes and costs, and searching with it
// (docs/custom-operators.md).
//
//   npm run build && npx tsc -p examples && node examples/dist/custom-operator.js
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  GoldNasException, OPERATORS, SEARCH_PRESETS, chainCost, chainOutputShape, countArchitectures, decodeSearchConfig, formatError,
  networkCost, operatorSlots, readyBackend, runSearch, searchSpace, slotCosts, splitDataset, syntheticDataset,
} from 'gold-nas';
import type { Architecture, GoldNasError, OperatorDef, OperatorTable, SearchConfig } from 'gold-nas';

const orThrow = <A>(r: E.Either<GoldNasError, A>): A => {
  if (E.isLeft(r)) throw new GoldNasException(r.left);
  return r.right;
};

// 1. The operator: a chain of layers for each context (channels C, the edge's stride, affine or not).
const conv3x3: OperatorDef = {
  name: 'conv_3x3',
  description: 'ReLU, dense 3x3 convolution, BN',
  layers: ({ channels: c, stride, affine }) => [
    { kind: 'relu' },
    { kind: 'conv', inC: c, outC: c, kernel: [3, 3], stride: [stride, stride], pad: [1, 1], dilation: 1, depthwise: false },
    { kind: 'bn', channels: c, affine },
  ],
};
const table: OperatorTable = { ...OPERATORS, conv_3x3: conv3x3 };

// 2. Its shape and cost on a stride-2 edge of a 32x32x16 input, next to sep_conv_3x3's.
for (const name of ['conv_3x3', 'sep_conv_3x3']) {
  const layers = table[name]!.layers({ channels: 16, stride: 2, affine: true, search: false });
  const cost = orThrow(chainCost(layers, [32, 32, 16]));
  console.log(`${name.padEnd(12)} -> [${chainOutputShape(layers, [32, 32, 16])}]  ${cost.params} params  ${cost.macs.toLocaleString('en-US')} MACs`);
}

// 3. A space that uses it. searchSpace checks that every operator keeps each cell's node shape.
const spaceOptions = {
  mode: 'gold',
  layout: { kind: 'cifar', channels: 4, cells: 3, nodes: 2, inputSize: 8, inputChannels: 3, classes: 4, stemMultiplier: 3 },
  operators: ['skip_connect', 'sep_conv_3x3', 'conv_3x3'],
} as const;
const space = orThrow(searchSpace({ ...spaceOptions, table }));
console.log(`\nspace: ${operatorSlots(space).length} slots, 10^${countArchitectures(space).log10.toFixed(2)} architectures`);
const costs = slotCosts(space);
for (const op of space.operators) {
  const mine = operatorSlots(space).filter((s) => s.op === op);
  const mean = mine.reduce((sum, s) => sum + costs.macs[s.index]!, 0) / mine.length;
  console.log(`  ${op.padEnd(12)} mean ${Math.round(mean).toLocaleString('en-US')} MACs per slot`);
}

// An operator that breaks the shape (no padding) is refused, with the path of the offending name.
const badTable: OperatorTable = {
  ...table,
  conv_3x3_valid: { ...conv3x3, name: 'conv_3x3_valid', layers: (ctx) => conv3x3.layers(ctx).map((l) => (l.kind === 'conv' ? { ...l, pad: [0, 0] as const } : l)) },
};
const bad = searchSpace({ ...spaceOptions, operators: ['skip_connect', 'conv_3x3_valid'], table: badTable });
if (E.isLeft(bad)) console.log(`refused: ${formatError(bad.left)}`);

// 4. Price an architecture that uses it: pass the table to networkCost.
const cell = (reduction: boolean): Architecture['cells'][number] => ({
  reduction,
  edges: [{ op: 'conv_3x3', from: 0, to: 2 }, { op: 'skip_connect', from: 1, to: 2 }, { op: 'conv_3x3', from: 2, to: 3 }],
});
const arch: Architecture = { nodes: 2, cells: [cell(false), cell(true), cell(true)] };
const cost = orThrow(networkCost(arch, space.layout, { table }));
console.log(`\narchitecture: ${cost.params.toLocaleString('en-US')} params, ${(cost.flops / 1e6).toFixed(3)}M multiply-adds`);

// 5. Search with it: the config names the operator, and hooks.table says where to find it.
// (decodeSearchConfig checks names against OPERATORS, so the space is set after decoding.)
orThrow(await readyBackend(tf, 'cpu'));
const config: SearchConfig = { ...orThrow(decodeSearchConfig({ maxSteps: 40 }, SEARCH_PRESETS['synthetic-tiny'])), space: spaceOptions };
const data = orThrow(syntheticDataset({ size: 256, seed: 3, height: 8, width: 8, channels: 3, classes: 4 }));
const split = orThrow(splitDataset(data, { heldOut: 64, seed: 3 }));
const result = orThrow(await runSearch(tf, config, split, { table }));
const kept = result.final.architecture.cells.flatMap((c) => c.edges).filter((e) => e.op === 'conv_3x3').length;
console.log(`search: ${result.stopReason} after ${result.steps} steps; ${kept} conv_3x3 edges live at the end; Pareto front: ${result.front.length} of ${result.candidates.length} candidates`);
