/**
 * Placing a published genotype (a DARTS genotype or per-cell triples) on a layout.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import type { Architecture } from './architecture.js';
import { genotypeToArchitecture } from './genotypeArchitecture.js';
import type { MacroLayout } from './layout.js';
import type { OperatorTable } from './operators.js';
import { OPERATORS } from './operators.js';
import type { PublishedGenotype } from './publishedGenotypes.js';
import type { ArchitectureTriples } from './triples.js';
import { triplesToArchitecture } from './triples.js';

const isTriples = (g: PublishedGenotype): g is ArchitectureTriples => Array.isArray(g);

/**
 * The cells and nodes a published genotype fixes: per-cell triples fix both, a DARTS genotype only
 * the nodes (it fits any number of cells).
 *
 * @param genotype - an entry of `PUBLISHED_GENOTYPES`.
 * @returns the cell count (triples only) and the node count.
 */
export function publishedGenotypeShape(genotype: PublishedGenotype): { readonly cells?: number; readonly nodes: number } {
  if (!isTriples(genotype)) return { nodes: genotype.normal.length / 2 };
  const top = Math.max(2, ...genotype.flatMap((cell) => cell.map((t) => t[2])));
  return { cells: genotype.length, nodes: top - 1 };
}

/**
 * A published genotype as an architecture on a layout: a DARTS genotype repeated over the layout's
 * cells (`genotypeToArchitecture`), or per-cell triples cell by cell (`triplesToArchitecture`, which
 * needs a layout with as many cells as the triples list).
 *
 * @param genotype - an entry of `PUBLISHED_GENOTYPES` (or any genotype or triples).
 * @param layout - the macro layout.
 * @param table - where operator names are looked up (default `OPERATORS`).
 * @returns the architecture, or an `ArchitectureError` (wrong number of cells or nodes, unknown operator).
 *
 * @example
 * ```ts
 * import { publishedArchitecture, networkCost, cifarLayout, PUBLISHED_GENOTYPES } from 'gold-nas';
 * const layout = cifarLayout({ channels: 36, cells: 14 });
 * const arch = publishedArchitecture(PUBLISHED_GENOTYPES.s1!, layout);
 * if (arch._tag === 'Right') networkCost(arch.right, layout, { affine: false }); // 3,442,006 params, as [R]'s model.py
 * ```
 *
 * @since 0.2.0
 */
export function publishedArchitecture(genotype: PublishedGenotype, layout: MacroLayout, table: OperatorTable = OPERATORS): Either<GoldNasError, Architecture> {
  return isTriples(genotype) ? triplesToArchitecture(genotype, layout, table) : genotypeToArchitecture(genotype, layout, table);
}
