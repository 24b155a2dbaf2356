/**
 * One entry point that reads an architecture from any text form the library knows, e.g. the
 * content of a `--genotype <path>` file.
 *
 * @module
 */
import { checkArguments } from '../arguments.js';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import { goldNasError } from '../errors.js';
import type { Architecture } from './architecture.js';
import { decodeArchitecture } from './decodeArchitecture.js';
import { GENOTYPE_FIELDS, GenotypeCodec } from './genotype.js';
import { genotypeToArchitecture } from './genotypeArchitecture.js';
import type { MacroLayout } from './layout.js';
import type { OperatorTable } from './operators.js';
import { OPERATORS } from './operators.js';
import { parseLiteral } from './pythonLiteral.js';
import { openSpace } from './searchSpace.js';
import { TriplesCodec, triplesToArchitecture } from './triples.js';

const FORMS =
  'expected one of: an Architecture JSON object ({"nodes": 4, "cells": [...]}), a DARTS genotype ' +
  '(Genotype(normal=[...], ...) or {"normal": [...], ...}), or per-cell triples ([[(op, input, node), ...], ...])';

/**
 * The object to decode as an `Architecture`, if the value is one: the value itself when it has
 * `cells`, or a search's candidate file (`architectures/<hash>.json`), which holds the
 * architecture under `architecture`.
 */
function architectureObject(value: object): object | undefined {
  if (Object.hasOwn(value, 'cells')) return value;
  if (Object.hasOwn(value, 'architecture')) {
    const inner = (value as { architecture: unknown }).architecture;
    if (typeof inner === 'object' && inner !== null && Object.hasOwn(inner, 'cells')) return inner;
  }
  return undefined;
}

/**
 * Reads an architecture for a layout from text in any of these forms, detected from the value:
 * - an `Architecture` as JSON: `{"nodes": 4, "cells": [{"reduction": false, "edges": [{"op": ..., "from": 0, "to": 2}, ...]}, ...]}`;
 * - a DARTS genotype, as Python text (`Genotype(normal=[('sep_conv_3x3', 0), ...], ..., reduce_concat=range(2, 6))`,
 *   optionally `NAME = ...`) or JSON (`{"normal": [["sep_conv_3x3", 0], ...], ...}`), expanded to every cell;
 * - per-cell triples, as Python text (`[[('sep_conv_3x3', 0, 2), ...], ...]`) or JSON.
 *
 * The result is checked against the layout with `gold` rules over every operator of the table
 * (so DARTS-shaped architectures pass too); check it against a narrower space with `checkArchitecture`.
 *
 * @param text - the text (e.g. a file's content).
 * @param layout - the macro layout the architecture must fit.
 * @param table - where operator names are looked up (default `OPERATORS`).
 * @returns the architecture, or an error: syntax errors have the path `line:column`; others a field path.
 *
 * @example
 * ```ts
 * import { parseArchitectureText, cifarLayout, formatError } from 'gold-nas';
 * const r = parseArchitectureText("DARTS_V2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))", cifarLayout({ cells: 20 }));
 * if (r._tag === 'Left') console.error(formatError(r.left));
 * ```
 * @since 0.1.0
 */
export function parseArchitectureText(
  text: string,
  layout: MacroLayout,
  table: OperatorTable = OPERATORS,
): E.Either<GoldNasError, Architecture> {
  const args = checkArguments('parseArchitectureText', { text: [text, 'string', 'the architecture text'], layout: [layout, 'object', 'the macro layout'] });
  if (E.isLeft(args)) return args;
  const parsed = parseLiteral(text, { namedTuples: { Genotype: GENOTYPE_FIELDS } });
  if (E.isLeft(parsed)) return parsed;
  const value = parsed.right;
  if (Array.isArray(value)) {
    const triples = decodeWith(TriplesCodec, value);
    return E.isLeft(triples) ? triples : triplesToArchitecture(triples.right, layout, table);
  }
  if (typeof value === 'object' && value !== null) {
    const target = architectureObject(value);
    if (target !== undefined) return decodeArchitecture(target, openSpace(layout, table));
    if (GENOTYPE_FIELDS.some((f) => Object.hasOwn(value, f))) {
      const genotype = decodeWith(GenotypeCodec, value);
      return E.isLeft(genotype) ? genotype : genotypeToArchitecture(genotype.right, layout, table);
    }
    return E.left(goldNasError('DecodeError', '', `found an object with fields ${Object.keys(value).join(', ') || '(none)'}; ${FORMS}`));
  }
  return E.left(goldNasError('DecodeError', '', `found ${JSON.stringify(value)}; ${FORMS}`));
}
