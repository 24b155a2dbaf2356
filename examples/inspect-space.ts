// Sizes and costs of search spaces and architectures, without training anything (docs/concepts.md).
//
//   npm run build && npx tsc -p examples && node examples/dist/inspect-space.js
import * as E from 'fp-ts/lib/Either.js';
import {
  DARTS_V2, SEARCH_PRESETS, cifarLayout, countArchitectures, fixedCost, formatError, fullLiveMask, genotypeToArchitecture,
  liveCost, networkCost, operatorSlots, searchSpace, slotCosts,
} from 'gold-nas';

const group = (n: number): string => n.toLocaleString('en-US');

// 1. How many architectures? One GOLD cell with K = 2 operators, then 14 and 20 cells, then the DARTS space.
const oneCell = countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 1 });
const gold14 = countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 14 });
const gold20 = countArchitectures({ mode: 'gold', nodes: 4, operators: 2, cells: 20 });
const darts = countArchitectures({ mode: 'darts', nodes: 4, operators: 8, cells: 8 });
console.log(`one GOLD cell (K=2):          ${group(Number(oneCell.exact))} architectures`);
console.log(`GOLD, 14 cells:               10^${gold14.log10.toFixed(2)}`);
console.log(`GOLD, 20 cells:               10^${gold20.log10.toFixed(2)}`);
console.log(`DARTS (8 operators, 2 cell types): 10^${darts.log10.toFixed(2)}`);

// 2. The quick start's space: its slots and what the super-network costs.
const preset = SEARCH_PRESETS['mnist-quick'];
const space = searchSpace(preset.space);
if (E.isLeft(space)) throw new Error(formatError(space.left));
const slots = operatorSlots(space.right);
const searchCosts = slotCosts(space.right); // the search network: non-affine batch norms
const full = liveCost(space.right, fullLiveMask(slots), searchCosts);
const fixed = fixedCost(space.right);
console.log(`\nmnist-quick: ${slots.length} operator slots (${preset.space.layout.cells} cells x 14 edges x ${preset.space.operators.length} operators)`);
console.log(`  full super-network: ${(full.flops / 1e6).toFixed(2)}M multiply-adds, ${group(full.params)} params`);
console.log(`  fixed part (stem, preprocess, classifier): ${(fixed.flops / 1e6).toFixed(2)}M multiply-adds`);
console.log(`  FLOPs_min of the preset: ${(Number(preset.pruning.scheduler.flopsMin) / 1e6).toFixed(2)}M multiply-adds`);

// 3. A published architecture priced exactly: DARTS_V2 at C=36 with 20 cells (the DARTS paper's network).
const layout = cifarLayout({ channels: 36, cells: 20 });
const arch = genotypeToArchitecture(DARTS_V2, layout);
if (E.isLeft(arch)) throw new Error(formatError(arch.left));
const cost = networkCost(arch.right, layout, { affine: true });
const withAux = networkCost(arch.right, layout, { affine: true, auxiliary: true });
if (E.isLeft(cost) || E.isLeft(withAux)) throw new Error('DARTS_V2 does not fit its layout');
console.log(`\nDARTS_V2, C=36, 20 cells: ${group(cost.right.params)} params (${group(withAux.right.params)} with the auxiliary head)`);
console.log(`  ${group(cost.right.macs)} multiply-adds (the paper's FLOPs) per 32x32 image`);
for (const [op, c] of Object.entries(cost.right.perOperator)) {
  console.log(`  ${op.padEnd(14)} x${String(c.count).padStart(3)}  ${group(c.params).padStart(9)} params  ${group(c.macs).padStart(12)} MACs`);
}
