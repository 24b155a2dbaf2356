/**
 * The io-ts codec of a macro layout, for config files: every field is optional and takes the
 * DARTS default of its `kind`, unknown fields are rejected, and each bound says why it exists.
 *
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { closedType, integerCodec } from '../codecs.js';
import { decodeWith } from '../decode.js';
import type { GoldNasError } from '../errors.js';
import type { MacroLayout } from './layout.js';
import { cifarLayout, imagenetLayout } from './layout.js';

const LAYOUT_KEYS: readonly (keyof MacroLayout)[] = ['kind', 'channels', 'cells', 'nodes', 'inputSize', 'inputChannels', 'classes', 'stemMultiplier'];

/**
 * The codec of layout fields in a config file, each optional and range-checked, without defaults
 * (see {@link LayoutCodec} for the defaults by `kind`). A search configuration merges them over its
 * base layout.
 */
export const LayoutFieldsCodec: t.Type<Partial<MacroLayout>, Partial<MacroLayout>, unknown> = closedType(
  'MacroLayout',
  {},
  {
    kind: t.keyof({ cifar: null, imagenet: null }, "'cifar' | 'imagenet'"),
    channels: integerCodec({ min: 2, even: true, hint: 'FactorizedReduce splits the channels into two halves' }),
    cells: integerCodec({ min: 1 }),
    nodes: integerCodec({ min: 1, max: 64 }),
    inputSize: integerCodec({ min: 1 }),
    inputChannels: integerCodec({ min: 1 }),
    classes: integerCodec({ min: 2, hint: 'a classifier needs at least two classes' }),
    stemMultiplier: integerCodec({ min: 1 }),
  },
);

/**
 * The codec of a {@link MacroLayout} in config files. Every field is optional: missing fields take
 * the defaults of `cifarLayout` or `imagenetLayout` according to `kind` (default `cifar`), so a
 * full layout decodes to itself and `{ "cells": 14, "channels": 36 }` is a DARTS CIFAR layout.
 * Bounds: `channels` even and ≥ 2 (FactorizedReduce halves it), `cells` ≥ 1, `nodes` in 1..64,
 * `inputSize`, `inputChannels` and `stemMultiplier` ≥ 1, `classes` ≥ 2. Unknown fields are errors.
 * (With DARTS' padding every map keeps at least 1×1, so any input size ≥ 1 gives non-empty cells;
 * `searchSpace` also checks each candidate operator's output shape on every cell.)
 *
 * @example
 * ```ts
 * import { LayoutCodec, decodeWith } from 'gold-nas';
 * decodeWith(LayoutCodec, { cells: 14, channels: 36 }, 'layout'); // Right: the DARTS CIFAR layout with L=14, C=36
 * decodeWith(LayoutCodec, { chanels: 36 }, 'layout'); // Left: layout.chanels: unknown field 'chanels'; known fields: kind, channels, ...
 * ```
 * @since 0.1.0
 */
export const LayoutCodec: t.Type<MacroLayout, MacroLayout, unknown> = new t.Type<MacroLayout, MacroLayout, unknown>(
  'MacroLayout',
  (u): u is MacroLayout => LayoutFieldsCodec.is(u) && LAYOUT_KEYS.every((k) => (u as Partial<MacroLayout>)[k] !== undefined),
  (u, c) => {
    const fields = LayoutFieldsCodec.validate(u, c);
    if (fields._tag === 'Left') return fields;
    const { kind, ...rest } = fields.right;
    return t.success(kind === 'imagenet' ? imagenetLayout(rest) : cifarLayout(rest));
  },
  (layout) => ({ ...layout }),
);

/**
 * Decodes a layout from unknown input (a config file's `layout` field), filling defaults by `kind`.
 *
 * @param u - the value, e.g. parsed JSON.
 * @param rootPath - a prefix for error paths (default `layout`).
 * @returns the layout, or a `DecodeError` such as `layout.channels: must be an even integer >= 2, got 15 (...)`.
 *
 * @example
 * ```ts
 * import { decodeLayout } from 'gold-nas';
 * decodeLayout({ kind: 'imagenet' }); // Right: C=48, L=14, 224x224 input, 1000 classes
 * ```
 * @since 0.1.0
 */
export function decodeLayout(u: unknown, rootPath = 'layout'): E.Either<GoldNasError, MacroLayout> {
  return decodeWith(LayoutCodec, u, rootPath);
}
