/**
 * Moving an architecture whose cells are shared by type (one normal cell, one reduction cell, as
 * DARTS finds them) to another layout: more cells, more channels, as DARTS re-trains its genotype
 * on 20 cells with C=36 after searching on 8 cells with C=16.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Architecture, CellArchitecture } from './architecture.js';
import { canonicalArchitecture } from './canonicalArchitecture.js';
import type { MacroLayout } from './layout.js';
import { reductionCells } from './layout.js';

function sameCell(a: CellArchitecture, b: CellArchitecture): boolean {
  const key = (c: CellArchitecture): string => JSON.stringify(canonicalArchitecture({ nodes: 0, cells: [c] }).cells[0]!.edges);
  return key(a) === key(b);
}

/**
 * Places an architecture's normal cell on every normal position of another layout, and its
 * reduction cell on every reduction position. Works for any cell contents (GOLD cells too), as
 * long as the architecture shares its cells: every normal cell equal, every reduction cell equal.
 *
 * @param architecture - the architecture, on its own layout.
 * @param to - the layout to move it to (same number of nodes; any number of cells and channels).
 * @returns the architecture on `to`, or an `ArchitectureError`: cells that differ within a type
 *   (`cells.<i>`), a missing cell type, or another number of nodes.
 *
 * @example
 * ```ts
 * import { transferArchitecture, genotypeToArchitecture, DARTS_V2, cifarLayout } from 'gold-nas';
 * const searched = genotypeToArchitecture(DARTS_V2, cifarLayout({ channels: 16, cells: 8 }));
 * if (searched._tag === 'Right') {
 *   const evaluated = transferArchitecture(searched.right, cifarLayout({ channels: 36, cells: 20 }));
 *   if (evaluated._tag === 'Right') console.log(evaluated.right.cells.length); // 20
 * }
 * ```
 * @since 0.2.0
 */
export function transferArchitecture(architecture: Architecture, to: MacroLayout): Either<GoldNasError, Architecture> {
  const args = checkArguments('transferArchitecture', { architecture: [architecture, 'object', 'the architecture to move'], to: [to, 'object', 'the macro layout to move it to'] });
  if (E.isLeft(args)) return args;
  const fail = (path: string, message: string): Either<GoldNasError, never> => E.left(goldNasError('ArchitectureError', path, message));
  if (architecture.nodes !== to.nodes) {
    return fail('nodes', `the architecture's cells have ${architecture.nodes} nodes, the layout's ${to.nodes}; only the number of cells and channels can change`);
  }
  const normal = architecture.cells.find((c) => !c.reduction);
  const reduction = architecture.cells.find((c) => c.reduction);
  for (const [i, cell] of architecture.cells.entries()) {
    const first = cell.reduction ? reduction! : normal!;
    if (!sameCell(cell, first)) {
      return fail(`cells.${i}`,
        `differs from the first ${cell.reduction ? 'reduction' : 'normal'} cell; only an architecture whose cells are shared by type (as DARTS finds them) can move to another number of cells`);
    }
  }
  const reductions = reductionCells(to.cells);
  const needsNormal = to.cells > reductions.length;
  if (needsNormal && normal === undefined) return fail('cells', 'the architecture has no normal cell to place on the layout\'s normal positions');
  if (reduction === undefined) return fail('cells', 'the architecture has no reduction cell to place on the layout\'s reduction positions');
  const cells = Array.from({ length: to.cells }, (_, i): CellArchitecture => (reductions.includes(i) ? reduction : normal!));
  return E.right({ nodes: to.nodes, cells });
}
