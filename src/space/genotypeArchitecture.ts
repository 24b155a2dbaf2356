/**
 * Converting between DARTS genotypes (one normal and one reduction cell, shared by the whole
 * network) and `Architecture` values (one entry per cell of a layout).
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { ArchEdge, Architecture, CellArchitecture } from './architecture.js';
import { checkArchitecture } from './decodeArchitecture.js';
import type { Genotype, GenotypeEdge } from './genotype.js';
import type { MacroLayout } from './layout.js';
import { reductionCells } from './layout.js';
import type { OperatorTable } from './operators.js';
import { OPERATORS } from './operators.js';

function fail(path: string, message: string): E.Either<GoldNasError, never> {
  return E.left(goldNasError('ArchitectureError', path, message));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Checks one half of a genotype (`normal` or `reduce`) and returns its cell edges, in genotype order. */
function cellEdgesOf(
  name: 'normal' | 'reduce',
  list: readonly GenotypeEdge[],
  concat: readonly number[],
  nodes: number,
  table: OperatorTable,
): E.Either<GoldNasError, readonly ArchEdge[]> {
  if (list.length !== 2 * nodes)
    return fail(name, `has ${list.length} entries; a layout with ${nodes} nodes needs ${2 * nodes}, two per node (entries 2j and 2j+1 feed node j)`);
  const all = range(2, nodes + 2);
  const concatName = `${name}_concat`;
  if (concat.length !== all.length || concat.some((s, i) => s !== all[i])) {
    const subset = concat.every((s) => all.includes(s)) && new Set(concat).size === concat.length && concat.length < all.length;
    return fail(
      concatName,
      subset
        ? `[${concat.join(', ')}] concatenates only some nodes; cells here always concatenate every node, [${all.join(', ')}] (NASNet/AmoebaNet-style subsets are not supported)`
        : `must be [${all.join(', ')}] (every node, in order), got [${concat.join(', ')}]`,
    );
  }
  const edges: ArchEdge[] = [];
  for (const [k, [op, input]] of list.entries()) {
    const to = 2 + Math.floor(k / 2);
    if (!Object.hasOwn(table, op))
      return fail(`${name}.${k}.0`, `unknown operator '${op}'; the operator table has: ${Object.keys(table).join(', ')}`);
    if (input >= to)
      return fail(`${name}.${k}.1`, `entry ${k} feeds node ${to} (state ${to}) and must read state 0..${to - 1}, got ${input}`);
    const twin = k % 2 === 1 ? list[k - 1]! : undefined;
    if (twin !== undefined && twin[0] === op && twin[1] === input)
      return fail(`${name}.${k}`, `node ${to} takes (${op}, ${input}) twice; an operator can be live on an edge only once`);
    edges.push({ op, from: input, to });
  }
  return E.right(edges);
}

/**
 * Expands a DARTS genotype to an architecture for a layout: every normal cell gets the `normal`
 * half, every reduction cell the `reduce` half. Entries 2j and 2j+1 feed node j (state j+2);
 * edge order follows the genotype. The concat lists must name every node in order, since cells
 * here always concatenate all nodes.
 *
 * @param genotype - the genotype.
 * @param layout - the macro layout (its `nodes` must match the genotype, two entries per node).
 * @param table - where operator names are looked up (default `OPERATORS`).
 * @returns the architecture, or an `ArchitectureError` naming the genotype field at fault (`reduce.5.1`, `normal_concat`).
 *
 * @example
 * ```ts
 * import { genotypeToArchitecture, DARTS_V2, cifarLayout } from 'gold-nas';
 * const arch = genotypeToArchitecture(DARTS_V2, cifarLayout({ channels: 36, cells: 20 }));
 * if (arch._tag === 'Right') console.log(arch.right.cells[6]!.edges[0]); // { op: 'max_pool_3x3', from: 0, to: 2 }
 * ```
 * @since 0.1.0
 */
export function genotypeToArchitecture(
  genotype: Genotype,
  layout: MacroLayout,
  table: OperatorTable = OPERATORS,
): E.Either<GoldNasError, Architecture> {
  const args = checkArguments('genotypeToArchitecture', { genotype: [genotype, 'object', 'a genotype (parseGenotype)'], layout: [layout, 'object', 'the macro layout'] });
  if (E.isLeft(args)) return args;
  const normal = cellEdgesOf('normal', genotype.normal, genotype.normal_concat, layout.nodes, table);
  if (E.isLeft(normal)) return normal;
  const reduce = cellEdgesOf('reduce', genotype.reduce, genotype.reduce_concat, layout.nodes, table);
  if (E.isLeft(reduce)) return reduce;
  const reductions = reductionCells(layout.cells);
  const cells: CellArchitecture[] = range(0, layout.cells).map((i) =>
    reductions.includes(i) ? { reduction: true, edges: reduce.right } : { reduction: false, edges: normal.right },
  );
  return E.right({ nodes: layout.nodes, cells });
}

/**
 * Collapses an architecture to a DARTS genotype. This works only for DARTS-shaped architectures:
 * every node has exactly two inputs from distinct states, with one operator each, and all normal
 * cells are identical, as are all reduction cells (as in a `darts` space); the layout must have
 * both cell types. Within a node, entries keep the architecture's edge order.
 *
 * @param arch - the architecture.
 * @param layout - its macro layout.
 * @param table - where operator names are looked up (default `OPERATORS`).
 * @returns the genotype (concat lists name every node), or an `ArchitectureError` saying which rule fails and where.
 *
 * @example
 * ```ts
 * import { architectureToGenotype, genotypeToArchitecture, formatGenotype, DARTS_V1, cifarLayout } from 'gold-nas';
 * const layout = cifarLayout({ cells: 8 });
 * const arch = genotypeToArchitecture(DARTS_V1, layout);
 * if (arch._tag === 'Right') {
 *   const g = architectureToGenotype(arch.right, layout);
 *   if (g._tag === 'Right') console.log(formatGenotype(g.right) === formatGenotype(DARTS_V1)); // true
 * }
 * ```
 * @since 0.1.0
 */
export function architectureToGenotype(
  arch: Architecture,
  layout: MacroLayout,
  table: OperatorTable = OPERATORS,
): E.Either<GoldNasError, Genotype> {
  const ops = [...new Set(arch.cells.flatMap((c) => c.edges.map((e) => e.op)))].filter((op) => Object.hasOwn(table, op));
  const checked = checkArchitecture(arch, { mode: 'darts', layout, operators: ops.length > 0 ? ops : Object.keys(table), table });
  if (E.isLeft(checked)) {
    const e = checked.left;
    return E.left(goldNasError(e._tag, e.path, `cannot be written as a DARTS genotype: ${e.message}`));
  }
  const normalCell = arch.cells.find((c) => !c.reduction);
  const reduceCell = arch.cells.find((c) => c.reduction);
  if (normalCell === undefined || reduceCell === undefined)
    return fail('cells', `a genotype needs a normal and a reduction cell, but a layout of ${layout.cells} cells has only ${normalCell === undefined ? 'reduction' : 'normal'} cells`);
  const half = (cell: CellArchitecture): GenotypeEdge[] =>
    range(2, layout.nodes + 2).flatMap((to) => cell.edges.filter((e) => e.to === to).map((e): GenotypeEdge => [e.op, e.from]));
  const concat = range(2, layout.nodes + 2);
  return E.right({ normal: half(normalCell), normal_concat: concat, reduce: half(reduceCell), reduce_concat: [...concat] });
}
