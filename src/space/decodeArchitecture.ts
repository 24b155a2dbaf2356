/**
 * Checking an `Architecture` against a search space: its layout, its candidate operators and its
 * constraint mode. Every failure is a value with the dotted path of the offending field.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { ArchEdge, Architecture } from './architecture.js';
import { ArchitectureCodec } from './architectureCodec.js';
import { canonicalArchitecture } from './canonicalArchitecture.js';
import { reductionCells } from './layout.js';
import type { SearchSpace } from './searchSpace.js';

function fail(path: string, message: string): E.Either<GoldNasError, never> {
  return E.left(goldNasError('ArchitectureError', path, message));
}

function edgeText(e: ArchEdge): string {
  return `${e.op} ${e.from}->${e.to}`;
}

function checkEdge(e: ArchEdge, path: string, space: SearchSpace, candidates: ReadonlySet<string>): E.Either<GoldNasError, void> {
  const { nodes } = space.layout;
  const allowed = space.operators.join(', ');
  if (!Object.hasOwn(space.table, e.op)) return fail(`${path}.op`, `unknown operator '${e.op}'; this space allows: ${allowed}`);
  if (!candidates.has(e.op)) return fail(`${path}.op`, `operator '${e.op}' is not a candidate of this space; it allows: ${allowed}`);
  if (!Number.isInteger(e.to) || e.to < 2 || e.to > nodes + 1)
    return fail(`${path}.to`, `node ${e.to} does not exist: 'to' must be in 2..${nodes + 1} (states 0 and 1 are the cell inputs, ${nodes} nodes follow)`);
  if (!Number.isInteger(e.from) || e.from < 0 || e.from >= e.to)
    return fail(`${path}.from`, `an edge into node ${e.to} must read an earlier state, 0..${e.to - 1}; got ${e.from}`);
  return E.right(undefined);
}

/**
 * Checks a typed architecture against a space. The rules, in the order they are checked:
 * - `nodes` equals the layout's node count and there is one cell per layout cell;
 * - each cell's `reduction` flag matches the layout's reduction positions;
 * - every edge names an operator of the space's candidates, feeds a node 2..nodes+1 and reads an earlier state;
 * - no (op, from, to) appears twice in a cell;
 * - `gold` mode: every node has at least one live input;
 * - `darts` mode: every node has exactly two inputs, from distinct states, one operator each, and
 *   all normal cells are identical, as are all reduction cells (edge order does not matter).
 *
 * @param arch - the architecture (already of the right shape; see {@link decodeArchitecture} for unknown input).
 * @param space - the space it must belong to.
 * @returns the architecture unchanged, or an `ArchitectureError` whose path names the offending field (`cells.3.edges.0.op`).
 *
 * @example
 * ```ts
 * import { checkArchitecture, cifarLayout, OPERATORS } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 1, nodes: 1 }), operators: ['skip_connect'], table: OPERATORS } as const;
 * checkArchitecture({ nodes: 1, cells: [{ reduction: true, edges: [{ op: 'sep_conv_3x3', from: 0, to: 2 }] }] }, space);
 * // Left: cells.0.edges.0.op: operator 'sep_conv_3x3' is not a candidate of this space; it allows: skip_connect
 * ```
 * @since 0.1.0
 */
export function checkArchitecture(arch: Architecture, space: SearchSpace): E.Either<GoldNasError, Architecture> {
  const args = checkArguments('checkArchitecture', { arch: [arch, 'object', 'an architecture (decodeArchitecture reads one from JSON)'], space: [space, 'object', 'a search space'] });
  if (E.isLeft(args)) return args;
  const { layout } = space;
  if (arch.nodes !== layout.nodes)
    return fail('nodes', `the architecture has ${arch.nodes} nodes per cell but the layout has ${layout.nodes}`);
  if (arch.cells.length !== layout.cells)
    return fail('cells', `the architecture has ${arch.cells.length} cells but the layout has ${layout.cells}; give one entry per cell`);
  const reductions = reductionCells(layout.cells);
  const candidates = new Set(space.operators);
  for (const [i, cell] of arch.cells.entries()) {
    const expected = reductions.includes(i);
    if (cell.reduction !== expected)
      return fail(
        `cells.${i}.reduction`,
        `cell ${i} is ${expected ? 'a reduction' : 'a normal'} cell in this layout (reductions at ${reductions.join(', ')}); set reduction: ${expected}`,
      );
    const seen = new Map<string, number>();
    for (const [k, e] of cell.edges.entries()) {
      const path = `cells.${i}.edges.${k}`;
      const bad = checkEdge(e, path, space, candidates);
      if (E.isLeft(bad)) return bad;
      const key = `${e.op}|${e.from}|${e.to}`;
      const first = seen.get(key);
      if (first !== undefined)
        return fail(path, `repeats cells.${i}.edges.${first} (${edgeText(e)}); an operator can be live on an edge only once`);
      seen.set(key, k);
    }
    for (let to = 2; to < layout.nodes + 2; to++) {
      const inputs = cell.edges.filter((e) => e.to === to);
      if (space.mode === 'gold') {
        if (inputs.length === 0)
          return fail(`cells.${i}.edges`, `node ${to} of cell ${i} has no live input; every node needs at least one edge with to: ${to}`);
      } else {
        if (inputs.length !== 2)
          return fail(
            `cells.${i}.edges`,
            `node ${to} of cell ${i} has ${inputs.length} inputs; darts mode needs exactly 2, from distinct states, one operator each (use mode 'gold' for free topologies)`,
          );
        if (inputs[0]!.from === inputs[1]!.from)
          return fail(
            `cells.${i}.edges`,
            `both inputs of node ${to} in cell ${i} read state ${inputs[0]!.from}; darts mode needs two distinct states with one operator each`,
          );
      }
    }
  }
  if (space.mode === 'darts') {
    const canonical = canonicalArchitecture(arch).cells.map((c) => JSON.stringify(c.edges));
    const firstOfType = new Map<boolean, number>();
    for (const [i, cell] of arch.cells.entries()) {
      const first = firstOfType.get(cell.reduction);
      if (first === undefined) firstOfType.set(cell.reduction, i);
      else if (canonical[i] !== canonical[first]) {
        const kind = cell.reduction ? 'reduction' : 'normal';
        return fail(
          `cells.${i}`,
          `differs from cell ${first}; darts mode shares one ${kind} cell across the network (use mode 'gold' for independent cells)`,
        );
      }
    }
  }
  return E.right(arch);
}

/**
 * Decodes an unknown value (parsed JSON) as an {@link Architecture} of a space: first its shape
 * (`DecodeError`), then every rule of {@link checkArchitecture} (`ArchitectureError`). Never throws.
 *
 * @param u - the value, e.g. `JSON.parse(text)`.
 * @param space - the space the architecture must belong to.
 * @returns the architecture (extra fields dropped, edge order kept), or an error with a dotted path.
 *
 * @example
 * ```ts
 * import { decodeArchitecture, formatError, cifarLayout, OPERATORS, GOLD_PRIMITIVES } from 'gold-nas';
 * const space = { mode: 'gold', layout: cifarLayout({ cells: 3, nodes: 1 }), operators: GOLD_PRIMITIVES, table: OPERATORS } as const;
 * const r = decodeArchitecture(JSON.parse('{"nodes": 1, "cells": []}'), space);
 * if (r._tag === 'Left') console.log(formatError(r.left)); // cells: the architecture has 0 cells but the layout has 3; ...
 * ```
 * @since 0.1.0
 */
export function decodeArchitecture(u: unknown, space: SearchSpace): E.Either<GoldNasError, Architecture> {
  const decoded = decodeWith(ArchitectureCodec, u);
  return E.isLeft(decoded) ? decoded : checkArchitecture(decoded.right, space);
}
