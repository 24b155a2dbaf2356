/** DARTS_V2 on the CIFAR layout's cell positions, expanded by the library's genotype import. */
import * as E from 'fp-ts/lib/Either.js';
import type { Architecture } from '../../src/index.js';
import { cifarLayout, DARTS_V2, genotypeToArchitecture } from '../../src/index.js';

/** DARTS_V2 on `cells` cells (reductions at floor(L/3) and floor(2L/3); node j takes genotype entries 2j and 2j+1). */
export function dartsV2(cells: number): Architecture {
  const arch = genotypeToArchitecture(DARTS_V2, cifarLayout({ cells }));
  if (E.isLeft(arch)) throw new Error(arch.left.message);
  return arch.right;
}
