/**
 * The link between an `Architecture` and a `LiveMask` over a space's operator slots: the
 * architecture a (pruned) super-network stands for, and the mask that builds a given architecture.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { ArchEdge, Architecture } from './architecture.js';
import { checkArchitecture } from './decodeArchitecture.js';
import { reductionCells } from './layout.js';
import type { LiveMask } from './liveSet.js';
import type { SearchSpace } from './searchSpace.js';
import { operatorSlots } from './searchSpace.js';

function slotKey(cell: number, op: string, from: number, to: number): string {
  return `${cell}|${from}|${to}|${op}`;
}

/**
 * The architecture of a live mask: per cell, the live slots as edges, in slot order (by target
 * node, then source, then the space's operator order). The result is checked against the space
 * with its own mode, so in `darts` mode only a mask with two single-operator inputs per node and
 * shared cells is accepted (a full super-network mask is not a darts architecture; pass
 * `{ ...space, mode: 'gold' }` to read any mask that keeps an input on every node).
 *
 * @param space - the search space.
 * @param live - one byte per slot of `operatorSlots(space)`: 1 live, 0 pruned.
 * @returns the architecture, or an error: a `ConfigError` at `mask` for a mask of the wrong length
 *   or with bytes other than 0/1, an `ArchitectureError` when the live set breaks the mode's rules.
 *
 * @example
 * ```ts
 * import { architectureFromMask, fullLiveMask, operatorSlots, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 5 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const arch = architectureFromMask(space, fullLiveMask(operatorSlots(space)));
 * if (arch._tag === 'Right') console.log(arch.right.cells[0]!.edges.length); // 28: 14 edges × 2 operators
 * ```
 * @since 0.1.0
 */
export function architectureFromMask(space: SearchSpace, live: LiveMask): E.Either<GoldNasError, Architecture> {
  const slots = operatorSlots(space);
  if (live.length !== slots.length)
    return E.left(goldNasError('ConfigError', 'mask', `the mask has ${live.length} entries but the space has ${slots.length} operator slots`));
  const bad = live.findIndex((b) => b !== 0 && b !== 1);
  if (bad >= 0) return E.left(goldNasError('ConfigError', `mask.${bad}`, `mask entries must be 0 or 1, got ${live[bad]}`));
  const reductions = reductionCells(space.layout.cells);
  const edges: ArchEdge[][] = Array.from({ length: space.layout.cells }, () => []);
  for (const s of slots) if (live[s.index] === 1) edges[s.cell]!.push({ op: s.op, from: s.from, to: s.to });
  const arch: Architecture = {
    nodes: space.layout.nodes,
    cells: edges.map((e, i) => ({ reduction: reductions.includes(i), edges: e })),
  };
  return checkArchitecture(arch, space);
}

/**
 * The live mask that builds an architecture in a space's super-network: 1 on the slot of every
 * edge of the architecture, 0 elsewhere. The architecture is first checked against the space
 * (see `checkArchitecture`).
 *
 * @param space - the search space.
 * @param arch - the architecture.
 * @returns one byte per slot of `operatorSlots(space)`, or the `ArchitectureError` of the check.
 *
 * @example
 * ```ts
 * import { maskFromArchitecture, genotypeToArchitecture, cifarLayout, OPERATORS, DARTS_PRIMITIVES, DARTS_V2 } from 'gold-nas';
 * const layout = cifarLayout();
 * const arch = genotypeToArchitecture(DARTS_V2, layout);
 * if (arch._tag === 'Right') {
 *   const mask = maskFromArchitecture({ mode: 'darts', layout, operators: DARTS_PRIMITIVES, table: OPERATORS }, arch.right);
 *   if (mask._tag === 'Right') console.log(mask.right.reduce((a, b) => a + b, 0)); // 64: 8 cells × 8 edges
 * }
 * ```
 * @since 0.1.0
 */
export function maskFromArchitecture(space: SearchSpace, arch: Architecture): E.Either<GoldNasError, LiveMask> {
  const checked = checkArchitecture(arch, space);
  if (E.isLeft(checked)) return checked;
  const slots = operatorSlots(space);
  const index = new Map<string, number>();
  for (const s of slots) index.set(slotKey(s.cell, s.op, s.from, s.to), s.index);
  const mask = new Uint8Array(slots.length);
  for (const [i, cell] of arch.cells.entries())
    for (const e of cell.edges) {
      const at = index.get(slotKey(i, e.op, e.from, e.to));
      if (at === undefined) throw new Error(`maskFromArchitecture: no slot for a checked edge (cell ${i}, ${e.op} ${e.from}->${e.to})`);
      mask[at] = 1;
    }
  return E.right(mask);
}
