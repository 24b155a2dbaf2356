/**
 * Published genotypes, as plain data, exactly as in DARTS' `genotypes.py`
 * (github.com/quark0/darts, `cnn/genotypes.py`).
 *
 * NASNet-A and AmoebaNet-A are left out on purpose: their cells have 5 nodes and concatenate only
 * some of them (`reduce_concat=[4, 5, 6]`, `normal_concat=[4, 5, 6]`), and the cells of this
 * library always concatenate every node, so they could not be built faithfully.
 *
 * @module
 */
import type { Genotype } from './genotype.js';

/**
 * DARTS (first order), from DARTS' `genotypes.py`.
 *
 * @example
 * ```ts
 * import { DARTS_V1 } from 'gold-nas';
 * DARTS_V1.normal[0]; // ['sep_conv_3x3', 1]
 * ```
 * @since 0.1.0
 */
export const DARTS_V1: Genotype = {
  normal: [
    ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 0], ['sep_conv_3x3', 1],
    ['skip_connect', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 2],
  ],
  normal_concat: [2, 3, 4, 5],
  reduce: [
    ['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 0],
    ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['avg_pool_3x3', 0],
  ],
  reduce_concat: [2, 3, 4, 5],
};

/**
 * DARTS (second order), the genotype behind DARTS' CIFAR-10 and ImageNet results; `DARTS` in DARTS' `genotypes.py`.
 *
 * @example
 * ```ts
 * import { DARTS_V2 } from 'gold-nas';
 * DARTS_V2.reduce[2]; // ['skip_connect', 2]
 * ```
 * @since 0.1.0
 */
export const DARTS_V2: Genotype = {
  normal: [
    ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2],
  ],
  normal_concat: [2, 3, 4, 5],
  reduce: [
    ['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1],
    ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1],
  ],
  reduce_concat: [2, 3, 4, 5],
};

/**
 * Every published genotype shipped with the library, by name (`DARTS_V1`, `DARTS_V2`; `DARTS` is an alias of `DARTS_V2`, as in DARTS' code).
 *
 * @example
 * ```ts
 * import { PUBLISHED_GENOTYPES } from 'gold-nas';
 * Object.keys(PUBLISHED_GENOTYPES); // ['DARTS_V1', 'DARTS_V2', 'DARTS']
 * ```
 * @since 0.1.0
 */
export const PUBLISHED_GENOTYPES: Readonly<Record<string, Genotype>> = { DARTS_V1, DARTS_V2, DARTS: DARTS_V2 };
