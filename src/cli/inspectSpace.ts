/**
 * `gold-nas inspect space`: how many architectures a search space holds (METHOD.md §2).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { cifarLayout } from '../space/layout.js';
import { countArchitectures } from '../space/countArchitectures.js';
import { GOLD_PRIMITIVES, OPERATORS } from '../space/operators.js';
import type { ConstraintMode, SearchSpace } from '../space/searchSpace.js';
import type { LeafCommand } from './command.js';

/**
 * The `inspect space` subcommand: prints the exact number of architectures and its log10.
 */
export const inspectSpaceCommand: LeafCommand = {
  kind: 'leaf',
  name: 'space',
  summary: 'count the architectures of a search space',
  flags: [
    { name: 'mode', type: 'string', choices: ['gold', 'darts'], description: 'constraint mode', default: 'gold' },
    { name: 'cells', type: 'int', min: 1, value: '<L>', description: 'number of cells', default: 14 },
    { name: 'nodes', type: 'int', min: 1, value: '<n>', description: 'intermediate nodes per cell', default: 4 },
    { name: 'ops', type: 'list', value: '<a,b,...>', choices: Object.keys(OPERATORS), description: 'candidate operators', default: GOLD_PRIMITIVES },
  ],
  epilog: 'Examples:\n  gold-nas inspect space --mode gold --cells 14 --json\n  gold-nas inspect space --mode darts --cells 8 --ops none,max_pool_3x3,avg_pool_3x3,skip_connect,sep_conv_3x3,sep_conv_5x5,dil_conv_3x3,dil_conv_5x5',
  run: async ({ flags }) => {
    const mode = flags.mode as ConstraintMode;
    const cells = flags.cells as number;
    const nodes = flags.nodes as number;
    const operators = [...new Set(flags.ops as readonly string[])];
    const space: SearchSpace = { mode, layout: cifarLayout({ cells, nodes }), operators, table: OPERATORS };
    const count = countArchitectures(space);
    const exact = count.exact.toString();
    return E.right({
      json: { log10: count.log10, exact, mode, cells, nodes, operators },
      text: () =>
        [
          `${mode} space: ${cells} cells, ${nodes} nodes per cell, operators ${operators.join(', ')}`,
          `architectures: about 10^${count.log10.toFixed(2)}`,
          `exact: ${exact}`,
          '',
        ].join('\n'),
    });
  },
};
