/**
 * Published genotypes, as plain data: DARTS' (github.com/quark0/darts, `cnn/genotypes.py`,
 * Apache-2.0) exactly as there, and GOLD-NAS's `s1` from the public reference implementation
 * (github.com/sunsmarterjie/GOLD_NAS, `cifar_train/genotypes.py`, Apache-2.0, © Huawei Technologies
 * Co., Ltd.) as per-cell triples.
 *
 * NASNet-A and AmoebaNet-A are left out on purpose: their cells have 5 nodes and concatenate only
 * some of them (`reduce_concat=[4, 5, 6]`, `normal_concat=[4, 5, 6]`), and the cells of this
 * library always concatenate every node, so they could not be built faithfully.
 *
 * @module
 */
import type { Genotype } from './genotype.js';
import type { ArchitectureTriples } from './triples.js';

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
 * GOLD-NAS `s1`: the one genotype the reference implementation publishes ([R] =
 * github.com/sunsmarterjie/GOLD_NAS at commit 3b40c2a, `cifar_train/genotypes.py` lines 12-61, the
 * default `--arch` of its `cifar_train/train.py`; Apache-2.0, © Huawei Technologies Co., Ltd.).
 * Fourteen independent cells, one list of `(op, input, node)` triples each (inputs 0 and 1, nodes
 * 2..5; several operators may share an edge); cells 4 and 9 are the reduction cells. 172 operators:
 * 111 `sep_conv_3x3`, 61 `skip_connect`.
 *
 * Build it as [R] does with `cifarLayout({ channels: 36, cells: 14 })`, non-affine cell batch norms
 * (`cellBatchNorm: 'none'`) and `skip_connect` as a batch norm (`skipConnect: 'batch-norm'`):
 * 3,442,006 parameters without the auxiliary head (3,918,432 with it) and 504,637,056
 * multiply-adds, the figures of [R]'s own `model.py`. [R] does not say which row of the paper it is;
 * it is not the paper's smallest CIFAR-10 model (1.58M parameters).
 *
 * @example
 * ```ts
 * import { GOLD_NAS_S1, triplesToArchitecture, cifarLayout } from 'gold-nas';
 * const arch = triplesToArchitecture(GOLD_NAS_S1, cifarLayout({ channels: 36, cells: 14 }));
 * ```
 *
 * @since 0.2.0
 */
export const GOLD_NAS_S1: ArchitectureTriples = [
  // cell 0
  [['skip_connect', 0, 2], ['sep_conv_3x3', 0, 2], ['skip_connect', 1, 2], ['skip_connect', 1, 3], ['sep_conv_3x3', 1, 3], ['sep_conv_3x3', 2, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 2, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5]],
  // cell 1
  [['skip_connect', 0, 2], ['sep_conv_3x3', 0, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['skip_connect', 1, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 0, 4], ['skip_connect', 2, 4], ['sep_conv_3x3', 3, 4], ['sep_conv_3x3', 2, 5], ['skip_connect', 3, 5], ['sep_conv_3x3', 3, 5], ['sep_conv_3x3', 4, 5]],
  // cell 2
  [['skip_connect', 0, 2], ['sep_conv_3x3', 0, 2], ['skip_connect', 1, 2], ['sep_conv_3x3', 0, 3], ['skip_connect', 1, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 0, 4], ['sep_conv_3x3', 0, 5], ['skip_connect', 1, 5], ['sep_conv_3x3', 1, 5], ['sep_conv_3x3', 3, 5]],
  // cell 3
  [['skip_connect', 1, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 0, 4], ['sep_conv_3x3', 3, 4], ['sep_conv_3x3', 1, 5], ['sep_conv_3x3', 2, 5]],
  // cell 4 (reduction)
  [['sep_conv_3x3', 0, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 1, 4], ['sep_conv_3x3', 1, 4], ['sep_conv_3x3', 2, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 3, 5]],
  // cell 5
  [['sep_conv_3x3', 0, 2], ['skip_connect', 1, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['skip_connect', 1, 3], ['sep_conv_3x3', 2, 3], ['skip_connect', 0, 4], ['skip_connect', 1, 4], ['sep_conv_3x3', 3, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 3, 5], ['sep_conv_3x3', 4, 5]],
  // cell 6
  [['sep_conv_3x3', 0, 2], ['skip_connect', 1, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['sep_conv_3x3', 1, 3], ['sep_conv_3x3', 2, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 0, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 1, 5], ['sep_conv_3x3', 3, 5]],
  // cell 7
  [['skip_connect', 0, 2], ['sep_conv_3x3', 0, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['skip_connect', 1, 3], ['sep_conv_3x3', 1, 3], ['sep_conv_3x3', 0, 4], ['skip_connect', 1, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 1, 5], ['sep_conv_3x3', 3, 5]],
  // cell 8
  [['sep_conv_3x3', 0, 2], ['skip_connect', 1, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['skip_connect', 1, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 0, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 1, 5]],
  // cell 9 (reduction)
  [['skip_connect', 0, 2], ['sep_conv_3x3', 0, 2], ['skip_connect', 1, 2], ['sep_conv_3x3', 1, 2], ['sep_conv_3x3', 0, 3], ['skip_connect', 1, 3], ['sep_conv_3x3', 1, 3], ['sep_conv_3x3', 2, 3], ['sep_conv_3x3', 0, 4], ['sep_conv_3x3', 1, 4], ['sep_conv_3x3', 2, 4], ['sep_conv_3x3', 3, 4], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 1, 5], ['sep_conv_3x3', 2, 5], ['sep_conv_3x3', 3, 5], ['sep_conv_3x3', 4, 5]],
  // cell 10
  [['sep_conv_3x3', 0, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 0, 4], ['skip_connect', 1, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 1, 5], ['sep_conv_3x3', 2, 5], ['sep_conv_3x3', 4, 5]],
  // cell 11
  [['sep_conv_3x3', 0, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 0, 3], ['sep_conv_3x3', 1, 3], ['sep_conv_3x3', 2, 3], ['skip_connect', 0, 4], ['sep_conv_3x3', 0, 4], ['sep_conv_3x3', 3, 4], ['skip_connect', 0, 5], ['skip_connect', 1, 5], ['sep_conv_3x3', 3, 5], ['sep_conv_3x3', 4, 5]],
  // cell 12
  [['skip_connect', 0, 2], ['sep_conv_3x3', 1, 2], ['skip_connect', 0, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 0, 4], ['skip_connect', 1, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 2, 5], ['sep_conv_3x3', 3, 5]],
  // cell 13
  [['sep_conv_3x3', 0, 2], ['sep_conv_3x3', 1, 2], ['sep_conv_3x3', 0, 3], ['sep_conv_3x3', 1, 3], ['skip_connect', 1, 4], ['sep_conv_3x3', 1, 4], ['skip_connect', 0, 5], ['sep_conv_3x3', 0, 5], ['sep_conv_3x3', 1, 5]],
];

/**
 * A published architecture: a DARTS genotype (one normal and one reduction cell) or per-cell triples (every cell its own).
 *
 * @since 0.2.0
 */
export type PublishedGenotype = Genotype | ArchitectureTriples;

/**
 * Every published genotype shipped with the library, by name: `DARTS_V1`, `DARTS_V2` (`DARTS` is
 * an alias of `DARTS_V2`, as in DARTS' code) and GOLD-NAS's `s1` ([R]'s name), which is per-cell
 * triples. `publishedArchitecture` places either kind on a layout.
 *
 * @example
 * ```ts
 * import { PUBLISHED_GENOTYPES } from 'gold-nas';
 * Object.keys(PUBLISHED_GENOTYPES); // ['DARTS_V1', 'DARTS_V2', 'DARTS', 's1']
 * ```
 * @since 0.1.0
 */
export const PUBLISHED_GENOTYPES: Readonly<Record<string, PublishedGenotype>> = { DARTS_V1, DARTS_V2, DARTS: DARTS_V2, s1: GOLD_NAS_S1 };
