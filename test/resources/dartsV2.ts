/** DARTS_V2 expanded by hand into an Architecture (test fixture; independent of the space helper's genotype import). */
import type { Architecture, CellArchitecture } from '../../src/index.js';
import { reductionCells } from '../../src/index.js';

type Pair = readonly [string, number];

const normal: readonly Pair[] = [
  ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1],
  ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2],
];
const reduce: readonly Pair[] = [
  ['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1],
  ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1],
];

function cell(pairs: readonly Pair[], reduction: boolean): CellArchitecture {
  return { reduction, edges: pairs.map(([op, from], k) => ({ op, from, to: 2 + Math.floor(k / 2) })) };
}

/** DARTS_V2 on `cells` cells: node j takes pairs 2j and 2j+1. */
export function dartsV2(cells: number): Architecture {
  const red = reductionCells(cells);
  return { nodes: 4, cells: Array.from({ length: cells }, (_, i) => (red.includes(i) ? cell(reduce, true) : cell(normal, false))) };
}
