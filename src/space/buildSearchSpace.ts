/**
 * Building a validated `SearchSpace` from options: the mode, the layout, the candidate operators
 * and the operator table, checked together.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { checkArguments } from '../arguments.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import { checkedEdgeOperatorLayers, edgeStride } from './edgeOperator.js';
import type { FeatureShape } from './layers.js';
import { chainOutputShape } from './layers.js';
import type { LayoutOptions, MacroLayout } from './layout.js';
import { networkPlan } from './layout.js';
import type { OperatorTable, SkipConnectKind } from './operators.js';
import { OPERATORS, withSkipConnect } from './operators.js';
import type { ConstraintMode, SearchSpace } from './searchSpace.js';
import { spaceConfigCodec } from './spaceConfig.js';

/**
 * Options of {@link searchSpace}; anything left out takes a default.
 *
 * @since 0.1.0
 */
export interface SearchSpaceOptions {
  /** `gold` (default) or `darts`. */
  readonly mode?: ConstraintMode;
  /** A full layout, or layout fields over the defaults of their `kind` (default: the CIFAR layout). */
  readonly layout?: MacroLayout | (LayoutOptions & { readonly kind?: MacroLayout['kind'] });
  /** Candidate operators (default: `GOLD_PRIMITIVES` in gold mode, `DARTS_PRIMITIVES` in darts mode). */
  readonly operators?: readonly string[];
  /** Where operator names are looked up (default `OPERATORS`). */
  readonly table?: OperatorTable;
  /** `batch-norm` replaces the table's `skip_connect` with [R]'s batch norm of x (`withSkipConnect`); default `identity`. */
  readonly skipConnect?: SkipConnectKind;
}

function configError(path: string, message: string): E.Either<GoldNasError, never> {
  return E.left(goldNasError('ConfigError', path, message));
}

function shapeText(shape: FeatureShape): string {
  return shape.join('x');
}

function sameShape(a: FeatureShape, b: FeatureShape): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Checks that the table's entries are named after their keys and can build layers. */
function checkTable(table: OperatorTable, operators: readonly string[]): E.Either<GoldNasError, void> {
  for (const name of operators) {
    const def = table[name];
    if (def === undefined || typeof def.layers !== 'function')
      return configError(`table.${name}`, `the operator table entry '${name}' has no layers function`);
    if (def.name !== name) return configError(`table.${name}`, `the operator table entry '${name}' is named '${def.name}'; key and name must agree`);
  }
  return E.right(undefined);
}

/**
 * Checks that every candidate operator maps each cell's inputs to the cell's node shape: on the
 * edges from the two cell inputs (stride 2 in a reduction cell) and, with two or more nodes, on
 * node-to-node edges. This catches a layout whose maps become empty and custom operators with the
 * wrong padding or channels.
 */
function checkOperatorShapes(space: SearchSpace): E.Either<GoldNasError, void> {
  const plan = networkPlan(space.layout, { affine: false });
  const checked = new Set<string>();
  for (const cell of plan.cells) {
    const inputs: FeatureShape[] = [];
    for (const s of [0, 1] as const) {
      const shape = chainOutputShape(cell.preprocess[s], cell.inputShapes[s]);
      if (typeof shape === 'string')
        return configError('layout', `cell ${cell.index}: the preprocess block of input ${s} does not fit: ${shape}`);
      inputs.push(shape);
    }
    // `from` 2 stands for every node-to-node edge: they all read the node shape at stride 1.
    const cases: { readonly input: FeatureShape; readonly from: number; readonly what: string }[] = inputs.map((input, s) => ({
      input,
      from: s,
      what: `the stride-${edgeStride(cell, s)} edge from input ${s}`,
    }));
    if (space.layout.nodes >= 2) cases.push({ input: cell.nodeShape, from: 2, what: 'a node-to-node edge' });
    for (const [i, op] of space.operators.entries()) {
      for (const { input, from, what } of cases) {
        const key = `${op}|${shapeText(input)}|${edgeStride(cell, from)}|${shapeText(cell.nodeShape)}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const layers = checkedEdgeOperatorLayers(space.table[op]!, op, cell, from, { affine: false, search: true });
        if (E.isLeft(layers)) return layers;
        const out = chainOutputShape(layers.right, input);
        if (typeof out === 'string')
          return configError(
            `operators.${i}`,
            `operator '${op}' does not fit ${what} of cell ${cell.index} (input ${shapeText(input)}): ${out}; a larger layout.inputSize may help`,
          );
        if (!sameShape(out, cell.nodeShape))
          return configError(
            `operators.${i}`,
            `operator '${op}' turns the ${shapeText(input)} input of ${what} of cell ${cell.index} into ${shapeText(out)}; cell operators must give the node shape ${shapeText(cell.nodeShape)}`,
          );
      }
    }
  }
  return E.right(undefined);
}

/**
 * Builds a validated search space. Checks, with the path of the offending option:
 * - `mode` is `gold` or `darts`;
 * - the layout's fields (see `LayoutCodec`: channels even and ≥ 2, cells and nodes ≥ 1, classes ≥ 2, …; unknown fields are errors);
 * - `operators` is non-empty, without repeats, and every name is in the table (whose entries are named after their keys);
 * - every candidate operator's layers are of known kinds (a custom operator's `layers` that throws or
 *   returns something else is an error at `table.<op>`), and turn each cell's inputs into the cell's
 *   node shape (so no map is empty and custom operators keep the shape).
 *
 * @param options - mode, layout, operators, table and what `skip_connect` is; all optional.
 * @returns the space, or a `ConfigError` such as `layout.channels: must be an even integer >= 2, got 15 (...)`.
 *
 * @example
 * ```ts
 * import { searchSpace, countArchitectures, formatError } from 'gold-nas';
 * const space = searchSpace({ mode: 'gold', layout: { cells: 14, channels: 36 } });
 * if (space._tag === 'Right') console.log(countArchitectures(space.right).log10); // ≈ 117.49
 * else console.error(formatError(space.left));
 * ```
 * @since 0.1.0
 */
export function searchSpace(options: SearchSpaceOptions = {}): E.Either<GoldNasError, SearchSpace> {
  const args = checkArguments('searchSpace', { options: [options, 'object', 'the space options; omit it for the defaults'] });
  if (E.isLeft(args)) return args;
  const table = withSkipConnect(options.table ?? OPERATORS, options.skipConnect ?? 'identity');
  const input: Record<string, unknown> = {};
  for (const key of ['mode', 'layout', 'operators'] as const) if (options[key] !== undefined) input[key] = options[key];
  const config = decodeWith(spaceConfigCodec(table), input);
  if (E.isLeft(config)) return configError(config.left.path, config.left.message);
  const space: SearchSpace = { ...config.right, table };
  const tableOk = checkTable(table, space.operators);
  if (E.isLeft(tableOk)) return tableOk;
  const shapesOk = checkOperatorShapes(space);
  return E.isLeft(shapesOk) ? shapesOk : E.right(space);
}
