/**
 * The cost values every estimator returns: parameters, multiply-accumulates and FLOPs. Kept apart
 * from the estimators so that each of them can use these types without importing another.
 *
 * @module
 */

/**
 * Parameters and conv+linear multiply-accumulates of a part of a network.
 *
 * @since 0.1.0
 */
export interface ParamsMacs {
  readonly params: number;
  readonly macs: number;
}

/**
 * Parameters, conv+linear multiply-adds and FLOPs of a network or a part of it. FLOPs are counted
 * as the GOLD-NAS paper, its reference code and the DARTS line count them: one multiply-add is one
 * FLOP (DARTS_V2 on CIFAR, C=36, 20 cells: 528M).
 *
 * @since 0.1.0
 */
export interface Cost extends ParamsMacs {
  /** FLOPs in the paper's unit: multiply-adds, always equal to `macs` (gold-nas 0.1 printed `2·macs`). */
  readonly flops: number;
}
