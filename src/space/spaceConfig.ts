/**
 * The serialisable part of a search space (mode, layout, candidate operators) and its io-ts codec,
 * for config files and checkpoints. The operator table is code, so it is supplied separately.
 *
 * @module
 */
import * as t from 'io-ts';
import { closedType } from '../codecs.js';
import { describeValue } from '../decode.js';
import type { CellBatchNorm, MacroLayout } from './layout.js';
import { cifarLayout, imagenetLayout } from './layout.js';
import { LayoutCodec, LayoutFieldsCodec } from './layoutCodec.js';
import type { OperatorTable, SkipConnectKind } from './operators.js';
import { DARTS_PRIMITIVES, GOLD_PRIMITIVES, OPERATORS } from './operators.js';
import type { ConstraintMode } from './searchSpace.js';

/**
 * A search space without its operator table: what a config file or checkpoint stores.
 *
 * @since 0.1.0
 */
export interface SpaceConfig {
  readonly mode: ConstraintMode;
  readonly layout: MacroLayout;
  /** Candidate operator names, in slot order. */
  readonly operators: readonly string[];
  /**
   * What `skip_connect` computes on a stride-1 edge, in the search network and in the evaluation
   * network: `identity` (DARTS, the default when left out) or `batch-norm` ([R]: a non-affine batch
   * norm of x). Stride-2 edges keep FactorizedReduce either way.
   */
  readonly skipConnect?: SkipConnectKind;
  /**
   * The cell batch norms (operators and preprocess blocks) of the evaluation network candidates are
   * priced and re-trained in: `affine` (DARTS, the default when left out) or `none` ([R]). The search
   * network's are never affine.
   */
  readonly cellBatchNorm?: CellBatchNorm;
}

const SkipConnectCodec = t.keyof({ identity: null, 'batch-norm': null }, "'identity' | 'batch-norm'");
const CellBatchNormCodec = t.keyof({ affine: null, none: null }, "'affine' | 'none'");

/** The codec of a candidate-operator list: non-empty, no repeats, every name in the table. */
function operatorListCodec(table: OperatorTable): t.Type<readonly string[], readonly string[], unknown> {
  const names = Object.keys(table);
  const validate: t.Validate<unknown, readonly string[]> = (u, c) => {
    if (!Array.isArray(u)) return t.failure(u, c, `expected a list of operator names, got ${describeValue(u)}`);
    if (u.length === 0) return t.failure(u, c, `needs at least one operator; the table has: ${names.join(', ')}`);
    const errors: t.ValidationError[] = [];
    const seen = new Set<string>();
    u.forEach((op: unknown, i) => {
      const context = t.appendContext(c, String(i), t.string, op);
      if (typeof op !== 'string') errors.push({ value: op, context, message: `expected an operator name, got ${describeValue(op)}` });
      else if (!Object.hasOwn(table, op)) errors.push({ value: op, context, message: `unknown operator '${op}'; the operator table has: ${names.join(', ')}` });
      else if (seen.has(op)) errors.push({ value: op, context, message: `'${op}' is listed twice` });
      else seen.add(op);
    });
    return errors.length > 0 ? t.failures(errors) : t.success(u as string[]);
  };
  return new t.Type<readonly string[], readonly string[], unknown>(
    'operator names',
    (u): u is readonly string[] => validate(u, [{ key: '', type: t.unknown, actual: u }])._tag === 'Right',
    validate,
    (a) => [...a],
  );
}

/**
 * The codec of a {@link SpaceConfig} whose operator names are looked up in `table`. Every field is
 * optional: `mode` defaults to `gold`, `layout` to the default CIFAR layout (see `LayoutCodec`),
 * and `operators` to `GOLD_PRIMITIVES` in gold mode and `DARTS_PRIMITIVES` in darts mode.
 * Unknown fields are errors.
 *
 * @param table - the operator table names are checked against (default `OPERATORS`).
 * @returns the codec.
 *
 * @example
 * ```ts
 * import { spaceConfigCodec, decodeWith, OPERATORS } from 'gold-nas';
 * const codec = spaceConfigCodec({ ...OPERATORS });
 * decodeWith(codec, { mode: 'darts', operators: ['sep_conv_3x3', 'conv_9x9'] }, 'space');
 * // Left: space.operators.1: unknown operator 'conv_9x9'; the operator table has: none, skip_connect, ...
 * ```
 * @since 0.1.0
 */
export function spaceConfigCodec(table: OperatorTable = OPERATORS): t.Type<SpaceConfig, SpaceConfig, unknown> {
  const fields = closedType(
    'SpaceConfig',
    {},
    {
      mode: t.keyof({ gold: null, darts: null }, "'gold' | 'darts'"), layout: LayoutCodec, operators: operatorListCodec(table),
      skipConnect: SkipConnectCodec, cellBatchNorm: CellBatchNormCodec,
    },
  );
  return new t.Type<SpaceConfig, SpaceConfig, unknown>(
    'SpaceConfig',
    (u): u is SpaceConfig => {
      const s = u as Partial<SpaceConfig>;
      return fields.is(u) && s.mode !== undefined && s.layout !== undefined && s.operators !== undefined;
    },
    (u, c) => {
      const r = fields.validate(u, c);
      if (r._tag === 'Left') return r;
      const mode = r.right.mode ?? 'gold';
      return t.success({
        mode,
        layout: r.right.layout ?? cifarLayout(),
        operators: r.right.operators ?? (mode === 'gold' ? GOLD_PRIMITIVES : DARTS_PRIMITIVES),
        ...cellOptions(r.right),
      });
    },
    (s) => ({ mode: s.mode, layout: { ...s.layout }, operators: [...s.operators], ...cellOptions(s) }),
  );
}

/**
 * The codec of a {@link SpaceConfig} over the default operator table `OPERATORS`; see {@link spaceConfigCodec}.
 *
 * @example
 * ```ts
 * import { SpaceConfigCodec, decodeWith } from 'gold-nas';
 * decodeWith(SpaceConfigCodec, { layout: { cells: 14, channels: 36 } }); // Right: gold, L=14, C=36, skip_connect + sep_conv_3x3
 * ```
 * @since 0.1.0
 */
export const SpaceConfigCodec: t.Type<SpaceConfig, SpaceConfig, unknown> = spaceConfigCodec(OPERATORS);

/** The cell options a space sets (left out when not given, so that configurations without them keep their fingerprints). */
function cellOptions(s: { readonly skipConnect?: SkipConnectKind | undefined; readonly cellBatchNorm?: CellBatchNorm | undefined }): Pick<SpaceConfig, 'skipConnect' | 'cellBatchNorm'> {
  return { ...(s.skipConnect === undefined ? {} : { skipConnect: s.skipConnect }), ...(s.cellBatchNorm === undefined ? {} : { cellBatchNorm: s.cellBatchNorm }) };
}

/** Some fields of a {@link SpaceConfig}, as a config file over a preset gives them: layout fields one by one. */
export interface PartialSpaceConfig {
  readonly mode?: ConstraintMode;
  readonly layout?: Partial<MacroLayout>;
  readonly operators?: readonly string[];
  readonly skipConnect?: SkipConnectKind;
  readonly cellBatchNorm?: CellBatchNorm;
}

/**
 * The codec of a {@link PartialSpaceConfig}: every field optional, layout fields range-checked one
 * by one, operator names looked up in `table`, unknown fields rejected. No defaults are filled in:
 * {@link mergeSpaceConfig} puts the fields over a base space.
 *
 * @param table - the operator table names are checked against (default `OPERATORS`).
 * @returns the codec.
 */
export function partialSpaceConfigCodec(table: OperatorTable = OPERATORS): t.Type<PartialSpaceConfig, PartialSpaceConfig, unknown> {
  return closedType(
    'SpaceConfig',
    {},
    {
      mode: t.keyof({ gold: null, darts: null }, "'gold' | 'darts'"), layout: LayoutFieldsCodec, operators: operatorListCodec(table),
      skipConnect: SkipConnectCodec, cellBatchNorm: CellBatchNormCodec,
    },
  );
}

/**
 * Puts the fields of a partial space over a full one, deeply: layout fields one by one (a layout of
 * another `kind` starts from that kind's defaults), the operator list as a whole (a change of mode
 * without operators takes the new mode's default list). So `{ operators: [...] }` over a preset keeps
 * the preset's layout.
 *
 * @param base - the full space (defaults or a preset's).
 * @param partial - the fields to change.
 * @returns the merged space.
 */
export function mergeSpaceConfig(base: SpaceConfig, partial: PartialSpaceConfig): SpaceConfig {
  const mode = partial.mode ?? base.mode;
  const fields = partial.layout ?? {};
  const { kind, ...rest } = fields;
  const layout = kind !== undefined && kind !== base.layout.kind
    ? (kind === 'imagenet' ? imagenetLayout(rest) : cifarLayout(rest))
    : { ...base.layout, ...rest };
  const operators = partial.operators ?? (mode !== base.mode ? (mode === 'gold' ? GOLD_PRIMITIVES : DARTS_PRIMITIVES) : base.operators);
  return { mode, layout, operators, ...cellOptions({ skipConnect: partial.skipConnect ?? base.skipConnect, cellBatchNorm: partial.cellBatchNorm ?? base.cellBatchNorm }) };
}
